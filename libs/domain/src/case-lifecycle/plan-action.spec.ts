import type { CaseAction, ProblemCode } from '@sentinel/contracts';
import type { ActorCtx, CaseState, ChangeContext } from './case-state';
import type { CasePatch } from './change-plan';
import {
  act,
  ANALYST,
  caseState,
  clockOps,
  ctx,
  domainError,
  freezeOf,
  inStage,
  NOW,
  openClock,
  OTHER_ANALYST,
  OTHER_SUPERVISOR,
  outboxOps,
  patchOf,
  SUPERVISOR,
} from './case-state.fixture';
import { planChange } from './plan-change';

const EARLIER = new Date('2026-03-10T07:30:00.000Z');
const LATER = new Date('2026-03-10T08:00:00.001Z');
const ACTIVE_BANK: ChangeContext['bank'] = { code: 'ICBC', active: true };
const confirmed = { confirmedAt: EARLIER, lastRequestStatus: 'delivered' as const, lastAnswer: 'confirmed' as const };
const evidenceDone: CaseState['evidence'] = [
  { type: 'transaction_records', removed: false },
  { type: 'police_receipt', removed: false },
];

describe('planChange(action): stage transitions', () => {
  it.each<[string, CaseState, CaseAction, Record<string, unknown>, ActorCtx, Partial<CasePatch>, string[], Record<string, unknown>]>([
    [
      'confirm_freeze: freeze → police_report',
      inStage('freeze'),
      'confirm_freeze',
      { bankReference: 'FRZ-77', confirmedAt: '2026-03-10T07:30:00Z' },
      ANALYST,
      { stage: 'police_report' },
      ['end clock-freeze met', 'start police_report'],
      {
        before: { stage: 'freeze' },
        after: { stage: 'police_report' },
        bankReference: 'FRZ-77',
        confirmedAt: '2026-03-10T07:30:00.000Z',
        confirmedVia: 'analyst',
      },
    ],
    [
      'record_police_report: police_report → merchant_contact',
      inStage('police_report'),
      'record_police_report',
      { agency: 'PSB Pudong', reportNumber: 'R-2026-1', filedAt: EARLIER },
      ANALYST,
      { stage: 'merchant_contact' },
      ['end clock-police_report met', 'start merchant_contact'],
      {
        before: { stage: 'police_report' },
        after: { stage: 'merchant_contact' },
        agency: 'PSB Pudong',
        reportNumber: 'R-2026-1',
        filedAt: '2026-03-10T07:30:00.000Z',
        officer: null,
      },
    ],
    [
      'log_merchant_contact reached with findings: merchant_contact → evidence',
      inStage('merchant_contact'),
      'log_merchant_contact',
      { channel: 'phone', contactedAt: EARLIER, outcome: 'reached', findings: 'terminal lent to a neighbour' },
      ANALYST,
      { stage: 'evidence' },
      ['end clock-merchant_contact met', 'start evidence'],
      { before: { stage: 'merchant_contact' }, after: { stage: 'evidence' }, outcome: 'reached' },
    ],
    [
      'submit_for_review: evidence → review',
      inStage('evidence', { evidence: evidenceDone }),
      'submit_for_review',
      {},
      ANALYST,
      { stage: 'review' },
      ['end clock-evidence met', 'start review'],
      { before: { stage: 'evidence' }, after: { stage: 'review' } },
    ],
    ...(['freeze', 'police_report', 'merchant_contact', 'evidence'] as const).map((stage, i): [string, CaseState, CaseAction, Record<string, unknown>, ActorCtx, Partial<CasePatch>, string[], Record<string, unknown>] => {
      const next = (['police_report', 'merchant_contact', 'evidence', 'review'] as const)[i];
      return [
        `waive_stage: ${stage} → ${next}`,
        inStage(stage, { waivedStages: i > 0 ? ['freeze'] : [] }),
        'waive_stage',
        { reason: 'bank phoned, confirmed verbally' },
        SUPERVISOR,
        { stage: next, waivedStages: i > 0 ? ['freeze', stage] : ['freeze'] },
        [`end clock-${stage} waived`, `start ${next}`],
        { waivedStage: stage, reason: 'bank phoned, confirmed verbally' },
      ];
    }),
  ])('%s', (_name, c, action, payload, actor, patch, clocks, data) => {
    const plan = act(c, action, payload, actor);
    expect(patchOf(plan)).toEqual(patch);
    expect(plan.case).toMatchObject({ op: 'update', bumpVersion: true });
    expect(clockOps(plan)).toEqual(clocks);
    expect(plan.events).toEqual([{ actor, action, data: expect.objectContaining(data) }]);
    expect(plan.outbox).toEqual([]);
  });

  it('starts the next clock from the stage policy, and copies it onto the case row', () => {
    const policy = { target: 'PT2H', calendar: { id: '24x7', timeZone: 'UTC', workingHours: {}, holidays: [], extraWorkingDays: [] }, warnAtPercent: 50 };
    const plan = act(inStage('freeze'), 'confirm_freeze', { bankReference: 'F', confirmedAt: EARLIER }, ANALYST, ctx({ policies: { police_report: policy } }));
    const start = plan.clocks.find((w) => w.op === 'start');
    expect(start).toEqual({
      op: 'start',
      id: 'id-1',
      clock: { kind: 'stage', stage: 'police_report' },
      target: 'PT2H',
      calendarId: '24x7',
      warnAtPercent: 50,
      startedAt: NOW,
      warnAt: new Date(NOW.getTime() + 3_600_000),
      dueAt: new Date(NOW.getTime() + 7_200_000),
    });
    expect(plan.case).toMatchObject({ patch: { sla: { dueAt: new Date(NOW.getTime() + 7_200_000), state: 'on_track' } } });
  });
});

