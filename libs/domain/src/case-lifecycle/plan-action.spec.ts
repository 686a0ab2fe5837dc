import type { ProblemCode } from '@sentinel/contracts';
import type { ActionContext, ActionPlan, ActorCtx, CaseState } from './case-state';
import {
  ANALYST,
  caseState,
  ctx,
  domainError,
  inStage,
  NOW,
  OTHER_ANALYST,
  OTHER_SUPERVISOR,
  SUPERVISOR,
} from './case-state.fixture';
import { planAction } from './plan-action';

type Act = Parameters<typeof planAction>[1];
const EARLIER = new Date('2026-03-10T07:30:00.000Z');
const LATER = new Date('2026-03-10T08:00:00.001Z');
const ACTIVE_BANK: ActionContext['bank'] = { code: 'ICBC', active: true };
const confirmed = { confirmedAt: EARLIER, lastRequestStatus: 'delivered' as const, lastAnswer: 'confirmed' as const };
const evidenceDone: CaseState['evidence'] = [
  { type: 'transaction_records', removed: false },
  { type: 'police_receipt', removed: false },
];

describe('planAction: stage transitions', () => {
  it.each<[string, CaseState, Act, Record<string, unknown>, ActorCtx, ActionContext, Partial<ActionPlan>]>([
    [
      'confirm_freeze: freeze → police_report',
      inStage('freeze'),
      'confirm_freeze',
      { bankReference: 'FRZ-77', confirmedAt: '2026-03-10T07:30:00Z' },
      ANALYST,
      ctx(),
      {
        changes: { stage: 'police_report' },
        endClock: { stage: 'freeze', how: 'met' },
        startClock: 'police_report',
        freezeChanges: { confirmedAt: EARLIER, bankReference: 'FRZ-77', confirmedVia: 'analyst', lastAnswer: 'confirmed' },
        event: {
          action: 'confirm_freeze',
          data: {
            before: { stage: 'freeze' },
            after: { stage: 'police_report' },
            bankReference: 'FRZ-77',
            confirmedAt: '2026-03-10T07:30:00.000Z',
            confirmedVia: 'analyst',
          },
        },
      },
    ],
    [
      'record_police_report: police_report → merchant_contact',
      inStage('police_report'),
      'record_police_report',
      { agency: 'PSB Pudong', reportNumber: 'R-2026-1', filedAt: EARLIER },
      ANALYST,
      ctx(),
      {
        changes: { stage: 'merchant_contact' },
        endClock: { stage: 'police_report', how: 'met' },
        startClock: 'merchant_contact',
        event: {
          action: 'record_police_report',
          data: {
            before: { stage: 'police_report' },
            after: { stage: 'merchant_contact' },
            agency: 'PSB Pudong',
            reportNumber: 'R-2026-1',
            filedAt: '2026-03-10T07:30:00.000Z',
            officer: null,
          },
        },
      },
    ],
    [
      'log_merchant_contact reached with findings: merchant_contact → evidence',
      inStage('merchant_contact'),
      'log_merchant_contact',
      { channel: 'phone', contactedAt: EARLIER, outcome: 'reached', findings: 'terminal lent to a neighbour' },
      ANALYST,
      ctx(),
      {
        changes: { stage: 'evidence' },
        endClock: { stage: 'merchant_contact', how: 'met' },
        startClock: 'evidence',
      },
    ],
    [
      'submit_for_review: evidence → review',
      inStage('evidence', { evidence: evidenceDone }),
      'submit_for_review',
      {},
      ANALYST,
      ctx(),
      {
        changes: { stage: 'review' },
        endClock: { stage: 'evidence', how: 'met' },
        startClock: 'review',
        event: { action: 'submit_for_review', data: { before: { stage: 'evidence' }, after: { stage: 'review' } } },
      },
    ],
    ...(['freeze', 'police_report', 'merchant_contact', 'evidence'] as const).map(
      (stage, i) =>
        [
          `waive_stage: ${stage} → next`,
          inStage(stage, { waivedStages: i > 0 ? ['freeze'] : [] }),
          'waive_stage',
          { reason: 'bank phoned, confirmed verbally' },
          SUPERVISOR,
          ctx(),
          {
            changes: {
              stage: (['police_report', 'merchant_contact', 'evidence', 'review'] as const)[i],
              waivedStages: i > 0 ? ['freeze', stage] : ['freeze'],
            },
            endClock: { stage, how: 'waived' },
            startClock: (['police_report', 'merchant_contact', 'evidence', 'review'] as const)[i],
          },
        ] as [string, CaseState, Act, Record<string, unknown>, ActorCtx, ActionContext, Partial<ActionPlan>],
    ),
  ])('%s', (_name, c, action, payload, actor, context, expected) => {
    const plan = planAction(c, action, payload, actor, context);
    expect(plan).toMatchObject(expected);
    expect(plan.notifications).toEqual([]);
    expect(plan.cancelOpenClocks).toBeUndefined();
  });
});

