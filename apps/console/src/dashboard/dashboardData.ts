import { STAGES } from '@sentinel/contracts';
import type { SlaSummary } from '../dataProvider';

/**
 * Reshapes GET /api/sla/summary `series` (one row per bucket and stage) into one row per bucket
 * with a column per stage, as the line charts want. breachRate = breached / (metOnTime + breached): `met`
 * also counts clocks met late (already in `breached`), so the on-time count is the right denominator
 * (docs/api-decisions.md "SLA breaches, summary and load"); empty buckets stay null (no point drawn).
 */
export function seriesByBucket(series: SlaSummary['series'], value: 'breachRate' | 'medianHours'): Array<Record<string, number | string | null>> {
  const rows = new Map<string, Record<string, number | string | null>>();
  for (const s of series) {
    const row = rows.get(s.bucket) ?? { bucket: s.bucket };
    let v: number | null = null;
    if (value === 'breachRate') {
      const total = s.metOnTime + s.breached;
      v = total > 0 ? Math.round((s.breached / total) * 1000) / 10 : null;
    } else {
      v = s.medianSeconds != null ? Math.round((s.medianSeconds / 3600) * 10) / 10 : null;
    }
    row[s.stage] = v;
    rows.set(s.bucket, row);
  }
  const out = [...rows.values()].sort((a, b) => String(a.bucket).localeCompare(String(b.bucket)));
  for (const r of out) for (const st of STAGES) if (!(st in r)) r[st] = null;
  return out.map((r) => ({ ...r, bucket: String(r.bucket).slice(0, 10) }));
}
