import type { Outcome, Stage } from '@sentinel/contracts';
import type { ActionPlan, CaseState } from './case-state';
import { ANALYST, ctx, domainError, inStage, NOW, SUPERVISOR, type Overrides } from './case-state.fixture';
import { unfreezeOnClose } from './closing-plans';
import { planAction } from './plan-action';

const EARLIER = new Date('2026-03-10T07:00:00.000Z');
type Freeze = Partial<CaseState['freeze']>;

describe('unfreezeOnClose (docs/domain.md "Unfreeze")', () => {
  it.each<[string, Outcome, Freeze, { unfreeze: boolean; cancelUndelivered: boolean }]>([
    ['no request', 'no_misuse', {}, { unfreeze: false, cancelUndelivered: false }],
    ['request delivered, no answer yet', 'no_misuse', { lastRequestStatus: 'delivered' }, { unfreeze: true, cancelUndelivered: false }],
    ['request delivered and confirmed', 'duplicate', { lastRequestStatus: 'delivered', lastAnswer: 'confirmed', confirmedAt: EARLIER }, { unfreeze: true, cancelUndelivered: false }],
    ['confirmed by phone, no request', 'no_misuse', { confirmedAt: EARLIER, lastAnswer: 'confirmed' }, { unfreeze: true, cancelUndelivered: false }],
    ['request delivered and rejected', 'no_misuse', { lastRequestStatus: 'delivered', lastAnswer: 'rejected', rejectedAt: EARLIER }, { unfreeze: false, cancelUndelivered: false }],
    ['confirmed, then the latest answer a rejection', 'no_misuse', { lastRequestStatus: 'delivered', confirmedAt: EARLIER, lastAnswer: 'rejected' }, { unfreeze: false, cancelUndelivered: false }],
    ['request pending', 'no_misuse', { lastRequestStatus: 'pending' }, { unfreeze: false, cancelUndelivered: true }],
    ['request delivering', 'duplicate', { lastRequestStatus: 'delivering' }, { unfreeze: false, cancelUndelivered: true }],
    ['request dead', 'no_misuse', { lastRequestStatus: 'dead' }, { unfreeze: false, cancelUndelivered: false }],
    ['confirmed by phone while the request is pending', 'no_misuse', { lastRequestStatus: 'pending', confirmedAt: EARLIER, lastAnswer: 'confirmed' }, { unfreeze: true, cancelUndelivered: true }],
    ['confirmed misuse keeps the freeze', 'confirmed_misuse', { lastRequestStatus: 'delivered', confirmedAt: EARLIER, lastAnswer: 'confirmed' }, { unfreeze: false, cancelUndelivered: false }],
    ['confirmed misuse keeps a pending request', 'confirmed_misuse', { lastRequestStatus: 'pending' }, { unfreeze: false, cancelUndelivered: false }],
  ])('%s, closed as %s', (_name, outcome, freeze, expected) => {
    expect(unfreezeOnClose(inStage('review', { freeze }), outcome)).toEqual(expected);
  });
});

