import { CASE_ACTIONS, EVIDENCE_ACTIONS, type AllowedAction, type Role } from '@sentinel/contracts';
import { DomainError } from '../errors';
import type { ActorCtx, CaseState, GuardedAction } from './case-state';
import { isWaivableStage } from './stage-rules';

/** Events whose actor "worked" the case (four eyes; docs/dev/CONVENTIONS.md "Event vocabulary"). */
export const STAGE_RECORDING_ACTIONS: readonly string[] = [
  'claim',
  'confirm_freeze',
  'record_police_report',
  'log_merchant_contact',
  'evidence.added',
  'submit_for_review',
  'waive_stage',
];

export function isStageRecordingAction(action: string): boolean {
  return STAGE_RECORDING_ACTIONS.includes(action);
}

/** Actions refused to the case's assignee and to anyone who worked it. */
export const FOUR_EYES_ACTIONS: readonly GuardedAction[] = ['resolve', 'close_early', 'reopen'];

const ANALYST_PLUS: readonly Role[] = ['analyst', 'supervisor'];
const SUPERVISOR: readonly Role[] = ['supervisor'];

/** Which roles may do each action at all (docs/api.md "Case actions"). */
export const ACTION_ROLES: Record<GuardedAction, readonly Role[]> = {
  claim: ANALYST_PLUS,
  assign: SUPERVISOR,
  release: ANALYST_PLUS,
  request_freeze: ANALYST_PLUS,
  confirm_freeze: ANALYST_PLUS,
  record_freeze_notice: ANALYST_PLUS,
  record_freeze_rejection: ANALYST_PLUS,
  record_police_report: ANALYST_PLUS,
  log_merchant_contact: ANALYST_PLUS,
  submit_for_review: ANALYST_PLUS,
  waive_stage: SUPERVISOR,
  resolve: SUPERVISOR,
  close_early: SUPERVISOR,
  reopen: SUPERVISOR,
  set_priority: SUPERVISOR,
  add_note: ANALYST_PLUS,
  add_evidence: ANALYST_PLUS,
  remove_evidence: ANALYST_PLUS,
};

/** Actions a closed case still takes. */
export const CLOSED_CASE_ACTIONS: readonly GuardedAction[] = ['reopen', 'add_note'];

const label = (action: GuardedAction) => action.replace(/_/g, ' ');

function notAllowed(action: GuardedAction, c: CaseState, why: string, extra: Record<string, unknown> = {}): DomainError {
  return new DomainError('CASE.ACTION_NOT_ALLOWED', `Cannot ${label(action)}: ${why}.`, {
    action,
    stage: c.stage,
    status: c.status,
    ...extra,
  });
}

const FREEZE_REQUEST_OPEN_STATUSES = ['pending', 'delivering', 'delivered'];

/** A new freeze request is allowed when none is outstanding: none yet, or the last was rejected, dead or cancelled. */
export function mayRequestFreezeAgain(c: CaseState): boolean {
  const f = c.freeze;
  if (f.lastRequestStatus === null || f.lastAnswer === 'rejected') return true;
  return !FREEZE_REQUEST_OPEN_STATUSES.includes(f.lastRequestStatus);
}