describe('planChange(action): recording without moving', () => {
  it.each<[string, CaseState, CaseAction, Record<string, unknown>, string]>([
    ['a reached contact in evidence', inStage('evidence'), 'log_merchant_contact', { channel: 'visit', contactedAt: EARLIER, outcome: 'reached', findings: 'more details' }, 'merchant_contact'],
    ['an unanswered contact in merchant_contact', inStage('merchant_contact'), 'log_merchant_contact', { channel: 'phone', contactedAt: EARLIER, outcome: 'no_answer' }, 'merchant_contact'],
    ['a contact in review', inStage('review'), 'log_merchant_contact', { channel: 'sms', contactedAt: EARLIER, outcome: 'refused' }, 'merchant_contact'],
    [
      'a police report in evidence (after the police stage was waived)',
      inStage('evidence', { waivedStages: ['police_report'] }),
      'record_police_report',
      { agency: 'PSB', reportNumber: 'R-9', filedAt: EARLIER, officer: 'Officer Li' },
      'police_report',
    ],
    ['a freeze notice after confirmation', inStage('police_report', { freeze: confirmed }), 'record_freeze_notice', { notifiedAt: EARLIER, channel: 'sms', notifiedBy: 'bank', appealInstructionsGiven: true }, 'freeze'],
  ])('%s', (_name, c, action, payload, record) => {
    const plan = act(c, action, payload, ANALYST);
    expect(patchOf(plan)).toEqual({});
    expect(plan.clocks).toEqual([]);
    expect(plan.records.map((r) => r.record)).toEqual([record]);
    expect(plan.events[0].action).toBe(action);
    expect(plan.events[0].data.before).toBeUndefined();
  });

  it('stores the police report and the merchant contact as recorded by the actor', () => {
    const police = act(inStage('police_report'), 'record_police_report', { agency: ' PSB ', reportNumber: 'R-1', filedAt: EARLIER, officer: ' Li ' }, ANALYST);
    expect(police.records).toEqual([
      { record: 'police_report', agency: 'PSB', reportNumber: 'R-1', filedAt: EARLIER, officer: 'Li', recordedBy: ANALYST.id, recordedAt: NOW },
    ]);
    const contact = act(inStage('merchant_contact'), 'log_merchant_contact', { channel: 'phone', contactedAt: EARLIER, outcome: 'no_answer' }, ANALYST);
    expect(contact.records).toEqual([
      { record: 'merchant_contact', id: 'id-1', channel: 'phone', contactedAt: EARLIER, outcome: 'no_answer', findings: null, recordedBy: ANALYST.id, createdAt: NOW },
    ]);
  });

  it('record_freeze_notice records who recorded it', () => {
    const plan = act(
      inStage('police_report', { freeze: confirmed }),
      'record_freeze_notice',
      { notifiedAt: '2026-03-10T07:30:00+00:00', channel: 'phone', notifiedBy: 'us', appealInstructionsGiven: false },
      ANALYST,
    );
    expect(freezeOf(plan)).toEqual({
      notice: { notifiedAt: EARLIER, channel: 'phone', notifiedBy: 'us', appealInstructionsGiven: false, recordedBy: ANALYST.id },
      noticeRecordedAt: NOW,
    });
  });

  it('record_freeze_rejection stays in freeze and alerts the team supervisors once per event', () => {
    const plan = act(inStage('freeze', { freeze: { lastRequestStatus: 'delivered' } }), 'record_freeze_rejection', { reason: 'terminal not ours' }, ANALYST);
    expect(patchOf(plan)).toEqual({});
    expect(freezeOf(plan)).toEqual({ rejectedAt: NOW, rejectionReason: 'terminal not ours', lastAnswer: 'rejected' });
    expect(plan.alerts).toEqual([
      { type: 'freeze.rejected', recipients: { teamSupervisors: true, users: [] }, dedupeKey: 'freeze.rejected:case-1:7', stage: 'freeze', notificationId: null },
    ]);
    expect(plan.events[0]).toMatchObject({ action: 'record_freeze_rejection', data: { reason: 'terminal not ours', rejectedAt: NOW.toISOString() } });
  });
});

