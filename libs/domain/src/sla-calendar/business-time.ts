/**
 * Business durations (docs/domain.md "Rules in detail": Business durations).
 *
 * On a 24x7 calendar (`is24x7`) a target is a plain duration: `P1D` = 24 h of elapsed time, also across DST.
 *
 * On a business calendar, with working windows `[open, close]` per local date in the calendar's zone:
 *
 * - Working time is the real elapsed time inside working windows. A window is local wall-clock hours
 *   (09:00–18:00 opens at 09:00 and closes at 18:00 local also on a DST day); if a window itself spans a DST
 *   change (e.g. 00:00–24:00 on the changeover Sunday) it holds 23 or 25 h of working time.
 *
 * - `PTnH` / `PTnM` / `PTnS`: n working hours / minutes / seconds, consumed window by window. The due time is
 *   the EARLIEST instant at which that much working time has elapsed, so it may be a closing time:
 *   Tue 09:00 + PT9H = Tue 18:00 (not Wed 09:00); Tue 17:00 + PT2H = Wed 10:00 (09–18).
 *
 * - `PnD`: n working days, "same local wall-clock time n working days later":
 *   1. Effective start S: the start itself when it lies in a working window of its local date, both ends
 *      included (Tue 18:00 exactly is still Tue); otherwise the next opening (before opening → that day's
 *      opening; after closing, on a non-working day or a holiday → the next working day's opening).
 *   2. Count n working days after S's date (holidays and days without hours are skipped, extra working days
 *      count even on a weekend).
 *   3. Due = that day at S's local wall time, clamped into that day's window (only matters when days have
 *      different hours, e.g. Fri 17:00 + P1D where Saturday is an extra working day with 09:00–15:00 →
 *      Sat 15:00). So the target day is never a holiday: a holiday is simply not counted.
 *   Examples (Mon–Fri 09:00–18:00): Tue 17:00 → Wed 17:00; Fri 17:00 → Mon 17:00; Sat 10:00 → (Mon 09:00)
 *   → Tue 09:00; Tue 19:00 → (Wed 09:00) → Thu 09:00; Tue 08:00 → (Tue 09:00) → Wed 09:00;
 *   Tue 18:00 → Wed 18:00 (same working time elapsed as Thu 09:00, and the earlier instant).
 *
 * - `PnW`: n working weeks = 5n working days (the day rule above); on 24x7, 7n calendar days.
 *
 * - Mixed `PnDTnH…`: the day rule first, then the working hours from the day rule's result
 *   (Tue 17:00 + P1DT4H → Wed 17:00 → Thu 12:00).
 *
 * - A zero target returns the start unchanged. Targets longer than `MAX_SLA_TARGET_DAYS` (365 days, plain
 *   length with weeks as 7 days) are refused, which caps the iteration: everything is O(calendar days spanned),
 *   with at most `MAX_SCAN_DAYS` scanned.
 */
import { durationToMs, parseIsoDuration, type IsoDuration } from '../durations/iso-duration';
import { SlaError } from '../durations/sla.errors';
import type { CalendarSpec } from './calendar-spec';
import {
  type CompiledCalendar,
  DAY_MS,
  MAX_SCAN_DAYS,
  compileCalendar,
  noWorkingTime,
  toInstant,
  toLocal,
  windowOf,
} from './working-time';

export const MAX_SLA_TARGET_DAYS = 365;
const MAX_SLA_TARGET_MS = MAX_SLA_TARGET_DAYS * DAY_MS;
/** Longest range `businessElapsedMs` walks day by day. */
const MAX_ELAPSED_RANGE_DAYS = 20 * 366;
/** Working days in a working week (`PnW` on a business calendar). */
export const WORKING_DAYS_PER_WEEK = 5;

/** Parses and bounds an SLA target (non-zero, at most 365 days); throws SlaError otherwise. */
export function parseSlaTarget(target: string): Required<IsoDuration> {
  const d = parseIsoDuration(target);
  const ms = durationToMs(d);
  if (ms > MAX_SLA_TARGET_MS) {
    throw new SlaError('SLA.DURATION_TOO_LONG', `"${target}" is too long: an SLA target is at most ${MAX_SLA_TARGET_DAYS} days`, {
      value: target,
    });
  }
  return d;
}

/** A usable SLA target: a valid duration, longer than zero, at most 365 days. */
export function isValidSlaTarget(target: unknown): boolean {
  if (typeof target !== 'string') return false;
  try {
    return durationToMs(parseSlaTarget(target)) > 0;
  } catch {
    return false;
  }
}

function toMs(d: Date, name: string): number {
  const t = d instanceof Date ? d.getTime() : NaN;
  if (!Number.isFinite(t)) throw new SlaError('SLA.INVALID_DURATION', `${name} must be a valid date`, { field: name });
  return t;
}

