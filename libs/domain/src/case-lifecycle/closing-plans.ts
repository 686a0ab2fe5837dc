import { EARLY_CLOSE_OUTCOMES, OUTCOMES, type Outcome, type Stage } from '@sentinel/contracts';
import { DomainError, validationFailed } from '../errors';
import type { ActorCtx, CaseState, ChangeContext } from './case-state';
import type { OutboxWrite } from './change-plan';
import { cancelOpenClocks, endStageClocks, startClock } from './clock-plans';
import { cancelUndeliveredFreeze } from './freeze-plans';
import { queueNotification } from './notification-plans';
import { optionalText, requireOneOf, requireText } from './payload-rules';
import { effect, type ActionEffect } from './plan-helpers';
import { stageIndex } from './stage-rules';
import { watchlistOnClose } from './watchlist-plans';

type Payload = Record<string, unknown>;

const UNDELIVERED = ['pending', 'delivering'];

/** Outcomes after which a freeze is lifted (docs/domain.md "Unfreeze"). */
export const UNFREEZE_OUTCOMES: readonly Outcome[] = ['no_misuse', 'duplicate'];

/**
 * docs/domain.md "Unfreeze": closing as no_misuse or duplicate queues an unfreeze request when a freeze
 * request was delivered or the freeze confirmed, unless the bank's last answer was a rejection or the
 * case has no bank to send it to; a still-undelivered freeze request is cancelled.
 */
export function unfreezeOnClose(c: CaseState, outcome: Outcome): { unfreeze: boolean; cancelUndelivered: boolean } {
  if (!UNFREEZE_OUTCOMES.includes(outcome)) return { unfreeze: false, cancelUndelivered: false };
  const f = c.freeze;
  const frozenOrAsked = f.lastRequestStatus === 'delivered' || f.confirmedAt !== null;
  return {
    // An unfreeze goes to the case's bank: with none there is no one to ask, and reopening must not refreeze.
    unfreeze: frozenOrAsked && f.lastAnswer !== 'rejected' && c.bankCode !== null,
    cancelUndelivered: f.lastRequestStatus !== null && UNDELIVERED.includes(f.lastRequestStatus),
  };
}

function duplicateTarget(c: CaseState, outcome: Outcome, payload: Payload, ctx: ChangeContext): string | null {
  if (outcome !== 'duplicate') return null;
  const id = optionalText(payload, 'duplicateOfCaseId');
  if (id === null) {
    throw validationFailed(
      { duplicateOfCaseId: { code: 'REQUIRED', message: 'is required when the outcome is duplicate' } },
      'duplicateOfCaseId is required when the outcome is duplicate.',
    );
  }
  if (id === c.id) throw validationFailed({ duplicateOfCaseId: { code: 'NOT_ALLOWED', message: 'may not be this case' } });
  if (!ctx.duplicateOf || ctx.duplicateOf.id !== id || !ctx.duplicateOf.exists) {
    throw validationFailed({ duplicateOfCaseId: { code: 'NOT_FOUND', message: 'is not an existing case' } });
  }
  return id;
}

function closePlan(
  action: 'resolve' | 'close_early',
  c: CaseState,
  outcome: Outcome,
  duplicateOfCaseId: string | null,
  ctx: ChangeContext,
  text: Record<string, string>,
): ActionEffect {
  const { unfreeze, cancelUndelivered } = unfreezeOnClose(c, outcome);
  const outbox: OutboxWrite[] = cancelUndelivered ? cancelUndeliveredFreeze(c, ctx) : [];
  const unfreezeRequest = unfreeze ? queueNotification(c, c.bankCode, 'unfreeze.requested', ctx, { reason: outcome, outcome }) : null;
  if (unfreezeRequest) outbox.push(unfreezeRequest);
  const closed = queueNotification(c, c.bankCode, 'case.closed', ctx, { reason: outcome, outcome });
  if (closed) outbox.push(closed);
  // resolve: a resolution is review's exit condition, so its clock is met; every other open clock is cancelled.
  const met = action === 'resolve' ? endStageClocks(c, c.stage, 'met', ctx.now) : [];
  return {
    ...effect(action, {
      before: { status: c.status, outcome: c.outcome },
      after: { status: 'closed', outcome, closedFromStage: c.stage, duplicateOfCaseId },
      ...text,
      unfreezeRequested: unfreeze,
      freezeRequestCancelled: cancelUndelivered,
    }),
    patch: { status: 'closed', outcome, closedFromStage: c.stage, duplicateOfCaseId, closedAt: ctx.now },
    clocks: [...met, ...cancelOpenClocks(c, ctx.now, met)],
    outbox,
    records: [
      {
        record: 'freeze',
        patch: unfreezeRequest
          ? { unfreezeSentOnClose: true, unfreezeRequestedAt: ctx.now, unfreezeNotificationId: unfreezeRequest.id }
          : { unfreezeSentOnClose: false },
      },
    ],
  };
}

