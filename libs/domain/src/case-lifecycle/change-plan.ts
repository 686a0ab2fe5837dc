import type {
  CallbackNotAppliedReason,
  AlertType,
  CaseStatus,
  ContactChannel,
  ContactOutcome,
  EvidenceType,
  FreezeScope,
  HoldBasis,
  HoldKind,
  MisuseType,
  RegulatoryKind,
  WatchlistKind,
  Money,
  NoticeChannel,
  NotifiedBy,
  NotificationStatus,
  NotificationType,
  Outcome,
  Priority,
  SlaState,
  Stage,
} from '@sentinel/contracts';
import type { AuditActor } from './case-state';
import type { NotificationBody } from './notification-body';

/**
 * What one change does to a case, decided by `planChange` from the loaded state alone and applied by the
 * case writer (libs/persistence) in one transaction: the case row, its records, clocks, outbox rows and alerts
 * in one statement, then every event in one append that moves the chain head. Everything is explicit (ids,
 * times, bodies), so the writer decides nothing.
 */
export interface ChangePlan {
  /** the case row: a new case, or a patch of the loaded one (absent: the row is left as it is) */
  case?: CaseWrite;
  /** stage records and other rows of the case aggregate */
  records: RecordWrite[];
  clocks: ClockWrite[];
  /** audit events, in order; the writer numbers and chains them after the loaded head */
  events: EventDraft[];
  /** bank notifications: new ones (with their body) and the bookkeeping of existing ones */
  outbox: OutboxWrite[];
  alerts: AlertDraft[];
  /** what the caller reports back (a callback's `applied`, a timer's outcome, the intake response, …) */
  result?: ChangeResult;
}

export function emptyPlan(): ChangePlan {
  return { records: [], clocks: [], events: [], outbox: [], alerts: [] };
}

export type CaseWrite = { op: 'insert'; row: NewCase } | { op: 'update'; patch: CasePatch; bumpVersion: boolean };

/** The current stage's clock, as copied onto the case row. */
export interface CaseSla {
  dueAt: Date | null;
  state: SlaState | null;
}

export interface CasePatch {
  stage?: Stage;
  status?: CaseStatus;
  outcome?: Outcome | null;
  closedFromStage?: Stage | null;
  closedAt?: Date | null;
  duplicateOfCaseId?: string | null;
  assigneeId?: string | null;
  priority?: Priority;
  priorityOverridden?: boolean;
  waivedStages?: Stage[];
  bankCode?: string | null;
  lastReturn?: { reason: string; by: string; at: Date } | null;
  sla?: CaseSla;
}

export interface NewCase {
  id: string;
  reference: string;
  terminalId: string;
  sn: string;
  merchantId: string | null;
  merchantName: string | null;
  tid: string | null;
  bankCode: string | null;
  teamId: string | null;
  misuseType: MisuseType;
  stage: Stage;
  priority: Priority;
  amountAtRisk: Money | null;
  createdAt: Date;
  sla: CaseSla;
  /** a case that is already over when it is created (historical import) */
  closed?: { outcome: Outcome; closedAt: Date; closedFromStage: Stage };
}

/** The case's freeze record (`case_freezes`, one per case); only the listed keys change. */
export type FreezePatch = Partial<{
  bankCode: string | null;
  requestedAt: Date | null;
  notificationId: string | null;
  bankReference: string | null;
  confirmedAt: Date | null;
  confirmedVia: 'callback' | 'analyst' | null;
  rejectedAt: Date | null;
  rejectionReason: string | null;
  lastAnswer: 'confirmed' | 'rejected' | null;
  notice: {
    notifiedAt: Date;
    channel: NoticeChannel;
    notifiedBy: NotifiedBy;
    appealInstructionsGiven: boolean;
    recordedBy: string;
  } | null;
  noticeRecordedAt: Date | null;
  unfreezeRequestedAt: Date | null;
  unfreezeNotificationId: string | null;
  unfreezeSentOnClose: boolean;
  unfrozenAt: Date | null;
}>;

/** A report as stored (immutable once stored; docs/domain.md "Report"). */
export interface ReportRecord {
  id: string;
  sn: string;
  channel: string;
  misuseType: MisuseType;
  bankCode: string | null;
  /** the report as received, times in UTC (served back by GET /api/reports/:id) */
  payload: Record<string, unknown>;
  receivedAt: Date;
  submittedBy: { id: string; role: string; apiKeyId: string | null };
  idempotency: { scope: string; key: string; requestHash: string } | null;
  /** a historical import's row id (unique: re-running a file imports nothing twice) */
  externalId?: string;
}

