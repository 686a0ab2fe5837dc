import type { Outcome, Stage } from '@sentinel/contracts';
import type { CaseState } from './case-state';
import {
  act,
  ANALYST,
  clockOps,
  ctx,
  domainError,
  freezeOf,
  inStage,
  NOW,
  openClock,
  outboxOps,
  patchOf,
  SUPERVISOR,
  type Overrides,
} from './case-state.fixture';
import { unfreezeOnClose } from './closing-plans';

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

describe('planChange(action): resolve', () => {
  const reviewed = (freeze: Freeze = {}, o: Overrides = {}) => inStage('review', { freeze, ...o });

  it('closes as confirmed_misuse: review clock met, the others cancelled, no unfreeze, case.closed to the bank', () => {
    const c = reviewed({ lastRequestStatus: 'delivered', confirmedAt: EARLIER, lastAnswer: 'confirmed' }, { clocks: [openClock('review'), openClock('evidence', { id: 'clock-stray' })] });
    const plan = act(c, 'resolve', { outcome: 'confirmed_misuse', summary: 'cloned terminal confirmed' }, SUPERVISOR);
    expect(patchOf(plan)).toEqual({ status: 'closed', outcome: 'confirmed_misuse', closedFromStage: 'review', duplicateOfCaseId: null, closedAt: NOW });
    expect(clockOps(plan)).toEqual(['end clock-review met', 'end clock-stray cancelled']);
    expect(outboxOps(plan)).toEqual(['queue case.closed ICBC']);
    expect(plan.outbox[0]).toMatchObject({ body: { type: 'case.closed', reason: 'confirmed_misuse', outcome: 'confirmed_misuse' } });
    expect(freezeOf(plan)).toEqual({ unfreezeSentOnClose: false });
    expect(plan.events).toEqual([
      {
        actor: SUPERVISOR,
        action: 'resolve',
        data: {
          before: { status: 'open', outcome: null },
          after: { status: 'closed', outcome: 'confirmed_misuse', closedFromStage: 'review', duplicateOfCaseId: null },
          summary: 'cloned terminal confirmed',
          unfreezeRequested: false,
          freezeRequestCancelled: false,
          watchlistEntries: [
            { id: 'id-2', kind: 'sn', value: 'PAX-A920-0001', expiresAt: '2026-06-08T08:00:00.000Z' },
            { id: 'id-3', kind: 'mid', value: 'M-1', expiresAt: '2026-06-08T08:00:00.000Z' },
          ],
          notificationIds: ['id-1'],
        },
      },
    ]);
    // aftercare: the SN and the MID are watched for 90 days, naming the resolving supervisor
    expect(plan.records.filter((r) => r.record === 'watchlist_added')).toEqual([
      { record: 'watchlist_added', entry: expect.objectContaining({ kind: 'sn', value: 'PAX-A920-0001', caseId: 'case-1', resolvedBy: SUPERVISOR.id, addedBy: SUPERVISOR.id }) },
      { record: 'watchlist_added', entry: expect.objectContaining({ kind: 'mid', value: 'M-1', caseId: 'case-1', resolvedBy: SUPERVISOR.id }) },
    ]);
  });

  it.each<[string, Freeze, string[], boolean]>([
    ['delivered request', { lastRequestStatus: 'delivered' }, ['queue unfreeze.requested ICBC', 'queue case.closed ICBC'], false],
    ['confirmed freeze', { lastRequestStatus: 'delivered', confirmedAt: EARLIER, lastAnswer: 'confirmed' }, ['queue unfreeze.requested ICBC', 'queue case.closed ICBC'], false],
    ['rejected freeze', { lastRequestStatus: 'delivered', rejectedAt: EARLIER, lastAnswer: 'rejected' }, ['queue case.closed ICBC'], false],
    ['pending request', { lastRequestStatus: 'pending', undeliveredRequestIds: ['n-1'] }, ['cancel n-1', 'queue case.closed ICBC'], true],
    ['no request', {}, ['queue case.closed ICBC'], false],
  ])('as no_misuse with a %s', (_name, freeze, outbox, cancel) => {
    const plan = act(reviewed(freeze), 'resolve', { outcome: 'no_misuse', summary: 'merchant lent it' }, SUPERVISOR);
    expect(outboxOps(plan)).toEqual(outbox);
    const unfreeze = outbox.includes('queue unfreeze.requested ICBC');
    expect(freezeOf(plan)).toEqual(unfreeze ? { unfreezeSentOnClose: true, unfreezeRequestedAt: NOW, unfreezeNotificationId: 'id-1' } : { unfreezeSentOnClose: false });
    expect(plan.events[0].data).toMatchObject({ unfreezeRequested: unfreeze, freezeRequestCancelled: cancel, ...(cancel ? { cancelledNotificationIds: ['n-1'] } : {}) });
  });

  it('sends nothing to a bank when the case has none', () => {
    expect(act(reviewed({}, { bankCode: null }), 'resolve', { outcome: 'no_misuse', summary: 's' }, SUPERVISOR).outbox).toEqual([]);
  });

  it('queues no unfreeze (and records none) for a freeze confirmed by phone on a case without a bank', () => {
    const plan = act(reviewed({ confirmedAt: EARLIER, lastAnswer: 'confirmed' }, { bankCode: null }), 'resolve', { outcome: 'no_misuse', summary: 's' }, SUPERVISOR);
    expect(plan.outbox).toEqual([]);
    expect(freezeOf(plan)).toEqual({ unfreezeSentOnClose: false });
    expect(plan.events[0].data).toMatchObject({ unfreezeRequested: false });
  });

  it('records the duplicate target', () => {
    const plan = act(reviewed(), 'resolve', { outcome: 'duplicate', summary: 's', duplicateOfCaseId: 'case-7' }, SUPERVISOR, ctx({ duplicateOf: { id: 'case-7', exists: true } }));
    expect(patchOf(plan)).toMatchObject({ outcome: 'duplicate', duplicateOfCaseId: 'case-7' });
  });

  it('ignores duplicateOfCaseId for other outcomes', () => {
    expect(patchOf(act(reviewed(), 'resolve', { outcome: 'no_misuse', summary: 's', duplicateOfCaseId: 'case-7' }, SUPERVISOR))?.duplicateOfCaseId).toBeNull();
  });
});

