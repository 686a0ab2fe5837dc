import { CASE_ACTIONS, type ProblemCode, type Role, type Stage } from '@sentinel/contracts';
import { allowedActions, assertActionAllowed, CASE_WORK_EVENTS, isCaseWorkEvent, NOT_CASE_WORK_ACTIONS } from './action-guards';
import type { ActorCtx, CaseState, GuardedAction } from './case-state';
import {
  ANALYST,
  actorWithRole,
  caseState,
  domainError,
  inStage,
  OTHER_ANALYST,
  OTHER_SUPERVISOR,
  SUPERVISOR,
} from './case-state.fixture';

const ALL: GuardedAction[] = [...CASE_ACTIONS, 'add_evidence', 'remove_evidence'];
const SUPERVISOR_ONLY: GuardedAction[] = ['assign', 'waive_stage', 'resolve', 'return_to_analyst', 'close_early', 'reopen', 'set_priority', 'cancel_regulatory_clock'];

const codeOf = (c: CaseState, action: GuardedAction, actor: ActorCtx): ProblemCode | 'ok' => {
  try {
    assertActionAllowed(c, action, actor);
    return 'ok';
  } catch {
    return domainError(() => assertActionAllowed(c, action, actor)).code;
  }
};

describe('assertActionAllowed', () => {
  describe('step 3: role', () => {
    it.each(
      (['auditor', 'admin', 'intake'] as Role[]).flatMap((role) => ALL.map((action) => [role, action] as const)),
    )('%s may not %s (AUTH.FORBIDDEN)', (role, action) => {
      // Even on a closed case, even when assigned: the role check comes first.
      const c = caseState({ assigneeId: `u-${role}`, status: 'closed' });
      expect(codeOf(c, action, actorWithRole(role))).toBe('AUTH.FORBIDDEN');
    });

    it.each(SUPERVISOR_ONLY)('an analyst may not %s (AUTH.FORBIDDEN)', (action) => {
      expect(codeOf(inStage('review', { status: 'closed' }), action, ANALYST)).toBe('AUTH.FORBIDDEN');
    });
  });

  describe('step 4: status and stage', () => {
    it.each(ALL.filter((a) => !['reopen', 'add_note', 'renew_hold', 'release_hold', 'record_regulatory_filing', 'cancel_regulatory_clock', 'record_terminal_replacement'].includes(a)))(
      'a closed case refuses %s (CASE.ACTION_NOT_ALLOWED)',
      (action) => {
        const c = inStage('evidence', { status: 'closed', outcome: 'no_misuse', closedFromStage: 'evidence' });
        expect(codeOf(c, action, SUPERVISOR)).toBe('CASE.ACTION_NOT_ALLOWED');
      },
    );

    it.each<[GuardedAction, Stage[]]>([
      ['request_freeze', ['police_report', 'merchant_contact', 'evidence', 'review']],
      ['confirm_freeze', ['police_report', 'merchant_contact', 'evidence', 'review']],
      ['record_freeze_rejection', ['police_report', 'merchant_contact', 'evidence', 'review']],
      ['record_police_report', ['freeze']],
      ['log_merchant_contact', ['freeze', 'police_report']],
      ['submit_for_review', ['freeze', 'police_report', 'merchant_contact', 'review']],
      ['resolve', ['freeze', 'police_report', 'merchant_contact', 'evidence']],
      ['return_to_analyst', ['freeze', 'police_report', 'merchant_contact', 'evidence']],
    ])('%s is refused in %j', (action, stages) => {
      for (const stage of stages) {
        const e = domainError(() => assertActionAllowed(inStage(stage, { workedBy: [] }), action, OTHER_SUPERVISOR));
        expect([stage, e.code]).toEqual([stage, 'CASE.ACTION_NOT_ALLOWED']);
        expect(e.params).toMatchObject({ action, stage });
      }
    });

    it('refuses reopen of an open case', () => {
      expect(codeOf(inStage('evidence', { workedBy: [] }), 'reopen', OTHER_SUPERVISOR)).toBe('CASE.ACTION_NOT_ALLOWED');
    });

    it('refuses waive_stage in review with CASE.STAGE_NOT_WAIVABLE', () => {
      expect(codeOf(inStage('review'), 'waive_stage', SUPERVISOR)).toBe('CASE.STAGE_NOT_WAIVABLE');
    });

    it('refuses record_freeze_notice before the freeze is confirmed', () => {
      const e = domainError(() => assertActionAllowed(inStage('police_report'), 'record_freeze_notice', ANALYST));
      expect(e.code).toBe('CASE.ACTION_NOT_ALLOWED');
      expect(e.params).toMatchObject({ missing: ['freeze.confirmed'] });
    });

    it('refuses release of an unassigned case', () => {
      expect(codeOf(caseState({ assigneeId: null }), 'release', SUPERVISOR)).toBe('CASE.ACTION_NOT_ALLOWED');
    });

    it.each<[CaseState['freeze']['lastRequestStatus'], CaseState['freeze']['lastAnswer'], ProblemCode | 'ok']>([
      [null, null, 'ok'],
      ['pending', null, 'CASE.ACTION_NOT_ALLOWED'],
      ['delivering', null, 'CASE.ACTION_NOT_ALLOWED'],
      ['delivered', null, 'CASE.ACTION_NOT_ALLOWED'],
      ['delivered', 'rejected', 'ok'],
      ['dead', null, 'ok'],
      ['cancelled', null, 'ok'],
    ])('request_freeze with the last request %s / answer %s → %s', (lastRequestStatus, lastAnswer, expected) => {
      const c = inStage('freeze', { freeze: { lastRequestStatus, lastAnswer } });
      expect(codeOf(c, 'request_freeze', ANALYST)).toBe(expected);
    });
  });

  describe('claim', () => {
    it('in review is CASE.ACTION_NOT_ALLOWED, checked before CASE.ALREADY_ASSIGNED', () => {
      expect(codeOf(inStage('review', { assigneeId: OTHER_ANALYST.id }), 'claim', ANALYST)).toBe('CASE.ACTION_NOT_ALLOWED');
      expect(codeOf(inStage('review', { assigneeId: null }), 'claim', SUPERVISOR)).toBe('CASE.ACTION_NOT_ALLOWED');
    });

    it.each<[string | null, ActorCtx, ProblemCode | 'ok']>([
      [null, ANALYST, 'ok'],
      [null, SUPERVISOR, 'ok'],
      [OTHER_ANALYST.id, ANALYST, 'CASE.ALREADY_ASSIGNED'],
      [ANALYST.id, ANALYST, 'CASE.ALREADY_ASSIGNED'],
      [OTHER_ANALYST.id, SUPERVISOR, 'CASE.ALREADY_ASSIGNED'],
    ])('assignee %s, claimed by %o → %s', (assigneeId, actor, expected) => {
      expect(codeOf(inStage('police_report', { assigneeId }), 'claim', actor)).toBe(expected);
    });
  });

  describe('step 5: ownership', () => {
    const analystActions = ALL.filter(
      (a) => !SUPERVISOR_ONLY.includes(a) && a !== 'claim' && a !== 'release' && a !== 'record_terminal_replacement',
    );

    const FREEZE_STAGE_ACTIONS: GuardedAction[] = ['request_freeze', 'confirm_freeze', 'record_freeze_rejection'];
    /** A state in which the action passes step 4. */
    const stateFor = (action: GuardedAction, assigneeId: string | null) =>
      FREEZE_STAGE_ACTIONS.includes(action)
        ? inStage('freeze', { assigneeId })
        : inStage('evidence', { assigneeId, freeze: { confirmedAt: new Date(0) } });

    it.each(analystActions)("an analyst may not %s someone else's case (CASE.NOT_OWNER)", (action) => {
      expect(codeOf(stateFor(action, OTHER_ANALYST.id), action, ANALYST)).toBe('CASE.NOT_OWNER');
    });

    it.each(analystActions)('an analyst may not %s an unassigned case (CASE.NOT_OWNER)', (action) => {
      expect(codeOf(stateFor(action, null), action, ANALYST)).toBe('CASE.NOT_OWNER');
    });

    it.each(analystActions)('an analyst may %s their own case', (action) => {
      expect(codeOf(stateFor(action, ANALYST.id), action, ANALYST)).toBe('ok');
    });

    it.each(analystActions)('a supervisor may %s any case', (action) => {
      expect(codeOf(stateFor(action, OTHER_ANALYST.id), action, SUPERVISOR)).toBe('ok');
    });

    it('only the assignee releases, supervisors included', () => {
      const c = caseState({ assigneeId: OTHER_ANALYST.id });
      expect(codeOf(c, 'release', ANALYST)).toBe('CASE.NOT_OWNER');
      expect(codeOf(c, 'release', SUPERVISOR)).toBe('CASE.NOT_OWNER');
      expect(codeOf(c, 'release', OTHER_ANALYST)).toBe('ok');
      expect(codeOf(caseState({ assigneeId: SUPERVISOR.id }), 'release', SUPERVISOR)).toBe('ok');
    });

    it('add_note on a closed case still needs ownership for an analyst', () => {
      const closed = { status: 'closed' as const, closedFromStage: 'review' as const, stage: 'review' as const };
      expect(codeOf(caseState({ ...closed, assigneeId: ANALYST.id }), 'add_note', ANALYST)).toBe('ok');
      expect(codeOf(caseState({ ...closed, assigneeId: OTHER_ANALYST.id }), 'add_note', ANALYST)).toBe('CASE.NOT_OWNER');
    });
  });

  describe('step 6: four eyes', () => {
    const closed = (o: Partial<CaseState> = {}) =>
      inStage('review', { status: 'closed', outcome: 'no_misuse', closedFromStage: 'review', ...o });
    const states: Record<'resolve' | 'close_early' | 'reopen', (o: Partial<CaseState>) => CaseState> = {
      resolve: (o) => inStage('review', o),
      close_early: (o) => inStage('merchant_contact', o),
      reopen: closed,
    };

    it.each(['resolve', 'close_early', 'reopen'] as const)('%s is refused to the assignee', (action) => {
      const e = domainError(() =>
        assertActionAllowed(states[action]({ assigneeId: SUPERVISOR.id, workedBy: [] }), action, SUPERVISOR),
      );
      expect(e.code).toBe('CASE.FOUR_EYES');
      expect(e.params).toMatchObject({ reason: 'assignee' });
    });

    it.each(['resolve', 'close_early', 'reopen'] as const)('%s is refused to someone who worked the case', (action) => {
      const e = domainError(() =>
        assertActionAllowed(
          states[action]({ assigneeId: ANALYST.id, workedBy: [ANALYST.id, SUPERVISOR.id] }),
          action,
          SUPERVISOR,
        ),
      );
      expect(e.code).toBe('CASE.FOUR_EYES');
      expect(e.params).toMatchObject({ reason: 'worked_on_case' });
    });

    it.each(['resolve', 'close_early', 'reopen'] as const)('%s is allowed to another supervisor', (action) => {
      expect(codeOf(states[action]({ assigneeId: ANALYST.id, workedBy: [ANALYST.id] }), action, SUPERVISOR)).toBe('ok');
    });

    it('return_to_analyst is refused to the assignee only', () => {
      const e = domainError(() => assertActionAllowed(inStage('review', { assigneeId: SUPERVISOR.id, workedBy: [] }), 'return_to_analyst', SUPERVISOR));
      expect(e).toMatchObject({ code: 'CASE.FOUR_EYES', params: { action: 'return_to_analyst', reason: 'assignee' } });
      expect(codeOf(inStage('review', { workedBy: [ANALYST.id, SUPERVISOR.id] }), 'return_to_analyst', SUPERVISOR)).toBe('ok');
    });

    it('checks state before four eyes (a worker resolving outside review gets 422)', () => {
      expect(codeOf(inStage('evidence', { workedBy: [SUPERVISOR.id] }), 'resolve', SUPERVISOR)).toBe(
        'CASE.ACTION_NOT_ALLOWED',
      );
    });
  });
});