/** What POST /api/reports answers (stored with the report, so a replay answers the same). */
export interface IntakeResponse {
  id: string;
  caseId: string;
  caseReference: string;
  linkedToExisting: boolean;
}

export interface NewEvidence {
  id: string;
  type: EvidenceType;
  fileName: string;
  size: number;
  mediaType: string;
  sha256: string;
  storageKey: string;
  description: string | null;
  addedBy: string;
  addedAt: Date;
}

/** A hold as placed (docs/api.md "Holds and police orders"). */
export interface NewHold {
  id: string;
  kind: HoldKind;
  scope: FreezeScope[];
  basis: HoldBasis;
  instructionNumber: string | null;
  issuingAuthority: string | null;
  placedAt: Date;
  placedBy: string;
  expiresAt: Date | null;
  warnAt: Date | null;
  createdAt: Date;
}

export type RecordWrite =
  | { record: 'freeze'; patch: FreezePatch }
  | { record: 'police_report'; agency: string; reportNumber: string; filedAt: Date; officer: string | null; recordedBy: string; recordedAt: Date }
  | { record: 'merchant_contact'; id: string; channel: ContactChannel; contactedAt: Date; outcome: ContactOutcome; findings: string | null; recordedBy: string; createdAt: Date }
  | { record: 'note'; id: string; text: string; authorId: string; createdAt: Date }
  | { record: 'evidence_added'; item: NewEvidence }
  | { record: 'evidence_removed'; evidenceId: string; removedBy: string; reason: string; removedAt: Date }
  | { record: 'report'; report: ReportRecord & { caseId: string; response: IntakeResponse } }
  | { record: 'hold_placed'; hold: NewHold }
  /** a renewal: the new expiry and alarm (the alarm re-arms: `warned_at` is cleared) */
  | { record: 'hold_renewed'; holdId: string; at: Date; by: string; expiresAt: Date; warnAt: Date; instructionNumber: string | null }
  | { record: 'hold_released'; holdId: string; at: Date; by: string; reason: string }
  /** the hold's timers: the alarm went off, or it lapsed */
  | { record: 'hold_warned'; holdId: string; at: Date }
  | { record: 'hold_expired'; holdId: string; at: Date }
  | { record: 'regulatory_started'; clock: NewRegulatoryClock }
  | { record: 'regulatory_filed'; clockId: string; filedAt: Date; reference: string; by: string; at: Date }
  | { record: 'regulatory_cancelled'; clockId: string; reason: string; by: string; at: Date }
  /** a regulatory clock's timers: warning and breach moments */
  | { record: 'regulatory_marked'; clockId: string; moment: 'warned' | 'breached'; at: Date }
  | { record: 'watchlist_added'; entry: NewWatchlistEntry }
  /** a report of the case matched an active watchlist entry */
  | { record: 'watchlist_hit'; caseId: string; entryId: string; reportId: string; at: Date }
  | { record: 'terminal_replaced'; terminalId: string; oldSn: string; newSn: string; replacedAt: Date; note: string | null; by: string };

export interface NewWatchlistEntry {
  id: string;
  kind: WatchlistKind;
  value: string;
  caseId: string | null;
  addedAt: Date;
  addedBy: string;
  resolvedBy: string | null;
  expiresAt: Date;
  reason: string | null;
}

export interface NewRegulatoryClock {
  id: string;
  kind: RegulatoryKind;
  target: string;
  calendarId: string;
  warnAtPercent: number;
  startedAt: Date;
  startedBy: string;
  automatic: boolean;
  warnAt: Date;
  dueAt: Date;
  createdAt: Date;
}

/** Which clock: a stage clock today; regulatory clocks and hold expiries are further kinds on the same timers. */
export type ClockRef = { kind: 'stage'; stage: Stage };

export type ClockWrite =
  | {
      op: 'start';
      id: string;
      clock: ClockRef;
      target: string;
      calendarId: string;
      warnAtPercent: number;
      startedAt: Date;
      warnAt: Date;
      dueAt: Date;
    }
  /** an open clock ends: met (its exit rule held), waived, or cancelled (the case closed) */
  | { op: 'end'; id: string; how: 'met' | 'waived' | 'cancelled'; at: Date }
  /** a timer's moment is recorded (warning or breach) */
  | { op: 'mark'; id: string; moment: 'warned' | 'breached'; at: Date };