describe('planChange(action): request_freeze', () => {
  it('queues a freeze request to an active bank, its body built from the case', () => {
    const plan = act(inStage('freeze'), 'request_freeze', { bankCode: 'ICBC' }, ANALYST, ctx({ bank: ACTIVE_BANK }));
    expect(patchOf(plan)).toEqual({});
    expect(outboxOps(plan)).toEqual(['queue freeze.requested ICBC']);
    expect(plan.outbox[0]).toMatchObject({
      id: 'id-1',
      body: {
        type: 'freeze.requested',
        notificationId: 'id-1',
        caseId: 'case-1',
        caseReference: 'SNC-2026-000001',
        bankCode: 'ICBC',
        sn: 'PAX-A920-0001',
        terminalId: 'T-1',
        merchantId: 'M-1',
        merchantName: 'Lucky Noodles',
        misuseType: 'cloned_terminal',
        amountAtRisk: { minor: 1_250_000, currency: 'CNY' },
        requestedAt: NOW.toISOString(),
        scope: ['terminal', 'settlement'],
      },
    });
    expect(freezeOf(plan)).toEqual({ bankCode: 'ICBC', requestedAt: NOW, notificationId: 'id-1', lastAnswer: null });
    expect(plan.events[0]).toMatchObject({ action: 'request_freeze', data: { bankCode: 'ICBC', repeat: false, notificationIds: ['id-1'] } });
  });

  it("uses the case's bank when none is given, and sets the case's bank when it had none", () => {
    expect(freezeOf(act(inStage('freeze'), 'request_freeze', {}, ANALYST, ctx({ bank: ACTIVE_BANK })))).toMatchObject({ bankCode: 'ICBC' });
    const plan = act(inStage('freeze', { bankCode: null }), 'request_freeze', { bankCode: 'ICBC' }, ANALYST, ctx({ bank: ACTIVE_BANK }));
    expect(patchOf(plan)).toEqual({ bankCode: 'ICBC' });
    expect(plan.outbox[0]).toMatchObject({ bankCode: 'ICBC', body: { bankCode: 'ICBC' } });
    expect(plan.events[0].data).toMatchObject({ before: { bankCode: null }, after: { bankCode: 'ICBC' } });
  });

  it('compares bank codes upper-case', () => {
    const plan = act(inStage('freeze'), 'request_freeze', { bankCode: ' icbc ' }, ANALYST, ctx({ bank: ACTIVE_BANK }));
    expect(patchOf(plan)).toEqual({});
    expect(freezeOf(plan)).toMatchObject({ bankCode: 'ICBC' });
    const confirm = act(inStage('freeze'), 'confirm_freeze', { bankReference: 'F-1', confirmedAt: EARLIER, bankCode: 'icbc' }, ANALYST, ctx({ bank: ACTIVE_BANK }));
    expect(patchOf(confirm)).toEqual({ stage: 'police_report' });
  });

  it('repeats after a dead notification', () => {
    const plan = act(inStage('freeze', { freeze: { lastRequestStatus: 'dead', requestedAt: EARLIER } }), 'request_freeze', { bankCode: 'ICBC' }, ANALYST, ctx({ bank: ACTIVE_BANK }));
    expect(plan.events[0].data).toMatchObject({ repeat: true });
  });

  it('repeating after a rejection cancels a request still undelivered, and names it in the event', () => {
    const c = inStage('freeze', { freeze: { lastRequestStatus: 'pending', lastAnswer: 'rejected', undeliveredRequestIds: ['n-old'] } });
    const plan = act(c, 'request_freeze', {}, ANALYST, ctx({ bank: ACTIVE_BANK }));
    expect(outboxOps(plan)).toEqual(['cancel n-old', 'queue freeze.requested ICBC']);
    expect(plan.events[0].data).toMatchObject({ notificationIds: ['id-1'], cancelledNotificationIds: ['n-old'] });
  });

  it.each<[string, Partial<CaseState>, Record<string, unknown>, ChangeContext, ProblemCode, Record<string, unknown>]>([
    ['inactive bank', {}, { bankCode: 'ICBC' }, ctx({ bank: { code: 'ICBC', active: false } }), 'BANK.INACTIVE', {}],
    ['unknown bank', {}, { bankCode: 'NOPE' }, ctx({ bank: null }), 'VALIDATION.FAILED', { errors: { bankCode: 'is not a known bank' } }],
    ['no bank at all', { bankCode: null }, {}, ctx(), 'VALIDATION.FAILED', { errors: { bankCode: expect.any(String) } }],
    [
      'a request is outstanding',
      { freeze: { ...caseState().freeze, lastRequestStatus: 'delivered' } },
      { bankCode: 'ICBC' },
      ctx({ bank: ACTIVE_BANK }),
      'CASE.ACTION_NOT_ALLOWED',
      { params: expect.objectContaining({ lastRequestStatus: 'delivered', lastAnswer: null }) },
    ],
  ])('refuses: %s', (_name, o, payload, context, code, extra) => {
    const e = domainError(() => act(caseState(o), 'request_freeze', payload, ANALYST, context));
    expect(e).toMatchObject({ code, ...extra });
  });
});

