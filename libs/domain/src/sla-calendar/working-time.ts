/**
 * Internal engine: local days, wall times and working windows of a calendar, in its IANA time zone.
 * Not exported from the folder's index.
 *
 * A "day number" (dn) is the local calendar date as days since 1970-01-01. A working window is the pair of
 * instants (epoch ms) `[open, close]` of that date's working hours, resolved in the calendar's zone, so a day
 * with a DST change still opens at 09:00 and closes at 18:00 local time. Wall times that do not exist (spring
 * forward gap) resolve forward by the gap (02:30 → 03:30), as luxon does; ambiguous wall times (fall back)
 * resolve to the EARLIER instant (stricter for a due time).
 */
import { IANAZone } from 'luxon';
import { SlaError } from '../durations/sla.errors';
import {
  type CalendarSpec,
  DEFAULT_EXTRA_DAY_HOURS,
  WEEKDAYS,
  is24x7,
  isValidLocalDate,
  isValidTimeZone,
  parseWallTime,
} from './calendar-spec';

export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Calendar days scanned at most while looking for working time (guards calendars with almost none). */
export const MAX_SCAN_DAYS = 10 * 366;

export interface Window {
  open: number;
  close: number;
}

export interface CompiledCalendar {
  spec: CalendarSpec;
  plain: boolean;
  zone: IANAZone;
  /** index 0 = Monday … 6 = Sunday; minutes since local midnight. */
  hours: ([number, number] | null)[];
  extraHours: [number, number];
  holidays: Set<string>;
  extra: Set<string>;
}

function parseWindow(w: unknown): [number, number] | null {
  if (!Array.isArray(w) || w.length !== 2) return null;
  const open = parseWallTime(w[0]);
  const close = parseWallTime(w[1], true);
  return open !== null && close !== null && close > open ? [open, close] : null;
}

export function compileCalendar(spec: CalendarSpec): CompiledCalendar {
  if (!spec || typeof spec !== 'object') throw new SlaError('SLA.INVALID_CALENDAR', 'a calendar is required');
  const plain = is24x7(spec);
  if (!plain && !isValidTimeZone(spec.timeZone)) {
    throw new SlaError('SLA.INVALID_CALENDAR', `calendar ${spec.id}: unknown time zone "${spec.timeZone}"`, {
      calendarId: spec.id,
    });
  }
  const zone = IANAZone.create(plain && !isValidTimeZone(spec.timeZone) ? 'UTC' : spec.timeZone);
  const hours = WEEKDAYS.map((d) => {
    const raw = spec.workingHours?.[d];
    if (raw === undefined || raw === null) return null;
    const w = parseWindow(raw);
    if (!w) {
      throw new SlaError('SLA.INVALID_CALENDAR', `calendar ${spec.id}: bad working hours for ${d}`, {
        calendarId: spec.id,
        day: d,
      });
    }
    return w;
  });
  const extraHours = hours[0] ?? (parseWindow(DEFAULT_EXTRA_DAY_HOURS) as [number, number]);
  const dates = (list: readonly string[] | undefined, field: string): Set<string> => {
    const out = new Set<string>();
    for (const d of list ?? []) {
      if (!isValidLocalDate(d)) {
        throw new SlaError('SLA.INVALID_CALENDAR', `calendar ${spec.id}: bad date "${d}" in ${field}`, {
          calendarId: spec.id,
        });
      }
      out.add(d);
    }
    return out;
  };
  return {
    spec,
    plain,
    zone,
    hours,
    extraHours,
    holidays: dates(spec.holidays, 'holidays'),
    extra: dates(spec.extraWorkingDays, 'extraWorkingDays'),
  };
}

/**
 * Offset of the zone at an instant, in ms. Asking Intl costs ~4 µs, so offsets are memoised per zone and
 * 15-minute UTC bucket: a bucket whose first and last millisecond have the same offset has that offset
 * throughout (no zone changes offset twice within 15 minutes); a bucket holding a transition is marked and
 * answered exactly every time. Exact, pure and bounded.
 */
