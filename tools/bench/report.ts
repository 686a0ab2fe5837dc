import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, release } from 'node:os';
import { join } from 'node:path';
import type { Row } from './bench-util';

function pgVersion(): string {
  try {
    return execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-Atc', 'SHOW server_version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** Writes docs/BENCHMARKS.md: the machine, the sizes, and every figure beside its raw baseline and ratio. */
export function writeBenchmarksMd(rows: Row[], run: { quick: boolean; sizes: Record<string, number> }): void {
  const cpu = cpus();
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (`tools/bench/run.ts`); every figure is measured beside its raw baseline in the same run, on',
    'the same PostgreSQL and Redis. ratio = ours / raw for latencies (lower is better), raw / ours for throughput (how many',
    'times slower than raw SQL we are; 1.00 = as fast). Targets: docs/BENCHMARKS.md "Targets" below and issue 14.',
    '',
    `- run: ${new Date().toISOString()}${run.quick ? ' — **`--quick`** (CI smoke sizes; not the 1M-case figures)' : ''}`,
    `- sizes: ${Object.entries(run.sizes).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`,
    `- machine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Linux ${release()}, Node.js ${process.version}, PostgreSQL ${pgVersion()}`,
    `- load average at the end: ${loadavg().map((x) => x.toFixed(2)).join(' / ')} (the machine is shared with other engineers' test runs: figures move with it)`,
    '',
    '| benchmark | ours | raw baseline | ratio | note |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.ours} | ${r.raw} | ${r.ratio.toFixed(2)} | ${r.note.replace(/\|/g, '\\|')} |`),
    '',
  ];
  writeFileSync(join(__dirname, '..', '..', 'docs', 'BENCHMARKS.md'), lines.join('\n'));
  console.log('wrote docs/BENCHMARKS.md');
}
