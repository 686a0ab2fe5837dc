/** Small helpers for benchmarks: timing, percentiles, bounded concurrency, a results table. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** Runs `count` tasks with at most `concurrency` in flight; returns each task's latency in ms. */
export async function pool(count: number, concurrency: number, task: (i: number, worker: number) => Promise<unknown>): Promise<{ totalMs: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = process.hrtime.bigint();
  const worker = async (w: number) => {
    while (next < count) {
      const i = next++;
      const s = process.hrtime.bigint();
      await task(i, w);
      latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, (_, w) => worker(w)));
  return { totalMs: Number(process.hrtime.bigint() - t0) / 1e6, latencies };
}

export interface Row {
  name: string;
  ours: string;
  raw: string;
  ratio: number;
  note: string;
}

export function printTable(rows: Row[]): void {
  const w = (s: string, n: number) => s.padEnd(n);
  console.log(`\n${w('benchmark', 44)}${w('ours', 22)}${w('raw baseline', 22)}${w('ratio', 8)}note`);
  console.log('-'.repeat(120));
  for (const r of rows) console.log(`${w(r.name, 44)}${w(r.ours, 22)}${w(r.raw, 22)}${w(r.ratio.toFixed(2), 8)}${r.note}`);
}
