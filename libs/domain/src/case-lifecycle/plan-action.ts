import type { CaseAction } from '@sentinel/contracts';
import { assertActionAllowed } from './action-guards';
import { planAddNote, planAssign, planClaim, planRelease, planSetPriority } from './assignment-plans';
import type { ActionContext, ActionPlan, ActorCtx, CaseState } from './case-state';
import { planCloseEarly, planReopen, planResolve } from './closing-plans';
import {
  planConfirmFreeze,
  planRecordFreezeNotice,
  planRecordFreezeRejection,
  planRequestFreeze,
} from './freeze-plans';
import { planLogMerchantContact, planRecordPoliceReport, planSubmitForReview, planWaiveStage } from './stage-plans';

/**
 * What a case action does: checks steps 3–6 (assertActionAllowed), then the payload and exit
 * rules (step 7), and returns the changes, clocks, notifications, alerts and the audit event for
 * the service to apply in one transaction. Never mutates `c`.
 */
export function planAction(
  c: CaseState,
  action: CaseAction,
  payload: Record<string, any>,
  actor: ActorCtx,
  ctx: ActionContext,
): ActionPlan {
  assertActionAllowed(c, action, actor);
  const p = payload ?? {};
  switch (action) {
    case 'claim':
      return planClaim(c, actor);
    case 'assign':
      return planAssign(c, p, ctx);
    case 'release':
      return planRelease(c);
    case 'request_freeze':
      return planRequestFreeze(c, p, ctx);
    case 'confirm_freeze':
      return planConfirmFreeze(c, p, ctx);
    case 'record_freeze_notice':
      return planRecordFreezeNotice(c, p, actor, ctx);
    case 'record_freeze_rejection':
      return planRecordFreezeRejection(c, p, ctx);
    case 'record_police_report':
      return planRecordPoliceReport(c, p, ctx);
    case 'log_merchant_contact':
      return planLogMerchantContact(c, p, ctx);
    case 'submit_for_review':
      return planSubmitForReview(c);
    case 'waive_stage':
      return planWaiveStage(c, p);
    case 'resolve':
      return planResolve(c, p, ctx);
    case 'close_early':
      return planCloseEarly(c, p, ctx);
    case 'reopen':
      return planReopen(c, p, ctx);
    case 'set_priority':
      return planSetPriority(c, p);
    case 'add_note':
      return planAddNote(p);
  }
}
