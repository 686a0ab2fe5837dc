export { ALL_ENTITIES } from './entities';
export {
  createDataSource,
  runMigrations,
  revertLastMigration,
  type CreateDataSourceOptions,
  type MigrationRunResult,
} from './data-source';
export { bigintToNumber, dateStringArray, toDateString } from './transformers';

export { AlertEntity } from './alert.entity';
export { ApiKeyEntity } from './api-key.entity';
export { BankEntity } from './bank.entity';
export { CalendarEntity, type WorkingHours, type Weekday } from './calendar.entity';
export { CallbackReceiptEntity } from './callback-receipt.entity';
export { CaseEventEntity } from './case-event.entity';
export { CaseFreezeEntity } from './case-freeze.entity';
export { CaseNoteEntity } from './case-note.entity';
export { CaseEntity } from './case.entity';
export { EvidenceEntity } from './evidence.entity';
export { MerchantContactEntity } from './merchant-contact.entity';
export { NotificationAttemptEntity } from './notification-attempt.entity';
export { NotificationEntity } from './notification.entity';
export { PoliceReportEntity } from './police-report.entity';
export { QueueEntity, type QueueFilter } from './queue.entity';
export { ReportEntity } from './report.entity';
export { SessionEntity } from './session.entity';
export { SlaClockEntity } from './sla-clock.entity';
export { SlaPolicyEntity } from './sla-policy.entity';
export { SystemChainHeadEntity } from './system-chain-head.entity';
export { SystemEventEntity } from './system-event.entity';
export { TeamEntity } from './team.entity';
export { TerminalEntity } from './terminal.entity';
export { UserEntity } from './user.entity';
export * from './stores';
export { affected, maybeOne, one, rows, type Db } from './sql';
// Repositories: typed SQL per aggregate (docs/dev/CONVENTIONS.md "Data access").
export { likePrefix, SqlParams, whereSql, type Page, type SortOrder } from './repositories/list-sql';
export { OperationsRepository, type NotificationStatusCount, type OpenClockCount, type StageCount } from './repositories/operations.repository';
export {
  QUEUE_SORT_COLUMNS,
  QueuesRepository,
  type CaseFilterSql,
  type QueueListCriteria,
  type QueueRow,
  type QueueSort,
} from './repositories/queues.repository';
export {
  CALENDAR_SORT_COLUMNS,
  CalendarsRepository,
  toCalendarView,
  type CalendarListCriteria,
  type CalendarRow,
  type CalendarSort,
  type CalendarValues,
} from './repositories/calendars.repository';
export { SlaPoliciesRepository, toSlaPolicyView, type SlaPolicyRow, type SlaPolicyValues } from './repositories/sla-policies.repository';
export { SlaRecomputeRepository, type RecomputedClock } from './repositories/sla-recompute.repository';
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
} from './repositories/sla-reports.repository';
export {
  TERMINAL_SORT_COLUMNS,
  TerminalsRepository,
  type TerminalListCriteria,
  type TerminalMasterData,
  type TerminalRow,
  type TerminalSort,
} from './repositories/terminals.repository';
export { WorkloadRepository } from './repositories/workload.repository';
export { ALERT_SORT_COLUMNS, AlertInboxRepository, toAlertView, type AlertListCriteria, type AlertRow, type AlertSort } from './repositories/alert-inbox.repository';
