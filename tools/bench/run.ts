/**
 * `npm run bench`: performance measured against raw PostgreSQL baselines in the same run, on the same
 * database server, printed as ratios (ours / raw). Targets live here, never in timed tests.
 *   intake      POST /api/reports through the whole API (validation, dedupe lock, case, clock, events, outbox) at 1 and
 *               at 8 clients vs. the raw case-opening transaction (case, report, clock, chained event, outbox; intake.bench.ts)
 *   claim-next  POST /api/cases/claim-next under 8 concurrent claimers vs. raw UPDATE … FOR UPDATE SKIP LOCKED
 *   case poll   GET /api/cases/:id, what an open case page asks every 2 s (the console's live page), vs. a raw
 *               SELECT of the case row with its records as JSON
 *   list        GET /api/cases (25 rows, sorted by due time, with filter) over the generated data set vs. the raw SELECT
 *   export      GET /api/audit/export JSONL and CSV of every generated event vs. COPY … TO STDOUT of the same ordered rows,
 *               and the API's idle and peak memory around it (export.bench.ts)
 *   burst, notifications: burst.bench.ts, notify.bench.ts (own databases)
 *   timers      SLA breach lateness among BENCH_CLOCKS open clocks (1M; --quick 20,000; a data set of its own), with
 *               BullMQ timers, with the database poll alone, and through a SIGKILLed worker and a Redis restarted
 *               empty (timers.bench.ts, sla.bench.ts) vs. bare BullMQ delayed jobs
 * The data set (generate.ts): BENCH_CASES cases (default 1,000,000; --quick 20,000) with BENCH_EVENTS_PER_CASE audit
 * events each (10), generated before the API starts; intake, claim-next and the list then run at that size.
 * Env: BENCH_REPORTS (default 400), BENCH_CONCURRENCY (default 8), BENCH_SLA_CASES (60), BENCH_NOTIFICATIONS (3000), BENCH_CLOCKS,
 *   import      `npm run import` of a generated CSV (rows/s) vs. a raw COPY of the same rows (tools/bench/import.bench.ts)
 *      BENCH_IMPORT (CSV rows, default 20000; 2000 with --quick),
 *      BENCH_API_NODE_OPTIONS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the API process).
 * Profile notes (2 cores): the API spent ~25% of its CPU in socket writes (one per query round trip) and ~17%
 * idle when intake made ~21 round trips and claim-next ~9; through the one write path both make 6 (BEGIN and
 * COMMIT included, the session lookup not; apps/api/test/round-trips.e2e-spec.ts keeps them there).
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, testRedisPrefix } from '@sentinel/testing';
import { hashPassword } from '../../apps/api/src/auth/auth.service';
import { startApiProcess } from './api-process';
import { percentile, pool, printTable, type Row } from './bench-util';
import { benchTimers } from './timers.bench';
import { benchBurst } from './burst.bench';
import { saveLastRun, writeBenchmarksMd } from './report';
import { checkSample, generateDataSet } from './generate';
import { benchExport } from './export.bench';
import { benchNotifications } from './notify.bench';
import { benchImport } from './import.bench';
import { benchIntake } from './intake.bench';

/** `--quick`: CI's smoke run (small sizes, same figures). */
const QUICK = process.argv.includes('--quick');
const N_REPORTS = Number(process.env.BENCH_REPORTS ?? (QUICK ? 100 : 400));
const N_CASES = Number(process.env.BENCH_CASES ?? (QUICK ? 20_000 : 1_000_000));
const EVENTS_PER_CASE = Number(process.env.BENCH_EVENTS_PER_CASE ?? 10);
const N_NOTIFICATIONS = Number(process.env.BENCH_NOTIFICATIONS ?? (QUICK ? 300 : 3000));
const CONC = Number(process.env.BENCH_CONCURRENCY ?? 8);
const N_BURST = Number(process.env.BENCH_BURST ?? (QUICK ? 3000 : 100_000));
const N_IMPORT = Number(process.env.BENCH_IMPORT ?? (QUICK ? 2000 : 20_000));
const N_CLOCKS = Number(process.env.BENCH_CLOCKS ?? (QUICK ? 20_000 : 1_000_000));

