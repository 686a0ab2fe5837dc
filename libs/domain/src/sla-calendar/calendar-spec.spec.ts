import {
  CALENDAR_24X7,
  type CalendarSpec,
  DEFAULT_BUSINESS_HOURS,
  defaultBusinessCalendar,
  is24x7,
  isValidLocalDate,
  isValidTimeZone,
  validateCalendar,
} from './calendar-spec';
import { CHINA_2026_HOLIDAYS } from './china-2026-holidays';

const ALL_DAY = ['00:00', '24:00'] as const;
const ALL_WEEK = { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY };

function calendar(partial: Partial<CalendarSpec>): CalendarSpec {
  return { id: 'c', timeZone: 'Asia/Shanghai', workingHours: { ...DEFAULT_BUSINESS_HOURS }, holidays: [], extraWorkingDays: [], ...partial };
}

describe('CALENDAR_24X7', () => {
  it('should be the built-in 24x7 calendar, frozen', () => {
    expect(CALENDAR_24X7.id).toBe('24x7');
    expect(CALENDAR_24X7.workingHours.sun).toEqual(['00:00', '24:00']);
    expect(Object.isFrozen(CALENDAR_24X7)).toBe(true);
    expect(Object.isFrozen(CALENDAR_24X7.workingHours)).toBe(true);
    expect(validateCalendar(CALENDAR_24X7)).toEqual({});
  });
});

describe(defaultBusinessCalendar.name, () => {
  it('should be Monday–Friday 09:00–18:00 in the given zone, with its own copies of the hours', () => {
    const cal = defaultBusinessCalendar('business', 'Asia/Shanghai');
    expect(cal).toEqual({
      id: 'business',
      timeZone: 'Asia/Shanghai',
      workingHours: { mon: ['09:00', '18:00'], tue: ['09:00', '18:00'], wed: ['09:00', '18:00'], thu: ['09:00', '18:00'], fri: ['09:00', '18:00'] },
      holidays: [],
      extraWorkingDays: [],
    });
    expect(cal.workingHours.mon).not.toBe(DEFAULT_BUSINESS_HOURS.mon);
    expect(validateCalendar(cal)).toEqual({});
  });
});

describe(is24x7.name, () => {
  it.each([
    ['the built-in calendar', CALENDAR_24X7, true],
    ['any calendar with id 24x7', calendar({ id: '24x7' }), true],
    ['all days 00:00–24:00 without holidays, any zone', calendar({ timeZone: 'America/New_York', workingHours: ALL_WEEK }), true],
    ['all days 00:00–24:00 with extra working days (irrelevant)', calendar({ workingHours: ALL_WEEK, extraWorkingDays: ['2026-02-14'] }), true],
    ['all days 00:00–24:00 but a holiday', calendar({ workingHours: ALL_WEEK, holidays: ['2026-10-01'] }), false],
    ['six days 00:00–24:00', calendar({ workingHours: { ...ALL_WEEK, sun: undefined } }), false],
    ['a day 00:00–23:59', calendar({ workingHours: { ...ALL_WEEK, sun: ['00:00', '23:59'] } }), false],
    ['the business calendar', defaultBusinessCalendar(), false],
  ])('should say %s → %s', (_label, cal, expected) => {
    expect(is24x7(cal)).toBe(expected);
  });
});

