import { STAGES } from '@sentinel/contracts';
import { SlaError } from '../durations/sla.errors';
import { businessElapsedMs } from './business-time';
import { CALENDAR_24X7, type CalendarSpec, defaultBusinessCalendar } from './calendar-spec';
import { type ClockSnapshot, DEFAULT_SLA_POLICIES, clockStateAt, computeClockTimes, isClockOpen } from './sla-clock';

const at = (iso: string): Date => new Date(iso);
const SHANGHAI = defaultBusinessCalendar('business', 'Asia/Shanghai');
const NEW_YORK = defaultBusinessCalendar('ny', 'America/New_York');

describe('DEFAULT_SLA_POLICIES', () => {
  it('should hold one policy per stage, as in docs/domain.md', () => {
    expect(Object.keys(DEFAULT_SLA_POLICIES).sort()).toEqual([...STAGES].sort());
    expect(DEFAULT_SLA_POLICIES).toEqual({
      freeze: { target: 'PT1H', calendarId: '24x7', warnAtPercent: 80 },
      police_report: { target: 'P1D', calendarId: 'business', warnAtPercent: 80 },
      merchant_contact: { target: 'P2D', calendarId: 'business', warnAtPercent: 80 },
      evidence: { target: 'P5D', calendarId: 'business', warnAtPercent: 80 },
      review: { target: 'P2D', calendarId: 'business', warnAtPercent: 80 },
    });
    expect(Object.isFrozen(DEFAULT_SLA_POLICIES.freeze)).toBe(true);
  });
});

describe(computeClockTimes.name, () => {
  it.each<[string, CalendarSpec, string, string, number, string, string]>([
    ['freeze PT1H on 24x7', CALENDAR_24X7, '2026-03-10T17:00:00Z', 'PT1H', 80, '2026-03-10T18:00:00Z', '2026-03-10T17:48:00Z'],
    ['PT30S on 24x7', CALENDAR_24X7, '2026-03-10T17:00:00Z', 'PT30S', 80, '2026-03-10T17:00:30Z', '2026-03-10T17:00:24Z'],
    ['P1D on 24x7 over DST, plain', CALENDAR_24X7, '2026-03-07T17:00:00Z', 'P1D', 50, '2026-03-08T17:00:00Z', '2026-03-08T05:00:00Z'],
    // Business: Tue 17:00 → due Wed 17:00 (9 working hours); 80 % = 7 h 12 min: Tue 1 h + Wed 09:00–15:12.
    ['police_report P1D, Tue 17:00', SHANGHAI, '2026-03-10T17:00:00+08:00', 'P1D', 80, '2026-03-11T17:00:00+08:00', '2026-03-11T15:12:00+08:00'],
    // Sat 10:00 → due Tue 09:00; 9 working hours, all on Monday: warn Mon 16:12.
    ['P1D entered on Saturday', SHANGHAI, '2026-03-14T10:00:00+08:00', 'P1D', 80, '2026-03-17T09:00:00+08:00', '2026-03-16T16:12:00+08:00'],
    // Fri 17:00 → due Mon 17:00; 9 h; 50 % = 4.5 h: Fri 1 h + Mon 09:00–12:30.
    ['P1D over a weekend, 50 %', SHANGHAI, '2026-03-13T17:00:00+08:00', 'P1D', 50, '2026-03-16T17:00:00+08:00', '2026-03-16T12:30:00+08:00'],
    // Tue 17:00 + PT2H → Wed 10:00; 80 % of 2 h = 96 min: Tue 1 h, Wed 09:36.
    ['PT2H across the night', SHANGHAI, '2026-03-10T17:00:00+08:00', 'PT2H', 80, '2026-03-11T10:00:00+08:00', '2026-03-11T09:36:00+08:00'],
    // P5D from Mon 09:00 → next Mon 09:00 = 45 h; 80 % = 36 h = 4 days: Fri 09:00 … Thu 18:00 → Thu 18:00.
    ['evidence P5D from Mon 09:00', SHANGHAI, '2026-03-09T09:00:00+08:00', 'P5D', 80, '2026-03-16T09:00:00+08:00', '2026-03-12T18:00:00+08:00'],
    // NY across spring-forward: Fri 17:00 EST → Mon 17:00 EDT; warn Mon 15:12 EDT.
    ['P1D over the NY DST weekend', NEW_YORK, '2026-03-06T17:00:00-05:00', 'P1D', 80, '2026-03-09T17:00:00-04:00', '2026-03-09T15:12:00-04:00'],
  ])('should compute %s', (_label, calendar, startedAt, target, warnAtPercent, dueAt, warnAt) => {
    const times = computeClockTimes({ startedAt: at(startedAt), target, calendar, warnAtPercent });
    expect(times.dueAt.toISOString()).toBe(at(dueAt).toISOString());
    expect(times.warnAt.toISOString()).toBe(at(warnAt).toISOString());
  });

  it('should put warnAt where pct % of the working time has elapsed (business), for many starts', () => {
    for (let t = at('2026-03-01T00:00:00Z').getTime(); t < at('2026-03-15T00:00:00Z').getTime(); t += 53 * 60_000) {
      const startedAt = new Date(t);
      for (const pct of [1, 50, 80, 99]) {
        const { dueAt, warnAt } = computeClockTimes({ startedAt, target: 'P2D', calendar: NEW_YORK, warnAtPercent: pct });
        const total = businessElapsedMs(startedAt, dueAt, NEW_YORK);
        expect(businessElapsedMs(startedAt, warnAt, NEW_YORK)).toBe(Math.floor((total * pct) / 100));
        expect(warnAt.getTime()).toBeLessThanOrEqual(dueAt.getTime());
        expect(warnAt.getTime()).toBeGreaterThanOrEqual(startedAt.getTime());
      }
    }
  });

  it.each([0, 100, -5, 150, NaN])('should refuse warnAtPercent %d', (warnAtPercent) => {
    expect(() => computeClockTimes({ startedAt: at('2026-03-10T09:00:00Z'), target: 'PT1H', calendar: CALENDAR_24X7, warnAtPercent })).toThrow(
      expect.objectContaining({ code: 'SLA.INVALID_WARN_PERCENT' }),
    );
  });

  it('should refuse a bad target', () => {
    expect(() => computeClockTimes({ startedAt: at('2026-03-10T09:00:00Z'), target: 'P1M', calendar: SHANGHAI, warnAtPercent: 80 })).toThrow(SlaError);
  });
});

