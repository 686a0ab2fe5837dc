import { EARLY_CLOSE_OUTCOMES, OUTCOMES, type Outcome, type Stage } from '@sentinel/contracts';
import { DomainError, validationFailed } from '../errors';
import type { ActionContext, ActionPlan, CaseState } from './case-state';
import { optionalText, requireOneOf, requireText } from './payload-rules';
import { eventOnly } from './plan-helpers';
import { stageIndex } from './stage-rules';

type Payload = Record<string, any>;

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

function duplicateTarget(c: CaseState, outcome: Outcome, payload: Payload, ctx: ActionContext): string | null {
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
  ctx: ActionContext,
  text: Record<string, string>,
): ActionPlan {
  const { unfreeze, cancelUndelivered } = unfreezeOnClose(c, outcome);
  const plan = eventOnly(action, {
    before: { status: c.status, outcome: c.outcome },
    after: { status: 'closed', outcome, closedFromStage: c.stage, duplicateOfCaseId },
    ...text,
    unfreezeRequested: unfreeze,
    freezeRequestCancelled: cancelUndelivered,
  });
  plan.changes = { status: 'closed', outcome, closedFromStage: c.stage, duplicateOfCaseId };
  plan.cancelOpenClocks = true;
  if (unfreeze) plan.notifications.push({ type: 'unfreeze.requested', reason: outcome });
  if (c.bankCode) plan.notifications.push({ type: 'case.closed', reason: outcome });
  if (cancelUndelivered) plan.cancelUndeliveredFreeze = true;
  plan.freezeChanges = unfreeze
    ? { unfreezeSentOnClose: true, unfreezeRequestedAt: ctx.now }
    : { unfreezeSentOnClose: false };
  return plan;
}

/** A supervisor (four eyes) resolves a case in review; the review clock is met, the case closes. */
export function planResolve(c: CaseState, payload: Payload, ctx: ActionContext): ActionPlan {
  const outcome = requireOneOf(payload, 'outcome', OUTCOMES);
  const summary = requireText(payload, 'summary');
  const duplicateOfCaseId = duplicateTarget(c, outcome, payload, ctx);
  return { ...closePlan('resolve', c, outcome, duplicateOfCaseId, ctx, { summary }), endClock: { stage: c.stage, how: 'met' } };
}

/** A supervisor (four eyes) closes an open case from any stage as no_misuse or duplicate. */
export function planCloseEarly(c: CaseState, payload: Payload, ctx: ActionContext): ActionPlan {
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
export function planReopen(c: CaseState, payload: Payload, ctx: ActionContext): ActionPlan {
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
  const plan = eventOnly('reopen', {
    before: {
      status: c.status,
      outcome: c.outcome,
      stage: c.stage,
      ...(waivedChanged ? { waivedStages: c.waivedStages } : {}),
    },
    after: { status: 'open', outcome: null, stage, ...(waivedChanged ? { waivedStages } : {}) },
    reason,
    freezeRequested: refreeze && c.bankCode !== null,
  });
  plan.changes = {
    status: 'open',
    outcome: null,
    closedFromStage: null,
    duplicateOfCaseId: null,
    stage,
    ...(waivedChanged ? { waivedStages } : {}),
  };
  plan.startClock = stage;
  if (refreeze) {
    plan.freezeChanges = {
      requestedAt: c.bankCode ? ctx.now : null,
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
    };
    if (c.bankCode) plan.notifications.push({ type: 'freeze.requested', reason: 'reopened' });
  }
  return plan;
}
