import { addCalendarMonths } from './calendar-months';

describe('addCalendarMonths', () => {
  it('should keep the wall-clock time and the day of the month in the zone', () => {
    expect(addCalendarMonths(new Date('2026-03-15T02:30:00Z'), 6, 'Asia/Shanghai').toISOString()).toBe('2026-09-15T02:30:00.000Z');
    expect(addCalendarMonths(new Date('2026-11-30T16:30:00Z'), 6, 'Asia/Shanghai').toISOString()).toBe('2027-05-31T16:30:00.000Z'); // 1 Dec 00:30 local → 1 Jun 00:30 local
  });

  it('should clamp to the last day of a shorter month', () => {
    expect(addCalendarMonths(new Date('2026-08-31T10:00:00Z'), 6, 'UTC').toISOString()).toBe('2027-02-28T10:00:00.000Z');
    // 31 Aug 00:30 in Shanghai is 30 Aug 16:30 UTC: the local day counts.
    expect(addCalendarMonths(new Date('2026-08-30T16:30:00Z'), 6, 'Asia/Shanghai').toISOString()).toBe('2027-02-27T16:30:00.000Z');
  });

  it('should follow daylight saving time changes', () => {
    // 09:00 in New York in January (UTC-5) → 09:00 in July (UTC-4).
    expect(addCalendarMonths(new Date('2026-01-10T14:00:00Z'), 6, 'America/New_York').toISOString()).toBe('2026-07-10T13:00:00.000Z');
  });
});
