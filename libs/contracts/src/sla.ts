import type { ClockState, Priority, Stage } from './enums';

/** `GET /api/sla-policies` rows: one per stage (its id is the stage). */
export interface SlaPolicyView {
  id: Stage;
  stage: Stage;
  /** ISO 8601 duration, e.g. `PT1H`, `P1D`. */
  target: string;
  calendarId: string;
  /** The warning fires at this share of the target (1–99). */
  warnAtPercent: number;
  updatedAt: string;
}

export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];
/** Weekday -> one window of local wall times `["HH:MM", "HH:MM"]` (the end may be `24:00`); absent = no working time. */
export type WorkingHours = Partial<Record<WeekdayKey, [string, string]>>;

/** A working calendar of SLA clocks (`/api/calendars`). */
export interface CalendarView {
  /** A slug `^[a-z0-9-]{2,40}$`; `24x7` is built in. */
  id: string;
  name: string;
  /** IANA time zone. */
  timeZone: string;
  workingHours: WorkingHours;
  /** Local dates `YYYY-MM-DD` without working time. */
  holidays: string[];
  /** Local dates `YYYY-MM-DD` worked although their weekday is not (make-up working days, 调休). */
  extraWorkingDays: string[];
  builtin: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A row of `GET /api/sla/breaches`: a clock that breached. */
export interface SlaBreachRow {
  /** The clock's id. */
  id: string;
  caseId: string;
  caseReference: string;
  stage: Stage;
  dueAt: string;
  breachedAt: string;
  state: ClockState;
  assigneeId: string | null;
  teamId: string | null;
  priority: Priority;
  /** The case is still open. */
  open: boolean;
}

/** One stage of `GET /api/sla/summary`. */
export interface SlaStageSummary {
  stage: Stage;
  /** Clocks running now. */
  open: number;
  /** Running clocks in warning. */
  warning: number;
  /** Running clocks that breached. */
  breached: number;
  /** Clocks met in [from, to). */
  met: number;
  /** breachedInRange / (metOnTime + breachedInRange); null when both are 0. */
  breachRate: number | null;
  /** Median of (metAt − startedAt) over the clocks met in the range. */
  medianSeconds: number | null;
  p90Seconds: number | null;
  /** Clocks whose breach happened in the range. */
  breachedInRange: number;
  /** Clocks met in the range that never breached. */
  metOnTime: number;
}

/** One bucket (local day or ISO week in DEFAULT_TIME_ZONE) and stage of the summary's series; sparse. */
export interface SlaSeriesPoint {
  /** `YYYY-MM-DD` (a week starts on Monday). */
  bucket: string;
  stage: Stage;
  breached: number;
  met: number;
  /** Met in the bucket without having breached: breached / (metOnTime + breached) is the bucket's breach rate. */
  metOnTime: number;
  medianSeconds: number | null;
}

/** `GET /api/sla/summary`. */
export interface SlaSummary {
  stages: SlaStageSummary[];
  series: SlaSeriesPoint[];
}

export const SLA_SUMMARY_BUCKETS = ['day', 'week'] as const;
export type SlaSummaryBucket = (typeof SLA_SUMMARY_BUCKETS)[number];

/** Query of `GET /api/sla/summary` (each at most once). */
export interface SlaSummaryQuery {
  from?: string;
  to?: string;
  teamId?: string;
  bucket?: SlaSummaryBucket;
}

/** A row of `GET /api/stats/load`: an active analyst or supervisor and their open work. */
export interface WorkloadRow {
  assigneeId: string;
  name: string;
  open: number;
  /** Open cases past their due time or breached. */
  overdue: number;
}
