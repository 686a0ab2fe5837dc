import { DateTime } from 'luxon';
import { SlaError } from '../durations/sla.errors';
import {
  addBusinessDuration,
  addWorkingMs,
  businessElapsedMs,
  isValidSlaTarget,
  isWorkingTime,
  parseSlaTarget,
} from './business-time';
import { CALENDAR_24X7, type CalendarSpec, DEFAULT_BUSINESS_HOURS, defaultBusinessCalendar } from './calendar-spec';
import { CHINA_2026_HOLIDAYS } from './china-2026-holidays';

const H = 3_600_000;
const at = (iso: string): Date => new Date(iso);

function calendar(partial: Partial<CalendarSpec>): CalendarSpec {
  return { id: 'test', timeZone: 'UTC', workingHours: { ...DEFAULT_BUSINESS_HOURS }, holidays: [], extraWorkingDays: [], ...partial };
}

/** Mon–Fri 09:00–18:00, Asia/Shanghai (+08:00, no DST). 2026-03-10 is a Tuesday. */
const SHANGHAI = defaultBusinessCalendar('business', 'Asia/Shanghai');
const CHINA_2026: CalendarSpec = {
  ...SHANGHAI,
  id: 'cn-2026',
  holidays: [...CHINA_2026_HOLIDAYS.holidays],
  extraWorkingDays: [...CHINA_2026_HOLIDAYS.extraWorkingDays],
};
const NEW_YORK = defaultBusinessCalendar('ny', 'America/New_York');
const BERLIN = defaultBusinessCalendar('berlin', 'Europe/Berlin');
const ALL_DAY = ['00:00', '24:00'] as const;
/** Every day 00:00–24:00 but with a holiday: a business calendar (wall-clock days), not 24x7. */
const NEW_YORK_ALL_DAYS = calendar({
  id: 'ny-all-days',
  timeZone: 'America/New_York',
  workingHours: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
  holidays: ['2026-12-25'],
});