describe('planAction: resolve', () => {
  const reviewed = (freeze: Freeze = {}, o: Partial<CaseState> = {}) => inStage('review', { freeze, ...o });

  it('closes as confirmed_misuse: review clock met, no unfreeze, case.closed to the bank', () => {
    const plan = planAction(
      reviewed({ lastRequestStatus: 'delivered', confirmedAt: EARLIER, lastAnswer: 'confirmed' }),
      'resolve',
      { outcome: 'confirmed_misuse', summary: 'cloned terminal confirmed' },
      SUPERVISOR,
      ctx(),
    );
    expect(plan).toMatchObject<Partial<ActionPlan>>({
      changes: { status: 'closed', outcome: 'confirmed_misuse', closedFromStage: 'review', duplicateOfCaseId: null },
      endClock: { stage: 'review', how: 'met' },
      cancelOpenClocks: true,
      notifications: [{ type: 'case.closed', reason: 'confirmed_misuse' }],
      freezeChanges: { unfreezeSentOnClose: false },
      event: {
        action: 'resolve',
        data: {
          before: { status: 'open', outcome: null },
          after: { status: 'closed', outcome: 'confirmed_misuse', closedFromStage: 'review', duplicateOfCaseId: null },
          summary: 'cloned terminal confirmed',
          unfreezeRequested: false,
          freezeRequestCancelled: false,
        },
      },
    });
    expect(plan.cancelUndeliveredFreeze).toBeUndefined();
  });

  it.each<[string, Freeze, string[], boolean]>([
    ['delivered request', { lastRequestStatus: 'delivered' }, ['unfreeze.requested', 'case.closed'], false],
    ['confirmed freeze', { lastRequestStatus: 'delivered', confirmedAt: EARLIER, lastAnswer: 'confirmed' }, ['unfreeze.requested', 'case.closed'], false],
    ['rejected freeze', { lastRequestStatus: 'delivered', rejectedAt: EARLIER, lastAnswer: 'rejected' }, ['case.closed'], false],
    ['pending request', { lastRequestStatus: 'pending' }, ['case.closed'], true],
    ['no request', {}, ['case.closed'], false],
  ])('as no_misuse with a %s', (_name, freeze, notifications, cancel) => {
    const plan = planAction(reviewed(freeze), 'resolve', { outcome: 'no_misuse', summary: 'merchant lent it' }, SUPERVISOR, ctx());
    expect(plan.notifications.map((n) => n.type)).toEqual(notifications);
    expect(plan.cancelUndeliveredFreeze ?? false).toBe(cancel);
    const unfreeze = notifications.includes('unfreeze.requested');
    expect(plan.freezeChanges).toEqual(
      unfreeze ? { unfreezeSentOnClose: true, unfreezeRequestedAt: NOW } : { unfreezeSentOnClose: false },
    );
    expect(plan.event.data).toMatchObject({ unfreezeRequested: unfreeze, freezeRequestCancelled: cancel });
  });

  it('sends nothing to a bank when the case has none', () => {
    const plan = planAction(reviewed({}, { bankCode: null }), 'resolve', { outcome: 'no_misuse', summary: 's' }, SUPERVISOR, ctx());
    expect(plan.notifications).toEqual([]);
  });

  it('queues no unfreeze (and records none) for a freeze confirmed by phone on a case without a bank', () => {
    const plan = planAction(
      reviewed({ confirmedAt: EARLIER, lastAnswer: 'confirmed' }, { bankCode: null }),
      'resolve',
      { outcome: 'no_misuse', summary: 's' },
      SUPERVISOR,
      ctx(),
    );
    expect(plan.notifications).toEqual([]);
    expect(plan.freezeChanges).toEqual({ unfreezeSentOnClose: false });
    expect(plan.event.data).toMatchObject({ unfreezeRequested: false });
  });

  it('records the duplicate target', () => {
    const plan = planAction(
      reviewed(),
      'resolve',
      { outcome: 'duplicate', summary: 's', duplicateOfCaseId: 'case-7' },
      SUPERVISOR,
      ctx({ duplicateOf: { id: 'case-7', exists: true } }),
    );
    expect(plan.changes).toMatchObject({ outcome: 'duplicate', duplicateOfCaseId: 'case-7' });
  });

  it('ignores duplicateOfCaseId for other outcomes', () => {
    const plan = planAction(reviewed(), 'resolve', { outcome: 'no_misuse', summary: 's', duplicateOfCaseId: 'case-7' }, SUPERVISOR, ctx());
    expect(plan.changes.duplicateOfCaseId).toBeNull();
  });
});

