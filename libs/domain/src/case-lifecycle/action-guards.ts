import { CASE_ACTIONS, EVIDENCE_ACTIONS, type AllowedAction, type CaseAction, type Role } from '@sentinel/contracts';
import { DomainError, validationFailed } from '../errors';
import type { ActionChange } from './case-change';
import type { ActorCtx, CaseState, GuardedAction } from './case-state';
import { isWaivableStage } from './stage-rules';

/**
 * Case actions that are not work on the case (docs/domain.md "Four eyes"): who holds it (`assign`, `release`), a
 * note, sending it back (`return_to_analyst`), the four-eyes decisions themselves (`resolve`, `close_early`,
 * `reopen`, which are refused to whoever worked the case), cancelling a regulatory clock (a supervisor's decision that
 * the report is not due) and the terminal replacement (aftercare of a closed case). Every other case action changes
 * the case's facts.
 */
export const NOT_CASE_WORK_ACTIONS: readonly CaseAction[] = [
  'assign',
  'release',
  'add_note',
  'return_to_analyst',
  'resolve',
  'close_early',
  'reopen',
  // a supervisor's decision that a regulatory report is not due, and the aftercare record of a closed case
  'cancel_regulatory_clock',
  'record_terminal_replacement',
];

/**
 * Events whose actor "worked" the case (docs/domain.md "Four eyes"): every case action that changes the case's
 * facts — the claim, every stage record (freeze request, confirmation, rejection and notice, police report, merchant
 * contact), the submission, a waiver, a priority override — and evidence added or removed. Derived from
 * CASE_ACTIONS, so a new action (holds, regulatory filings) counts unless it is named in NOT_CASE_WORK_ACTIONS.
 */
export const CASE_WORK_EVENTS: readonly string[] = [
  ...CASE_ACTIONS.filter((a) => !NOT_CASE_WORK_ACTIONS.includes(a)),
  'evidence.added',
  'evidence.removed',
];

export function isCaseWorkEvent(action: string): boolean {
  return CASE_WORK_EVENTS.includes(action);
}

/** Actions refused to the case's assignee and to anyone who worked it. */
export const FOUR_EYES_ACTIONS: readonly GuardedAction[] = ['resolve', 'close_early', 'reopen'];
/** Actions refused to the case's assignee only (a supervisor who worked the case may still send it back). */
export const NOT_BY_ASSIGNEE_ACTIONS: readonly GuardedAction[] = ['return_to_analyst'];

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
  return_to_analyst: SUPERVISOR,
  close_early: SUPERVISOR,
  reopen: SUPERVISOR,
  set_priority: SUPERVISOR,
  add_note: ANALYST_PLUS,
  place_hold: ANALYST_PLUS,
  renew_hold: ANALYST_PLUS,
  release_hold: ANALYST_PLUS,
  start_regulatory_clock: ANALYST_PLUS,
  record_regulatory_filing: ANALYST_PLUS,
  cancel_regulatory_clock: SUPERVISOR,
  record_terminal_replacement: ANALYST_PLUS,
  add_evidence: ANALYST_PLUS,
  remove_evidence: ANALYST_PLUS,
};

/** Actions a closed case still takes (a hold outlives its case until released or expired). */
export const CLOSED_CASE_ACTIONS: readonly GuardedAction[] = [
  'reopen',
  'add_note',
  'renew_hold',
  'release_hold',
  'record_regulatory_filing',
  'cancel_regulatory_clock',
  'record_terminal_replacement',
];

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
    if (!CLOSED_CASE_ACTIONS.includes(action)) throw notAllowed(action, c, 'the case is closed (only reopen, add note, renewing or lifting a hold, and regulatory filings)');
    if (action === 'record_terminal_replacement' && c.outcome !== 'confirmed_misuse') {
      throw notAllowed(action, c, 'a terminal replacement is recorded on a case confirmed as misuse');
    }
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
    case 'return_to_analyst':
      inStages(['review'], 'only a case in review can be returned to its analyst');
      return;
    case 'record_terminal_replacement':
      inStages(['review'], 'a terminal replacement is recorded in review or on a case confirmed as misuse');
      return;
    default:
      return;
  }
}