describe(clockStateAt.name, () => {
  const base: ClockSnapshot = { dueAt: at('2026-03-10T18:00:00Z'), warnAt: at('2026-03-10T17:48:00Z') };
  const now = {
    early: at('2026-03-10T17:30:00Z'),
    warn: at('2026-03-10T17:48:00Z'),
    due: at('2026-03-10T18:00:00Z'),
    late: at('2026-03-10T19:00:00Z'),
  };

  it.each<[string, ClockSnapshot, Date, string]>([
    ['on track before warnAt', base, now.early, 'on_track'],
    ['warning at warnAt', base, now.warn, 'warning'],
    ['breached at dueAt', base, now.due, 'breached'],
    ['breached after dueAt', base, now.late, 'breached'],
    ['warning once warnedAt is recorded, even before warnAt', { ...base, warnedAt: now.early }, now.early, 'warning'],
    ['breached once breachedAt is recorded, even before dueAt', { ...base, breachedAt: now.early }, now.early, 'breached'],
    ['on track without a warnAt', { ...base, warnAt: null }, now.warn, 'on_track'],
    ['breached without a warnAt', { ...base, warnAt: null }, now.late, 'breached'],
    ['met wins over breached', { ...base, metAt: now.late, breachedAt: now.due }, now.late, 'met'],
    ['met before due', { ...base, metAt: now.early }, now.late, 'met'],
    ['waived wins over breached', { ...base, waivedAt: now.late, breachedAt: now.due }, now.late, 'waived'],
    ['cancelled wins over breached', { ...base, cancelledAt: now.late, breachedAt: now.due }, now.late, 'cancelled'],
    ['cancelled wins over warning', { ...base, cancelledAt: now.warn, warnedAt: now.warn }, now.warn, 'cancelled'],
    ['nulls are absent', { ...base, metAt: null, waivedAt: null, cancelledAt: null, breachedAt: null, warnedAt: null }, now.early, 'on_track'],
  ])('should say %s', (_label, clock, t, state) => {
    expect(clockStateAt(clock, t)).toBe(state);
  });
});

describe(isClockOpen.name, () => {
  it.each([
    [{}, true],
    [{ metAt: null, waivedAt: null, cancelledAt: null }, true],
    [{ metAt: at('2026-03-10T18:00:00Z') }, false],
    [{ waivedAt: at('2026-03-10T18:00:00Z') }, false],
    [{ cancelledAt: at('2026-03-10T18:00:00Z') }, false],
  ])('should say %j → %s', (clock, open) => {
    expect(isClockOpen(clock)).toBe(open);
  });
});