describe('planAction: recording without moving', () => {
  it.each<[string, CaseState, Act, Record<string, unknown>]>([
    [
      'a reached contact in evidence',
      inStage('evidence'),
      'log_merchant_contact',
      { channel: 'visit', contactedAt: EARLIER, outcome: 'reached', findings: 'more details' },
    ],
    [
      'an unanswered contact in merchant_contact',
      inStage('merchant_contact'),
      'log_merchant_contact',
      { channel: 'phone', contactedAt: EARLIER, outcome: 'no_answer' },
    ],
    [
      'a contact in review',
      inStage('review'),
      'log_merchant_contact',
      { channel: 'sms', contactedAt: EARLIER, outcome: 'refused' },
    ],
    [
      'a police report in evidence (after the police stage was waived)',
      inStage('evidence', { waivedStages: ['police_report'] }),
      'record_police_report',
      { agency: 'PSB', reportNumber: 'R-9', filedAt: EARLIER, officer: 'Officer Li' },
    ],
    [
      'a freeze notice after confirmation',
      inStage('police_report', { freeze: confirmed }),
      'record_freeze_notice',
      { notifiedAt: EARLIER, channel: 'sms', notifiedBy: 'bank', appealInstructionsGiven: true },
    ],
  ])('%s', (_name, c, action, payload) => {
    const plan = planAction(c, action, payload, ANALYST, ctx());
    expect(plan.changes).toEqual({});
    expect(plan.endClock).toBeUndefined();
    expect(plan.startClock).toBeUndefined();
    expect(plan.event.action).toBe(action);
    expect(plan.event.data.before).toBeUndefined();
  });

  it('record_freeze_notice records who recorded it', () => {
    const plan = planAction(
      inStage('police_report', { freeze: confirmed }),
      'record_freeze_notice',
      { notifiedAt: '2026-03-10T07:30:00+00:00', channel: 'phone', notifiedBy: 'us', appealInstructionsGiven: false },
      ANALYST,
      ctx(),
    );
    expect(plan.freezeChanges).toEqual({
      notice: { notifiedAt: EARLIER, channel: 'phone', notifiedBy: 'us', appealInstructionsGiven: false, recordedBy: ANALYST.id },
      noticeRecordedAt: NOW,
    });
  });

  it('record_freeze_rejection stays in freeze and alerts supervisors', () => {
    const plan = planAction(
      inStage('freeze', { freeze: { lastRequestStatus: 'delivered' } }),
      'record_freeze_rejection',
      { reason: 'terminal not ours' },
      ANALYST,
      ctx(),
    );
    expect(plan).toMatchObject({
      changes: {},
      alerts: ['freeze.rejected'],
      freezeChanges: { rejectedAt: NOW, rejectionReason: 'terminal not ours', lastAnswer: 'rejected' },
      event: { action: 'record_freeze_rejection', data: { reason: 'terminal not ours', rejectedAt: NOW.toISOString() } },
    });
  });
});