describe(addBusinessDuration.name, () => {
  describe('on a business calendar (Mon–Fri 09:00–18:00, Asia/Shanghai)', () => {
    it.each([
      // PnD: the same wall-clock time n working days later, from the effective start.
      ['Tue 17:00 + P1D → Wed 17:00', '2026-03-10T17:00:00+08:00', 'P1D', '2026-03-11T17:00:00+08:00'],
      ['Tue 09:00 + P1D → Wed 09:00', '2026-03-10T09:00:00+08:00', 'P1D', '2026-03-11T09:00:00+08:00'],
      ['Fri 17:00 + P1D → Mon 17:00', '2026-03-13T17:00:00+08:00', 'P1D', '2026-03-16T17:00:00+08:00'],
      ['Sat 10:00 + P1D → (Mon 09:00) → Tue 09:00', '2026-03-14T10:00:00+08:00', 'P1D', '2026-03-17T09:00:00+08:00'],
      ['Sun 23:59 + P1D → (Mon 09:00) → Tue 09:00', '2026-03-15T23:59:00+08:00', 'P1D', '2026-03-17T09:00:00+08:00'],
      ['Tue 19:00 + P1D → (Wed 09:00) → Thu 09:00', '2026-03-10T19:00:00+08:00', 'P1D', '2026-03-12T09:00:00+08:00'],
      ['Tue 08:00 + P1D → (Tue 09:00) → Wed 09:00', '2026-03-10T08:00:00+08:00', 'P1D', '2026-03-11T09:00:00+08:00'],
      ['Tue 18:00 (closing, included) + P1D → Wed 18:00', '2026-03-10T18:00:00+08:00', 'P1D', '2026-03-11T18:00:00+08:00'],
      ['Tue 18:00:01 + P1D → (Wed 09:00) → Thu 09:00', '2026-03-10T18:00:01+08:00', 'P1D', '2026-03-12T09:00:00+08:00'],
      ['Fri 19:00 + P1D → (Mon 09:00) → Tue 09:00', '2026-03-13T19:00:00+08:00', 'P1D', '2026-03-17T09:00:00+08:00'],
      ['Tue 17:00 + P2D → Thu 17:00', '2026-03-10T17:00:00+08:00', 'P2D', '2026-03-12T17:00:00+08:00'],
      ['Thu 17:00 + P2D → Mon 17:00', '2026-03-12T17:00:00+08:00', 'P2D', '2026-03-16T17:00:00+08:00'],
      ['Tue 10:30:15 + P5D → next Tue 10:30:15', '2026-03-10T10:30:15+08:00', 'P5D', '2026-03-17T10:30:15+08:00'],
      ['Tue 17:00 + P1W (5 working days) → next Tue 17:00', '2026-03-10T17:00:00+08:00', 'P1W', '2026-03-17T17:00:00+08:00'],
      ['Sat 10:00 + P2W → (Mon 09:00) → Mon +2 weeks 09:00', '2026-03-14T10:00:00+08:00', 'P2W', '2026-03-30T09:00:00+08:00'],
      // PTnH: working time consumed across days; the due time is the earliest instant it is used up.
      ['Tue 17:00 + PT2H → Wed 10:00', '2026-03-10T17:00:00+08:00', 'PT2H', '2026-03-11T10:00:00+08:00'],
      ['Tue 09:00 + PT9H → Tue 18:00 (closing, not Wed 09:00)', '2026-03-10T09:00:00+08:00', 'PT9H', '2026-03-10T18:00:00+08:00'],
      ['Tue 09:00 + PT18H → Wed 18:00', '2026-03-10T09:00:00+08:00', 'PT18H', '2026-03-11T18:00:00+08:00'],
      ['Tue 07:00 + PT1H → Tue 10:00', '2026-03-10T07:00:00+08:00', 'PT1H', '2026-03-10T10:00:00+08:00'],
      ['Tue 20:00 + PT1H → Wed 10:00', '2026-03-10T20:00:00+08:00', 'PT1H', '2026-03-11T10:00:00+08:00'],
      ['Sat 10:00 + PT30M → Mon 09:30', '2026-03-14T10:00:00+08:00', 'PT30M', '2026-03-16T09:30:00+08:00'],
      ['Fri 17:59:45 + PT30S → Mon 09:00:15', '2026-03-13T17:59:45+08:00', 'PT30S', '2026-03-16T09:00:15+08:00'],
      ['Fri 17:00 + PT10H → Mon 18:00 (the earliest instant, not Tue 09:00)', '2026-03-13T17:00:00+08:00', 'PT10H', '2026-03-16T18:00:00+08:00'],
      ['Tue 12:00 + PT1H30M → Tue 13:30', '2026-03-10T12:00:00+08:00', 'PT1H30M', '2026-03-10T13:30:00+08:00'],
      // Mixed: days first, then working hours.
      ['Tue 17:00 + P1DT4H → Wed 17:00 → Thu 12:00', '2026-03-10T17:00:00+08:00', 'P1DT4H', '2026-03-12T12:00:00+08:00'],
      ['Fri 10:00 + P1DT1H → Mon 10:00 → Mon 11:00', '2026-03-13T10:00:00+08:00', 'P1DT1H', '2026-03-16T11:00:00+08:00'],
      ['Sat 10:00 + P1DT30M → Tue 09:00 → Tue 09:30', '2026-03-14T10:00:00+08:00', 'P1DT30M', '2026-03-17T09:30:00+08:00'],
      // Zero: the start itself.
      ['Sat 10:00 + PT0S → Sat 10:00', '2026-03-14T10:00:00+08:00', 'PT0S', '2026-03-14T10:00:00+08:00'],
    ])('should compute %s', (_label, start, target, due) => {
      expect(addBusinessDuration(at(start), target, SHANGHAI).toISOString()).toBe(at(due).toISOString());
    });
  });

  describe('with holidays', () => {
    const withHoliday = { ...SHANGHAI, holidays: ['2026-03-11'] }; // Wednesday

    it.each([
      ['a holiday target day is not counted: Tue 17:00 + P1D → Thu 17:00', '2026-03-10T17:00:00+08:00', 'P1D', '2026-03-12T17:00:00+08:00'],
      ['a start on a holiday starts at the next opening: Wed 10:00 + P1D → Fri 09:00', '2026-03-11T10:00:00+08:00', 'P1D', '2026-03-13T09:00:00+08:00'],
      ['hours skip the holiday: Tue 17:00 + PT2H → Thu 10:00', '2026-03-10T17:00:00+08:00', 'PT2H', '2026-03-12T10:00:00+08:00'],
      ['Mon 12:00 + P5D → next Tue 12:00', '2026-03-09T12:00:00+08:00', 'P5D', '2026-03-17T12:00:00+08:00'],
    ])('should compute %s', (_label, start, target, due) => {
      expect(addBusinessDuration(at(start), target, withHoliday).toISOString()).toBe(at(due).toISOString());
    });
  });

  describe('on the China 2026 demo calendar (holidays and make-up working days, 调休)', () => {
    it.each([
      ['Fri Feb 13 17:00 + P1D → Sat Feb 14 17:00 (make-up working Saturday)', '2026-02-13T17:00:00+08:00', 'P1D', '2026-02-14T17:00:00+08:00'],
      ['Sat Feb 14 17:00 + P1D → Tue Feb 24 17:00 (Spring Festival Feb 15–23)', '2026-02-14T17:00:00+08:00', 'P1D', '2026-02-24T17:00:00+08:00'],
      ['Thu Feb 12 10:00 + P5D → Thu Feb 26 10:00', '2026-02-12T10:00:00+08:00', 'P5D', '2026-02-26T10:00:00+08:00'],
      ['Fri Feb 27 10:00 + P1D → Sat Feb 28 10:00 (make-up)', '2026-02-27T10:00:00+08:00', 'P1D', '2026-02-28T10:00:00+08:00'],
      ['Sat Feb 14 17:00 + PT2H → Tue Feb 24 10:00', '2026-02-14T17:00:00+08:00', 'PT2H', '2026-02-24T10:00:00+08:00'],
      ['Wed Sep 30 17:00 + P1D → Thu Oct 8 17:00 (National Day)', '2026-09-30T17:00:00+08:00', 'P1D', '2026-10-08T17:00:00+08:00'],
      ['Wed Sep 30 17:00 + P3D → Sat Oct 10 17:00 (make-up)', '2026-09-30T17:00:00+08:00', 'P3D', '2026-10-10T17:00:00+08:00'],
      ['Fri Sep 18 17:00 + P1D → Sun Sep 20 17:00 (make-up Sunday)', '2026-09-18T17:00:00+08:00', 'P1D', '2026-09-20T17:00:00+08:00'],
      ['Wed Dec 31 2025 17:00 + P1D → Sun Jan 4 17:00 (New Year, make-up Sunday)', '2025-12-31T17:00:00+08:00', 'P1D', '2026-01-04T17:00:00+08:00'],
      ['Sun Jan 4 08:00 + P1D → (Sun 09:00) → Mon Jan 5 09:00', '2026-01-04T08:00:00+08:00', 'P1D', '2026-01-05T09:00:00+08:00'],
      ['Thu Apr 30 12:00 + P1D → Wed May 6 12:00 (Labour Day May 1–5)', '2026-04-30T12:00:00+08:00', 'P1D', '2026-05-06T12:00:00+08:00'],
      ['Fri May 8 12:00 + P1D → Sat May 9 12:00 (make-up)', '2026-05-08T12:00:00+08:00', 'P1D', '2026-05-09T12:00:00+08:00'],
    ])('should compute %s', (_label, start, target, due) => {
      expect(addBusinessDuration(at(start), target, CHINA_2026).toISOString()).toBe(at(due).toISOString());
    });
  });

  describe('extra working days and per-day hours', () => {
    it('should give an extra working day the hours of Monday', () => {
      const cal = calendar({
        workingHours: { mon: ['08:00', '17:00'], tue: ['08:00', '17:00'], wed: ['08:00', '17:00'], thu: ['08:00', '17:00'], fri: ['08:00', '17:00'] },
        extraWorkingDays: ['2026-03-14'],
      });
      expect(addBusinessDuration(at('2026-03-13T16:00:00Z'), 'P1D', cal).toISOString()).toBe('2026-03-14T16:00:00.000Z');
      expect(addBusinessDuration(at('2026-03-13T16:30:00Z'), 'PT2H', cal).toISOString()).toBe('2026-03-14T09:30:00.000Z');
      expect(addBusinessDuration(at('2026-03-14T16:30:00Z'), 'PT1H', cal).toISOString()).toBe('2026-03-16T08:30:00.000Z');
    });

    it('should give an extra working day 09:00–18:00 when Monday has no hours', () => {
      const cal = calendar({
        workingHours: { tue: ['10:00', '16:00'], wed: ['10:00', '16:00'], thu: ['10:00', '16:00'], fri: ['10:00', '16:00'] },
        extraWorkingDays: ['2026-03-14'],
      });
      expect(addBusinessDuration(at('2026-03-13T15:00:00Z'), 'PT2H', cal).toISOString()).toBe('2026-03-14T10:00:00.000Z');
      expect(addBusinessDuration(at('2026-03-14T17:00:00Z'), 'PT2H', cal).toISOString()).toBe('2026-03-17T11:00:00.000Z');
    });

    it('should let a holiday win over an extra working day listed for the same date', () => {
      const cal = calendar({ holidays: ['2026-03-14'], extraWorkingDays: ['2026-03-14'] });
      expect(addBusinessDuration(at('2026-03-13T17:00:00Z'), 'P1D', cal).toISOString()).toBe('2026-03-16T17:00:00.000Z');
    });

    it.each([
      ['clamped down to an earlier closing: Thu 17:00 + P1D → Fri 15:00', '2026-03-12T17:00:00Z', 'P1D', '2026-03-13T15:00:00.000Z'],
      ['clamped up to a later opening: Wed 09:30 + P2D → Fri 10:00', '2026-03-11T09:30:00Z', 'P2D', '2026-03-13T10:00:00.000Z'],
      ['inside both windows: Thu 12:00 + P1D → Fri 12:00', '2026-03-12T12:00:00Z', 'P1D', '2026-03-13T12:00:00.000Z'],
      ['hours use each day its own window: Fri 14:00 + PT2H → Mon 10:00', '2026-03-13T14:00:00Z', 'PT2H', '2026-03-16T10:00:00.000Z'],
    ])('should clamp the wall time into the target day: %s', (_label, start, target, due) => {
      const cal = calendar({ workingHours: { mon: ['09:00', '18:00'], tue: ['09:00', '18:00'], wed: ['09:00', '18:00'], thu: ['09:00', '18:00'], fri: ['10:00', '15:00'] } });
      expect(addBusinessDuration(at(start), target, cal).toISOString()).toBe(due);
    });
  });

  describe('across DST (working hours are local wall times)', () => {
    it.each([
      // America/New_York: 2026-03-08 (Sun) 02:00 EST → 03:00 EDT; 2026-11-01 (Sun) 02:00 EDT → 01:00 EST.
      ['NY Fri 17:00 EST + P1D → Mon 17:00 EDT', NEW_YORK, '2026-03-06T17:00:00-05:00', 'P1D', '2026-03-09T17:00:00-04:00'],
      ['NY Fri 17:00 EST + PT2H → Mon 10:00 EDT', NEW_YORK, '2026-03-06T17:00:00-05:00', 'PT2H', '2026-03-09T10:00:00-04:00'],
      ['NY Sat 10:00 EST + P1D → Tue 09:00 EDT', NEW_YORK, '2026-03-07T10:00:00-05:00', 'P1D', '2026-03-10T09:00:00-04:00'],
      ['NY Fri 17:00 EDT + P1D → Mon 17:00 EST', NEW_YORK, '2026-10-30T17:00:00-04:00', 'P1D', '2026-11-02T17:00:00-05:00'],
      ['NY Fri 17:00 EDT + PT2H → Mon 10:00 EST', NEW_YORK, '2026-10-30T17:00:00-04:00', 'PT2H', '2026-11-02T10:00:00-05:00'],
      // Europe/Berlin: 2026-03-29 (Sun) 02:00 CET → 03:00 CEST; 2026-10-25 (Sun) 03:00 CEST → 02:00 CET.
      ['Berlin Fri 17:00 CET + P1D → Mon 17:00 CEST', BERLIN, '2026-03-27T17:00:00+01:00', 'P1D', '2026-03-30T17:00:00+02:00'],
      ['Berlin Fri 17:00 CET + PT2H → Mon 10:00 CEST', BERLIN, '2026-03-27T17:00:00+01:00', 'PT2H', '2026-03-30T10:00:00+02:00'],
      ['Berlin Fri 17:00 CEST + P1D → Mon 17:00 CET', BERLIN, '2026-10-23T17:00:00+02:00', 'P1D', '2026-10-26T17:00:00+01:00'],
      ['Berlin Thu 12:00 CET + P5D → Thu 12:00 CEST', BERLIN, '2026-03-26T12:00:00+01:00', 'P5D', '2026-04-02T12:00:00+02:00'],
      // A window spanning the change: the day holds 23 h / 25 h of working time, days keep the wall time.
      ['NY all-days Sat 12:00 EST + P1D → Sun 12:00 EDT (23 h later)', NEW_YORK_ALL_DAYS, '2026-03-07T12:00:00-05:00', 'P1D', '2026-03-08T12:00:00-04:00'],
      ['NY all-days Sat 12:00 EST + PT24H → Sun 13:00 EDT', NEW_YORK_ALL_DAYS, '2026-03-07T12:00:00-05:00', 'PT24H', '2026-03-08T13:00:00-04:00'],
      ['NY all-days Sat 12:00 EDT + P1D → Sun 12:00 EST (25 h later)', NEW_YORK_ALL_DAYS, '2026-10-31T12:00:00-04:00', 'P1D', '2026-11-01T12:00:00-05:00'],
      ['NY all-days Sat 12:00 EDT + PT24H → Sun 11:00 EST', NEW_YORK_ALL_DAYS, '2026-10-31T12:00:00-04:00', 'PT24H', '2026-11-01T11:00:00-05:00'],
      // Wall times that do not exist move forward by the gap; ambiguous ones take the earlier instant.
      ['NY all-days Sat 02:30 + P1D → Sun 03:30 EDT (02:30 does not exist)', NEW_YORK_ALL_DAYS, '2026-03-07T02:30:00-05:00', 'P1D', '2026-03-08T03:30:00-04:00'],
      ['NY all-days Sat 01:30 + P1D → Sun 01:30 EDT (the first 01:30)', NEW_YORK_ALL_DAYS, '2026-10-31T01:30:00-04:00', 'P1D', '2026-11-01T01:30:00-04:00'],
    ])('should compute %s', (_label, cal, start, target, due) => {
      expect(addBusinessDuration(at(start), target, cal).toISOString()).toBe(at(due).toISOString());
    });

    it('should count a window that spans the spring-forward gap as 3 h (01:00–05:00 local)', () => {
      const cal = calendar({ timeZone: 'America/New_York', workingHours: { sun: ['01:00', '05:00'] } });
      expect(addBusinessDuration(at('2026-03-08T01:00:00-05:00'), 'PT3H', cal).toISOString()).toBe(at('2026-03-08T05:00:00-04:00').toISOString());
      expect(addBusinessDuration(at('2026-11-01T01:00:00-04:00'), 'PT4H', cal).toISOString()).toBe(at('2026-11-01T04:00:00-05:00').toISOString());
    });
  });

  describe('on 24x7 (plain durations, also across DST)', () => {
    const roundTheClockNy = calendar({
      id: 'ny-round-the-clock',
      timeZone: 'America/New_York',
      workingHours: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
    });

    it.each([
      ['PT1H', '2026-03-10T17:00:00Z', '2026-03-10T18:00:00.000Z'],
      ['PT30S', '2026-03-14T23:59:45Z', '2026-03-15T00:00:15.000Z'],
      ['P1D over the NY spring-forward: 24 h, not the same wall time', '2026-03-07T17:00:00Z', '2026-03-08T17:00:00.000Z'],
      ['P1D over the NY fall-back', '2026-10-31T16:00:00Z', '2026-11-01T16:00:00.000Z'],
      ['P1W', '2026-03-10T17:00:00Z', '2026-03-17T17:00:00.000Z'],
      ['P1DT4H', '2026-03-13T17:00:00Z', '2026-03-14T21:00:00.000Z'],
    ])('should add %s plainly', (label, start, due) => {
      const target = label.split(' ')[0];
      expect(addBusinessDuration(at(start), target, CALENDAR_24X7).toISOString()).toBe(due);
      expect(addBusinessDuration(at(start), target, roundTheClockNy).toISOString()).toBe(due);
    });

    it('should keep local 12:00 EST → 13:00 EDT for P1D on a round-the-clock New York calendar', () => {
      const due = addBusinessDuration(at('2026-03-07T12:00:00-05:00'), 'P1D', roundTheClockNy);
      expect(DateTime.fromJSDate(due, { zone: 'America/New_York' }).toFormat('yyyy-MM-dd HH:mm')).toBe('2026-03-08 13:00');
    });
  });

  describe('refusals', () => {
    it.each([
      ['P1M', 'SLA.INVALID_DURATION'],
      ['nonsense', 'SLA.INVALID_DURATION'],
      ['P366D', 'SLA.DURATION_TOO_LONG'],
      ['P53W', 'SLA.DURATION_TOO_LONG'],
      ['PT8761H', 'SLA.DURATION_TOO_LONG'],
    ])('should refuse the target %s with %s', (target, code) => {
      expect(() => addBusinessDuration(at('2026-03-10T09:00:00Z'), target, SHANGHAI)).toThrow(expect.objectContaining({ code }));
    });

    it('should accept the longest target (P365D) quickly', () => {
      const due = addBusinessDuration(at('2026-03-10T09:00:00Z'), 'P365D', SHANGHAI);
      expect(due.getTime()).toBeGreaterThan(at('2027-07-01T00:00:00Z').getTime());
    });

    it('should refuse a calendar without any working time instead of looping', () => {
      const cal = calendar({ workingHours: {} });
      expect(() => addBusinessDuration(at('2026-03-10T09:00:00Z'), 'P1D', cal)).toThrow(expect.objectContaining({ code: 'SLA.NO_WORKING_TIME' }));
      expect(() => addBusinessDuration(at('2026-03-10T09:00:00Z'), 'PT1H', cal)).toThrow(expect.objectContaining({ code: 'SLA.NO_WORKING_TIME' }));
    });

    it.each([
      ['an unknown time zone', calendar({ timeZone: 'Mars/Olympus_Mons' })],
      ['bad working hours', calendar({ workingHours: { mon: ['18:00', '09:00'] } })],
      ['a bad holiday', calendar({ holidays: ['2026-02-30'] })],
      ['a bad extra working day', calendar({ extraWorkingDays: ['14/02/2026'] })],
    ])('should refuse %s with SLA.INVALID_CALENDAR', (_label, cal) => {
      expect(() => addBusinessDuration(at('2026-03-10T09:00:00Z'), 'P1D', cal)).toThrow(expect.objectContaining({ code: 'SLA.INVALID_CALENDAR' }));
    });

    it('should refuse an invalid start date', () => {
      expect(() => addBusinessDuration(new Date('nope'), 'P1D', SHANGHAI)).toThrow(SlaError);
    });
  });

  describe('invariants', () => {
    const starts: Date[] = [];
    // Every 37 minutes over three weeks around the New York spring-forward (odd step: hits all wall times).
    for (let t = at('2026-03-01T00:00:00Z').getTime(); t < at('2026-03-22T00:00:00Z').getTime(); t += 37 * 60_000) {
      starts.push(new Date(t));
    }

    it.each(['PT30S', 'PT1H', 'PT2H', 'PT9H', 'PT20H', 'PT1H30M'])(
      'should make businessElapsedMs(start, due) equal the working time of %s (NY, DST included)',
      (target) => {
        const ms = parseSlaTarget(target);
        const expected = ms.hours * H + ms.minutes * 60_000 + ms.seconds * 1_000;
        for (const start of starts) {
          const due = addBusinessDuration(start, target, NEW_YORK);
          expect(businessElapsedMs(start, due, NEW_YORK)).toBe(expected);
        }
      },
    );

    it.each(['P1D', 'P2D', 'P5D', 'P1W'])('should make %s keep the wall time and hold n × 9 working hours', (target) => {
      const days = target === 'P1W' ? 5 : Number(target.slice(1, -1));
      for (const start of starts.filter((s) => isWorkingTime(s, NEW_YORK))) {
        const due = addBusinessDuration(start, target, NEW_YORK);
        expect(businessElapsedMs(start, due, NEW_YORK)).toBe(days * 9 * H);
        const local = (d: Date): string => DateTime.fromJSDate(d, { zone: 'America/New_York' }).toFormat('HH:mm:ss');
        expect(local(due)).toBe(local(start));
      }
    });

    it('should be monotonic in the start', () => {
      let previous = 0;
      for (const start of starts) {
        const due = addBusinessDuration(start, 'P1DT2H', NEW_YORK).getTime();
        expect(due).toBeGreaterThanOrEqual(previous);
        previous = due;
      }
    });
  });
});

