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
export {
  TeamsRepository,
  type TeamListFilter,
  type TeamListOptions,
  type TeamRow,
  type TeamSortField,
  type TeamWrite,
} from './repositories/teams.repository';
