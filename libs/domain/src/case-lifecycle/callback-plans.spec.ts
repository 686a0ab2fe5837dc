import type { BankCallbackChange } from './case-change';
import type { CaseState, NotificationFacts } from './case-state';
import { decideCallback, effectiveAt, planBankCallback, type CallbackFacts } from './callback-plans';
import { act, ANALYST, clockOps, ctx, domainError, freezeOf, inStage, NOW, outboxOps, patchOf } from './case-state.fixture';
import { planChange } from './plan-change';

const N = 'n-1';
const base = (over: Partial<CallbackFacts> = {}, freeze: Partial<CallbackFacts['freeze']> = {}): CallbackFacts => ({
  type: 'freeze.confirmed',
  notification: { id: N, type: 'freeze.requested', status: 'delivered' },
  caseStatus: 'open',
  outcome: null,
  stage: 'freeze',
  ...over,
  freeze: { notificationId: N, lastAnswer: null, unfreezeNotificationId: null, unfrozenAt: null, ...freeze },
});

describe(decideCallback.name, () => {
  it.each<[string, CallbackFacts, ReturnType<typeof decideCallback>]>([
    ['confirmation in freeze applies and advances', base(), { kind: 'apply', event: 'bank.freeze_confirmed', advancesStage: true, alert: false }],
    ['confirmation after a rejection still applies', base({}, { lastAnswer: 'rejected' }), { kind: 'apply', event: 'bank.freeze_confirmed', advancesStage: true, alert: false }],
    ['confirmation of a pending request applies (the bank got it)', base({ notification: { id: N, type: 'freeze.requested', status: 'pending' } }), { kind: 'apply', event: 'bank.freeze_confirmed', advancesStage: true, alert: false }],
    ['confirmation after the stage moved on', base({ stage: 'police_report' }), { kind: 'not_applied', reason: 'stage_moved_on', alert: false }],
    ['confirmation of a superseded request', base({}, { notificationId: 'n-2' }), { kind: 'not_applied', reason: 'superseded', alert: false }],
    ['confirmation of a cancelled request on an open case', base({ notification: { id: N, type: 'freeze.requested', status: 'cancelled' } }), { kind: 'not_applied', reason: 'notification_cancelled', alert: false }],
    [
      'confirmation after closing as no_misuse queues an unfreeze',
      base({ caseStatus: 'closed', outcome: 'no_misuse', notification: { id: N, type: 'freeze.requested', status: 'cancelled' } }),
      { kind: 'not_applied', reason: 'case_closed', alert: false, queueUnfreeze: true },
    ],
    ['confirmation after closing as confirmed_misuse: nothing to undo', base({ caseStatus: 'closed', outcome: 'confirmed_misuse' }), { kind: 'not_applied', reason: 'case_closed', alert: false, queueUnfreeze: false }],
    ['confirmation after closing with an unfreeze already sent', base({ caseStatus: 'closed', outcome: 'duplicate' }, { unfreezeNotificationId: 'u-1' }), { kind: 'not_applied', reason: 'case_closed', alert: false, queueUnfreeze: false }],
    ['rejection in freeze applies and alerts', base({ type: 'freeze.rejected' }), { kind: 'apply', event: 'bank.freeze_rejected', advancesStage: false, alert: true }],
    ['rejection after a confirmation alerts without applying', base({ type: 'freeze.rejected', stage: 'police_report' }, { lastAnswer: 'confirmed' }), { kind: 'not_applied', reason: 'already_confirmed', alert: true }],
    ['rejection after the stage was waived alerts', base({ type: 'freeze.rejected', stage: 'police_report' }), { kind: 'not_applied', reason: 'stage_moved_on', alert: true }],
    ['rejection on a closed case', base({ type: 'freeze.rejected', caseStatus: 'closed' }), { kind: 'not_applied', reason: 'case_closed', alert: false }],
    ['rejection of a superseded request', base({ type: 'freeze.rejected' }, { notificationId: 'n-2' }), { kind: 'not_applied', reason: 'superseded', alert: false }],
    [
      'unfreeze confirmation applies on a closed case',
      base({ type: 'unfreeze.confirmed', caseStatus: 'closed', notification: { id: N, type: 'unfreeze.requested', status: 'delivered' } }, { unfreezeNotificationId: N }),
      { kind: 'apply', event: 'bank.unfreeze_confirmed', advancesStage: false, alert: false },
    ],
    [
      'unfreeze confirmed twice',
      base({ type: 'unfreeze.confirmed', notification: { id: N, type: 'unfreeze.requested', status: 'delivered' } }, { unfreezeNotificationId: N, unfrozenAt: new Date() }),
      { kind: 'not_applied', reason: 'already_confirmed', alert: false },
    ],
    ['a freeze answer to an unfreeze request', base({ notification: { id: N, type: 'unfreeze.requested', status: 'delivered' } }), { kind: 'wrong_notification_type', expected: 'freeze.requested' }],
    ['an unfreeze answer to a freeze request', base({ type: 'unfreeze.confirmed' }), { kind: 'wrong_notification_type', expected: 'unfreeze.requested' }],
    ['any answer to a case.closed notification', base({ notification: { id: N, type: 'case.closed', status: 'delivered' } }), { kind: 'wrong_notification_type', expected: 'freeze.requested' }],
  ])('should decide: %s', (_, facts, expected) => {
    expect(decideCallback(facts)).toEqual(expected);
  });
});

