export { AlertsRepository, type AlertedCase } from './alerts.repository';
export { BankCallbacksRepository, type CallbackBank } from './bank-callbacks.repository';
export { caseFilterSql, CASE_SORT_COLUMNS, type CaseFilter, type CaseSortField } from './case-filter.sql';
export { CaseRecordsRepository } from './case-records.repository';
export { CASE_ROW_SELECT, toCaseRow, toClockView, toReportView, toTerminalView, type CaseListDbRow, type ReportRow, type TerminalRow } from './case-view.sql';
export { CasesRepository, type CaseSelector, type LoadedCase, type LoadOptions } from './cases.repository';
export { CALENDAR_COLUMNS, ClocksRepository, toCalendarSpec, type CalendarRow, type DueClockMoment, type RecomputedClock } from './clocks.repository';
export { appendSystemEvent, EventsRepository, toChainEvent, type ChainHeadRef, type EventRow } from './events.repository';
export { EvidenceRepository, toEvidenceView, type EvidenceRow } from './evidence.repository';
export { MaintenanceRepository } from './maintenance.repository';
export {
  INTERRUPTED_DELIVERY_ERROR,
  NotificationsRepository,
  type BankEndpoint,
  type ClaimedNotification,
  type ClaimResult,
  type ClaimSkipReason,
  type DueNotification,
  type NotificationAttemptRow,
  type NotificationRow,
  type RecoveredNotification,
} from './notifications.repository';
export { QueuesRepository, type QueueScopeRow } from './queues.repository';
export { ReportsRepository, type IntakeFacts, type ReportedTerminal, type ReportListQuery } from './reports.repository';
export {
  TeamsRepository,
  type TeamListFilter,
  type TeamListOptions,
  type TeamRow,
  type TeamSortField,
  type TeamWrite,
} from './teams.repository';
