import { planUnassign } from './assignment-plans';
import { planBankCallback } from './callback-plans';
import type { CaseChange, NewCaseChange } from './case-change';
import type { CaseState, ChangeContext } from './case-state';
import type { ChangePlan } from './change-plan';
import { caseSlaOf, clocksAfter, planSlaTimer, sameSla } from './clock-plans';
import { planAddEvidence, planRemoveEvidence } from './evidence-plans';
import { planFreezeNoticeCheck } from './freeze-plans';
import { planHoldTimer } from './hold-plans';
import { planRegulatoryTimer } from './regulatory-plans';
import { planImportCase } from './import-plans';
import { planLinkReport, planOpenCase } from './intake-plans';
import { planDeliveryAttempt, planNotificationRetry } from './notification-plans';
import { planAction } from './plan-action';

export function planChange(state: null, change: NewCaseChange, ctx: ChangeContext): ChangePlan;
export function planChange(state: CaseState, change: Exclude<CaseChange, NewCaseChange>, ctx: ChangeContext): ChangePlan;
/**
 * The one place a change to a case is decided (docs/architecture.md "The one write path for a case"): from the
 * loaded state, the change and the context alone, `now` and ids passed in. Throws a DomainError when a rule
 * refuses it. The returned plan is applied as it is by the case writer.
 */
export function planChange(state: CaseState | null, change: CaseChange, ctx: ChangeContext): ChangePlan {
  if (change.kind === 'open_case') {
    if (state) throw new Error('open_case plans a case that does not exist yet');
    return planOpenCase(change, ctx);
  }
  if (change.kind === 'import_case') {
    if (state) throw new Error('import_case plans a case that does not exist yet');
    return planImportCase(change, ctx);
  }
  if (!state) throw new Error(`${change.kind} needs the case's state`);
  return withCaseSla(state, planFor(state, change, ctx));
}

function planFor(c: CaseState, change: Exclude<CaseChange, NewCaseChange>, ctx: ChangeContext): ChangePlan {
  switch (change.kind) {
    case 'link_report':
      return planLinkReport(c, change, ctx);
    case 'action':
      return planAction(c, change, ctx);
    case 'add_evidence':
      return planAddEvidence(c, change, ctx);
    case 'remove_evidence':
      return planRemoveEvidence(c, change, ctx);
    case 'bank_freeze_confirmed':
    case 'bank_freeze_rejected':
    case 'bank_unfreeze_confirmed':
      return planBankCallback(c, change, ctx);
    case 'sla_timer':
      return planSlaTimer(c, change, ctx);
    case 'hold_timer':
      return planHoldTimer(c, change, ctx);
    case 'regulatory_timer':
      return planRegulatoryTimer(c, change, ctx);
    case 'delivery_attempt':
      return planDeliveryAttempt(c, change, ctx);
    case 'notification_retry':
      return planNotificationRetry(c, change, ctx);
    case 'unassign':
      return planUnassign(c, change);
    case 'freeze_notice_check':
      return planFreezeNoticeCheck(c, change, ctx);
    default: {
      const never: never = change;
      throw new Error(`unknown change ${String((never as { kind?: string }).kind)}`);
    }
  }
}

/**
 * Keeps the case row's copy of its current stage's clock (`dueAt`, `slaState`; lists, queues and claim-next
 * sort on it) true after the plan's clock, stage and status changes. It never moves the version on its own.
 */
function withCaseSla(c: CaseState, plan: ChangePlan): ChangePlan {
  const patch = plan.case?.op === 'update' ? plan.case.patch : {};
  if (!plan.clocks.length && patch.stage === undefined && patch.status === undefined) return plan;
  const sla = caseSlaOf(patch.stage ?? c.stage, patch.status ?? c.status, clocksAfter(c.clocks, plan.clocks));
  if (sameSla(sla, c.sla)) return plan;
  const write = plan.case?.op === 'update' ? plan.case : { op: 'update' as const, patch: {}, bumpVersion: false };
  return { ...plan, case: { ...write, patch: { ...write.patch, sla } } };
}
