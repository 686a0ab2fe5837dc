import type { ProblemCode } from '@sentinel/contracts';
import type { AddEvidenceChange } from './case-change';
import { ANALYST, ctx, domainError, inStage, NOW, OTHER_ANALYST, SUPERVISOR } from './case-state.fixture';
import { planChange } from './plan-change';

const item: AddEvidenceChange['item'] = {
  type: 'police_receipt',
  fileName: 'receipt.pdf',
  size: 1234,
  mediaType: 'application/pdf',
  sha256: 'f'.repeat(64),
  storageKey: 'ff/ff',
  description: null,
};
const removal = { kind: 'remove_evidence' as const, evidenceId: 'e-1', reason: ' wrong case ' };
const loaded = (removedAt: Date | null = null) => ({ id: 'e-1', type: 'police_receipt' as const, sha256: 'f'.repeat(64), removedAt });

describe('planChange(add_evidence / remove_evidence)', () => {
  it('records an item added by the actor and moves the version', () => {
    const plan = planChange(inStage('evidence'), { kind: 'add_evidence', actor: ANALYST, item }, ctx());
    expect(plan.case).toEqual({ op: 'update', patch: {}, bumpVersion: true });
    expect(plan.records).toEqual([{ record: 'evidence_added', item: { id: 'id-1', ...item, addedBy: ANALYST.id, addedAt: NOW } }]);
    expect(plan.events).toEqual([
      {
        actor: ANALYST,
        action: 'evidence.added',
        data: { after: { evidenceId: 'id-1', type: 'police_receipt', fileName: 'receipt.pdf', size: 1234, mediaType: 'application/pdf', sha256: 'f'.repeat(64) } },
      },
    ]);
  });

  it('records a removal with its reason; the bytes stay', () => {
    const plan = planChange(inStage('review'), { ...removal, actor: SUPERVISOR }, ctx({ evidenceItem: loaded() }));
    expect(plan.records).toEqual([{ record: 'evidence_removed', evidenceId: 'e-1', removedBy: SUPERVISOR.id, reason: 'wrong case', removedAt: NOW }]);
    expect(plan.events[0]).toEqual({ actor: SUPERVISOR, action: 'evidence.removed', data: { before: { evidenceId: 'e-1', type: 'police_receipt', sha256: 'f'.repeat(64) }, reason: 'wrong case' } });
  });

  it.each<[string, () => unknown, ProblemCode]>([
    ["an analyst on someone else's case", () => planChange(inStage('evidence'), { kind: 'add_evidence', actor: OTHER_ANALYST, item }, ctx()), 'CASE.NOT_OWNER'],
    ['a closed case', () => planChange(inStage('evidence', { status: 'closed', outcome: 'no_misuse' }), { kind: 'add_evidence', actor: ANALYST, item }, ctx()), 'CASE.ACTION_NOT_ALLOWED'],
    ['an item removed before', () => planChange(inStage('evidence'), { ...removal, actor: ANALYST }, ctx({ evidenceItem: loaded(NOW) })), 'CASE.ACTION_NOT_ALLOWED'],
  ])('refuses %s', (_name, fn, code) => {
    expect(domainError(fn).code).toBe(code);
  });

  it('makes a supervisor who removed evidence from a case in review one who worked it (four eyes)', () => {
    // The removal event counts as work: once it is on the case, the same supervisor may not resolve it.
    const plan = planChange(inStage('review'), { ...removal, actor: SUPERVISOR }, ctx({ evidenceItem: loaded() }));
    const after = inStage('review', { workedBy: [ANALYST.id, ...plan.events.filter((e) => e.action === 'evidence.removed').map((e) => e.actor.id)] });
    const e = domainError(() => planChange(after, { kind: 'action', action: 'resolve', payload: { outcome: 'no_misuse', summary: 's' }, actor: SUPERVISOR, version: after.version }, ctx()));
    expect(e).toMatchObject({ code: 'CASE.FOUR_EYES', params: { reason: 'worked_on_case' } });
  });
});