/** Step 4: status and stage preconditions. */
function checkState(c: CaseState, action: GuardedAction): void {
  if (c.status === 'closed') {
    if (!CLOSED_CASE_ACTIONS.includes(action)) throw notAllowed(action, c, 'the case is closed (only reopen and add note)');
    return;
  }
  const inStages = (stages: string[], why: string) => {
    if (!stages.includes(c.stage)) throw notAllowed(action, c, why, { allowedStages: stages });
  };
  switch (action) {
    case 'reopen':
      throw notAllowed(action, c, 'only a closed case can be reopened');
    case 'claim':
      if (c.stage === 'review') {
        throw notAllowed(action, c, 'a case in review is resolved by a supervisor without claiming');
      }
      return;
    case 'release':
      if (c.assigneeId === null) throw notAllowed(action, c, 'the case is not assigned');
      return;
    case 'request_freeze':
      inStages(['freeze'], 'a freeze can only be requested in the freeze stage');
      if (!mayRequestFreezeAgain(c)) {
        throw notAllowed(action, c, 'a freeze request is already outstanding (request again only after a rejection or a dead notification)', {
          lastRequestStatus: c.freeze.lastRequestStatus,
          lastAnswer: c.freeze.lastAnswer,
        });
      }
      return;
    case 'confirm_freeze':
    case 'record_freeze_rejection':
      inStages(['freeze'], 'the bank\'s answer is recorded in the freeze stage');
      return;
    case 'record_freeze_notice':
      if (!c.freeze.confirmedAt) {
        throw notAllowed(action, c, 'the merchant notice is recorded after the freeze is confirmed', {
          missing: ['freeze.confirmed'],
        });
      }
      return;
    case 'record_police_report':
      inStages(['police_report', 'merchant_contact', 'evidence', 'review'], 'the police report is recorded from the police report stage on');
      return;
    case 'log_merchant_contact':
      inStages(['merchant_contact', 'evidence', 'review'], 'merchant contacts are logged from the merchant contact stage on');
      return;
    case 'submit_for_review':
      inStages(['evidence'], 'only a case in the evidence stage can be submitted for review');
      return;
    case 'waive_stage':
      if (!isWaivableStage(c.stage)) {
        throw new DomainError('CASE.STAGE_NOT_WAIVABLE', `The ${c.stage} stage cannot be waived.`, {
          action,
          stage: c.stage,
        });
      }
      return;
    case 'resolve':
      inStages(['review'], 'only a case in review can be resolved');
      return;
    default:
      return;
  }
}

/** Step 5: an analyst acts only on cases assigned to them; only the assignee releases. */
function checkOwnership(c: CaseState, action: GuardedAction, actor: ActorCtx): void {
  if (action === 'claim') return;
  const own = c.assigneeId === actor.id;
  if (action === 'release' && !own) {
    throw new DomainError('CASE.NOT_OWNER', 'Only the assignee can release a case.', { assigneeId: c.assigneeId });
  }
  if (actor.role === 'analyst' && !own) {
    throw new DomainError(
      'CASE.NOT_OWNER',
      c.assigneeId === null
        ? 'Analysts act only on cases assigned to them: claim the case first.'
        : 'Analysts act only on cases assigned to them.',
      { assigneeId: c.assigneeId },
    );
  }
}

/** Step 6: no one resolves, closes or reopens a case they hold or worked. */
function checkFourEyes(c: CaseState, action: GuardedAction, actor: ActorCtx): void {
  if (!FOUR_EYES_ACTIONS.includes(action)) return;
  const isAssignee = c.assigneeId === actor.id;
  if (isAssignee || c.workedBy.includes(actor.id)) {
    throw new DomainError(
      'CASE.FOUR_EYES',
      `Four eyes: you cannot ${label(action)} a case you ${isAssignee ? 'are assigned to' : 'worked on'}.`,
      { action, reason: isAssignee ? 'assignee' : 'worked_on_case' },
    );
  }
}

/**
 * Throws the first broken rule in the docs/dev/CONVENTIONS.md check order (steps 3–6): role → state/stage →
 * ownership → four eyes; then `claim` of an assigned case → CASE.ALREADY_ASSIGNED.
 * Payload and exit rules (step 7) are checked by planAction.
 */
export function assertActionAllowed(c: CaseState, action: GuardedAction, actor: ActorCtx): void {
  const roles = ACTION_ROLES[action];
  if (!roles || !roles.includes(actor.role)) {
    throw new DomainError('AUTH.FORBIDDEN', `The ${actor.role} role may not ${label(action)}.`, {
      action,
      role: actor.role,
    });
  }
  checkState(c, action);
  checkOwnership(c, action, actor);
  checkFourEyes(c, action, actor);
  if (action === 'claim' && c.assigneeId !== null) {
    throw new DomainError(
      'CASE.ALREADY_ASSIGNED',
      c.assigneeId === actor.id ? 'The case is already assigned to you.' : 'The case is already assigned to someone else.',
      { assigneeId: c.assigneeId },
    );
  }
}

const ALL_ACTIONS: readonly GuardedAction[] = [...CASE_ACTIONS, ...EVIDENCE_ACTIONS];

/** The actions that pass role, state/stage, ownership and four-eyes checks (not payload checks). */
export function allowedActions(c: CaseState, actor: ActorCtx): AllowedAction[] {
  return ALL_ACTIONS.filter((action) => {
    try {
      assertActionAllowed(c, action, actor);
      return true;
    } catch (e) {
      if (e instanceof DomainError) return false;
      throw e;
    }
  });
}