describe('planChange(action): close_early', () => {
  it.each<Stage>(['freeze', 'police_report', 'merchant_contact', 'evidence', 'review'])('closes from %s, cancelling clocks, without ending the stage as met', (stage) => {
    const plan = act(inStage(stage, { freeze: { lastRequestStatus: 'delivered' } }), 'close_early', { outcome: 'no_misuse', reason: 'test transaction by the merchant' }, SUPERVISOR);
    expect(patchOf(plan)).toMatchObject({ status: 'closed', outcome: 'no_misuse', closedFromStage: stage });
    expect(clockOps(plan)).toEqual([`end clock-${stage} cancelled`]);
    expect(outboxOps(plan)).toEqual(['queue unfreeze.requested ICBC', 'queue case.closed ICBC']);
    expect(plan.events[0]).toMatchObject({ action: 'close_early', data: { reason: 'test transaction by the merchant', unfreezeRequested: true } });
  });

  it('cancels a pending freeze request when closing as duplicate', () => {
    const plan = act(
      inStage('freeze', { freeze: { lastRequestStatus: 'pending', undeliveredRequestIds: ['n-1'] } }),
      'close_early',
      { outcome: 'duplicate', reason: 'same SN reported twice', duplicateOfCaseId: 'case-2' },
      SUPERVISOR,
      ctx({ duplicateOf: { id: 'case-2', exists: true } }),
    );
    expect(outboxOps(plan)).toEqual(['cancel n-1', 'queue case.closed ICBC']);
    expect(patchOf(plan)?.duplicateOfCaseId).toBe('case-2');
  });
});

describe('planChange(action): reopen', () => {
  const closed = (o: Overrides = {}) =>
    inStage(o.stage ?? 'review', { status: 'closed', outcome: 'no_misuse', closedFromStage: o.stage ?? 'review', clocks: [], ...o });

  it('returns to the stage it closed from, clears the outcome and starts a clock', () => {
    const plan = act(closed({ stage: 'merchant_contact', waivedStages: ['police_report'] }), 'reopen', { reason: 'new report' }, SUPERVISOR);
    expect(patchOf(plan)).toEqual({ status: 'open', outcome: null, closedFromStage: null, closedAt: null, duplicateOfCaseId: null, stage: 'merchant_contact' });
    expect(plan.case).toMatchObject({ patch: { sla: { state: 'on_track' } } });
    expect(clockOps(plan)).toEqual(['start merchant_contact']);
    expect(plan.outbox).toEqual([]);
    expect(plan.records).toEqual([]);
    expect(plan.events[0]).toEqual({
      actor: SUPERVISOR,
      action: 'reopen',
      data: {
        before: { status: 'closed', outcome: 'no_misuse', stage: 'merchant_contact' },
        after: { status: 'open', outcome: null, stage: 'merchant_contact' },
        reason: 'new report',
        freezeRequested: false,
      },
    });
  });

  it('returns to freeze with a new freeze request when the closing sent an unfreeze', () => {
    const plan = act(
      closed({
        stage: 'evidence',
        waivedStages: ['police_report'],
        freeze: { unfreezeSentOnClose: true, confirmedAt: EARLIER, lastAnswer: 'confirmed', lastRequestStatus: 'delivered' },
      }),
      'reopen',
      { reason: 'merchant lied' },
      SUPERVISOR,
    );
    expect(patchOf(plan)).toMatchObject({ status: 'open', outcome: null, stage: 'freeze', waivedStages: [] });
    expect(clockOps(plan)).toEqual(['start freeze']);
    expect(outboxOps(plan)).toEqual(['queue freeze.requested ICBC']);
    expect(plan.outbox[0]).toMatchObject({ body: { reason: 'reopened' } });
    expect(freezeOf(plan)).toMatchObject({ requestedAt: NOW, notificationId: 'id-1', confirmedAt: null, lastAnswer: null, unfreezeSentOnClose: false, notice: null });
    expect(plan.events[0]).toMatchObject({
      action: 'reopen',
      data: { after: { status: 'open', outcome: null, stage: 'freeze', waivedStages: [] }, freezeRequested: true, notificationIds: ['id-1'] },
    });
  });

  it('refuses while the SN has another open case', () => {
    expect(domainError(() => act(closed(), 'reopen', { reason: 'r' }, SUPERVISOR, ctx({ snHasOtherOpenCase: true }))).code).toBe('CASE.SN_HAS_OPEN_CASE');
  });

  it('refuses four eyes before the open-case check', () => {
    const e = domainError(() => act(closed({ workedBy: [ANALYST.id, SUPERVISOR.id] }), 'reopen', { reason: 'r' }, SUPERVISOR, ctx({ snHasOtherOpenCase: true })));
    expect(e.code).toBe('CASE.FOUR_EYES');
  });
});