describe(businessElapsedMs.name, () => {
  it.each([
    ['Tue 17:00 → Wed 10:00', SHANGHAI, '2026-03-10T17:00:00+08:00', '2026-03-11T10:00:00+08:00', 2 * H],
    ['Fri 17:00 → Mon 10:00', SHANGHAI, '2026-03-13T17:00:00+08:00', '2026-03-16T10:00:00+08:00', 2 * H],
    ['Sat 10:00 → Sun 20:00 (weekend)', SHANGHAI, '2026-03-14T10:00:00+08:00', '2026-03-15T20:00:00+08:00', 0],
    ['Tue 19:00 → Tue 23:00 (after closing)', SHANGHAI, '2026-03-10T19:00:00+08:00', '2026-03-10T23:00:00+08:00', 0],
    ['Mon 00:00 → next Mon 00:00 (a week)', SHANGHAI, '2026-03-09T00:00:00+08:00', '2026-03-16T00:00:00+08:00', 45 * H],
    ['Tue 18:00 → Wed 18:00 (= Tue 18:00 → Thu 09:00)', SHANGHAI, '2026-03-10T18:00:00+08:00', '2026-03-11T18:00:00+08:00', 9 * H],
    ['Tue 18:00 → Thu 09:00', SHANGHAI, '2026-03-10T18:00:00+08:00', '2026-03-12T09:00:00+08:00', 9 * H],
    ['to before from', SHANGHAI, '2026-03-11T10:00:00+08:00', '2026-03-10T17:00:00+08:00', 0],
    ['the same instant', SHANGHAI, '2026-03-11T10:00:00+08:00', '2026-03-11T10:00:00+08:00', 0],
    ['over Spring Festival (make-up Sat Feb 14 counts)', CHINA_2026, '2026-02-13T00:00:00+08:00', '2026-02-25T00:00:00+08:00', 3 * 9 * H],
    ['NY Fri 17:00 EST → Mon 17:00 EDT', NEW_YORK, '2026-03-06T17:00:00-05:00', '2026-03-09T17:00:00-04:00', 9 * H],
    ['NY all-days: Sun 2026-03-08 holds 23 h', NEW_YORK_ALL_DAYS, '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00', 23 * H],
    ['NY all-days: Sun 2026-11-01 holds 25 h', NEW_YORK_ALL_DAYS, '2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00', 25 * H],
    ['NY all-days: Christmas is a holiday', NEW_YORK_ALL_DAYS, '2026-12-24T12:00:00-05:00', '2026-12-26T12:00:00-05:00', 24 * H],
    ['24x7 over the NY spring-forward: plain', CALENDAR_24X7, '2026-03-07T12:00:00-05:00', '2026-03-08T12:00:00-04:00', 23 * H],
    ['24x7 a day', CALENDAR_24X7, '2026-03-10T17:00:00Z', '2026-03-11T18:00:00Z', 25 * H],
  ])('should measure %s', (_label, cal, from, to, ms) => {
    expect(businessElapsedMs(at(from), at(to), cal)).toBe(ms);
  });

  it('should refuse a range of more than 20 years on a business calendar', () => {
    expect(() => businessElapsedMs(at('2000-01-01T00:00:00Z'), at('2030-01-01T00:00:00Z'), SHANGHAI)).toThrow(
      expect.objectContaining({ code: 'SLA.RANGE_TOO_LONG' }),
    );
  });
});