describe(effectiveAt.name, () => {
  it('should keep a past time and clamp a future one to now', () => {
    const now = new Date('2026-11-25T08:00:00.000Z');
    expect(effectiveAt(new Date('2026-11-25T15:59:00+08:00'), now).toISOString()).toBe('2026-11-25T07:59:00.000Z');
    expect(effectiveAt(new Date('2026-11-25T08:03:00Z'), now)).toBe(now);
  });
});

describe(planBankCallback.name, () => {
  const AT = new Date('2026-03-10T07:50:00.000Z');
  const notification = (o: Partial<NotificationFacts> = {}): NotificationFacts => ({
    id: N,
    type: 'freeze.requested',
    status: 'delivered',
    bankCode: 'ICBC',
    generation: 1,
    attemptCount: 1,
    createdAt: new Date('2026-03-10T07:00:00.000Z'),
    updatedAt: new Date('2026-03-10T07:00:01.000Z'),
    ...o,
  });
  const callback = (kind: BankCallbackChange['kind'], o: Partial<BankCallbackChange> = {}): BankCallbackChange => ({
    kind,
    bankCode: 'ICBC',
    notificationId: N,
    caseReference: 'SNC-2026-000001',
    webhookId: 'msg_1',
    at: AT,
    bankReference: 'ICBC-FRZ-9',
    reason: null,
    ...o,
  });
  const requested = (o: Parameters<typeof inStage>[1] = {}): CaseState =>
    inStage('freeze', { ...o, freeze: { notificationId: N, requestedAt: new Date('2026-03-10T07:00:00.000Z'), lastRequestStatus: 'delivered', ...o.freeze } });

  it('confirms the freeze through the same plan as an analyst records it (the stage and clocks move alike)', () => {
    const bank = planChange(requested(), callback('bank_freeze_confirmed'), ctx({ notification: notification() }));
    const analyst = act(requested(), 'confirm_freeze', { bankReference: 'ICBC-FRZ-9', confirmedAt: AT }, ANALYST);
    expect(patchOf(bank)).toEqual(patchOf(analyst));
    expect(clockOps(bank)).toEqual(clockOps(analyst));
    expect(freezeOf(bank)).toEqual({ ...freezeOf(analyst), confirmedVia: 'callback' });
    expect(bank.events).toEqual([
      {
        actor: { id: 'bank:ICBC', role: 'bank' },
        action: 'bank.freeze_confirmed',
        data: {
          notificationId: N,
          webhookId: 'msg_1',
          before: { stage: 'freeze' },
          after: { stage: 'police_report' },
          confirmedAt: AT.toISOString(),
          confirmedVia: 'callback',
          bankReference: 'ICBC-FRZ-9',
        },
      },
    ]);
    expect(bank.result).toEqual({ kind: 'callback', applied: true });
  });

  it('marks a still pending notification delivered first (the bank has it), as the bank', () => {
    const plan = planChange(requested(), callback('bank_freeze_confirmed', { bankReference: null }), ctx({ notification: notification({ status: 'pending' }) }));
    expect(outboxOps(plan)).toEqual([`delivered ${N}`]);
    expect(plan.events.map((e) => [e.actor.id, e.action])).toEqual([
      ['bank:ICBC', 'notification.delivered'],
      ['bank:ICBC', 'bank.freeze_confirmed'],
    ]);
    expect(plan.events[0].data).toEqual({ notificationId: N, via: 'callback', webhookId: 'msg_1' });
  });

  it('keeps the bank reference already recorded when the bank sends none, and never dates the answer after its receipt', () => {
    const plan = planChange(
      requested({ freeze: { bankReference: 'EARLIER-REF' } }),
      callback('bank_freeze_confirmed', { bankReference: null, at: new Date(NOW.getTime() + 60_000) }),
      ctx({ notification: notification() }),
    );
    expect(freezeOf(plan)).toMatchObject({ bankReference: 'EARLIER-REF', confirmedAt: NOW });
  });

  it('records a rejection: stays in freeze, the version moves, supervisors alerted once per notification', () => {
    const plan = planChange(requested(), callback('bank_freeze_rejected', { reason: 'account already closed' }), ctx({ notification: notification() }));
    expect(plan.case).toEqual({ op: 'update', patch: {}, bumpVersion: true });
    expect(freezeOf(plan)).toEqual({ rejectedAt: AT, rejectionReason: 'account already closed', lastAnswer: 'rejected' });
    expect(plan.alerts).toEqual([
      { type: 'freeze.rejected', recipients: { teamSupervisors: true, users: [] }, dedupeKey: `notification:${N}`, stage: 'freeze', notificationId: N },
    ]);
    expect(plan.events[0]).toMatchObject({ action: 'bank.freeze_rejected', data: { rejectedAt: AT.toISOString(), reason: 'account already closed' } });
  });

  it('records an unfreeze confirmation on a closed case', () => {
    const c = inStage('review', { status: 'closed', outcome: 'no_misuse', closedFromStage: 'review', freeze: { unfreezeNotificationId: N } });
    const plan = planChange(c, callback('bank_unfreeze_confirmed'), ctx({ notification: notification({ type: 'unfreeze.requested' }) }));
    expect(freezeOf(plan)).toEqual({ unfrozenAt: AT });
    expect(plan.events[0]).toMatchObject({ action: 'bank.unfreeze_confirmed', data: { unfrozenAt: AT.toISOString(), bankReference: 'ICBC-FRZ-9' } });
  });

  it('answers applied: false with the reason, recorded as an event, the version untouched', () => {
    const plan = planChange(requested({ stage: 'police_report' }), callback('bank_freeze_confirmed'), ctx({ notification: notification() }));
    expect(plan.case).toBeUndefined();
    expect(plan.events).toEqual([
      {
        actor: { id: 'bank:ICBC', role: 'bank' },
        action: 'bank.callback_not_applied',
        data: { type: 'freeze.confirmed', notificationId: N, webhookId: 'msg_1', reason: 'stage_moved_on', at: AT.toISOString(), bankReference: 'ICBC-FRZ-9' },
      },
    ]);
    expect(plan.result).toEqual({ kind: 'callback', applied: false, reason: 'stage_moved_on' });
  });

  it('alerts on a rejection after a confirmation without changing the freeze', () => {
    const c = requested({ stage: 'police_report', freeze: { confirmedAt: AT, lastAnswer: 'confirmed' } });
    const plan = planChange(c, callback('bank_freeze_rejected', { reason: 'changed our mind' }), ctx({ notification: notification() }));
    expect(plan.records).toEqual([]);
    expect(plan.alerts.map((a) => a.dedupeKey)).toEqual([`notification:${N}`]);
    expect(plan.events[0].data).toMatchObject({ reason: 'already_confirmed', bankReason: 'changed our mind' });
  });

  it('queues an unfreeze when the bank froze after the case closed as no_misuse without one', () => {
    const c = inStage('evidence', { status: 'closed', outcome: 'no_misuse', closedFromStage: 'evidence', clocks: [], freeze: { notificationId: N, lastRequestStatus: 'cancelled' } });
    const plan = planChange(c, callback('bank_freeze_confirmed'), ctx({ notification: notification({ status: 'cancelled' }) }));
    expect(outboxOps(plan)).toEqual(['queue unfreeze.requested ICBC']);
    expect(plan.outbox[0]).toMatchObject({ body: { type: 'unfreeze.requested', reason: 'the bank confirmed a freeze after the case was closed' } });
    expect(freezeOf(plan)).toEqual({
      confirmedAt: AT,
      bankReference: 'ICBC-FRZ-9',
      confirmedVia: 'callback',
      lastAnswer: 'confirmed',
      unfreezeSentOnClose: true,
      unfreezeRequestedAt: NOW,
      unfreezeNotificationId: 'id-1',
    });
    expect(plan.case).toEqual({ op: 'update', patch: {}, bumpVersion: true });
    expect(plan.events[0].data).toMatchObject({ reason: 'case_closed', notificationIds: ['id-1'] });
  });

  it.each<[string, Partial<BankCallbackChange>, Partial<NotificationFacts> | null]>([
    ["another bank's notification", { bankCode: 'CMB' }, {}],
    ["another case's reference", { caseReference: 'SNC-2026-000999' }, {}],
    ['a notification of another kind', {}, { type: 'case.closed' }],
    ['no notification loaded', {}, null],
  ])('refuses %s with CALLBACK.UNKNOWN_NOTIFICATION', (_name, o, n) => {
    const e = domainError(() => planChange(requested(), callback('bank_freeze_confirmed', o), ctx({ notification: n ? notification(n) : null })));
    expect(e).toMatchObject({ code: 'CALLBACK.UNKNOWN_NOTIFICATION', params: { notificationId: N } });
  });
});