/** A supervisor (four eyes) resolves a case in review; the review clock is met, the case closes. */
export function planResolve(c: CaseState, payload: Payload, ctx: ChangeContext, actor?: ActorCtx): ActionEffect {
  const outcome = requireOneOf(payload, 'outcome', OUTCOMES);
  const summary = requireText(payload, 'summary');
  const duplicateOfCaseId = duplicateTarget(c, outcome, payload, ctx);
  const closed = closePlan('resolve', c, outcome, duplicateOfCaseId, ctx, { summary });
  // Aftercare (docs/domain.md): a confirmed case's SN and MID are watched.
  const watch = watchlistOnClose(c, outcome, actor, ctx);
  if (!watch.length) return closed;
  const entries = watch.flatMap((w) => (w.record === 'watchlist_added' ? [{ id: w.entry.id, kind: w.entry.kind, value: w.entry.value, expiresAt: w.entry.expiresAt.toISOString() }] : []));
  return { ...closed, records: [...(closed.records ?? []), ...watch], event: { ...closed.event, data: { ...closed.event.data, watchlistEntries: entries } } };
}

/** A supervisor (four eyes) closes an open case from any stage as no_misuse or duplicate. */
export function planCloseEarly(c: CaseState, payload: Payload, ctx: ChangeContext): ActionEffect {
  const outcome = requireOneOf(payload, 'outcome', EARLY_CLOSE_OUTCOMES);
  const reason = requireText(payload, 'reason');
  const duplicateOfCaseId = duplicateTarget(c, outcome, payload, ctx);
  return closePlan('close_early', c, outcome, duplicateOfCaseId, ctx, { reason });
}

/**
 * A supervisor (four eyes) reopens a closed case: back to the stage it closed from, or to freeze
 * with a new freeze request when its closing sent an unfreeze. Stages at or after the return
 * stage are no longer waived (they will be worked again).
 */
export function planReopen(c: CaseState, payload: Payload, ctx: ChangeContext): ActionEffect {
  const reason = requireText(payload, 'reason', 'is required to reopen a case');
  if (ctx.snHasOtherOpenCase) {
    throw new DomainError('CASE.SN_HAS_OPEN_CASE', 'The case cannot be reopened: its SN has another open case.', {
      caseId: c.id,
    });
  }
  const refreeze = c.freeze.unfreezeSentOnClose;
  const stage: Stage = refreeze ? 'freeze' : (c.closedFromStage ?? c.stage);
  const waivedStages = c.waivedStages.filter((s) => stageIndex(s) < stageIndex(stage));
  const waivedChanged = waivedStages.length !== c.waivedStages.length;
  const request = refreeze ? queueNotification(c, c.bankCode, 'freeze.requested', ctx, { reason: 'reopened' }) : null;
  return {
    ...effect('reopen', {
      before: {
        status: c.status,
        outcome: c.outcome,
        stage: c.stage,
        ...(waivedChanged ? { waivedStages: c.waivedStages } : {}),
      },
      after: { status: 'open', outcome: null, stage, ...(waivedChanged ? { waivedStages } : {}) },
      reason,
      freezeRequested: refreeze && c.bankCode !== null,
    }),
    patch: {
      status: 'open',
      outcome: null,
      closedFromStage: null,
      closedAt: null,
      duplicateOfCaseId: null,
      stage,
      ...(waivedChanged ? { waivedStages } : {}),
    },
    clocks: [startClock(stage, ctx)],
    outbox: request ? [request] : [],
    records: refreeze
      ? [
          {
            record: 'freeze',
            patch: {
              requestedAt: request ? ctx.now : null,
              ...(request ? { notificationId: request.id } : {}),
              bankReference: null,
              confirmedAt: null,
              confirmedVia: null,
              rejectedAt: null,
              rejectionReason: null,
              lastAnswer: null,
              notice: null,
              noticeRecordedAt: null,
              unfreezeRequestedAt: null,
              unfreezeSentOnClose: false,
              unfrozenAt: null,
            },
          },
        ]
      : [],
  };
}