describe('planAction: request_freeze', () => {
  it('queues a freeze request to an active bank', () => {
    const plan = planAction(inStage('freeze'), 'request_freeze', { bankCode: 'ICBC' }, ANALYST, ctx({ bank: ACTIVE_BANK }));
    expect(plan).toMatchObject({
      changes: {},
      notifications: [{ type: 'freeze.requested' }],
      freezeChanges: { bankCode: 'ICBC', requestedAt: NOW, lastAnswer: null },
      event: { action: 'request_freeze', data: { bankCode: 'ICBC', repeat: false } },
    });
    expect(plan.cancelUndeliveredFreeze).toBeUndefined();
  });

  it("uses the case's bank when none is given, and sets the case's bank when it had none", () => {
    expect(planAction(inStage('freeze'), 'request_freeze', {}, ANALYST, ctx({ bank: ACTIVE_BANK })).freezeChanges).toMatchObject({
      bankCode: 'ICBC',
    });
    const plan = planAction(
      inStage('freeze', { bankCode: null }),
      'request_freeze',
      { bankCode: 'ICBC' },
      ANALYST,
      ctx({ bank: ACTIVE_BANK }),
    );
    expect(plan.changes).toEqual({ bankCode: 'ICBC' });
    expect(plan.event.data).toMatchObject({ before: { bankCode: null }, after: { bankCode: 'ICBC' } });
  });

  it('compares bank codes upper-case', () => {
    const plan = planAction(inStage('freeze'), 'request_freeze', { bankCode: ' icbc ' }, ANALYST, ctx({ bank: ACTIVE_BANK }));
    expect(plan.changes).toEqual({});
    expect(plan.freezeChanges).toMatchObject({ bankCode: 'ICBC' });
    const confirm = planAction(
      inStage('freeze'),
      'confirm_freeze',
      { bankReference: 'F-1', confirmedAt: EARLIER, bankCode: 'icbc' },
      ANALYST,
      ctx({ bank: ACTIVE_BANK }),
    );
    expect(confirm.changes).toEqual({ stage: 'police_report' });
  });

  it('repeats after a dead notification', () => {
    const plan = planAction(
      inStage('freeze', { freeze: { lastRequestStatus: 'dead', requestedAt: EARLIER } }),
      'request_freeze',
      { bankCode: 'ICBC' },
      ANALYST,
      ctx({ bank: ACTIVE_BANK }),
    );
    expect(plan.event.data).toMatchObject({ repeat: true });
  });

  it.each<[string, Partial<CaseState>, Record<string, unknown>, ActionContext, ProblemCode, Record<string, unknown>]>([
    ['inactive bank', {}, { bankCode: 'ICBC' }, ctx({ bank: { code: 'ICBC', active: false } }), 'BANK.INACTIVE', {}],
    ['unknown bank', {}, { bankCode: 'NOPE' }, ctx({ bank: null }), 'VALIDATION.FAILED', { errors: { bankCode: 'is not a known bank' } }],
    ['no bank at all', { bankCode: null }, {}, ctx(), 'VALIDATION.FAILED', { errors: { bankCode: expect.any(String) } }],
    [
      'a request is outstanding',
      { freeze: { lastRequestStatus: 'delivered' } as CaseState['freeze'] },
      { bankCode: 'ICBC' },
      ctx({ bank: ACTIVE_BANK }),
      'CASE.ACTION_NOT_ALLOWED',
      { params: expect.objectContaining({ lastRequestStatus: 'delivered', lastAnswer: null }) },
    ],
  ])('refuses: %s', (_name, o, payload, context, code, extra) => {
    const c = caseState({ ...o, freeze: { ...caseState().freeze, ...(o.freeze ?? {}) } });
    const e = domainError(() => planAction(c, 'request_freeze', payload, ANALYST, context));
    expect(e).toMatchObject({ code, ...extra });
  });
});

