import { AlertEntity } from './alert.entity';
import { ApiKeyEntity } from './api-key.entity';
import { BankEntity } from './bank.entity';
import { CalendarEntity } from './calendar.entity';
import { CallbackReceiptEntity } from './callback-receipt.entity';
import { CaseEventEntity } from './case-event.entity';
import { CaseFreezeEntity } from './case-freeze.entity';
import { CaseNoteEntity } from './case-note.entity';
import { CaseEntity } from './case.entity';
import { EvidenceEntity } from './evidence.entity';
import { MerchantContactEntity } from './merchant-contact.entity';
import { NotificationAttemptEntity } from './notification-attempt.entity';
import { NotificationEntity } from './notification.entity';
import { PoliceReportEntity } from './police-report.entity';
import { QueueEntity } from './queue.entity';
import { ReportEntity } from './report.entity';
import { SessionEntity } from './session.entity';
import { SlaClockEntity } from './sla-clock.entity';
import { SlaPolicyEntity } from './sla-policy.entity';
import { SystemChainHeadEntity } from './system-chain-head.entity';
import { SystemEventEntity } from './system-event.entity';
import { TeamEntity } from './team.entity';
import { TerminalEntity } from './terminal.entity';
import { UserEntity } from './user.entity';

/** One entity per table of migrations/1764000000000-initial-schema.ts. */
export const ALL_ENTITIES = [
  TeamEntity,
  UserEntity,
  SessionEntity,
  ApiKeyEntity,
  BankEntity,
  QueueEntity,
  CalendarEntity,
  SlaPolicyEntity,
  TerminalEntity,
  CaseEntity,
  ReportEntity,
  CaseFreezeEntity,
  PoliceReportEntity,
  MerchantContactEntity,
  EvidenceEntity,
  CaseNoteEntity,
  SlaClockEntity,
  NotificationEntity,
  NotificationAttemptEntity,
  CallbackReceiptEntity,
  AlertEntity,
  CaseEventEntity,
  SystemEventEntity,
  SystemChainHeadEntity,
];
