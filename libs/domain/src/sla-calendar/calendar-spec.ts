/**
 * Calendars for SLA clocks (docs/domain.md "SLA policy / clock", docs/api.md "SLA": `/api/calendars`).
 *
 * Decisions (the spec is silent on these):
 * - `workingHours` maps a weekday to ONE window `[open, close]` of local wall times `HH:MM`; `close` may be
 *   `24:00` (end of the day). A weekday that is absent has no working time. Split shifts are not modelled.
 * - `holidays` and `extraWorkingDays` are local dates `YYYY-MM-DD` in the calendar's time zone.
 *   A holiday has no working time at all. An extra working day (China's make-up working weekends, 调休)
 *   works with its own weekday's hours when the calendar has any for that weekday, otherwise with Monday's
 *   hours, otherwise 09:00–18:00 (`DEFAULT_EXTRA_DAY_HOURS`). A date listed in both lists is a holiday
 *   (holiday wins) and `validateCalendar` reports it.
 * - `is24x7`: the built-in id `24x7`, or any calendar with 00:00–24:00 every day and no holidays. Such a
 *   calendar measures plain elapsed time (a day is 24 h even across DST), whatever its time zone.
 * - Treat specs as immutable values; nothing here caches by identity.
 */
import { IANAZone } from 'luxon';
import type { FieldErrors } from '../errors';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `[open, close]` as local `HH:MM`; close may be `24:00`. */
export type WorkingWindow = readonly [string, string];

export interface CalendarSpec {
  id: string;
  /** IANA time zone, e.g. `Asia/Shanghai`; all working hours and dates are local to it. */
  timeZone: string;
  workingHours: Partial<Record<Weekday, WorkingWindow>>;
  /** Local dates `YYYY-MM-DD` without working time. */
  holidays: readonly string[];
  /** Local dates `YYYY-MM-DD` that are working days even on a weekend (调休). */
  extraWorkingDays: readonly string[];
}

export const CALENDAR_24X7_ID = '24x7';
/** Id of the seeded Monday–Friday business calendar (migration seed; DEFAULT_SLA_POLICIES use it). */
export const BUSINESS_CALENDAR_ID = 'business';

const ALL_DAY: WorkingWindow = Object.freeze(['00:00', '24:00'] as const);

function freezeSpec(spec: CalendarSpec): CalendarSpec {
  Object.values(spec.workingHours).forEach((w) => Object.freeze(w));
  Object.freeze(spec.workingHours);
  Object.freeze(spec.holidays);
  Object.freeze(spec.extraWorkingDays);
  return Object.freeze(spec);
}

/** The built-in around-the-clock calendar (plain elapsed time). */
export const CALENDAR_24X7: CalendarSpec = freezeSpec({
  id: CALENDAR_24X7_ID,
  timeZone: 'UTC',
  workingHours: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
  holidays: [],
  extraWorkingDays: [],
});

/** docs/domain.md: the default business calendar is Monday–Friday 09:00–18:00. */
export const DEFAULT_BUSINESS_HOURS: Readonly<Partial<Record<Weekday, WorkingWindow>>> = Object.freeze({
  mon: ['09:00', '18:00'],
  tue: ['09:00', '18:00'],
  wed: ['09:00', '18:00'],
  thu: ['09:00', '18:00'],
  fri: ['09:00', '18:00'],
} as Partial<Record<Weekday, WorkingWindow>>);

/** Hours of an extra working day when the calendar has none for its weekday nor for Monday. */
export const DEFAULT_EXTRA_DAY_HOURS: WorkingWindow = Object.freeze(['09:00', '18:00'] as const);

/** A business calendar with the default hours (caller picks id and zone, e.g. from DEFAULT_TIME_ZONE). */
export function defaultBusinessCalendar(id: string = BUSINESS_CALENDAR_ID, timeZone = 'UTC'): CalendarSpec {
  const workingHours: Partial<Record<Weekday, WorkingWindow>> = {};
  for (const [d, w] of Object.entries(DEFAULT_BUSINESS_HOURS)) workingHours[d as Weekday] = [w[0], w[1]];
  return { id, timeZone, workingHours, holidays: [], extraWorkingDays: [] };
}

export function is24x7(cal: CalendarSpec): boolean {
  if (cal.id === CALENDAR_24X7_ID) return true;
  if ((cal.holidays ?? []).length > 0) return false;
  return WEEKDAYS.every((d) => {
    const w = cal.workingHours?.[d];
    return !!w && w[0] === '00:00' && w[1] === '24:00';
  });
}

