import type { Money } from './common';
import type { CallbackType, FreezeScope, HoldKind, MisuseType, NotificationStatus, NotificationType, Outcome } from './enums';

/**
 * What every bank notification carries (docs/api.md "Banks and notifications"): the case and terminal a bank acts
 * on, never personal data. Signed and delivered by the worker as the webhook body.
 */
export interface BankNotificationBase<T extends NotificationType = NotificationType> {
  type: T;
  /** Also the `webhook-id` header; a bank's callback names it. */
  notificationId: string;
  caseId: string;
  caseReference: string;
  bankCode: string;
  sn: string;
  terminalId: string | null;
  merchantId: string | null;
  merchantName: string | null;
  misuseType: MisuseType;
  amountAtRisk: Money | null;
  requestedAt: string;
  scope: FreezeScope[];
  /** Why (e.g. `reopened`, the closing outcome). */
  reason?: string;
  outcome?: Outcome;
}

export type FreezeRequestedBody = BankNotificationBase<'freeze.requested'>;
export type UnfreezeRequestedBody = BankNotificationBase<'unfreeze.requested'>;
export type CaseClosedBody = BankNotificationBase<'case.closed'>;

/** The hold an acquirer hold notification is about (`scope` of the base is the hold's scope). */
export interface HoldNotice {
  id: string;
  kind: HoldKind;
  placedAt: string;
  expiresAt: string | null;
  /** `hold.released`: when, and `expired` when it lapsed rather than being released */
  releasedAt?: string;
  expired?: boolean;
}

/** An acquirer hold was placed on the case's terminal or settlement (docs/api.md "Holds and police orders"). */
export interface HoldPlacedBody extends BankNotificationBase<'hold.placed'> {
  hold: HoldNotice;
}
/** An acquirer hold was released or lapsed. */
export interface HoldReleasedBody extends BankNotificationBase<'hold.released'> {
  hold: HoldNotice;
}

/**
 * The body a bank receives, one variant per `type`. A new kind of notification (e.g. `hold.placed` /
 * `hold.released`) is a new type in NOTIFICATION_TYPES and a variant here that extends BankNotificationBase with
 * its own fields.
 */
export type BankNotificationBody = FreezeRequestedBody | UnfreezeRequestedBody | CaseClosedBody | HoldPlacedBody | HoldReleasedBody;

/** The body of `POST /api/bank-callbacks/:bankCode`: a bank answers one of our notifications (signed the same way). */
export interface BankCallbackBody {
  type: CallbackType;
  /** The notification (our `webhook-id`) this answers. */
  notificationId: string;
  caseReference: string;
  bankReference?: string;
  /** Why the bank rejected the freeze. */
  reason?: string;
  /** When the bank acted (ISO 8601). */
  at: string;
}

/** Why a valid callback changed nothing (docs/api-decisions.md "Bank callbacks"). */
export const CALLBACK_NOT_APPLIED_REASONS = ['notification_cancelled', 'case_closed', 'superseded', 'stage_moved_on', 'already_confirmed'] as const;
export type CallbackNotAppliedReason = (typeof CALLBACK_NOT_APPLIED_REASONS)[number];

/** The answer to a bank callback: applied, or valid but no longer applicable (recorded as an event). */
export interface BankCallbackResult {
  applied: boolean;
  reason?: CallbackNotAppliedReason;
}

export const ATTEMPT_OUTCOMES = ['delivered', 'failed'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** One delivery attempt of a notification. */
export interface NotificationAttemptView {
  attemptNo: number;
  /** Starts at 1; a supervisor's retry starts a new generation. */
  generation: number;
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  outcome: AttemptOutcome;
}

/** A row of `GET /api/notifications` (and `GET /api/notifications/:id`): the outbox row with every attempt. */
export interface NotificationView {
  id: string;
  caseId: string;
  caseReference: string;
  bankCode: string;
  type: NotificationType;
  status: NotificationStatus;
  generation: number;
  /** Attempts made in the current generation. */
  attemptCount: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  lastStatusCode: number | null;
  deliveredAt: string | null;
  deadAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** The body the bank receives. */
  payload: BankNotificationBody;
  /** Every generation's attempts, ordered by generation and attempt number. */
  attempts: NotificationAttemptView[];
}
