import { createTestDatabase } from '@sentinel/testing';
import { printTable, type Row } from './bench-util';
import { generateDataSet } from './generate';
import { benchSla } from './sla.bench';

/**
 * Timers at bank scale: `clocks` open SLA clocks (a data set of its own: every case open, each clock due an hour or
 * more after the generation, so none falls due while it measures), then the SLA breach lateness of fresh clocks
 * among them (sla.bench.ts) three ways — BullMQ timers with one worker (target p99 ≤ 1 s), no Redis jobs at all
 * (the database poll alone, ≤ 2 s), and two workers of which one is SIGKILLed and the Redis restarted empty just
 * after the first due moment (≤ 2 s, nothing missed or doubled). `npm run bench` runs it (1M clocks; 20,000 with
 * `--quick`); alone: `node -r ./tools/register.js tools/bench/timers.bench.ts [--clocks N]`.
 */
export async function benchTimers(clocks: number): Promise<{ rows: Row[]; generateMs: number }> {
  const db = await createTestDatabase('benchtimers', { poolSize: 1 });
  try {
    await db.dataSource.destroy();
    const set = await generateDataSet(db.url, { cases: clocks, eventsPerCase: 2, allOpen: true });
    const label = `${clocks.toLocaleString('en')} open clocks`;
    const rows = [
      ...(await benchSla({ timerJobs: true, databaseUrl: db.url, label })),
      ...(await benchSla({ timerJobs: false, databaseUrl: db.url, label })),
      ...(await benchSla({ timerJobs: true, databaseUrl: db.url, label, workers: 2, faults: true })),
    ];
    rows.push({
      name: `timers: data set (${label})`,
      ours: `${(set.ms / 1000).toFixed(0)} s`,
      raw: '—',
      ratio: 1,
      note: `tools/bench/generate.ts --all-open --events-per-case 2: ${set.cases.toLocaleString('en')} open cases, clocks and ${set.events.toLocaleString('en')} events`,
    });
    return { rows, generateMs: set.ms };
  } finally {
    await db.drop();
  }
}

if (require.main === module) {
  const i = process.argv.indexOf('--clocks');
  benchTimers(i > 0 ? Number(process.argv[i + 1]) : 1_000_000).then(
    ({ rows }) => printTable(rows),
    (e: Error) => {
      console.error(e);
      process.exit(1);
    },
  );
}