describe('planAction: payload rules (VALIDATION.FAILED)', () => {
  it.each<[string, CaseState, Act, Record<string, unknown>, ActorCtx, ActionContext, Record<string, string>]>([
    ['confirm_freeze in the future', inStage('freeze'), 'confirm_freeze', { bankReference: 'F', confirmedAt: LATER }, ANALYST, ctx(), { confirmedAt: 'may not be in the future' }],
    ['confirm_freeze without reference', inStage('freeze'), 'confirm_freeze', { bankReference: ' ', confirmedAt: EARLIER }, ANALYST, ctx(), { bankReference: 'is required' }],
    ['confirm_freeze with a bad time', inStage('freeze'), 'confirm_freeze', { bankReference: 'F', confirmedAt: 'yesterday' }, ANALYST, ctx(), { confirmedAt: 'must be an ISO 8601 date-time' }],
    ['confirm_freeze with an unknown bank', inStage('freeze'), 'confirm_freeze', { bankReference: 'F', confirmedAt: EARLIER, bankCode: 'X' }, ANALYST, ctx(), { bankCode: 'is not a known bank' }],
    ['reached contact without findings', inStage('merchant_contact'), 'log_merchant_contact', { channel: 'phone', contactedAt: EARLIER, outcome: 'reached', findings: '  ' }, ANALYST, ctx(), { findings: 'are required when the merchant was reached' }],
    ['contact in the future', inStage('merchant_contact'), 'log_merchant_contact', { channel: 'phone', contactedAt: LATER, outcome: 'no_answer' }, ANALYST, ctx(), { contactedAt: 'may not be in the future' }],
    ['police report without agency', inStage('police_report'), 'record_police_report', { reportNumber: 'R', filedAt: EARLIER }, ANALYST, ctx(), { agency: 'is required' }],
    ['police report filed in the future', inStage('police_report'), 'record_police_report', { agency: 'A', reportNumber: 'R', filedAt: LATER }, ANALYST, ctx(), { filedAt: 'may not be in the future' }],
    ['freeze notice without appeal flag', inStage('police_report', { freeze: confirmed }), 'record_freeze_notice', { notifiedAt: EARLIER, channel: 'sms', notifiedBy: 'bank' }, ANALYST, ctx(), { appealInstructionsGiven: 'must be true or false' }],
    ['freeze rejection without reason', inStage('freeze'), 'record_freeze_rejection', {}, ANALYST, ctx(), { reason: 'is required' }],
    ['waive without reason', inStage('freeze'), 'waive_stage', { reason: '' }, SUPERVISOR, ctx(), { reason: 'is required to waive a stage' }],
    ['waive naming another stage', inStage('freeze'), 'waive_stage', { reason: 'r', stage: 'evidence' }, SUPERVISOR, ctx(), { stage: 'must be the current stage (freeze)' }],
    ['set_priority without reason', inStage('freeze'), 'set_priority', { priority: 'p1' }, SUPERVISOR, ctx(), { reason: 'is required to override the priority' }],
    ['set_priority p0', inStage('freeze'), 'set_priority', { priority: 'p0', reason: 'r' }, SUPERVISOR, ctx(), { priority: 'must be one of p1, p2, p3, p4' }],
    ['add_note empty', inStage('freeze'), 'add_note', { text: ' ' }, ANALYST, ctx(), { text: 'is required' }],
    ['assign without assigneeId', inStage('freeze'), 'assign', {}, SUPERVISOR, ctx(), { assigneeId: 'is required (null unassigns)' }],
    ['assign to an auditor', inStage('freeze'), 'assign', { assigneeId: 'u-aud' }, SUPERVISOR, ctx({ assignee: { id: 'u-aud', role: 'auditor', active: true } }), { assigneeId: 'must be an active analyst or supervisor' }],
    ['assign to an inactive analyst', inStage('freeze'), 'assign', { assigneeId: 'u-x' }, SUPERVISOR, ctx({ assignee: { id: 'u-x', role: 'analyst', active: false } }), { assigneeId: 'must be an active analyst or supervisor' }],
    ['assign to an unknown user', inStage('freeze'), 'assign', { assigneeId: 'u-x' }, SUPERVISOR, ctx({ assignee: null }), { assigneeId: 'must be an active analyst or supervisor' }],
    ['resolve without summary', inStage('review'), 'resolve', { outcome: 'no_misuse' }, SUPERVISOR, ctx(), { summary: 'is required' }],
    ['resolve with a bad outcome', inStage('review'), 'resolve', { outcome: 'maybe', summary: 's' }, SUPERVISOR, ctx(), { outcome: 'must be one of confirmed_misuse, no_misuse, duplicate' }],
    ['resolve duplicate without target', inStage('review'), 'resolve', { outcome: 'duplicate', summary: 's' }, SUPERVISOR, ctx(), { duplicateOfCaseId: 'is required when the outcome is duplicate' }],
    ['resolve duplicate of itself', inStage('review'), 'resolve', { outcome: 'duplicate', summary: 's', duplicateOfCaseId: 'case-1' }, SUPERVISOR, ctx(), { duplicateOfCaseId: 'may not be this case' }],
    ['resolve duplicate of a missing case', inStage('review'), 'resolve', { outcome: 'duplicate', summary: 's', duplicateOfCaseId: 'case-9' }, SUPERVISOR, ctx({ duplicateOf: { id: 'case-9', exists: false } }), { duplicateOfCaseId: 'is not an existing case' }],
    ['close_early as confirmed_misuse', inStage('freeze'), 'close_early', { outcome: 'confirmed_misuse', reason: 'r' }, SUPERVISOR, ctx(), { outcome: 'must be one of no_misuse, duplicate' }],
    ['close_early without reason', inStage('freeze'), 'close_early', { outcome: 'no_misuse' }, SUPERVISOR, ctx(), { reason: 'is required' }],
    ['close_early duplicate without target', inStage('freeze'), 'close_early', { outcome: 'duplicate', reason: 'r' }, SUPERVISOR, ctx(), { duplicateOfCaseId: 'is required when the outcome is duplicate' }],
    ['reopen without reason', inStage('review', { status: 'closed', outcome: 'no_misuse', closedFromStage: 'review' }), 'reopen', {}, SUPERVISOR, ctx(), { reason: 'is required to reopen a case' }],
  ])('%s', (_name, c, action, payload, actor, context, errors) => {
    const e = domainError(() => planAction({ ...c, workedBy: [ANALYST.id] }, action, payload, actor, context));
    expect({ code: e.code, errors: e.errors }).toEqual({ code: 'VALIDATION.FAILED', errors });
    expect(e.message.length).toBeGreaterThan(5);
  });

  it('checks roles and ownership before the payload', () => {
    expect(domainError(() => planAction(inStage('freeze'), 'add_note', {}, OTHER_ANALYST, ctx())).code).toBe('CASE.NOT_OWNER');
    expect(domainError(() => planAction(inStage('freeze'), 'waive_stage', {}, ANALYST, ctx())).code).toBe('AUTH.FORBIDDEN');
  });
});