async function main(): Promise<void> {
  const db = await createTestDatabase('bench', { poolSize: 4 });
  const set = await generateDataSet(db.url, { cases: N_CASES, eventsPerCase: EVENTS_PER_CASE });
  const sampled = await checkSample(db.url);
  console.log(`data set: ${set.cases.toLocaleString('en')} cases, ${set.events.toLocaleString('en')} events in ${(set.ms / 1000).toFixed(0)} s; ${sampled} sampled events re-verified`);
  const redisPrefix = testRedisPrefix('bench');
  // The API runs in its own process, as in production (the load generator must not share its event loop).
  const api = await startApiProcess({ DATABASE_URL: db.url, REDIS_PREFIX: redisPrefix, LOG_LEVEL: 'silent', ENQUEUE_JOBS: 'false' });
  const base = api.url;
  const raw = new Client({ connectionString: db.url });
  await raw.connect();
  const rows: Row[] = [];
  try {
    const pw = await hashPassword('Bench-Password-1!');
    const users: string[] = [];
    for (let i = 0; i < CONC; i++) {
      const [u] = (await raw.query(`INSERT INTO users (email, name, role, password_hash) VALUES ($1, $1, 'analyst', $2) RETURNING id`, [`a${i}@bench.local`, pw])).rows;
      users.push(u.id);
    }
    const tokens: string[] = [];
    for (let i = 0; i < CONC; i++) {
      const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `a${i}@bench.local`, password: 'Bench-Password-1!' }) });
      tokens.push(((await r.json()) as { token: string }).token);
    }
    const post = (path: string, token: string, body: unknown) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });

    // 1. intake, at 1 client and at CONC (the raw intake-shaped transaction beside each: intake.bench.ts)
    const clients = await Promise.all(Array.from({ length: CONC }, async () => {
      const c = new Client({ connectionString: db.url });
      await c.connect();
      return c;
    }));
    const N_ONE = Math.max(20, Math.round(N_REPORTS / 4));
    rows.push(await benchIntake({ apiUrl: base, tokens, clients, n: N_ONE, concurrency: 1, tag: 'C1' }));
    rows.push(await benchIntake({ apiUrl: base, tokens, clients, n: N_REPORTS, concurrency: CONC, tag: `C${CONC}` }));
    const opened = N_ONE + N_REPORTS;

    // 2. claim-next: the N_REPORTS cases just opened are unassigned in freeze
    const claims = Math.min(200, N_REPORTS);
    const claimOurs = await pool(claims, CONC, async (i) => {
      const r = await post('/api/cases/claim-next', tokens[i % CONC], {});
      if (r.status !== 200) throw new Error(`claim-next ${r.status}`);
    });
    // the same claim on the same table, as one raw statement (claim-next's order, no team: ix_case_claimable_any_team)
    const claimRaw = await pool(claims, CONC, async (i, w) => {
      const c = clients[w];
      await c.query(
        `UPDATE cases SET assignee_id = $1 WHERE id = (SELECT id FROM cases WHERE status = 'open' AND assignee_id IS NULL AND stage <> 'review'
          ORDER BY sla_rank, priority_rank, due_at NULLS LAST, created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)`,
        [users[i % CONC]],
      );
    });
    rows.push(ratioRow(`claim-next: claims/s (${CONC} concurrent, ${N_CASES.toLocaleString('en')} cases)`, claims / (claimOurs.totalMs / 1000), claims / (claimRaw.totalMs / 1000), 'per s', true, `p95 ${percentile(claimOurs.latencies, 95).toFixed(1)} ms`));

    // 2b. case poll: an open case page reads its case every 2 s while visible (apps/console live page)
    const caseIds: string[] = (await raw.query(`SELECT id FROM cases ORDER BY created_at LIMIT 200`)).rows.map((r: { id: string }) => r.id);
    const reads = 600;
    const pollOurs = await pool(reads, CONC, async (i) => {
      const r = await fetch(`${base}/api/cases/${caseIds[i % caseIds.length]}`, { headers: { authorization: `Bearer ${tokens[i % CONC]}` } });
      if (r.status !== 200) throw new Error(`case read ${r.status}`);
      await r.arrayBuffer();
    });
    const pollRaw = await pool(reads, CONC, async (i, w) => {
      await clients[w].query(
        `SELECT row_to_json(c) AS c,
                (SELECT coalesce(json_agg(k), '[]') FROM sla_clocks k WHERE k.case_id = c.id) AS clocks,
                (SELECT coalesce(json_agg(r), '[]') FROM reports r WHERE r.case_id = c.id) AS reports
           FROM cases c WHERE c.id = $1`,
        [caseIds[i % caseIds.length]],
      );
    });
    const pollRate = reads / (pollOurs.totalMs / 1000);
    rows.push(
      ratioRow(
        `case poll: GET /api/cases/:id reads/s (${CONC} concurrent)`,
        pollRate,
        reads / (pollRaw.totalMs / 1000),
        'per s',
        true,
        `p50 ${percentile(pollOurs.latencies, 50).toFixed(1)} ms; ≈ ${Math.floor(pollRate * 2)} open case pages at one read per 2 s`,
      ),
    );

    // 3. list over the generated data set (and the cases intake opened)
    const filter = encodeURIComponent(JSON.stringify({ status: 'open', stage: ['freeze', 'police_report'] }));
    const listUrl = `${base}/api/cases?filter=${filter}&sort=${encodeURIComponent('["dueAt","ASC"]')}&range=${encodeURIComponent('[0,24]')}`;
    const listOurs = await pool(200, 4, async (i) => {
      const r = await fetch(listUrl, { headers: { authorization: `Bearer ${tokens[i % CONC]}` } });
      if (r.status !== 200) throw new Error(`list ${r.status}`);
      await r.arrayBuffer();
    });
    const listRaw = await pool(200, 4, async (_i, w) => {
      const c = clients[w];
      await c.query(
        `SELECT c.*, u.name FROM cases c LEFT JOIN users u ON u.id = c.assignee_id WHERE c.status = 'open' AND c.stage = ANY($1) ORDER BY c.due_at, c.id LIMIT 25`,
        [['freeze', 'police_report']],
      );
      // the API counts exactly up to 10,000 matches and estimates past that (docs/api.md): the raw count stops there too
      await c.query(`SELECT count(*) FROM (SELECT 1 FROM cases c WHERE c.status = 'open' AND c.stage = ANY($1) LIMIT 10001) x`, [['freeze', 'police_report']]);
    });
    rows.push(ratioRow(`list: p50 latency, ${(N_CASES + opened).toLocaleString('en')} cases`, percentile(listOurs.latencies, 50), percentile(listRaw.latencies, 50), 'ms', false, `p95 ${percentile(listOurs.latencies, 95).toFixed(1)} ms vs ${percentile(listRaw.latencies, 95).toFixed(1)} ms`));

    for (const c of clients) await c.end();
    await raw.end();
    await api.stop();
    // 4. audit export of every generated event (its own API process: its memory is the export's)
    const exp = await benchExport(db.url);
    rows.push(...exp.rows);
    rows.push({
      name: 'API resident memory idle / peak (audit export)',
      ours: `${exp.idleMb.toFixed(0)} / ${exp.peakMb.toFixed(0)} MB`,
      raw: '200 MB (target)',
      ratio: exp.peakMb / 200,
      note: `VmRSS after start and login, VmHWM after both exports (${exp.startPeakMb.toFixed(0)} MB before them); target peak < 200 MB: ${exp.peakMb < 200 ? 'met' : 'NOT met'}`,
    });
  } finally {
    await raw.end().catch(() => undefined);
    await api.stop();
    await db.drop();
  }
  const burst = await benchBurst(N_BURST, 4);
  rows.push(...burst.rows);
  rows.push(...(await benchImport(N_IMPORT)));
  rows.push({ name: 'API resident memory idle / peak (burst)', ours: `${burst.idleMb.toFixed(0)} / ${burst.peakMb.toFixed(0)} MB`, raw: '200 MB (target)', ratio: burst.peakMb / 200, note: 'built JavaScript (dist/api), VmRSS after start, VmHWM after the burst' });
  if (existsSync(join(__dirname, '..', '..', 'apps', 'worker', 'src', 'main.ts'))) {
    rows.push(...(await benchNotifications(N_NOTIFICATIONS)));
    rows.push(...(await benchTimers(N_CLOCKS)).rows);
  }
  printTable(rows);
  console.log('\nratio = ours / raw for latencies (lower is better), raw / ours for throughput (how many times slower we are; 1.00 = as fast as raw SQL).');
  // CI's `--quick` smoke run prints only; a full run (or `--write`) rewrites docs/BENCHMARKS.md.
  const run = { quick: QUICK, sizes: { reports: N_REPORTS, cases: N_CASES, events: set.events, burst: N_BURST, notifications: N_NOTIFICATIONS, import: N_IMPORT, clocks: N_CLOCKS, concurrency: CONC }, generateMs: set.ms };
  saveLastRun(rows, run);
  if (!QUICK || process.argv.includes('--write')) writeBenchmarksMd(rows, run);
}

function ratioRow(name: string, ours: number, raw: number, unit: string, throughput: boolean, note: string): Row {
  return {
    name,
    ours: `${ours.toFixed(1)} ${unit}`,
    raw: `${raw.toFixed(1)} ${unit}`,
    ratio: throughput ? raw / ours : ours / raw,
    note,
  };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
