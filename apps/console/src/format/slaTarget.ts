import { parseIsoDuration } from './formatters';

/**
 * SLA targets as a number and a unit, the way people say them ("2 working days", "1 hour"), to and from the
 * ISO 8601 duration the API takes (docs/api.md "SLA"; docs/domain.md "Business durations": on a business
 * calendar `PnD` is n working days and `PTnH` n working hours, on the 24x7 calendar they are plain durations).
 * Pure; unit-tested in slaTarget.test.ts.
 */
export const TARGET_UNITS = ['seconds', 'minutes', 'hours', 'days'] as const;
export type TargetUnit = (typeof TARGET_UNITS)[number];

export interface TargetParts {
  amount: number;
  unit: TargetUnit;
}

/** The id of the built-in round-the-clock calendar (docs/api.md "SLA"): the only one where time is not working time. */
export const CALENDAR_24X7 = '24x7';
export const isPlainCalendar = (calendarId: string | null | undefined) => calendarId === CALENDAR_24X7;

const SECONDS: Record<Exclude<TargetUnit, 'days'>, number> = { seconds: 1, minutes: 60, hours: 3600 };

function largestUnit(totalSeconds: number, units: Array<Exclude<TargetUnit, 'days'>>): TargetParts {
  for (const unit of units) {
    const size = SECONDS[unit];
    if (totalSeconds % size === 0) return { amount: totalSeconds / size, unit };
  }
  return { amount: totalSeconds, unit: 'seconds' };
}

/**
 * `PT1H` → 1 hour, `P2D` → 2 (working) days, `PT90M` → 90 minutes (`PT1H30M` as well), `P1W` → 5 working days
 * on a business calendar or 7 days on 24x7. Null when one unit cannot say it: months and years, fractions, and
 * on a business calendar days mixed with hours (`P1DT4H`: working days and working hours do not convert).
 */
export function splitTarget(iso: string | null | undefined, plain: boolean): TargetParts | null {
  const p = parseIsoDuration(iso);
  if (!p || p.years || p.months || !Number.isInteger(p.seconds)) return null;
  const timeSeconds = p.hours * 3600 + p.minutes * 60 + p.seconds;
  if (plain) {
    const total = (p.weeks * 7 + p.days) * 86_400 + timeSeconds;
    if (total > 0 && total % 86_400 === 0) return { amount: total / 86_400, unit: 'days' };
    return largestUnit(total, ['hours', 'minutes', 'seconds']);
  }
  const workingDays = p.weeks * 5 + p.days;
  if (workingDays > 0 && timeSeconds > 0) return null;
  if (workingDays > 0) return { amount: workingDays, unit: 'days' };
  return largestUnit(timeSeconds, ['hours', 'minutes', 'seconds']);
}

/** 2 days → `P2D`, 1 hour → `PT1H`, 30 minutes → `PT30M`. The amount is written as typed (validated apart). */
export function joinTarget(amount: number | string, unit: TargetUnit): string {
  const n = String(amount).trim();
  switch (unit) {
    case 'days':
      return `P${n}D`;
    case 'hours':
      return `PT${n}H`;
    case 'minutes':
      return `PT${n}M`;
    case 'seconds':
      return `PT${n}S`;
  }
}

/** A target the inputs can hold: a whole number above 0 of one unit. */
export function isWholeTarget(iso: string | null | undefined, plain: boolean): boolean {
  const parts = splitTarget(iso, plain);
  return !!parts && Number.isInteger(parts.amount) && parts.amount > 0;
}

/** The translation key of a unit with its amount (`sla_target.days_working` → "2 working days"). */
export function targetUnitKey(unit: TargetUnit, plain: boolean): string {
  return `sla_target.${unit}_${plain ? 'plain' : 'working'}`;
}
