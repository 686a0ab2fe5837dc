export { AlertsRepository, type AlertedCase } from './alerts.repository';
export { BankCallbacksRepository, type CallbackBank } from './bank-callbacks.repository';
export { caseFilterSql, CASE_SORT_COLUMNS, type CaseFilter, type CaseSortField } from './case-filter.sql';
export { CaseRecordsRepository } from './case-records.repository';
export { CASE_ROW_SELECT, toCaseRow, toClockView, toReportView, toTerminalView, type CaseListDbRow, type ReportRow, type TerminalRow } from './case-view.sql';
export { CasesRepository, type CaseSelector, type LoadedCase, type LoadOptions } from './cases.repository';
export { type ClaimedMoment, type ClaimedMoments, type DueMomentQueries } from './due-moments.sql';
export { CALENDAR_COLUMNS, ClocksRepository, toCalendarSpec, type CalendarRow, type RecomputedClock } from './clocks.repository';
export { appendSystemEvent, EventsRepository, toChainEvent, type ChainHeadRef, type EventRow } from './events.repository';
export { EvidenceRepository, toEvidenceView, type EvidenceRow } from './evidence.repository';
export { IMPORT_USER_ID, ImportsRepository, type ImportRow, type ImportTerminal } from './imports.repository';
export { MaintenanceRepository } from './maintenance.repository';
export {
  REGULATORY_VIEW_SELECT,
  RegulatoryRepository,
  toRegulatoryClockView,
  type RegulatoryClockRow,
  type RegulatoryListQuery,
} from './regulatory.repository';
export { toWatchlistEntryView, watchlistMatchColumn, WatchlistRepository, type WatchlistEntryRow } from './watchlist.repository';
export { HOLD_VIEW_SELECT, HoldsRepository, toHoldView, type HoldListQuery, type HoldRow } from './holds.repository';
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
export { countedList, likePrefix, SqlParams, whereSql, type CountedList, type Page, type SortOrder } from './list-sql';
export { AlertInboxRepository, ALERT_SORT_COLUMNS, toAlertView, type AlertListCriteria, type AlertRow, type AlertSort } from './alert-inbox.repository';
export {
  CALENDAR_SORT_COLUMNS,
  CalendarsRepository,
  toCalendarView,
  type CalendarListCriteria,
  type CalendarSettingsRow,
  type CalendarSort,
  type CalendarValues,
} from './calendars.repository';
export { OperationsRepository, type NotificationStatusCount, type OpenClockCount, type StageCount } from './operations.repository';
export { QUEUE_SORT_COLUMNS, type QueueListCriteria, type QueueRow, type QueueSort, type QueueToCount } from './queues.repository';
export { SlaPoliciesRepository, toSlaPolicyView, type SlaPolicyRow, type SlaPolicyValues } from './sla-policies.repository';
export {
  BREACH_SORT_COLUMNS,
  SlaReportsRepository,
  toSlaBreachRow,
  type BreachListCriteria,
  type BreachRow,
  type BreachSort,
  type CurrentClockCounts,
  type RangeClockFigures,
  type SeriesRow,
  type SummaryCriteria,
} from './sla-reports.repository';
export {
  TERMINAL_SORT_COLUMNS,
  TerminalsRepository,
  type TerminalListCriteria,
  type TerminalMasterData,
  type TerminalRecordRow,
  type TerminalSort,
} from './terminals.repository';
export { WorkloadRepository } from './workload.repository';
export {
  AlertPreferencesRepository,
  endpointAad,
  type AlertEndpointRow,
  type AlertPreferencesRow,
  type UserRoutingRow,
} from './alert-preferences.repository';
export {
  AlertDeliveriesRepository,
  toAlertDeliveryView,
  type AlertDeliveryRow,
  type DeliveryAlertRow,
  type DeliveryRecipientRow,
  type NewDelivery,
  type ScheduledDelivery,
  type UnroutedAlertRow,
} from './alert-deliveries.repository';
export {
  USER_SORT_COLUMNS,
  UsersRepository,
  type UserInsert,
  type UserListCriteria,
  type UserRecord,
  type UserRow,
  type UserSortField,
  type UserUpdate,
} from './users.repository';
export { UserAccountsRepository, type ProfilePatch, type UserAccountRow, type UserLoginRow } from './user-accounts.repository';
export { SessionsRepository, type SessionActorRow, type SessionInsert, type SessionRow } from './sessions.repository';
export { ApiKeyAuthRepository, type ApiKeyActorRow } from './api-key-auth.repository';
export { MfaRepository, type MfaStateRow } from './mfa.repository';
export {
  BANK_SORT_COLUMNS,
  BanksRepository,
  type BankListCriteria,
  type BankRow,
  type BankSettings,
  type BankSort,
  type NewBank,
} from './banks.repository';
export {
  API_KEY_SORT_COLUMNS,
  ApiKeysRepository,
  type ApiKeyListCriteria,
  type ApiKeyOwnerRow,
  type ApiKeyRow,
  type ApiKeySettings,
  type ApiKeySort,
  type NewApiKey,
} from './api-keys.repository';
export { AuditRepository, type AuditRange, type CaseEventRow, type CaseHeadRow, type SystemHeadRow } from './audit.repository';
