import { DomainError } from '../errors';
import type { AddEvidenceChange, RemoveEvidenceChange } from './case-change';
import { assertActionAllowed } from './action-guards';
import type { CaseState, ChangeContext } from './case-state';
import { emptyPlan, type ChangePlan } from './change-plan';

/**
 * Evidence is case work (decisions.md "Case work"): the same guards as an action (the assignee, or a
 * supervisor; an open case), and the version moves. The bytes were stored before; the item is recorded here.
 */
export function planAddEvidence(c: CaseState, change: AddEvidenceChange, ctx: ChangeContext): ChangePlan {
  assertActionAllowed(c, 'add_evidence', change.actor);
  const id = ctx.newId();
  const i = change.item;
  return {
    ...emptyPlan(),
    case: { op: 'update', patch: {}, bumpVersion: true },
    records: [{ record: 'evidence_added', item: { id, ...i, addedBy: change.actor.id, addedAt: ctx.now } }],
    events: [
      {
        actor: { id: change.actor.id, role: change.actor.role },
        action: 'evidence.added',
        data: { after: { evidenceId: id, type: i.type, fileName: i.fileName, size: i.size, mediaType: i.mediaType, sha256: i.sha256 } },
      },
    ],
    result: { kind: 'evidence', evidenceId: id },
  };
}

/** Removal is a recorded event with a reason; the bytes are kept for the auditor. An item is removed once. */
export function planRemoveEvidence(c: CaseState, change: RemoveEvidenceChange, ctx: ChangeContext): ChangePlan {
  assertActionAllowed(c, 'remove_evidence', change.actor);
  const e = ctx.evidenceItem;
  if (!e || e.id !== change.evidenceId) throw new Error(`evidence ${change.evidenceId} was not loaded with its case`);
  if (e.removedAt) throw new DomainError('CASE.ACTION_NOT_ALLOWED', 'This evidence item was already removed', { evidenceId: e.id });
  const reason = change.reason.trim();
  return {
    ...emptyPlan(),
    case: { op: 'update', patch: {}, bumpVersion: true },
    records: [{ record: 'evidence_removed', evidenceId: e.id, removedBy: change.actor.id, reason, removedAt: ctx.now }],
    events: [
      {
        actor: { id: change.actor.id, role: change.actor.role },
        action: 'evidence.removed',
        data: { before: { evidenceId: e.id, type: e.type, sha256: e.sha256 }, reason },
      },
    ],
    result: { kind: 'evidence', evidenceId: e.id },
  };
}
