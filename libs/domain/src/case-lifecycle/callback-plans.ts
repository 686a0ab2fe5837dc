import type { CallbackType, CaseStatus, NotificationStatus, NotificationType, Outcome, Stage } from '@sentinel/contracts';
import { DomainError } from '../errors';
import type { BankCallbackChange } from './case-change';
import { bankActor, type CaseState, type ChangeContext } from './case-state';
import { emptyPlan, type ChangePlan, type EventDraft, type NotAppliedReason } from './change-plan';
import { UNFREEZE_OUTCOMES } from './closing-plans';
import { freezeConfirmed, freezeRejected } from './freeze-plans';
import { queueNotification } from './notification-plans';

/** What a verified callback is about: the case's facts and the notification it answers. */
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

export const CALLBACK_CHANGE: Record<CallbackType, BankCallbackChange['kind']> = {
  'freeze.confirmed': 'bank_freeze_confirmed',
  'freeze.rejected': 'bank_freeze_rejected',
  'unfreeze.confirmed': 'bank_unfreeze_confirmed',
};
const CALLBACK_TYPE: Record<BankCallbackChange['kind'], CallbackType> = {
  bank_freeze_confirmed: 'freeze.confirmed',
  bank_freeze_rejected: 'freeze.rejected',
  bank_unfreeze_confirmed: 'unfreeze.confirmed',
};

/** Whether a verified callback still applies to the case (docs/api-decisions.md "Bank callbacks"). */
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
export function effectiveAt(at: Date, now: Date): Date {
  return at.getTime() > now.getTime() ? now : at;
}

/**
 * A verified bank callback, acting as `bank:<code>` (docs/api-decisions.md "Bank callbacks"). The notification
 * must be this bank's and this case's (one answer for every mismatch: nothing leaks). The bank evidently got it,
 * so a pending / delivering row is delivered first. Then the fact applies — `freeze.confirmed` through the same
 * plan as an analyst's `confirm_freeze` — or is recorded as `bank.callback_not_applied` with its reason.
 */
export function planBankCallback(c: CaseState, change: BankCallbackChange, ctx: ChangeContext): ChangePlan {
  const type = CALLBACK_TYPE[change.kind];
  const n = ctx.notification;
  const unknown = (why: string) =>
    new DomainError('CALLBACK.UNKNOWN_NOTIFICATION', `Notification ${change.notificationId} ${why}`, {
      notificationId: change.notificationId,
      caseReference: change.caseReference,
    });
  if (!n || n.id !== change.notificationId || n.bankCode !== change.bankCode || c.reference !== change.caseReference) {
    throw unknown(`is not a notification of ${change.bankCode} for case ${change.caseReference}`);
  }
  const f = c.freeze;
  const decision = decideCallback({
    type,
    notification: { id: n.id, type: n.type, status: n.status },
    caseStatus: c.status,
    outcome: c.outcome,
    stage: c.stage,
    freeze: { notificationId: f.notificationId, lastAnswer: f.lastAnswer, unfreezeNotificationId: f.unfreezeNotificationId, unfrozenAt: f.unfrozenAt },
  });
  if (decision.kind === 'wrong_notification_type') throw unknown(`is a ${n.type} notification; ${type} answers a ${decision.expected}`);

  const actor = bankActor(change.bankCode);
  const plan = emptyPlan();
  const delivered = n.status === 'pending' || n.status === 'delivering';
  if (delivered) {
    plan.outbox.push({ op: 'delivered', id: n.id, at: ctx.now, attemptNo: null, statusCode: null, keepStatus: false });
    plan.events.push({ actor, action: 'notification.delivered', data: { notificationId: n.id, via: 'callback', webhookId: change.webhookId } });
  }
  const at = effectiveAt(change.at, ctx.now);
  const rejectionAlert = () =>
    freezeRejected(c, { rejectedAt: at, reason: change.reason, dedupeKey: `notification:${n.id}`, notificationId: n.id }).alert;

  if (decision.kind === 'not_applied') {
    const unfreeze = decision.queueUnfreeze
      ? queueNotification(c, c.bankCode, 'unfreeze.requested', ctx, { reason: 'the bank confirmed a freeze after the case was closed' })
      : null;
    if (unfreeze) {
      plan.outbox.push(unfreeze);
      plan.records.push({
        record: 'freeze',
        patch: {
          confirmedAt: f.confirmedAt ?? at,
          bankReference: f.bankReference ?? change.bankReference,
          confirmedVia: f.confirmedVia ?? 'callback',
          lastAnswer: 'confirmed',
          unfreezeSentOnClose: true,
          unfreezeRequestedAt: ctx.now,
          unfreezeNotificationId: unfreeze.id,
        },
      });
    }
    if (delivered || unfreeze) plan.case = { op: 'update', patch: {}, bumpVersion: true };
    plan.events.push({
      actor,
      action: 'bank.callback_not_applied',
      data: {
        type,
        notificationId: n.id,
        webhookId: change.webhookId,
        reason: decision.reason,
        at: at.toISOString(),
        ...(change.bankReference ? { bankReference: change.bankReference } : {}),
        ...(change.reason ? { bankReason: change.reason } : {}),
        ...(unfreeze ? { notificationIds: [unfreeze.id] } : {}),
      },
    });
    if (decision.alert) plan.alerts.push(rejectionAlert());
    return { ...plan, result: { kind: 'callback', applied: false, reason: decision.reason } };
  }

  const base = { notificationId: n.id, webhookId: change.webhookId };
  let event: EventDraft;
  switch (decision.event) {
    case 'bank.freeze_confirmed': {
      const done = freezeConfirmed(c, { confirmedAt: at, bankReference: change.bankReference ?? f.bankReference, via: 'callback' }, ctx);
      plan.case = { op: 'update', patch: { stage: done.stage }, bumpVersion: true };
      plan.clocks.push(...done.clocks);
      plan.records.push(done.record);
      event = {
        actor,
        action: decision.event,
        data: {
          ...base,
          before: done.before,
          after: done.after,
          confirmedAt: at.toISOString(),
          confirmedVia: 'callback',
          ...(change.bankReference ? { bankReference: change.bankReference } : {}),
        },
      };
      break;
    }
    case 'bank.freeze_rejected':
      plan.case = { op: 'update', patch: {}, bumpVersion: true };
      plan.records.push(freezeRejected(c, { rejectedAt: at, reason: change.reason, dedupeKey: `notification:${n.id}`, notificationId: n.id }).record);
      event = { actor, action: decision.event, data: { ...base, rejectedAt: at.toISOString(), ...(change.reason ? { reason: change.reason } : {}) } };
      break;
    case 'bank.unfreeze_confirmed':
      plan.case = { op: 'update', patch: {}, bumpVersion: true };
      plan.records.push({ record: 'freeze', patch: { unfrozenAt: at } });
      event = {
        actor,
        action: decision.event,
        data: { ...base, unfrozenAt: at.toISOString(), ...(change.bankReference ? { bankReference: change.bankReference } : {}) },
      };
      break;
  }
  plan.events.push(event);
  if (decision.alert) plan.alerts.push(rejectionAlert());
  return { ...plan, result: { kind: 'callback', applied: true } };
}