describe('planChange(action): payload rules (VALIDATION.FAILED)', () => {
  it.each<[string, CaseState, CaseAction, Record<string, unknown>, ActorCtx, ChangeContext, Record<string, string>]>([
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
    ['return_to_analyst without reason', inStage('review'), 'return_to_analyst', { reason: ' ' }, SUPERVISOR, ctx(), { reason: 'is required to return a case to its analyst' }],
    ['close_early as confirmed_misuse', inStage('freeze'), 'close_early', { outcome: 'confirmed_misuse', reason: 'r' }, SUPERVISOR, ctx(), { outcome: 'must be one of no_misuse, duplicate' }],
    ['close_early without reason', inStage('freeze'), 'close_early', { outcome: 'no_misuse' }, SUPERVISOR, ctx(), { reason: 'is required' }],
    ['close_early duplicate without target', inStage('freeze'), 'close_early', { outcome: 'duplicate', reason: 'r' }, SUPERVISOR, ctx(), { duplicateOfCaseId: 'is required when the outcome is duplicate' }],
    ['reopen without reason', inStage('review', { status: 'closed', outcome: 'no_misuse', closedFromStage: 'review' }), 'reopen', {}, SUPERVISOR, ctx(), { reason: 'is required to reopen a case' }],
  ])('%s', (_name, c, action, payload, actor, context, errors) => {
    const e = domainError(() => act({ ...c, workedBy: [ANALYST.id] }, action, payload, actor, context));
    expect({ code: e.code, errors: e.errors }).toEqual({ code: 'VALIDATION.FAILED', errors });
    expect(e.message.length).toBeGreaterThan(5);
  });

  it('checks version, roles and ownership before the payload', () => {
    expect(domainError(() => act(inStage('freeze'), 'add_note', {}, OTHER_ANALYST)).code).toBe('CASE.NOT_OWNER');
    expect(domainError(() => act(inStage('freeze'), 'waive_stage', {}, ANALYST)).code).toBe('AUTH.FORBIDDEN');
    const stale = domainError(() => planChange(inStage('freeze'), { kind: 'action', action: 'waive_stage', payload: {}, actor: ANALYST, version: 3 }, ctx()));
    expect(stale).toMatchObject({ code: 'CASE.VERSION_CONFLICT', params: { currentVersion: 4, sentVersion: 3 } });
  });

  it.each<[string, unknown, ProblemCode, Record<string, string> | undefined]>([
    ['missing', undefined, 'VALIDATION.FAILED', { version: 'is required' }],
    ['not an integer', '4', 'VALIDATION.FAILED', { version: 'must be a positive integer' }],
    ['zero', 0, 'VALIDATION.FAILED', { version: 'must be a positive integer' }],
    ['stale', 3, 'CASE.VERSION_CONFLICT', undefined],
  ])('refuses a %s version first', (_name, version, code, errors) => {
    const e = domainError(() => planChange(inStage('freeze'), { kind: 'action', action: 'claim', payload: {}, actor: OTHER_ANALYST, version }, ctx()));
    expect({ code: e.code, errors: e.errors }).toEqual({ code, errors });
  });

  it('does not check the version of a bulk item', () => {
    const plan = planChange(inStage('freeze'), { kind: 'action', action: 'assign', payload: { assigneeId: null }, actor: SUPERVISOR, bulk: true }, ctx());
    expect(patchOf(plan)).toEqual({ assigneeId: null });
  });
});

