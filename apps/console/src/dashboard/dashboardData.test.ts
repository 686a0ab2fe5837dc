import { describe, expect, it } from 'vitest';
import type { Stage } from '@sentinel/contracts';
import type { SlaSummary } from '../dataProvider';
import { breachRateRows, bucketRange, hasValues, medianRows, medianUnit } from './dashboardData';

type Point = SlaSummary['series'][number];
const p = (bucket: string, stage: Stage, breached: number, metOnTime: number, medianSeconds: number | null = null, met = metOnTime + breached): Point => ({
  bucket,
  stage,
  breached,
  metOnTime,
  met,
  medianSeconds,
});

describe('bucketRange', () => {
  it.each([
    ['days, filling the gaps', ['2026-11-03', '2026-11-01'], 'day', ['2026-11-01', '2026-11-02', '2026-11-03']],
    ['weeks (Mondays), from timestamps', ['2026-11-16T00:00:00Z', '2026-11-02T00:00:00Z'], 'week', ['2026-11-02', '2026-11-09', '2026-11-16']],
    ['across a month end', ['2026-11-30', '2026-12-01'], 'day', ['2026-11-30', '2026-12-01']],
    ['nothing', [], 'day', []],
  ] as const)('should list %s', (_label, buckets, bucket, expected) => {
    expect(bucketRange([...buckets], bucket)).toEqual(expected);
  });
});

describe('breachRateRows', () => {
  it('should compute each week from on-time met and breached clocks, with no value for an empty stage', () => {
    const rows = breachRateRows(
      [p('2026-11-02', 'freeze', 1, 3), p('2026-11-02', 'review', 2, 2), p('2026-11-09', 'freeze', 0, 4)],
      { bucket: 'week' },
    );
    expect(rows.map((r) => r.bucket)).toEqual(['2026-11-02', '2026-11-09']);
    expect(rows[0]).toMatchObject({ freeze: 25, review: 50, evidence: null });
    expect(rows[1]).toMatchObject({ freeze: 0, review: null });
  });

  it('should smooth day buckets over the trailing window as breaches over clocks, not an average of rates', () => {
    // day 1: 1 of 1 breached (100 %), day 2: 0 of 9 (0 %), day 3: nothing.
    const series = [p('2026-11-01', 'freeze', 1, 0), p('2026-11-02', 'freeze', 0, 9), p('2026-11-03', 'police_report', 0, 1)];
    const rows = breachRateRows(series, { bucket: 'day', window: 7 });
    expect(rows.map((r) => r.freeze)).toEqual([100, 10, 10]);
    expect(breachRateRows(series, { bucket: 'day', window: 1 }).map((r) => r.freeze)).toEqual([100, 0, null]);
  });
});

describe('medianRows', () => {
  it('should give weekly medians in hours or days', () => {
    const series = [p('2026-11-02', 'freeze', 0, 1, 5400), p('2026-11-02', 'evidence', 0, 2, 3 * 86_400)];
    expect(medianUnit(series)).toBe('days');
    expect(medianUnit([p('2026-11-02', 'freeze', 0, 1, 5400)])).toBe('hours');
    expect(medianRows(series, { bucket: 'week', unit: 'hours' })[0]).toMatchObject({ freeze: 1.5, evidence: 72 });
    expect(medianRows(series, { bucket: 'week', unit: 'days' })[0]).toMatchObject({ freeze: 0.1, evidence: 3 });
  });

  it('should weight daily medians by the clocks met when smoothing', () => {
    const series = [p('2026-11-01', 'freeze', 0, 1, 3600), p('2026-11-02', 'freeze', 0, 3, 7200)];
    expect(medianRows(series, { bucket: 'day', unit: 'hours', window: 7 }).map((r) => r.freeze)).toEqual([1, 1.8]);
  });
});

describe('hasValues', () => {
  it('should tell an empty chart', () => {
    expect(hasValues(breachRateRows([], { bucket: 'week' }))).toBe(false);
    expect(hasValues(breachRateRows([p('2026-11-02', 'freeze', 0, 1)], { bucket: 'week' }))).toBe(true);
  });
});