const BUCKET_MS = 15 * MINUTE_MS;
const offsetMemo = new Map<string, Map<number, number>>();
const OFFSET_MEMO_MAX = 100_000;

function offsetMs(cal: CompiledCalendar, t: number): number {
  let memo = offsetMemo.get(cal.zone.name);
  if (!memo) offsetMemo.set(cal.zone.name, (memo = new Map()));
  const b = Math.floor(t / BUCKET_MS);
  let v = memo.get(b);
  if (v === undefined) {
    const first = cal.zone.offset(b * BUCKET_MS);
    const last = cal.zone.offset((b + 1) * BUCKET_MS - 1);
    v = first === last ? first * MINUTE_MS : NaN;
    if (memo.size >= OFFSET_MEMO_MAX) memo.clear();
    memo.set(b, v);
  }
  return Number.isNaN(v) ? cal.zone.offset(t) * MINUTE_MS : v;
}

/** Local day number and ms since local midnight of an instant. */
export function toLocal(cal: CompiledCalendar, t: number): { dn: number; msOfDay: number } {
  const wall = t + offsetMs(cal, t);
  const dn = Math.floor(wall / DAY_MS);
  return { dn, msOfDay: wall - dn * DAY_MS };
}

/**
 * The instant of a local wall time (`msOfDay` may be 0 … 24 h; 24 h means the next midnight).
 * Gap → shifted forward by the gap; fold → the earlier instant.
 */
export function toInstant(cal: CompiledCalendar, dn: number, msOfDay: number): number {
  const wall = dn * DAY_MS + msOfDay;
  const before = offsetMs(cal, wall - DAY_MS);
  const after = offsetMs(cal, wall + DAY_MS);
  let best: number | null = null;
  for (const o of before === after ? [before] : [before, after]) {
    const t = wall - o;
    if (offsetMs(cal, t) === o && (best === null || t < best)) best = t;
  }
  if (best !== null) return best;
  // Neither offset round-trips: the wall time falls in a gap. Read it with the offset in force before it.
  return wall - before;
}

export function dayKey(dn: number): string {
  return new Date(dn * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayIndex(dn: number): number {
  return (((dn + 3) % 7) + 7) % 7;
}

/** Working hours (minutes) of a local date, or null when it has no working time. */
export function hoursOf(cal: CompiledCalendar, dn: number): [number, number] | null {
  const key = dayKey(dn);
  if (cal.holidays.has(key)) return null;
  const own = cal.hours[weekdayIndex(dn)];
  if (own) return own;
  return cal.extra.has(key) ? cal.extraHours : null;
}

/**
 * Memo of resolved windows (zone + date + hours → instants). Resolving a wall time costs a few time-zone
 * offset look-ups (~4 µs each through Intl); sweeps recompute thousands of clocks over the same few weeks,
 * so the memo makes them cheap. Pure (same input, same output) and bounded.
 */
const windowMemo = new Map<string, Window | null>();
const WINDOW_MEMO_MAX = 50_000;

/** The working window of a local date as instants, or null (also for a window a DST gap swallowed). */
export function windowOf(cal: CompiledCalendar, dn: number): Window | null {
  const h = hoursOf(cal, dn);
  if (!h) return null;
  const key = `${cal.zone.name}|${dn}|${h[0]}|${h[1]}`;
  const memo = windowMemo.get(key);
  if (memo !== undefined) return memo;
  const open = toInstant(cal, dn, h[0] * MINUTE_MS);
  const close = toInstant(cal, dn, h[1] * MINUTE_MS);
  const w = close > open ? Object.freeze({ open, close }) : null;
  if (windowMemo.size >= WINDOW_MEMO_MAX) windowMemo.clear();
  windowMemo.set(key, w);
  return w;
}

export function noWorkingTime(cal: CompiledCalendar): SlaError {
  return new SlaError(
    'SLA.NO_WORKING_TIME',
    `calendar ${cal.spec.id} has no working time within ${MAX_SCAN_DAYS} days`,
    { calendarId: cal.spec.id },
  );
}