describe('allowedActions', () => {
  it.each<[string, CaseState, ActorCtx, string[]]>([
    [
      'the assignee analyst in freeze',
      inStage('freeze'),
      ANALYST,
      ['release', 'request_freeze', 'confirm_freeze', 'record_freeze_rejection', 'add_note', 'place_hold', 'renew_hold', 'release_hold', 'start_regulatory_clock', 'record_regulatory_filing', 'add_evidence', 'remove_evidence'],
    ],
    ['an analyst on an unassigned case', inStage('police_report', { assigneeId: null }), OTHER_ANALYST, ['claim']],
    ["an analyst on someone else's case", inStage('police_report'), OTHER_ANALYST, []],
    [
      'the assignee in evidence (freeze confirmed)',
      inStage('evidence', { freeze: { confirmedAt: new Date(0), lastRequestStatus: 'delivered', lastAnswer: 'confirmed' } }),
      ANALYST,
      [
        'release',
        'record_freeze_notice',
        'record_police_report',
        'log_merchant_contact',
        'submit_for_review',
        'add_note',
        'place_hold',
        'renew_hold',
        'release_hold',
        'start_regulatory_clock',
        'record_regulatory_filing',
        'add_evidence',
        'remove_evidence',
      ],
    ],
    [
      'a supervisor who did not work a case in review',
      inStage('review'),
      SUPERVISOR,
      [
        'assign',
        'record_police_report',
        'log_merchant_contact',
        'resolve',
        'return_to_analyst',
        'close_early',
        'set_priority',
        'add_note',
        'place_hold',
        'renew_hold',
        'release_hold',
        'start_regulatory_clock',
        'record_regulatory_filing',
        'cancel_regulatory_clock',
        'record_terminal_replacement',
        'add_evidence',
        'remove_evidence',
      ],
    ],
    [
      'a supervisor who worked a case in review',
      inStage('review', { workedBy: [ANALYST.id, SUPERVISOR.id] }),
      SUPERVISOR,
      ['assign', 'record_police_report', 'log_merchant_contact', 'return_to_analyst', 'set_priority', 'add_note', 'place_hold', 'renew_hold', 'release_hold', 'start_regulatory_clock', 'record_regulatory_filing', 'cancel_regulatory_clock', 'record_terminal_replacement', 'add_evidence', 'remove_evidence'],
    ],
    [
      'a supervisor on a closed case',
      inStage('review', { status: 'closed', outcome: 'confirmed_misuse', closedFromStage: 'review' }),
      SUPERVISOR,
      ['reopen', 'add_note', 'renew_hold', 'release_hold', 'record_regulatory_filing', 'cancel_regulatory_clock', 'record_terminal_replacement'],
    ],
    ['an auditor', inStage('review'), actorWithRole('auditor'), []],
  ])('%s', (_name, c, actor, expected) => {
    expect(allowedActions(c, actor)).toEqual(expected);
  });

  it('should leave stack traces as they were (it turns them off while it collects refusals)', () => {
    const before = Error.stackTraceLimit;
    allowedActions(inStage('review'), SUPERVISOR);
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('after').stack).toMatch(/action-guards\.spec/);
  });

  it('should throw a bug in a guard with its stack, not take it for a refusal', () => {
    const broken = { ...inStage('freeze'), freeze: undefined } as unknown as CaseState; // request_freeze reads c.freeze
    let thrown: unknown;
    try {
      allowedActions(broken, ANALYST);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).stack).toMatch(/action-guards/);
    expect(Error.stackTraceLimit).toBeGreaterThan(0);
  });
});

