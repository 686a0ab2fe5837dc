export {
  WEEKDAYS,
  type Weekday,
  type WorkingWindow,
  type CalendarSpec,
  CALENDAR_24X7_ID,
  BUSINESS_CALENDAR_ID,
  CALENDAR_24X7,
  DEFAULT_BUSINESS_HOURS,
  DEFAULT_EXTRA_DAY_HOURS,
  defaultBusinessCalendar,
  is24x7,
  isValidTimeZone,
  isValidLocalDate,
  validateCalendar,
} from './calendar-spec';
export {
  MAX_SLA_TARGET_DAYS,
  WORKING_DAYS_PER_WEEK,
  parseSlaTarget,
  isValidSlaTarget,
  addBusinessDuration,
  addWorkingMs,
  businessElapsedMs,
  isWorkingTime,
} from './business-time';
export {
  DEFAULT_WARN_AT_PERCENT,
  type SlaPolicySpec,
  DEFAULT_SLA_POLICIES,
  isValidWarnAtPercent,
  type ClockTimesInput,
  type ClockTimes,
  computeClockTimes,
  type ClockSnapshot,
  clockStateAt,
  isClockOpen,
} from './sla-clock';
export { CHINA_2026_HOLIDAYS } from './china-2026-holidays';
