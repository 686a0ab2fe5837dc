import type { CaseAction } from '@sentinel/contracts';
import { checkAction } from './action-guards';
import { planAddNote, planAssign, planClaim, planRelease, planSetPriority } from './assignment-plans';
import type { ActionChange } from './case-change';
import type { ActorCtx, CaseState, ChangeContext } from './case-state';
import type { ChangePlan } from './change-plan';
import { planCloseEarly, planReopen, planResolve } from './closing-plans';
import { planPlaceHold, planReleaseHold, planRenewHold } from './hold-plans';
import { planRecordTerminalReplacement } from './watchlist-plans';
import { planCancelRegulatoryClock, planRecordRegulatoryFiling, planStartRegulatoryClock } from './regulatory-plans';
import { planConfirmFreeze, planRecordFreezeNotice, planRecordFreezeRejection, planRequestFreeze } from './freeze-plans';
import type { ActionEffect } from './plan-helpers';
import {
  planLogMerchantContact,
  planRecordPoliceReport,
  planReturnToAnalyst,
  planSubmitForReview,
  planWaiveStage,
} from './stage-plans';

/** What each action does (step 7: its payload and exit rules), once steps 2–6 passed. */
function actionEffect(c: CaseState, action: CaseAction, p: Record<string, unknown>, actor: ActorCtx, ctx: ChangeContext): ActionEffect {
  switch (action) {
    case 'claim':
      return planClaim(c, actor, ctx);
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
      return planRecordPoliceReport(c, p, actor, ctx);
    case 'log_merchant_contact':
      return planLogMerchantContact(c, p, actor, ctx);
    case 'submit_for_review':
      return planSubmitForReview(c, ctx);
    case 'waive_stage':
      return planWaiveStage(c, p, ctx);
    case 'resolve':
      return planResolve(c, p, ctx, actor);
    case 'return_to_analyst':
      return planReturnToAnalyst(c, p, actor, ctx);
    case 'close_early':
      return planCloseEarly(c, p, ctx);
    case 'reopen':
      return planReopen(c, p, ctx);
    case 'set_priority':
      return planSetPriority(c, p);
    case 'add_note':
      return planAddNote(p, actor, ctx);
    case 'place_hold':
      return planPlaceHold(c, p, actor, ctx);
    case 'renew_hold':
      return planRenewHold(c, p, actor, ctx);
    case 'release_hold':
      return planReleaseHold(c, p, actor, ctx);
    case 'start_regulatory_clock':
      return planStartRegulatoryClock(c, p, actor, ctx);
    case 'record_regulatory_filing':
      return planRecordRegulatoryFiling(c, p, actor, ctx);
    case 'cancel_regulatory_clock':
      return planCancelRegulatoryClock(c, p, actor, ctx);
    case 'record_terminal_replacement':
      return planRecordTerminalReplacement(c, p, actor, ctx);
  }
}

/**
 * A case action: steps 2–6 (version, role, state, ownership, four eyes), then the action's own rules; one
 * event by the actor, carrying the ids of the notifications it queued or cancelled. Never mutates `c`.
 */
export function planAction(c: CaseState, change: ActionChange, ctx: ChangeContext): ChangePlan {
  checkAction(c, change);
  const e = actionEffect(c, change.action, change.payload ?? {}, change.actor, ctx);
  const outbox = e.outbox ?? [];
  const queued = outbox.flatMap((w) => (w.op === 'queue' ? [w.id] : []));
  const cancelled = outbox.flatMap((w) => (w.op === 'cancel' ? w.ids : []));
  return {
    case: e.versionUnchanged && !e.patch ? undefined : { op: 'update', patch: e.patch ?? {}, bumpVersion: !e.versionUnchanged },
    records: e.records ?? [],
    clocks: e.clocks ?? [],
    outbox,
    alerts: e.alerts ?? [],
    events: [
      {
        actor: { id: change.actor.id, role: change.actor.role },
        action: e.event.action,
        data: {
          ...e.event.data,
          ...change.eventData,
          ...(queued.length ? { notificationIds: queued } : {}),
          ...(cancelled.length ? { cancelledNotificationIds: cancelled } : {}),
        },
      },
    ],
  };
}
