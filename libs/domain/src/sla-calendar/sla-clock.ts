/**
 * SLA clocks of case stages (docs/domain.md "SLA policy / clock", "Rules in detail": Clocks).
 *
 * Decisions (the spec is silent on these):
 * - `warnAt` is the instant at which `warnAtPercent`% of the clock's working time has elapsed:
 *   businessElapsedMs(startedAt, warnAt) = floor(pct/100 × businessElapsedMs(startedAt, dueAt)), the earliest
 *   such instant (on 24x7 plainly startedAt + pct% of the duration). Floor to the ms, so warnAt ≤ dueAt.
 * - `warnAtPercent` must be a number with 0 < pct < 100 (the table allows integers 1..99).
 * - `clockStateAt`: an ended clock keeps its ending whatever the times say — met, then waived, then
 *   cancelled (a clock has at most one of them in practice). Otherwise breached when `breachedAt` is recorded
 *   or `now ≥ dueAt`; warning when `warnedAt` is recorded or `now ≥ warnAt`; else on_track. Recorded times are
 *   trusted as set (they are never in the future of the caller's `now` in normal operation).
 * - No pauses in this version (the table has `paused_ms`, always 0).
 */
import type { ClockState, Stage } from '@sentinel/contracts';
import { SlaError } from '../durations/sla.errors';
import { addBusinessDuration, addWorkingMs, businessElapsedMs } from './business-time';
import { BUSINESS_CALENDAR_ID, CALENDAR_24X7_ID, type CalendarSpec, is24x7 } from './calendar-spec';

export const DEFAULT_WARN_AT_PERCENT = 80;

export interface SlaPolicySpec {
  /** ISO 8601 duration, e.g. `PT1H`, `P1D`. */
  target: string;
  calendarId: string;
  warnAtPercent: number;
}

/** docs/domain.md "Case lifecycle" default SLAs (the migration seeds the same rows). */
export const DEFAULT_SLA_POLICIES: Readonly<Record<Stage, Readonly<SlaPolicySpec>>> = Object.freeze({
  freeze: Object.freeze({ target: 'PT1H', calendarId: CALENDAR_24X7_ID, warnAtPercent: DEFAULT_WARN_AT_PERCENT }),
  police_report: Object.freeze({ target: 'P1D', calendarId: BUSINESS_CALENDAR_ID, warnAtPercent: DEFAULT_WARN_AT_PERCENT }),
  merchant_contact: Object.freeze({ target: 'P2D', calendarId: BUSINESS_CALENDAR_ID, warnAtPercent: DEFAULT_WARN_AT_PERCENT }),
  evidence: Object.freeze({ target: 'P5D', calendarId: BUSINESS_CALENDAR_ID, warnAtPercent: DEFAULT_WARN_AT_PERCENT }),
  review: Object.freeze({ target: 'P2D', calendarId: BUSINESS_CALENDAR_ID, warnAtPercent: DEFAULT_WARN_AT_PERCENT }),
});

export function isValidWarnAtPercent(pct: unknown): pct is number {
  return typeof pct === 'number' && Number.isFinite(pct) && pct > 0 && pct < 100;
}

export interface ClockTimesInput {
  startedAt: Date;
  target: string;
  calendar: CalendarSpec;
  warnAtPercent: number;
}

export interface ClockTimes {
  dueAt: Date;
  warnAt: Date;
}

export function computeClockTimes(input: ClockTimesInput): ClockTimes {
  const { startedAt, target, calendar, warnAtPercent } = input;
  if (!isValidWarnAtPercent(warnAtPercent)) {
    throw new SlaError('SLA.INVALID_WARN_PERCENT', `warnAtPercent must be between 1 and 99, got ${warnAtPercent}`, {
      value: warnAtPercent,
    });
  }
  const dueAt = addBusinessDuration(startedAt, target, calendar);
  if (is24x7(calendar)) {
    const total = dueAt.getTime() - startedAt.getTime();
    return { dueAt, warnAt: new Date(startedAt.getTime() + Math.floor((total * warnAtPercent) / 100)) };
  }
  const total = businessElapsedMs(startedAt, dueAt, calendar);
  const warnAt = addWorkingMs(startedAt, Math.floor((total * warnAtPercent) / 100), calendar);
  return { dueAt, warnAt };
}

export interface ClockSnapshot {
  dueAt: Date;
  warnAt: Date | null;
  metAt?: Date | null;
  waivedAt?: Date | null;
  cancelledAt?: Date | null;
  breachedAt?: Date | null;
  warnedAt?: Date | null;
}

export function clockStateAt(clock: ClockSnapshot, now: Date): ClockState {
  if (clock.metAt) return 'met';
  if (clock.waivedAt) return 'waived';
  if (clock.cancelledAt) return 'cancelled';
  const t = now.getTime();
  if (clock.breachedAt || t >= clock.dueAt.getTime()) return 'breached';
  if (clock.warnedAt || (clock.warnAt && t >= clock.warnAt.getTime())) return 'warning';
  return 'on_track';
}

/** True for a clock that still runs (its stage has not exited, been waived or the case closed). */
export function isClockOpen(clock: Pick<ClockSnapshot, 'metAt' | 'waivedAt' | 'cancelledAt'>): boolean {
  return !clock.metAt && !clock.waivedAt && !clock.cancelledAt;
}
