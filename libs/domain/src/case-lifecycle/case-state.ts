import type {
  ActorRef,
  CaseAction,
  CaseStatus,
  ContactOutcome,
  EvidenceAction,
  EvidenceType,
  MisuseType,
  Money,
  NotificationStatus,
  NotificationType,
  Outcome,
  Priority,
  Role,
  SlaState,
  Stage,
} from '@sentinel/contracts';
import type { CalendarSpec } from '../sla-calendar';

/** A person acting on a case (roles are checked against them). */
export interface ActorCtx {
  id: string;
  role: Role;
}

/** Whoever an audit event names: a person, `system`, or `bank:<code>` (docs/api.md "Audit"). */
export type AuditActor = ActorRef;

export const SYSTEM_ACTOR: AuditActor = Object.freeze({ id: 'system', role: 'system' });
export const bankActor = (code: string): AuditActor => ({ id: `bank:${code}`, role: 'bank' });

/** An open clock of the case (one per stage entry; `kind` leaves room for regulatory clocks and hold expiries). */
export interface OpenClock {
  id: string;
  kind: 'stage';
  stage: Stage;
  entryNo: number;
  startedAt: Date;
  warnAt: Date | null;
  dueAt: Date;
  warnedAt: Date | null;
  breachedAt: Date | null;
  state: 'on_track' | 'warning' | 'breached';
}

/**
 * Everything the rules know about one case, read in one locked statement (libs/persistence
 * `CasesRepository.loadState`). Plans never read anything else about the case.
 */
export interface CaseState {
  id: string;
  reference: string;
  sn: string;
  terminalId: string;
  merchantId: string | null;
  merchantName: string | null;
  tid: string | null;
  misuseType: MisuseType;
  amountAtRisk: Money | null;
  teamId: string | null;
  stage: Stage;
  status: CaseStatus;
  outcome: Outcome | null;
  closedFromStage: Stage | null;
  assigneeId: string | null;
  priority: Priority;
  priorityOverridden: boolean;
  waivedStages: Stage[];
  bankCode: string | null;
  /** optimistic locking: changes with anything the case page shows but clocks, notes and the chain head */
  version: number;
  /** the audit chain's head: the next event is `seq + 1`, links to `hash` and is not older than `at` */
  head: { seq: number; hash: string; at?: Date | null };
  /** the current stage's clock as copied onto the case row (lists, queues and claim-next sort on it) */
  sla: { dueAt: Date | null; state: SlaState | null };
  freeze: {
    requestedAt: Date | null;
    /** the case's current (latest) freeze request */
    notificationId: string | null;
    bankReference: string | null;
    confirmedAt: Date | null;
    confirmedVia: 'callback' | 'analyst' | null;
    rejectedAt: Date | null;
    /** status of the latest freeze.requested notification, if any */
    lastRequestStatus: NotificationStatus | null;
    /** freeze requests not delivered yet (pending / delivering): a close or a repeat request cancels them */
    undeliveredRequestIds: string[];
    /** bank's last answer to the latest request */
    lastAnswer: 'confirmed' | 'rejected' | null;
    noticeRecordedAt: Date | null;
    /** the closing of this case queued an unfreeze request (set by resolve/close_early) */
    unfreezeSentOnClose: boolean;
    unfreezeNotificationId: string | null;
    unfrozenAt: Date | null;
  };
  policeReport: { agency: string; reportNumber: string; filedAt: Date } | null;
  merchantContacts: Array<{ outcome: ContactOutcome; findings: string | null }>;
  evidence: Array<{ type: EvidenceType; removed: boolean }>;
  /** actor ids of the events that count as working the case (CASE_WORK_EVENTS; four eyes) */
  workedBy: string[];
  /** open clocks only (met, waived and cancelled ones can no longer change) */
  clocks: OpenClock[];
}

/** A case action endpoint, or the evidence upload/removal (checked by the same guards). */
export type GuardedAction = CaseAction | EvidenceAction;

/** The SLA policy a new clock of a stage starts with (`sla_policies` + its calendar). */
export interface ClockPolicy {
  target: string;
  calendar: CalendarSpec;
  warnAtPercent: number;
}

/** The locked notification row a bank callback, a delivery result or a retry is about. */
export interface NotificationFacts {
  id: string;
  type: NotificationType;
  status: NotificationStatus;
  bankCode: string;
  generation: number;
  attemptCount: number;
  createdAt: Date;
  /** the claim token of a delivery (`updated_at`) */
  updatedAt: Date;
}

/**
 * The facts from outside the case a change may need, loaded in the same statement as the state
 * (`lookupsFor(change)` says which), plus `now` and the id source: plans are pure, so ids and time come in.
 */
export interface ChangeContext {
  now: Date;
  /** a new UUID for each row a plan creates (clock, notification, evidence item, …) */
  newId: () => string;
  /** per stage, for clocks the plan starts (a stage without a policy gets PT1H on 24x7, warning at 80%) */
  policies?: Partial<Record<Stage, ClockPolicy>>;
  /** request_freeze / confirm_freeze: the named bank, or the case's */
  bank?: { code: string; active: boolean } | null;
  /** assign: the proposed assignee (read FOR SHARE) */
  assignee?: { id: string; role: Role; active: boolean } | null;
  /** claim: whether the claiming user is still active (read FOR SHARE) */
  actorActive?: boolean;
  /** reopen: the SN has another open case */
  snHasOtherOpenCase?: boolean;
  /** resolve / close_early with outcome duplicate */
  duplicateOf?: { id: string; exists: boolean } | null;
  /** bank callbacks, delivery results, retries (read FOR UPDATE after the case row) */
  notification?: NotificationFacts | null;
  /** remove_evidence */
  evidenceItem?: { id: string; type: EvidenceType; sha256: string; removedAt: Date | null } | null;
}