describe('planAction: close_early', () => {
  it.each<Stage>(['freeze', 'police_report', 'merchant_contact', 'evidence', 'review'])(
    'closes from %s, cancelling clocks, without ending the stage as met',
    (stage) => {
      const plan = planAction(
        inStage(stage, { freeze: { lastRequestStatus: 'delivered' } }),
        'close_early',
        { outcome: 'no_misuse', reason: 'test transaction by the merchant' },
        SUPERVISOR,
        ctx(),
      );
      expect(plan).toMatchObject({
        changes: { status: 'closed', outcome: 'no_misuse', closedFromStage: stage },
        cancelOpenClocks: true,
        notifications: [{ type: 'unfreeze.requested' }, { type: 'case.closed' }],
        event: { action: 'close_early', data: { reason: 'test transaction by the merchant', unfreezeRequested: true } },
      });
      expect(plan.endClock).toBeUndefined();
    },
  );

  it('cancels a pending freeze request when closing as duplicate', () => {
    const plan = planAction(
      inStage('freeze', { freeze: { lastRequestStatus: 'pending' } }),
      'close_early',
      { outcome: 'duplicate', reason: 'same SN reported twice', duplicateOfCaseId: 'case-2' },
      SUPERVISOR,
      ctx({ duplicateOf: { id: 'case-2', exists: true } }),
    );
    expect(plan.cancelUndeliveredFreeze).toBe(true);
    expect(plan.notifications.map((n) => n.type)).toEqual(['case.closed']);
    expect(plan.changes.duplicateOfCaseId).toBe('case-2');
  });
});

describe('planAction: reopen', () => {
  const closed = (o: Overrides = {}) =>
    inStage(o.stage ?? 'review', { status: 'closed', outcome: 'no_misuse', closedFromStage: o.stage ?? 'review', ...o });

  it('returns to the stage it closed from, clears the outcome and starts a clock', () => {
    const plan = planAction(closed({ stage: 'merchant_contact', waivedStages: ['police_report'] }), 'reopen', { reason: 'new report' }, SUPERVISOR, ctx());
    expect(plan).toEqual<ActionPlan>({
      changes: { status: 'open', outcome: null, closedFromStage: null, duplicateOfCaseId: null, stage: 'merchant_contact' },
      startClock: 'merchant_contact',
      notifications: [],
      alerts: [],
      event: {
        action: 'reopen',
        data: {
          before: { status: 'closed', outcome: 'no_misuse', stage: 'merchant_contact' },
          after: { status: 'open', outcome: null, stage: 'merchant_contact' },
          reason: 'new report',
          freezeRequested: false,
        },
      },
    });
  });

  it('returns to freeze with a new freeze request when the closing sent an unfreeze', () => {
    const plan = planAction(
      closed({
        stage: 'evidence',
        waivedStages: ['police_report'],
        freeze: { unfreezeSentOnClose: true, confirmedAt: EARLIER, lastAnswer: 'confirmed', lastRequestStatus: 'delivered' },
      }),
      'reopen',
      { reason: 'merchant lied' },
      SUPERVISOR,
      ctx(),
    );
    expect(plan).toMatchObject<Partial<ActionPlan>>({
      changes: { status: 'open', outcome: null, stage: 'freeze', waivedStages: [] },
      startClock: 'freeze',
      notifications: [{ type: 'freeze.requested', reason: 'reopened' }],
      freezeChanges: { requestedAt: NOW, confirmedAt: null, lastAnswer: null, unfreezeSentOnClose: false, notice: null },
      event: { action: 'reopen', data: { after: { status: 'open', outcome: null, stage: 'freeze', waivedStages: [] }, freezeRequested: true } },
    });
  });

  it('refuses while the SN has another open case', () => {
    const e = domainError(() => planAction(closed(), 'reopen', { reason: 'r' }, SUPERVISOR, ctx({ snHasOtherOpenCase: true })));
    expect(e.code).toBe('CASE.SN_HAS_OPEN_CASE');
  });

  it('refuses four eyes before the open-case check', () => {
    const e = domainError(() =>
      planAction(closed({ workedBy: [ANALYST.id, SUPERVISOR.id] }), 'reopen', { reason: 'r' }, SUPERVISOR, ctx({ snHasOtherOpenCase: true })),
    );
    expect(e.code).toBe('CASE.FOUR_EYES');
  });
});