/** The due instant of `target` started at `start` on `cal` (semantics in the file comment). */
export function addBusinessDuration(start: Date, target: string, cal: CalendarSpec): Date {
  const startMs = toMs(start, 'start');
  const d = parseSlaTarget(target);
  const c = compileCalendar(cal);
  if (c.plain) return new Date(startMs + durationToMs(d));
  const days = d.weeks * WORKING_DAYS_PER_WEEK + d.days;
  const timeMs = durationToMs({ days: 0, hours: d.hours, minutes: d.minutes, seconds: d.seconds });
  let t = startMs;
  if (days > 0) t = addWorkingDaysMs(c, t, days);
  if (timeMs > 0) t = addWorkingMsRaw(c, t, timeMs);
  return new Date(t);
}

/** The earliest instant at which `ms` of working time has elapsed since `start` (plain on 24x7). */
export function addWorkingMs(start: Date, ms: number, cal: CalendarSpec): Date {
  const startMs = toMs(start, 'start');
  if (!Number.isFinite(ms) || ms < 0) {
    throw new SlaError('SLA.INVALID_DURATION', `working time must be a non-negative number of ms, got ${ms}`);
  }
  if (ms > MAX_SLA_TARGET_MS) {
    throw new SlaError('SLA.DURATION_TOO_LONG', `working time is at most ${MAX_SLA_TARGET_DAYS} days`);
  }
  const c = compileCalendar(cal);
  return new Date(c.plain ? startMs + ms : addWorkingMsRaw(c, startMs, ms));
}

/** Working ms between two instants (plain elapsed ms on 24x7); 0 when `to` is not after `from`. */
export function businessElapsedMs(from: Date, to: Date, cal: CalendarSpec): number {
  const a = toMs(from, 'from');
  const b = toMs(to, 'to');
  if (b <= a) return 0;
  const c = compileCalendar(cal);
  if (c.plain) return b - a;
  if (b - a > MAX_ELAPSED_RANGE_DAYS * DAY_MS) {
    throw new SlaError('SLA.RANGE_TOO_LONG', `range too long for working-time arithmetic (max ${MAX_ELAPSED_RANGE_DAYS} days)`);
  }
  const first = toLocal(c, a).dn;
  const last = toLocal(c, b).dn;
  let total = 0;
  for (let dn = first; dn <= last; dn++) {
    const w = windowOf(c, dn);
    if (!w) continue;
    const s = Math.max(w.open, a);
    const e = Math.min(w.close, b);
    if (e > s) total += e - s;
  }
  return total;
}

/** True when `at` lies inside a working window (always on 24x7). Windows include their opening, not their closing. */
export function isWorkingTime(at: Date, cal: CalendarSpec): boolean {
  const t = toMs(at, 'at');
  const c = compileCalendar(cal);
  if (c.plain) return true;
  const w = windowOf(c, toLocal(c, t).dn);
  return !!w && t >= w.open && t < w.close;
}

// ---------------------------------------------------------------------------------------------------------

function addWorkingMsRaw(c: CompiledCalendar, startMs: number, ms: number): number {
  if (ms <= 0) return startMs;
  let remaining = ms;
  const first = toLocal(c, startMs).dn;
  for (let dn = first; dn < first + MAX_SCAN_DAYS; dn++) {
    const w = windowOf(c, dn);
    if (!w) continue;
    const s = Math.max(w.open, startMs);
    if (s >= w.close) continue;
    const available = w.close - s;
    if (remaining <= available) return s + remaining;
    remaining -= available;
  }
  throw noWorkingTime(c);
}

function addWorkingDaysMs(c: CompiledCalendar, startMs: number, days: number): number {
  // 1. Effective start: in a window of its own date (ends included), else the next opening.
  const startDn = toLocal(c, startMs).dn;
  let sDn: number | null = null;
  let sMs = 0;
  for (let dn = startDn; dn < startDn + MAX_SCAN_DAYS; dn++) {
    const w = windowOf(c, dn);
    if (!w) continue;
    if (dn === startDn) {
      if (startMs > w.close) continue;
      sMs = Math.max(startMs, w.open);
    } else {
      sMs = w.open;
    }
    sDn = dn;
    break;
  }
  if (sDn === null) throw noWorkingTime(c);
  // S's wall time, relative to S's own date (a 24:00 close gives 24 h, not 00:00 of the next date).
  const local = toLocal(c, sMs);
  const wallMs = local.msOfDay + (local.dn - sDn) * DAY_MS;

  // 2. n working days later.
  let dn = sDn;
  let counted = 0;
  let w = null as ReturnType<typeof windowOf>;
  while (counted < days) {
    dn++;
    if (dn - sDn > MAX_SCAN_DAYS) throw noWorkingTime(c);
    w = windowOf(c, dn);
    if (w) counted++;
  }
  if (!w) return sMs; // days === 0 (callers do not pass it)

  // 3. Same wall time, clamped into that day's window.
  const due = toInstant(c, dn, wallMs);
  return Math.min(Math.max(due, w.open), w.close);
}