describe(addWorkingMs.name, () => {
  it.each([
    ['0 ms is the start itself', '2026-03-14T10:00:00+08:00', 0, '2026-03-14T10:00:00+08:00'],
    ['1 ms from Sat → Mon 09:00:00.001', '2026-03-14T10:00:00+08:00', 1, '2026-03-16T09:00:00.001+08:00'],
    ['7 h 12 min from Tue 17:00 → Wed 15:12', '2026-03-10T17:00:00+08:00', 7.2 * H, '2026-03-11T15:12:00+08:00'],
  ])('should add %s', (_label, start, ms, expected) => {
    expect(addWorkingMs(at(start), ms, SHANGHAI).toISOString()).toBe(at(expected).toISOString());
  });

  it('should add plainly on 24x7', () => {
    expect(addWorkingMs(at('2026-03-14T10:00:00Z'), H, CALENDAR_24X7).toISOString()).toBe('2026-03-14T11:00:00.000Z');
  });

  it.each([-1, NaN, 400 * 24 * H])('should refuse %d ms', (ms) => {
    expect(() => addWorkingMs(at('2026-03-14T10:00:00Z'), ms, SHANGHAI)).toThrow(SlaError);
  });
});

describe(isWorkingTime.name, () => {
  it.each([
    ['Tue 09:00 (opening)', '2026-03-10T09:00:00+08:00', true],
    ['Tue 17:59:59', '2026-03-10T17:59:59+08:00', true],
    ['Tue 18:00 (closing)', '2026-03-10T18:00:00+08:00', false],
    ['Tue 08:59', '2026-03-10T08:59:00+08:00', false],
    ['Sat 12:00', '2026-03-14T12:00:00+08:00', false],
  ])('should say %s → %s', (_label, t, expected) => {
    expect(isWorkingTime(at(t), SHANGHAI)).toBe(expected);
  });

  it('should always be working time on 24x7', () => {
    expect(isWorkingTime(at('2026-03-14T03:00:00Z'), CALENDAR_24X7)).toBe(true);
  });
});

describe(isValidSlaTarget.name, () => {
  it.each([
    ['PT1H', true],
    ['P1D', true],
    ['PT30S', true],
    ['P365D', true],
    ['P52W', true],
    ['PT0S', false],
    ['P0D', false],
    ['P366D', false],
    ['P1M', false],
    [undefined, false],
  ])('should say %j → %s', (target, ok) => {
    expect(isValidSlaTarget(target)).toBe(ok);
  });
});
