import type { Outcome } from '@sentinel/contracts';
import { DomainError } from '../errors';
import type { DeliveryAttemptChange, NotificationRetryChange } from './case-change';
import { SYSTEM_ACTOR, type CaseState, type ChangeContext, type NotificationFacts } from './case-state';
import { emptyPlan, type ChangePlan, type OutboxWrite } from './change-plan';
import { notificationBody, type NotifiedCase, type PlainNotificationType } from './notification-body';

/**
 * A new notification to the case's bank, its body built from the loaded facts (the bank receives exactly this).
 * None when there is no bank to send it to.
 */
export function queueNotification(
  c: NotifiedCase,
  bankCode: string | null,
  type: PlainNotificationType,
  ctx: ChangeContext,
  extra: { reason?: string; outcome?: Outcome } = {},
): Extract<OutboxWrite, { op: 'queue' }> | null {
  if (!bankCode) return null;
  const id = ctx.newId();
  return { op: 'queue', id, type, bankCode, at: ctx.now, body: notificationBody(c, { id, type, bankCode, at: ctx.now, ...extra }) };
}

const MAX_ERROR_CHARS = 500;

function lockedNotification(ctx: ChangeContext, id: string): NotificationFacts {
  const n = ctx.notification;
  if (!n || n.id !== id) throw new Error(`notification ${id} was not loaded with its case`);
  return n;
}

/**
 * The result of one delivery attempt (docs/api.md "Banks and notifications"), decided on the notification row
 * locked after its case row. The attempt is always recorded. A 2xx marks the row delivered while it is pending,
 * delivering or dead — even when this claim was superseded (the bank has it); a row cancelled meanwhile keeps
 * `cancelled` but records the delivery (`cancelledBeforeDelivery`), so the trail shows the bank got it. A failure
 * changes the row only while this claim still owns it (`delivering` with the claim's token): back to `pending`
 * for the next attempt, or `dead` after the last (event + alert to the team's supervisors, once per generation).
 * Delivery bookkeeping never moves the case version.
 */
export function planDeliveryAttempt(c: CaseState, change: DeliveryAttemptChange, ctx: ChangeContext): ChangePlan {
  const n = lockedNotification(ctx, change.notificationId);
  const error = change.error ? change.error.slice(0, MAX_ERROR_CHARS) : null;
  const durationMs = Math.max(0, Math.round(change.durationMs));
  const plan = emptyPlan();
  plan.outbox.push({
    op: 'attempt',
    id: n.id,
    generation: change.generation,
    attemptNo: change.attemptNo,
    startedAt: change.startedAt,
    durationMs,
    statusCode: change.statusCode,
    error,
    outcome: change.outcome,
  });
  const result = (status: 'delivered' | 'pending' | 'dead' | 'unchanged', rowStatus = n.status, nextAttemptAt: Date | null = null): ChangePlan => ({
    ...plan,
    result: { kind: 'delivery', status, rowStatus, nextAttemptAt, createdAt: n.createdAt },
  });
  const eventData = { notificationId: n.id, type: n.type, bankCode: n.bankCode, generation: change.generation, attemptNo: change.attemptNo };

  if (change.outcome === 'delivered') {
    if (n.status === 'delivered') return result('unchanged');
    const keepStatus = n.status === 'cancelled';
    plan.outbox.push({ op: 'delivered', id: n.id, at: ctx.now, attemptNo: change.attemptNo, statusCode: change.statusCode, keepStatus });
    plan.events.push({
      actor: SYSTEM_ACTOR,
      action: 'notification.delivered',
      data: keepStatus
        ? { ...eventData, statusCode: change.statusCode, cancelledBeforeDelivery: true }
        : { ...eventData, statusCode: change.statusCode, durationMs },
    });
    return keepStatus ? result('unchanged') : result('delivered', 'delivered');
  }

  const ownsClaim = n.status === 'delivering' && n.updatedAt.getTime() === change.claimedAt.getTime();
  if (!ownsClaim) return result('unchanged');
  if (change.nextAttemptAt) {
    plan.outbox.push({ op: 'reschedule', id: n.id, attemptNo: change.attemptNo, nextAttemptAt: change.nextAttemptAt, error, statusCode: change.statusCode, at: ctx.now });
    return result('pending', 'pending', change.nextAttemptAt);
  }
  plan.outbox.push({ op: 'dead', id: n.id, attemptNo: change.attemptNo, error, statusCode: change.statusCode, at: ctx.now });
  plan.events.push({
    actor: SYSTEM_ACTOR,
    action: 'notification.dead',
    data: { ...eventData, attempts: change.attemptNo, lastError: error, lastStatusCode: change.statusCode },
  });
  plan.alerts.push({
    type: 'notification.dead',
    recipients: { teamSupervisors: true, users: [] },
    dedupeKey: `notification.dead:${n.id}:${change.generation}`,
    stage: c.stage,
    notificationId: n.id,
  });
  return result('dead', 'dead');
}

/**
 * A supervisor retries a dead notification (docs/api-decisions.md "Notifications"): a new generation, pending and
 * due now, its attempts restarted; event `notification.retried` by the supervisor. Anything but `dead` → 422.
 */
export function planNotificationRetry(_c: CaseState, change: NotificationRetryChange, ctx: ChangeContext): ChangePlan {
  const n = lockedNotification(ctx, change.notificationId);
  if (n.status !== 'dead') {
    throw new DomainError('CASE.ACTION_NOT_ALLOWED', `Only a dead notification can be retried; this one is ${n.status}`, { status: n.status });
  }
  const generation = n.generation + 1;
  return {
    ...emptyPlan(),
    outbox: [{ op: 'retry', id: n.id, generation, at: ctx.now }],
    events: [
      {
        actor: change.actor,
        action: 'notification.retried',
        data: {
          notificationId: n.id,
          type: n.type,
          bankCode: n.bankCode,
          before: { status: 'dead', generation: n.generation },
          after: { status: 'pending', generation },
          ...(change.reason ? { reason: change.reason } : {}),
        },
      },
    ],
    result: { kind: 'retry', generation },
  };
}
