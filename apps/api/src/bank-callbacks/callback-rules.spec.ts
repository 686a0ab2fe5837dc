import { decideCallback, effectiveAt, type CallbackFacts } from './callback-rules';

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
    expect(effectiveAt('2026-11-25T15:59:00+08:00', now).toISOString()).toBe('2026-11-25T07:59:00.000Z');
    expect(effectiveAt('2026-11-25T08:03:00Z', now)).toBe(now);
  });
});
