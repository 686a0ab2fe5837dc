import { describe, expect, it } from 'vitest';
import { holidayCoverageGaps } from './holidayCoverage';

const cal = (holidays: string[], extra: string[] = [], over: Record<string, unknown> = {}) => ({
  id: 'business',
  name: 'Business days',
  timeZone: 'Asia/Shanghai',
  holidays,
  extraWorkingDays: extra,
  ...over,
});
const years = (c: ReturnType<typeof cal>, now: string, from = 10) => holidayCoverageGaps(c, new Date(now), from).map((g) => `${g.when}:${g.year}`);

describe('holidayCoverageGaps', () => {
  it.each([
    ['September, this year covered: nothing yet', cal(['2026-10-01']), '2026-09-30T12:00:00Z', []],
    ['October 1 in Shanghai (still Sep 30 in UTC): next year missing', cal(['2026-10-01']), '2026-09-30T16:30:00Z', ['next:2027']],
    ['December 2026 with only 2026: next year missing', cal(['2026-10-01'], ['2026-10-10']), '2026-12-02T06:00:00Z', ['next:2027']],
    ['December 2026 with 2027 imported', cal(['2026-10-01', '2027-01-01']), '2026-12-02T06:00:00Z', []],
    ['a year with make-up working days only counts as covered', cal(['2026-10-01'], ['2027-02-07']), '2026-12-02T06:00:00Z', []],
    ['January 2027 with only 2026: this year missing', cal(['2026-10-01']), '2027-01-05T06:00:00Z', ['current:2027']],
    ['an empty calendar in November: both', cal([]), '2026-11-15T06:00:00Z', ['current:2026', 'next:2027']],
    ['an empty calendar in March: this year', cal([]), '2026-03-15T06:00:00Z', ['current:2026']],
  ] as const)('%s', (_label, c, now, expected) => {
    expect(years(c, now)).toEqual(expected);
  });

  it('should follow the configured month and skip the built-in 24x7 calendar', () => {
    expect(years(cal(['2026-10-01']), '2026-11-15T06:00:00Z', 12)).toEqual([]);
    expect(years(cal(['2026-10-01']), '2026-12-01T06:00:00Z', 12)).toEqual(['next:2027']);
    expect(years(cal([], [], { id: '24x7', builtin: true }), '2026-11-15T06:00:00Z')).toEqual([]);
  });
});