describe('planChange(action): submit_for_review exit rule', () => {
  it.each<[string, Partial<CaseState>, string[]]>([
    ['nothing attached', {}, ['transaction_records', 'police_receipt']],
    ['receipt removed', { evidence: [evidenceDone[0], { type: 'police_receipt', removed: true }] }, ['police_receipt']],
  ])('refuses with CASE.EXIT_RULE_UNMET: %s', (_name, o, missing) => {
    const e = domainError(() => act(inStage('evidence', o), 'submit_for_review', {}, ANALYST));
    expect(e).toMatchObject({ code: 'CASE.EXIT_RULE_UNMET', params: { missing } });
  });

  it('does not need the police receipt when the police stage was waived', () => {
    const c = inStage('evidence', { waivedStages: ['police_report'], evidence: [evidenceDone[0]] });
    expect(patchOf(act(c, 'submit_for_review', {}, ANALYST))).toEqual({ stage: 'review' });
  });
});

describe('planChange(action): return_to_analyst', () => {
  const inReview = (o: Parameters<typeof inStage>[1] = {}) => inStage('review', { evidence: evidenceDone, ...o });

  it('sends the case back to evidence: review clock met, a new evidence clock, the assignee kept and alerted', () => {
    const evidencePolicy = { target: 'PT5H', calendar: { id: '24x7', timeZone: 'UTC', workingHours: {}, holidays: [], extraWorkingDays: [] }, warnAtPercent: 80 };
    const plan = act(inReview(), 'return_to_analyst', { reason: ' the receipt is illegible ' }, SUPERVISOR, ctx({ policies: { evidence: evidencePolicy } }));
    expect(patchOf(plan)).toEqual({ stage: 'evidence', lastReturn: { reason: 'the receipt is illegible', by: SUPERVISOR.id, at: NOW } });
    expect(plan.case).toMatchObject({ op: 'update', bumpVersion: true, patch: { sla: { dueAt: new Date(NOW.getTime() + 5 * 3_600_000), state: 'on_track' } } });
    expect(clockOps(plan)).toEqual(['end clock-review met', 'start evidence']);
    expect(plan.events).toEqual([
      {
        actor: SUPERVISOR,
        action: 'return_to_analyst',
        data: { before: { stage: 'review' }, after: { stage: 'evidence' }, assigneeId: ANALYST.id, reason: 'the receipt is illegible' },
      },
    ]);
    expect(plan.alerts).toEqual([
      { type: 'case.returned', recipients: { teamSupervisors: false, users: [ANALYST.id] }, dedupeKey: 'case.returned:case-1:7', stage: 'evidence', notificationId: null },
    ]);
    expect(plan.outbox).toEqual([]);
  });

  it('works the evidence stage again when it had been waived', () => {
    const plan = act(inReview({ waivedStages: ['police_report', 'evidence'] }), 'return_to_analyst', { reason: 'r' }, SUPERVISOR);
    expect(patchOf(plan)).toMatchObject({ waivedStages: ['police_report'] });
    expect(plan.events[0].data).toMatchObject({ before: { waivedStages: ['police_report', 'evidence'] }, after: { waivedStages: ['police_report'] } });
  });

  it('alerts no one when the case has no assignee', () => {
    expect(act(inReview({ assigneeId: null }), 'return_to_analyst', { reason: 'r' }, SUPERVISOR).alerts).toEqual([]);
  });

  it.each<[string, CaseState, ActorCtx, ProblemCode]>([
    ['by an analyst', inReview(), ANALYST, 'AUTH.FORBIDDEN'],
    ['outside review', inStage('evidence'), SUPERVISOR, 'CASE.ACTION_NOT_ALLOWED'],
    ['on a closed case', inReview({ status: 'closed', outcome: 'no_misuse', closedFromStage: 'review' }), SUPERVISOR, 'CASE.ACTION_NOT_ALLOWED'],
    ['by the assignee', inReview({ assigneeId: SUPERVISOR.id }), SUPERVISOR, 'CASE.FOUR_EYES'],
  ])('refuses %s', (_name, c, actor, code) => {
    expect(domainError(() => act(c, 'return_to_analyst', { reason: 'r' }, actor)).code).toBe(code);
  });

  it('is allowed to a supervisor who worked the case (only the assignee is refused)', () => {
    expect(patchOf(act(inReview({ workedBy: [ANALYST.id, SUPERVISOR.id] }), 'return_to_analyst', { reason: 'r' }, SUPERVISOR))).toMatchObject({ stage: 'evidence' });
  });
});

