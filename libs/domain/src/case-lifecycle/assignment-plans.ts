import { CASE_HOLDER_ROLES, PRIORITIES } from '@sentinel/contracts';
import { DomainError, validationFailed } from '../errors';
import type { UnassignChange } from './case-change';
import type { ActorCtx, CaseState, ChangeContext } from './case-state';
import { emptyPlan, type ChangePlan } from './change-plan';
import { requireOneOf, requireText } from './payload-rules';
import { effect, nextSeq, type ActionEffect } from './plan-helpers';

type Payload = Record<string, unknown>;

function assigneeChange(c: CaseState, action: string, assigneeId: string | null): ActionEffect {
  return {
    ...effect(action, { before: { assigneeId: c.assigneeId }, after: { assigneeId } }),
    patch: { assigneeId },
  };
}

/** Assign to self; a user deactivated meanwhile (read FOR SHARE with the case) may not. */
export function planClaim(c: CaseState, actor: ActorCtx, ctx: ChangeContext): ActionEffect {
  if (ctx.actorActive === false) throw new DomainError('AUTH.UNAUTHENTICATED', 'Your account is no longer active');
  return assigneeChange(c, 'claim', actor.id);
}

export function planRelease(c: CaseState): ActionEffect {
  return assigneeChange(c, 'release', null);
}

/** A supervisor assigns to an active analyst or supervisor; `assigneeId: null` unassigns. */
export function planAssign(c: CaseState, payload: Payload, ctx: ChangeContext): ActionEffect {
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
export function planSetPriority(c: CaseState, payload: Payload): ActionEffect {
  const priority = requireOneOf(payload, 'priority', PRIORITIES);
  const reason = requireText(payload, 'reason', 'is required to override the priority');
  return {
    ...effect('set_priority', {
      before: { priority: c.priority, priorityOverridden: c.priorityOverridden },
      after: { priority, priorityOverridden: true },
      reason,
    }),
    patch: { priority, priorityOverridden: true },
  };
}

/** A note changes nothing the case version covers. */
export function planAddNote(payload: Payload, actor: ActorCtx, ctx: ChangeContext): ActionEffect {
  const text = requireText(payload, 'text');
  return {
    ...effect('add_note', { text }),
    records: [{ record: 'note', id: ctx.newId(), text, authorId: actor.id, createdAt: ctx.now }],
    versionUnchanged: true,
  };
}

/**
 * docs/domain.md "Assignment": a user deactivated (or moved to a role that may not hold cases) loses their open
 * cases: the assignee is cleared, the version moves, event `case.unassigned` by whoever made the change, and the
 * team's supervisors are alerted once per event. A case no longer theirs (or closed meanwhile) is left alone.
 */
export function planUnassign(c: CaseState, change: UnassignChange): ChangePlan {
  if (c.assigneeId !== change.userId || c.status !== 'open') return emptyPlan();
  return {
    ...emptyPlan(),
    case: { op: 'update', patch: { assigneeId: null }, bumpVersion: true },
    events: [
      {
        actor: change.actor,
        action: 'case.unassigned',
        data: { before: { assigneeId: change.userId }, after: { assigneeId: null }, reason: change.reason },
      },
    ],
    alerts: [
      {
        type: 'case.unassigned',
        recipients: { teamSupervisors: true, users: [] },
        dedupeKey: `case.unassigned:${c.id}:${nextSeq(c)}`,
        stage: c.stage,
        notificationId: null,
      },
    ],
  };
}