describe(validateCalendar.name, () => {
  const e = (code: string, message: unknown = expect.any(String)) => ({ code, message });
  it.each([
    ['a valid business calendar', calendar({}), {}],
    ['24:00 as an end', calendar({ workingHours: { sat: ['10:00', '24:00'] } }), {}],
    ['an unknown time zone', calendar({ timeZone: 'Mars/Olympus_Mons' }), { timeZone: e('NOT_ALLOWED', expect.stringMatching(/IANA/)) }],
    ['an empty time zone', calendar({ timeZone: '' }), { timeZone: e('NOT_ALLOWED') }],
    ['an end before the start', calendar({ workingHours: { mon: ['18:00', '09:00'] } }), { 'workingHours.mon': e('OUT_OF_RANGE', 'the end must be after the start') }],
    ['an end equal to the start', calendar({ workingHours: { mon: ['09:00', '09:00'] } }), { 'workingHours.mon': e('OUT_OF_RANGE', 'the end must be after the start') }],
    ['a malformed time', calendar({ workingHours: { mon: ['9:00', '18:00'] } }), { 'workingHours.mon': e('PATTERN', expect.stringMatching(/HH:MM/)) }],
    ['24:00 as a start', calendar({ workingHours: { mon: ['24:00', '24:00'] } }), { 'workingHours.mon': e('PATTERN', expect.stringMatching(/HH:MM/)) }],
    ['24:30', calendar({ workingHours: { mon: ['09:00', '24:30'] } }), { 'workingHours.mon': e('PATTERN', expect.stringMatching(/HH:MM/)) }],
    ['one time only', calendar({ workingHours: { mon: ['09:00'] as unknown as [string, string] } }), { 'workingHours.mon': e('INVALID_TYPE') }],
    ['an unknown weekday', calendar({ workingHours: { monday: ['09:00', '18:00'] } as never }), { 'workingHours.monday': e('NOT_ALLOWED', expect.stringMatching(/unknown weekday/)) }],
    ['no working hours at all', calendar({ workingHours: {} }), { workingHours: e('REQUIRED', expect.stringMatching(/at least one/)) }],
    ['working hours not an object', calendar({ workingHours: [] as never }), { workingHours: e('INVALID_TYPE') }],
    ['an impossible holiday', calendar({ holidays: ['2026-02-29'] }), { 'holidays.0': e('INVALID_DATE', 'must be a date YYYY-MM-DD') }],
    ['a malformed holiday', calendar({ holidays: ['2026-10-01', '1/10/2026'] }), { 'holidays.1': e('INVALID_DATE', 'must be a date YYYY-MM-DD') }],
    ['a duplicate holiday', calendar({ holidays: ['2026-10-01', '2026-10-01'] }), { 'holidays.1': e('NOT_ALLOWED', '2026-10-01 is listed twice') }],
    ['holidays not a list', calendar({ holidays: '2026-10-01' as never }), { holidays: e('INVALID_TYPE') }],
    ['a bad extra working day', calendar({ extraWorkingDays: ['2026-13-01'] }), { 'extraWorkingDays.0': e('INVALID_DATE', 'must be a date YYYY-MM-DD') }],
    [
      'a date both holiday and extra working day',
      calendar({ holidays: ['2026-02-14'], extraWorkingDays: ['2026-02-14'] }),
      { 'extraWorkingDays.0': e('NOT_ALLOWED', '2026-02-14 is also listed as a holiday') },
    ],
  ])('should check %s', (_label, cal, errors) => {
    expect(validateCalendar(cal)).toEqual(errors);
  });

  it('should survive garbage', () => {
    const missing = { timeZone: e('REQUIRED'), workingHours: e('REQUIRED') };
    expect(validateCalendar({} as never)).toEqual(missing);
    expect(validateCalendar(null as never)).toEqual(missing);
  });
});

describe(isValidLocalDate.name, () => {
  it.each([
    ['2026-02-28', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-04-31', false],
    ['2026-4-1', false],
    ['20260401', false],
    [20260401, false],
  ])('should say %j → %s', (s, ok) => {
    expect(isValidLocalDate(s)).toBe(ok);
  });
});

describe(isValidTimeZone.name, () => {
  it.each([
    ['Asia/Shanghai', true],
    ['America/New_York', true],
    ['Europe/Berlin', true],
    ['UTC', true],
    ['Mars/Olympus_Mons', false],
    ['', false],
    [undefined, false],
  ])('should say %j → %s', (zone, ok) => {
    expect(isValidTimeZone(zone)).toBe(ok);
  });
});

describe('CHINA_2026_HOLIDAYS', () => {
  const weekday = (d: string): number => new Date(`${d}T00:00:00Z`).getUTCDay();

  it('should list the announced breaks: 33 days off', () => {
    expect(CHINA_2026_HOLIDAYS.holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(CHINA_2026_HOLIDAYS.holidays).toEqual(
      expect.arrayContaining(['2026-01-01', '2026-02-15', '2026-02-23', '2026-04-06', '2026-05-05', '2026-06-19', '2026-09-27', '2026-10-07']),
    );
  });

  it('should put every make-up working day on a weekend, none of them a holiday', () => {
    expect(CHINA_2026_HOLIDAYS.extraWorkingDays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    for (const d of CHINA_2026_HOLIDAYS.extraWorkingDays) {
      expect([0, 6]).toContain(weekday(d));
      expect(CHINA_2026_HOLIDAYS.holidays).not.toContain(d);
    }
  });

  it('should validate as calendar data', () => {
    expect(
      validateCalendar(calendar({ holidays: [...CHINA_2026_HOLIDAYS.holidays], extraWorkingDays: [...CHINA_2026_HOLIDAYS.extraWorkingDays] })),
    ).toEqual({});
  });
});
