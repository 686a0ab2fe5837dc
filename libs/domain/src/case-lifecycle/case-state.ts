import type {
  AlertType,
  CaseAction,
  CaseStatus,
  ContactOutcome,
  EvidenceAction,
  EvidenceType,
  NotificationStatus,
  NotificationType,
  Outcome,
  Priority,
  Role,
  Stage,
} from '@sentinel/contracts';

export interface ActorCtx {
  id: string;
  role: Role;
}

/** What the rules need to know about a case (the service builds it from the rows). */
export interface CaseState {
  id: string;
  stage: Stage;
  status: CaseStatus;
  outcome: Outcome | null;
  closedFromStage: Stage | null;
  assigneeId: string | null;
  priority: Priority;
  priorityOverridden: boolean;
  waivedStages: Stage[];
  bankCode: string | null;
  freeze: {
    requestedAt: Date | null;
    confirmedAt: Date | null;
    rejectedAt: Date | null;
    /** status of the latest freeze.requested notification, if any */
    lastRequestStatus: NotificationStatus | null;
    /** bank's last answer to the latest request */
    lastAnswer: 'confirmed' | 'rejected' | null;
    noticeRecordedAt: Date | null;
    /** the closing of this case queued an unfreeze request (set by resolve/close_early) */
    unfreezeSentOnClose: boolean;
  };
  policeReport: { agency: string; reportNumber: string; filedAt: Date } | null;
  merchantContacts: Array<{ outcome: ContactOutcome; findings: string | null }>;
  evidence: Array<{ type: EvidenceType; removed: boolean }>;
  /** actor ids of stage-recording events on this case (STAGE_RECORDING_ACTIONS) */
  workedBy: string[];
}

/** A case action endpoint, or the evidence upload/removal (checked by the same guards). */
export type GuardedAction = CaseAction | EvidenceAction;

export interface ActionContext {
  now: Date;
  /** for request_freeze / confirm_freeze with bankCode */
  bank?: { code: string; active: boolean } | null;
  /** for assign */
  assignee?: { id: string; role: Role; active: boolean } | null;
  /** for reopen */
  snHasOtherOpenCase?: boolean;
  /** for resolve/close_early duplicate */
  duplicateOf?: { id: string; exists: boolean } | null;
}

/**
 * Keys of `ActionPlan.freezeChanges` (the case's freeze record; names as in FreezeView where one exists):
 * bankCode, requestedAt, bankReference, confirmedAt, confirmedVia, rejectedAt, rejectionReason,
 * lastAnswer, notice, noticeRecordedAt, unfreezeRequestedAt, unfreezeSentOnClose, unfrozenAt.
 * Dates are `Date` objects.
 */
export type FreezeChanges = Partial<{
  bankCode: string | null;
  requestedAt: Date | null;
  bankReference: string | null;
  confirmedAt: Date | null;
  confirmedVia: 'callback' | 'analyst' | null;
  rejectedAt: Date | null;
  rejectionReason: string | null;
  lastAnswer: 'confirmed' | 'rejected' | null;
  notice: {
    notifiedAt: Date;
    channel: string;
    notifiedBy: string;
    appealInstructionsGiven: boolean;
    recordedBy: string;
  } | null;
  noticeRecordedAt: Date | null;
  unfreezeRequestedAt: Date | null;
  unfreezeSentOnClose: boolean;
  unfrozenAt: Date | null;
}>;

export interface ActionPlan {
  changes: Partial<
    Pick<
      CaseState,
      | 'stage'
      | 'status'
      | 'outcome'
      | 'closedFromStage'
      | 'assigneeId'
      | 'priority'
      | 'priorityOverridden'
      | 'waivedStages'
      | 'bankCode'
    >
  > & { duplicateOfCaseId?: string | null };
  /** the current stage's clock ends: met (exit rule) or waived */
  endClock?: { stage: Stage; how: 'met' | 'waived' };
  /** a new clock starts for this stage entry */
  startClock?: Stage;
  /** case closes: cancel all open clocks (applied after endClock) */
  cancelOpenClocks?: boolean;
  /** outbox rows to write in the same transaction */
  notifications: Array<{ type: NotificationType; reason?: string }>;
  /** an undelivered (pending/delivering) freeze request must be cancelled */
  cancelUndeliveredFreeze?: boolean;
  /** the freeze stage record changes (see FreezeChanges) */
  freezeChanges?: FreezeChanges & Record<string, unknown>;
  /** alerts to raise (e.g. 'freeze.rejected') */
  alerts: AlertType[];
  /** the audit event: action name + data {before?, after?, reason?, ...} (no personal data) */
  event: { action: string; data: Record<string, unknown> };
  /** true when the action changes nothing but a note/event (add_note) — version not bumped */
  versionUnchanged?: boolean;
}