describe('planChange(action): assignment and priority', () => {
  it.each<[string, CaseState, CaseAction, Record<string, unknown>, ActorCtx, ChangeContext, CasePatch | undefined, Record<string, unknown>]>([
    ['claim', inStage('police_report', { assigneeId: null }), 'claim', {}, OTHER_ANALYST, ctx({ actorActive: true }), { assigneeId: OTHER_ANALYST.id },
      { before: { assigneeId: null }, after: { assigneeId: OTHER_ANALYST.id } }],
    ['release', inStage('police_report'), 'release', {}, ANALYST, ctx(), { assigneeId: null }, { before: { assigneeId: ANALYST.id }, after: { assigneeId: null } }],
    ['assign to an active analyst', inStage('police_report'), 'assign', { assigneeId: OTHER_ANALYST.id }, SUPERVISOR,
      ctx({ assignee: { id: OTHER_ANALYST.id, role: 'analyst', active: true } }), { assigneeId: OTHER_ANALYST.id }, {}],
    ['assign to a supervisor in review', inStage('review'), 'assign', { assigneeId: OTHER_SUPERVISOR.id }, SUPERVISOR,
      ctx({ assignee: { id: OTHER_SUPERVISOR.id, role: 'supervisor', active: true } }), { assigneeId: OTHER_SUPERVISOR.id }, {}],
    ['assign null unassigns', inStage('police_report'), 'assign', { assigneeId: null }, SUPERVISOR, ctx(), { assigneeId: null }, {}],
    ['set_priority', inStage('evidence', { priority: 'p4' }), 'set_priority', { priority: 'p1', reason: 'press coverage' }, SUPERVISOR, ctx(),
      { priority: 'p1', priorityOverridden: true },
      { before: { priority: 'p4', priorityOverridden: false }, after: { priority: 'p1', priorityOverridden: true }, reason: 'press coverage' }],
    ['add_note on an open case', inStage('freeze'), 'add_note', { text: 'called the bank' }, ANALYST, ctx(), undefined, { text: 'called the bank' }],
    ['add_note on a closed case', inStage('review', { status: 'closed', outcome: 'no_misuse', closedFromStage: 'review' }), 'add_note',
      { text: 'bank confirmed unfreeze' }, SUPERVISOR, ctx(), undefined, {}],
  ])('%s', (_name, c, action, payload, actor, context, patch, data) => {
    const plan = act(c, action, payload, actor, context);
    expect(patchOf(plan)).toEqual(patch);
    expect(plan.events[0]).toMatchObject({ actor, action, data });
    expect(plan.outbox).toEqual([]);
    expect(plan.alerts).toEqual([]);
    expect(plan.clocks).toEqual([]);
  });

  it('add_note stores the note and leaves the case row (and its version) alone', () => {
    const plan = act(inStage('freeze'), 'add_note', { text: ' called the bank ' }, ANALYST);
    expect(plan.case).toBeUndefined();
    expect(plan.records).toEqual([{ record: 'note', id: 'id-1', text: 'called the bank', authorId: ANALYST.id, createdAt: NOW }]);
  });

  it('claim by a user deactivated meanwhile is refused', () => {
    expect(domainError(() => act(inStage('freeze', { assigneeId: null }), 'claim', {}, OTHER_ANALYST, ctx({ actorActive: false }))).code).toBe('AUTH.UNAUTHENTICATED');
  });

  it('claim-next annotates its claim event', () => {
    const plan = planChange(
      inStage('freeze', { assigneeId: null }),
      { kind: 'action', action: 'claim', payload: {}, actor: OTHER_ANALYST, bulk: true, eventData: { via: 'claim-next', queueId: 'q-1' } },
      ctx({ actorActive: true }),
    );
    expect(plan.events[0].data).toEqual({ before: { assigneeId: null }, after: { assigneeId: OTHER_ANALYST.id }, via: 'claim-next', queueId: 'q-1' });
  });
});

describe('planChange: the case row keeps a copy of the current stage clock', () => {
  it('leaves the SLA copy alone when no clock, stage or status changes', () => {
    const plan = act(inStage('freeze'), 'set_priority', { priority: 'p1', reason: 'r' }, SUPERVISOR);
    expect(plan.case).toEqual({ op: 'update', patch: { priority: 'p1', priorityOverridden: true }, bumpVersion: true });
  });

  it('clears it when the case closes', () => {
    const plan = act(inStage('police_report', { clocks: [openClock('police_report', { state: 'warning' })] }), 'close_early', { outcome: 'no_misuse', reason: 'r' }, SUPERVISOR);
    expect(plan.case).toMatchObject({ patch: { sla: { dueAt: null, state: null } } });
  });
});