export interface EventDraft {
  actor: AuditActor;
  action: string;
  /** `{ before?, after?, reason?, … }`, never unmasked personal data */
  data: Record<string, unknown>;
}

export type OutboxWrite =
  /** a new notification, due now, with the body the bank receives */
  | { op: 'queue'; id: string; type: NotificationType; bankCode: string; body: NotificationBody; at: Date }
  /** undelivered notifications (pending / delivering) that no longer apply */
  | { op: 'cancel'; ids: string[]; at: Date }
  /** one delivery attempt of a generation, whatever its result */
  | {
      op: 'attempt';
      id: string;
      generation: number;
      attemptNo: number;
      startedAt: Date;
      durationMs: number;
      statusCode: number | null;
      error: string | null;
      outcome: 'delivered' | 'failed';
    }
  /** the bank has it: `attemptNo` / `statusCode` when a delivery attempt said so; `keepStatus` for a cancelled row */
  | { op: 'delivered'; id: string; at: Date; attemptNo: number | null; statusCode: number | null; keepStatus: boolean }
  | { op: 'reschedule'; id: string; attemptNo: number; nextAttemptAt: Date; error: string | null; statusCode: number | null; at: Date }
  | { op: 'dead'; id: string; attemptNo: number; error: string | null; statusCode: number | null; at: Date }
  /** a supervisor retry: a new generation, due now */
  | { op: 'retry'; id: string; generation: number; at: Date };

/** Who receives an alert: the supervisors of the case's team (all supervisors when it has none), and/or named users. */
export interface AlertRecipients {
  teamSupervisors: boolean;
  users: string[];
}

export interface AlertDraft {
  type: AlertType;
  recipients: AlertRecipients;
  /** one alert per (user, type, dedupeKey): raising it again is a no-op */
  dedupeKey: string;
  stage: Stage | null;
  notificationId: string | null;
}

/** Why a valid bank callback changed nothing (libs/contracts; also the `reason` of `{ applied: false }`). */
export type NotAppliedReason = CallbackNotAppliedReason;

export type SlaTimerResult =
  | { kind: 'sla_timer'; outcome: 'warned' | 'breached'; clockId: string; stage: Stage; moment: Date; lateMs: number }
  | { kind: 'sla_timer'; outcome: 'not_yet'; clockId: string; timer: 'warning' | 'due'; nextAt: Date }
  | { kind: 'sla_timer'; outcome: 'skipped'; clockId: string; reason: 'closed' | 'already_recorded' | 'no_warning' };

export type HoldTimerResult =
  | { kind: 'hold_timer'; outcome: 'warned' | 'expired'; holdId: string; moment: Date; lateMs: number }
  | { kind: 'hold_timer'; outcome: 'not_yet'; holdId: string; timer: 'warning' | 'due'; nextAt: Date }
  | { kind: 'hold_timer'; outcome: 'skipped'; holdId: string; reason: 'not_active' | 'already_recorded' | 'no_expiry' };

export type RegulatoryTimerResult =
  | { kind: 'regulatory_timer'; outcome: 'warned' | 'breached'; clockId: string; regulatoryKind: RegulatoryKind; moment: Date; lateMs: number }
  | { kind: 'regulatory_timer'; outcome: 'not_yet'; clockId: string; timer: 'warning' | 'due'; nextAt: Date }
  | { kind: 'regulatory_timer'; outcome: 'skipped'; clockId: string; reason: 'not_open' | 'already_recorded' };

export type DeliveryResult = {
  kind: 'delivery';
  /** what the row became; `unchanged` when the row was no longer this claim's (the attempt is recorded anyway) */
  status: 'delivered' | 'pending' | 'dead' | 'unchanged';
  rowStatus: NotificationStatus;
  nextAttemptAt: Date | null;
  createdAt: Date;
};

export type ChangeResult =
  | { kind: 'intake'; response: IntakeResponse }
  | { kind: 'callback'; applied: boolean; reason?: NotAppliedReason }
  | SlaTimerResult
  | HoldTimerResult
  | RegulatoryTimerResult
  | DeliveryResult
  | { kind: 'retry'; generation: number }
  | { kind: 'evidence'; evidenceId: string };