describe('planAction: submit_for_review exit rule', () => {
  it.each<[string, Partial<CaseState>, string[]]>([
    ['nothing attached', {}, ['transaction_records', 'police_receipt']],
    ['receipt removed', { evidence: [evidenceDone[0], { type: 'police_receipt', removed: true }] }, ['police_receipt']],
  ])('refuses with CASE.EXIT_RULE_UNMET: %s', (_name, o, missing) => {
    const e = domainError(() => planAction(inStage('evidence', o), 'submit_for_review', {}, ANALYST, ctx()));
    expect(e).toMatchObject({ code: 'CASE.EXIT_RULE_UNMET', params: { missing } });
  });

  it('does not need the police receipt when the police stage was waived', () => {
    const c = inStage('evidence', { waivedStages: ['police_report'], evidence: [evidenceDone[0]] });
    expect(planAction(c, 'submit_for_review', {}, ANALYST, ctx()).changes).toEqual({ stage: 'review' });
  });
});

describe('planAction: assignment and priority', () => {
  it.each<[string, CaseState, Act, Record<string, unknown>, ActorCtx, ActionContext, Partial<ActionPlan>]>([
    ['claim', inStage('police_report', { assigneeId: null }), 'claim', {}, OTHER_ANALYST, ctx(), {
      changes: { assigneeId: OTHER_ANALYST.id },
      event: { action: 'claim', data: { before: { assigneeId: null }, after: { assigneeId: OTHER_ANALYST.id } } },
    }],
    ['release', inStage('police_report'), 'release', {}, ANALYST, ctx(), {
      changes: { assigneeId: null },
      event: { action: 'release', data: { before: { assigneeId: ANALYST.id }, after: { assigneeId: null } } },
    }],
    ['assign to an active analyst', inStage('police_report'), 'assign', { assigneeId: OTHER_ANALYST.id }, SUPERVISOR,
      ctx({ assignee: { id: OTHER_ANALYST.id, role: 'analyst', active: true } }), { changes: { assigneeId: OTHER_ANALYST.id } }],
    ['assign to a supervisor in review', inStage('review'), 'assign', { assigneeId: OTHER_SUPERVISOR.id }, SUPERVISOR,
      ctx({ assignee: { id: OTHER_SUPERVISOR.id, role: 'supervisor', active: true } }), { changes: { assigneeId: OTHER_SUPERVISOR.id } }],
    ['assign null unassigns', inStage('police_report'), 'assign', { assigneeId: null }, SUPERVISOR, ctx(), {
      changes: { assigneeId: null },
    }],
    ['set_priority', inStage('evidence', { priority: 'p4' }), 'set_priority', { priority: 'p1', reason: 'press coverage' }, SUPERVISOR, ctx(), {
      changes: { priority: 'p1', priorityOverridden: true },
      event: {
        action: 'set_priority',
        data: { before: { priority: 'p4', priorityOverridden: false }, after: { priority: 'p1', priorityOverridden: true }, reason: 'press coverage' },
      },
    }],
    ['add_note on an open case', inStage('freeze'), 'add_note', { text: 'called the bank' }, ANALYST, ctx(), {
      changes: {}, versionUnchanged: true, event: { action: 'add_note', data: { text: 'called the bank' } },
    }],
    ['add_note on a closed case', inStage('review', { status: 'closed', outcome: 'no_misuse', closedFromStage: 'review' }), 'add_note',
      { text: 'bank confirmed unfreeze' }, SUPERVISOR, ctx(), { changes: {}, versionUnchanged: true }],
  ])('%s', (_name, c, action, payload, actor, context, expected) => {
    const plan = planAction(c, action, payload, actor, context);
    expect(plan).toMatchObject(expected);
    expect(plan.notifications).toEqual([]);
    expect(plan.alerts).toEqual([]);
  });
});