const HHMM_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes since local midnight of `HH:MM` (00:00–23:59), or of `24:00` when `allow24` (1440); else null. */
export function parseWallTime(s: unknown, allow24 = false): number | null {
  if (typeof s !== 'string') return null;
  if (allow24 && s === '24:00') return 1440;
  const m = HHMM_RE.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** True for a real calendar date written `YYYY-MM-DD` (2026-02-30 is not). */
export function isValidLocalDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1970 && y <= 9999 && dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** Zone validity is costly to ask Intl (~40 µs) and never changes within a process: memoised. */
const zoneValidity = new Map<string, boolean>();

export function isValidTimeZone(s: unknown): s is string {
  if (typeof s !== 'string' || s.length === 0 || s.length > 64) return false;
  let ok = zoneValidity.get(s);
  if (ok === undefined) {
    ok = IANAZone.isValidZone(s);
    if (zoneValidity.size > 1_000) zoneValidity.clear();
    zoneValidity.set(s, ok);
  }
  return ok;
}

/**
 * Field errors of a calendar as submitted (keys are field paths for react-admin: `timeZone`,
 * `workingHours.mon`, `holidays.3`, …); an empty object when valid. Defensive: takes whatever the API got.
 */
export function validateCalendar(spec: Partial<CalendarSpec> | Record<string, unknown>): FieldErrors {
  const errors: FieldErrors = {};
  const s = (spec ?? {}) as Record<string, unknown>;

  if (!isValidTimeZone(s['timeZone'])) {
    errors['timeZone'] = { code: s['timeZone'] === undefined || s['timeZone'] === null ? 'REQUIRED' : 'NOT_ALLOWED', message: 'must be an IANA time zone such as Asia/Shanghai or UTC' };
  }

  const wh = s['workingHours'];
  if (wh === null || typeof wh !== 'object' || Array.isArray(wh)) {
    errors['workingHours'] = { code: wh === undefined || wh === null ? 'REQUIRED' : 'INVALID_TYPE', message: 'must map weekdays (mon … sun) to ["HH:MM", "HH:MM"]' };
  } else {
    let anyWorking = false;
    for (const [day, w] of Object.entries(wh as Record<string, unknown>)) {
      const key = `workingHours.${day}`;
      if (!(WEEKDAYS as readonly string[]).includes(day)) {
        errors[key] = { code: 'NOT_ALLOWED', message: 'unknown weekday: use mon, tue, wed, thu, fri, sat, sun' };
        continue;
      }
      if (w === undefined || w === null) continue; // no working time that day
      if (!Array.isArray(w) || w.length !== 2) {
        errors[key] = { code: 'INVALID_TYPE', message: 'must be ["HH:MM", "HH:MM"] (start and end)' };
        continue;
      }
      const open = parseWallTime(w[0]);
      const close = parseWallTime(w[1], true);
      if (open === null || close === null) {
        errors[key] = { code: 'PATTERN', message: 'times must be HH:MM (00:00–23:59; the end may be 24:00)' };
      } else if (close <= open) {
        errors[key] = { code: 'OUT_OF_RANGE', message: 'the end must be after the start' };
      } else {
        anyWorking = true;
      }
    }
    if (!anyWorking && !errors['workingHours'] && !Object.keys(errors).some((k) => k.startsWith('workingHours.'))) {
      errors['workingHours'] = { code: 'REQUIRED', message: 'at least one weekday must have working hours' };
    }
  }

  const holidays = checkDates(s['holidays'], 'holidays', errors);
  const extra = checkDates(s['extraWorkingDays'], 'extraWorkingDays', errors);
  extra.forEach((d, i) => {
    if (d !== null && holidays.includes(d) && !errors[`extraWorkingDays.${i}`]) {
      errors[`extraWorkingDays.${i}`] = { code: 'NOT_ALLOWED', message: `${d} is also listed as a holiday` };
    }
  });
  return errors;
}

function checkDates(v: unknown, field: string, errors: FieldErrors): (string | null)[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    errors[field] = { code: 'INVALID_TYPE', message: 'must be a list of dates YYYY-MM-DD' };
    return [];
  }
  const seen = new Set<string>();
  return v.map((d, i) => {
    if (!isValidLocalDate(d)) {
      errors[`${field}.${i}`] = { code: 'INVALID_DATE', message: 'must be a date YYYY-MM-DD' };
      return null;
    }
    if (seen.has(d)) errors[`${field}.${i}`] = { code: 'NOT_ALLOWED', message: `${d} is listed twice` };
    seen.add(d);
    return d;
  });
}
