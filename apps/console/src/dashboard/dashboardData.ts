import { STAGES, type Stage } from '@sentinel/contracts';
import type { SlaSummary } from '../dataProvider';

/**
 * Chart rows from GET /api/sla/summary `series` (one sparse row per bucket and stage: buckets with nothing
 * met or breached are absent). Pure, unit-tested in dashboardData.test.ts.
 *
 * - A bucket's breach rate is `breached / (metOnTime + breached)` (docs/api-decisions.md "SLA breaches,
 *   summary and load": `met` also counts clocks met late, which are already in `breached`).
 * - Day buckets are noisy (a day with one closed case reads 0 % or 100 %), so they are smoothed over a
 *   trailing window: the rate over the window is the window's breaches over the window's clocks (not an
 *   average of daily rates), and the median is the mean of the daily medians weighted by how many clocks each
 *   day met (an approximation, said so in the chart's title).
 * - A bucket or window without any clock is `null`: no bar, no point (never a fake 0).
 */
export type ChartRow = { bucket: string } & Partial<Record<Stage, number | null>>;

interface Cell {
  breached: number;
  metOnTime: number;
  met: number;
  medianSeconds: number | null;
}

const DAY_MS = 86_400_000;
const dateOf = (bucket: string) => bucket.slice(0, 10);

function parseDay(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Every bucket from the first to the last one of the series (days: each date; weeks: each Monday). */
export function bucketRange(buckets: string[], bucket: 'day' | 'week'): string[] {
  if (buckets.length === 0) return [];
  const days = buckets.map((b) => parseDay(dateOf(b))).sort((a, b) => a - b);
  const step = bucket === 'week' ? 7 * DAY_MS : DAY_MS;
  const out: string[] = [];
  for (let t = days[0]; t <= days[days.length - 1]; t += step) out.push(formatDay(t));
  return out;
}

function cells(series: SlaSummary['series']): Map<string, Map<Stage, Cell>> {
  const out = new Map<string, Map<Stage, Cell>>();
  for (const s of series) {
    const day = dateOf(s.bucket);
    const byStage = out.get(day) ?? new Map<Stage, Cell>();
    byStage.set(s.stage, { breached: s.breached, metOnTime: s.metOnTime, met: s.met, medianSeconds: s.medianSeconds });
    out.set(day, byStage);
  }
  return out;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

export interface SeriesOptions {
  bucket: 'day' | 'week';
  /** Trailing window in buckets for day buckets (default 7); 1 = no smoothing. Week buckets are never smoothed. */
  window?: number;
}

function windowOf(opts: SeriesOptions): number {
  return opts.bucket === 'week' ? 1 : Math.max(1, opts.window ?? 7);
}

/** Breach rate in percent (one decimal) per bucket and stage. */
export function breachRateRows(series: SlaSummary['series'], opts: SeriesOptions): ChartRow[] {
  const byBucket = cells(series);
  const range = bucketRange([...byBucket.keys()], opts.bucket);
  const w = windowOf(opts);
  return range.map((bucket, i) => {
    const row: ChartRow = { bucket };
    for (const stage of STAGES) {
      let breached = 0;
      let total = 0;
      for (let j = Math.max(0, i - w + 1); j <= i; j++) {
        const c = byBucket.get(range[j])?.get(stage);
        if (!c) continue;
        breached += c.breached;
        total += c.breached + c.metOnTime;
      }
      row[stage] = total > 0 ? round1((breached / total) * 100) : null;
    }
    return row;
  });
}

/** How the median chart's values are expressed: hours, or days when the longest median is 2 days or more. */
export type MedianUnit = 'hours' | 'days';

export function medianUnit(series: SlaSummary['series']): MedianUnit {
  const max = Math.max(0, ...series.map((s) => s.medianSeconds ?? 0));
  return max >= 2 * 86_400 ? 'days' : 'hours';
}

/** Median time to meet the stage's clock per bucket and stage, in `unit` (one decimal). */
export function medianRows(series: SlaSummary['series'], opts: SeriesOptions & { unit: MedianUnit }): ChartRow[] {
  const byBucket = cells(series);
  const range = bucketRange([...byBucket.keys()], opts.bucket);
  const w = windowOf(opts);
  const divisor = opts.unit === 'days' ? 86_400 : 3_600;
  return range.map((bucket, i) => {
    const row: ChartRow = { bucket };
    for (const stage of STAGES) {
      let weighted = 0;
      let weight = 0;
      for (let j = Math.max(0, i - w + 1); j <= i; j++) {
        const c = byBucket.get(range[j])?.get(stage);
        if (!c || c.medianSeconds == null || c.met <= 0) continue;
        weighted += c.medianSeconds * c.met;
        weight += c.met;
      }
      row[stage] = weight > 0 ? round1(weighted / weight / divisor) : null;
    }
    return row;
  });
}

/** True when at least one stage has a value in some bucket (otherwise the chart says "no data"). */
export function hasValues(rows: ChartRow[]): boolean {
  return rows.some((r) => STAGES.some((s) => r[s] != null));
}
