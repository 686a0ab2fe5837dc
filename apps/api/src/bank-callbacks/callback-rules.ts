import type { CallbackType, CaseStatus, NotificationStatus, NotificationType, Outcome, Stage } from '@sentinel/contracts';
import { UNFREEZE_OUTCOMES } from '@sentinel/domain';

/**
 * What a verified bank callback does to a case (docs/api.md "Banks and notifications", docs/domain.md "Case lifecycle":
 * freeze). Pure: the service loads the facts under the case lock and applies the decision.
 * (A candidate for libs/domain/case-lifecycle; kept here while that folder has another owner.)
 */
export interface CallbackFacts {
  type: CallbackType;
  notification: { id: string; type: NotificationType; status: NotificationStatus };
  caseStatus: CaseStatus;
  outcome: Outcome | null;
  stage: Stage;
  freeze: {
    /** the case's current (latest) freeze request */
    notificationId: string | null;
    lastAnswer: 'confirmed' | 'rejected' | null;
    /** the case's current unfreeze request */
    unfreezeNotificationId: string | null;
    unfrozenAt: Date | null;
  };
}

export type NotAppliedReason = 'notification_cancelled' | 'case_closed' | 'superseded' | 'stage_moved_on' | 'already_confirmed';

export type CallbackDecision =
  /** the callback answers a notification of another kind (e.g. freeze.confirmed for an unfreeze request) */
  | { kind: 'wrong_notification_type'; expected: NotificationType }
  /**
   * valid but no longer applies: recorded as `bank.callback_not_applied`; `alert` raises freeze.rejected;
   * `queueUnfreeze`: the bank froze after the case closed as no_misuse/duplicate without an unfreeze → send one
   */
  | { kind: 'not_applied'; reason: NotAppliedReason; alert: boolean; queueUnfreeze?: boolean }
  | { kind: 'apply'; event: 'bank.freeze_confirmed' | 'bank.freeze_rejected' | 'bank.unfreeze_confirmed'; advancesStage: boolean; alert: boolean };

export const EXPECTED_NOTIFICATION: Record<CallbackType, NotificationType> = {
  'freeze.confirmed': 'freeze.requested',
  'freeze.rejected': 'freeze.requested',
  'unfreeze.confirmed': 'unfreeze.requested',
};

export function decideCallback(f: CallbackFacts): CallbackDecision {
  const expected = EXPECTED_NOTIFICATION[f.type];
  if (f.notification.type !== expected) return { kind: 'wrong_notification_type', expected };
  const n = f.notification;
  const notApplied = (reason: NotAppliedReason, alert = false): CallbackDecision => ({ kind: 'not_applied', reason, alert });

  switch (f.type) {
    case 'freeze.confirmed':
      if (f.caseStatus === 'closed') {
        // Closing cancelled the (undelivered) request, yet the bank froze: without an unfreeze the merchant's
        // terminal would stay frozen for a case we closed as no_misuse or duplicate (docs/domain.md "Unfreeze").
        const queueUnfreeze =
          f.freeze.notificationId === n.id && f.freeze.unfreezeNotificationId === null && f.outcome !== null && UNFREEZE_OUTCOMES.includes(f.outcome);
        return { kind: 'not_applied', reason: 'case_closed', alert: false, queueUnfreeze };
      }
      if (n.status === 'cancelled') return notApplied('notification_cancelled');
      if (f.freeze.notificationId !== n.id) return notApplied('superseded');
      if (f.stage !== 'freeze') return notApplied('stage_moved_on');
      return { kind: 'apply', event: 'bank.freeze_confirmed', advancesStage: true, alert: false };

    case 'freeze.rejected':
      if (f.caseStatus === 'closed') return notApplied('case_closed');
      if (n.status === 'cancelled') return notApplied('notification_cancelled');
      if (f.freeze.notificationId !== n.id) return notApplied('superseded');
      // A rejection after a confirmation contradicts the bank's earlier answer: recorded, the stage is left
      // alone (and the freeze stays "confirmed", so closing still sends the unfreeze), supervisors alerted.
      if (f.freeze.lastAnswer === 'confirmed') return notApplied('already_confirmed', true);
      // The freeze stage was waived meanwhile: nothing to change, but supervisors should know the bank refused.
      if (f.stage !== 'freeze') return notApplied('stage_moved_on', true);
      return { kind: 'apply', event: 'bank.freeze_rejected', advancesStage: false, alert: true };

    case 'unfreeze.confirmed':
      if (n.status === 'cancelled') return notApplied('notification_cancelled');
      if (f.freeze.unfreezeNotificationId !== n.id) return notApplied('superseded');
      if (f.freeze.unfrozenAt) return notApplied('already_confirmed');
      return { kind: 'apply', event: 'bank.unfreeze_confirmed', advancesStage: false, alert: false };

    default: {
      const never: never = f.type;
      throw new Error(`unknown callback type ${String(never)}`);
    }
  }
}

/** When the bank says it acted; never later than when we heard of it. */
export function effectiveAt(at: string, now: Date): Date {
  const t = new Date(at);
  return t.getTime() > now.getTime() ? now : t;
}
