import { describe, expect, it } from 'vitest';
import { seriesByBucket } from './dashboardData';

describe('seriesByBucket', () => {
  it('should pivot the summary series per bucket with breach rate per stage', () => {
    const rows = seriesByBucket(
      [
        { bucket: '2026-11-02T00:00:00Z', stage: 'freeze', breached: 1, met: 3, metOnTime: 3, medianSeconds: 1800 },
        { bucket: '2026-11-01T00:00:00Z', stage: 'freeze', breached: 0, met: 0, metOnTime: 0, medianSeconds: null },
        { bucket: '2026-11-02T00:00:00Z', stage: 'review', breached: 2, met: 2, metOnTime: 2, medianSeconds: 7200 },
      ],
      'breachRate',
    );
    expect(rows.map((r) => r.bucket)).toEqual(['2026-11-01', '2026-11-02']);
    expect(rows[0].freeze).toBeNull();
    expect(rows[1].freeze).toBe(25);
    expect(rows[1].review).toBe(50);
    expect(rows[1].evidence).toBeNull();
  });

  it('should give medians in hours', () => {
    const rows = seriesByBucket([{ bucket: '2026-11-02', stage: 'freeze', breached: 0, met: 1, metOnTime: 1, medianSeconds: 5400 }], 'medianHours');
    expect(rows[0].freeze).toBe(1.5);
  });
});