/** Step 5: an analyst acts only on cases assigned to them; only the assignee releases. */
function checkOwnership(c: CaseState, action: GuardedAction, actor: ActorCtx): void {
  if (action === 'claim') return;
  if (action === 'record_terminal_replacement' && c.status === 'closed' && actor.role !== 'supervisor') {
    throw new DomainError('AUTH.FORBIDDEN', 'On a closed case a supervisor records the terminal replacement.', { action, role: actor.role });
  }
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

/** Step 6: no one resolves, closes or reopens a case they hold or worked; no one returns a case they hold. */
function checkFourEyes(c: CaseState, action: GuardedAction, actor: ActorCtx): void {
  const isAssignee = c.assigneeId === actor.id;
  if (NOT_BY_ASSIGNEE_ACTIONS.includes(action) && isAssignee) {
    throw new DomainError('CASE.FOUR_EYES', `Four eyes: you cannot ${label(action)} a case you are assigned to.`, {
      action,
      reason: 'assignee',
    });
  }
  if (!FOUR_EYES_ACTIONS.includes(action)) return;
  if (isAssignee || c.workedBy.includes(actor.id)) {
    throw new DomainError(
      'CASE.FOUR_EYES',
      `Four eyes: you cannot ${label(action)} a case you ${isAssignee ? 'are assigned to' : 'worked on'}.`,
      { action, reason: isAssignee ? 'assignee' : 'worked_on_case' },
    );
  }
}

/**
 * Step 2: the caller read the current version (optimistic locking). Bulk items are not checked (docs/api.md).
 */
export function checkVersion(c: CaseState, sent: unknown): void {
  if (sent === undefined || sent === null) throw validationFailed({ version: { code: 'REQUIRED', message: 'is required' } }, 'version is required: send the version of the case you read');
  if (!Number.isInteger(sent) || (sent as number) < 1) throw validationFailed({ version: { code: Number.isInteger(sent) ? 'OUT_OF_RANGE' : 'INVALID_TYPE', message: 'must be a positive integer' } });
  if (sent !== c.version) {
    throw new DomainError(
      'CASE.VERSION_CONFLICT',
      `Someone else changed this case (you sent version ${String(sent)}, it is now ${c.version}); reload and try again`,
      { currentVersion: c.version, sentVersion: sent },
    );
  }
}

/** Steps 2–6 of a case action (everything before its payload is looked at). */
export function checkAction(c: CaseState, change: Pick<ActionChange, 'action' | 'actor' | 'version' | 'bulk'>): void {
  if (!change.bulk) checkVersion(c, change.version);
  assertActionAllowed(c, change.action, change.actor);
}

/**
 * Throws the first broken rule in the docs/dev/CONVENTIONS.md check order (steps 3–6): role → state/stage →
 * ownership → four eyes; then `claim` of an assigned case → CASE.ALREADY_ASSIGNED.
 * Payload and exit rules (step 7) are checked by the action's plan.
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
  // Most actions are refused on any one case, each refusal a DomainError: without a stack trace to capture they
  // cost nothing much (capturing them was 8% of the API's CPU on the case page, which lists allowed actions on every
  // read). Synchronous, so no other code runs while the limit is 0.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return ALL_ACTIONS.filter((action) => {
      try {
        assertActionAllowed(c, action, actor);
        return true;
      } catch (e) {
        if (e instanceof DomainError) return false;
        Error.stackTraceLimit = limit;
        assertActionAllowed(c, action, actor); // a bug, not a refusal: thrown again, with its stack
        throw e;
      }
    });
  } finally {
    Error.stackTraceLimit = limit;
  }
}
