import { CASE_HOLDER_ROLES, PRIORITIES } from '@sentinel/contracts';
import { validationFailed } from '../errors';
import type { ActionContext, ActionPlan, ActorCtx, CaseState } from './case-state';
import { requireOneOf, requireText } from './payload-rules';
import { eventOnly } from './plan-helpers';

type Payload = Record<string, any>;

function assigneeChange(c: CaseState, action: string, assigneeId: string | null): ActionPlan {
  return {
    ...eventOnly(action, { before: { assigneeId: c.assigneeId }, after: { assigneeId } }),
    changes: { assigneeId },
  };
}

export function planClaim(c: CaseState, actor: ActorCtx): ActionPlan {
  return assigneeChange(c, 'claim', actor.id);
}

export function planRelease(c: CaseState): ActionPlan {
  return assigneeChange(c, 'release', null);
}

/** A supervisor assigns to an active analyst or supervisor; `assigneeId: null` unassigns. */
export function planAssign(c: CaseState, payload: Payload, ctx: ActionContext): ActionPlan {
  if (!('assigneeId' in payload) || payload.assigneeId === undefined) {
    throw validationFailed({ assigneeId: { code: 'REQUIRED', message: 'is required (null unassigns)' } });
  }
  const assigneeId: unknown = payload.assigneeId;
  if (assigneeId === null) return assigneeChange(c, 'assign', null);
  const a = ctx.assignee;
  if (typeof assigneeId !== 'string' || !a || a.id !== assigneeId || !a.active || !CASE_HOLDER_ROLES.includes(a.role)) {
    throw validationFailed(
      { assigneeId: { code: 'NOT_ALLOWED', message: 'must be an active analyst or supervisor' } },
      'The assignee must be an active analyst or supervisor.',
    );
  }
  return assigneeChange(c, 'assign', assigneeId);
}

/** A supervisor's override: sticks against later re-derivation. */
export function planSetPriority(c: CaseState, payload: Payload): ActionPlan {
  const priority = requireOneOf(payload, 'priority', PRIORITIES);
  const reason = requireText(payload, 'reason', 'is required to override the priority');
  return {
    ...eventOnly('set_priority', {
      before: { priority: c.priority, priorityOverridden: c.priorityOverridden },
      after: { priority, priorityOverridden: true },
      reason,
    }),
    changes: { priority, priorityOverridden: true },
  };
}

/** A note changes nothing the case version covers. */
export function planAddNote(payload: Payload): ActionPlan {
  const text = requireText(payload, 'text');
  return { ...eventOnly('add_note', { text }), versionUnchanged: true };
}