describe('CASE_WORK_EVENTS (docs/domain.md "Four eyes")', () => {
  it.each([
    ['claim', true],
    ['request_freeze', true],
    ['confirm_freeze', true],
    ['record_freeze_rejection', true],
    ['record_freeze_notice', true],
    ['record_police_report', true],
    ['log_merchant_contact', true],
    ['evidence.added', true],
    ['evidence.removed', true],
    ['submit_for_review', true],
    ['waive_stage', true],
    ['set_priority', true],
    ['place_hold', true],
    ['renew_hold', true],
    ['release_hold', true],
    ['start_regulatory_clock', true],
    ['record_regulatory_filing', true],
    ['cancel_regulatory_clock', false],
    ['hold.expired', false],
    ['assign', false],
    ['release', false],
    ['add_note', false],
    ['return_to_analyst', false],
    ['resolve', false],
    ['close_early', false],
    ['reopen', false],
    ['notification.retried', false],
    ['case.opened', false],
    ['report.linked', false],
    ['bank.freeze_confirmed', false],
    ['sla.breached', false],
  ])('%s → %s', (action, expected) => {
    expect(isCaseWorkEvent(action)).toBe(expected);
  });

  it('should hold exactly the seventeen events that work a case', () => {
    expect(CASE_WORK_EVENTS).toHaveLength(17);
  });

  it('should count every case action that changes the facts, so a new action counts unless named as not work', () => {
    for (const action of CASE_ACTIONS) {
      expect([action, isCaseWorkEvent(action)]).toEqual([action, !NOT_CASE_WORK_ACTIONS.includes(action)]);
    }
  });
});
