import { wallParts } from '../format/formatters';
import { CALENDAR_24X7 } from '../format/slaTarget';

export interface CalendarDates {
  id: string;
  name: string;
  timeZone: string;
  holidays?: string[] | null;
  extraWorkingDays?: string[] | null;
  builtin?: boolean;
}

export interface CoverageGap {
  calendarId: string;
  calendarName: string;
  year: number;
  /** `current`: this year has no dates at all; `next`: next year's are missing and it is time to add them. */
  when: 'current' | 'next';
}

/**
 * Business-day SLAs are computed on a calendar's holidays and make-up working days, which China's State Council
 * publishes for one year at a time (usually in November). A calendar is missing a year when it holds no holiday
 * and no make-up working day in it. Flagged: the current year, always; next year, from `fromMonth` on (in the
 * calendar's own time zone). The built-in 24x7 calendar has no holidays by design. Pure, `now` passed in.
 */
export function holidayCoverageGaps(calendar: CalendarDates, now: Date, fromMonth: number): CoverageGap[] {
  if (calendar.builtin || calendar.id === CALENDAR_24X7) return [];
  let local: { year: number; month: number };
  try {
    local = wallParts(now, calendar.timeZone);
  } catch {
    local = wallParts(now, 'UTC');
  }
  const years = new Set([...(calendar.holidays ?? []), ...(calendar.extraWorkingDays ?? [])].map((d) => Number(String(d).slice(0, 4))));
  const gaps: CoverageGap[] = [];
  const gap = (year: number, when: CoverageGap['when']) => gaps.push({ calendarId: calendar.id, calendarName: calendar.name, year, when });
  if (!years.has(local.year)) gap(local.year, 'current');
  if (local.month >= fromMonth && !years.has(local.year + 1)) gap(local.year + 1, 'next');
  return gaps;
}
