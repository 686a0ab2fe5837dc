import { describe, expect, it } from 'vitest';
import type { FreezeView } from '@sentinel/contracts';
import { freezeMode, groupActions, hasWorkFor } from './actionGroups';

const freeze = (f: Partial<FreezeView>): FreezeView => ({
  bankCode: 'ICBC_SH',
  requestedAt: null,
  notificationId: null,
  notificationStatus: null,
  bankReference: null,
  confirmedAt: null,
  confirmedVia: null,
  rejectedAt: null,
  rejectionReason: null,
  notice: null,
  unfreezeRequestedAt: null,
  unfrozenAt: null,
  ...f,
});

const T0 = '2026-11-25T08:00:00.000Z';
const T1 = '2026-11-25T08:05:00.000Z';

describe('freezeMode', () => {
  it.each<[string, Partial<FreezeView>, string]>([
    ['nothing requested', {}, 'not_requested'],
    ['requested, not yet delivered', { requestedAt: T0, notificationStatus: 'pending' }, 'waiting'],
    ['requested, being delivered', { requestedAt: T0, notificationStatus: 'delivering' }, 'waiting'],
    ['requested, delivered', { requestedAt: T0, notificationStatus: 'delivered' }, 'waiting'],
    ['requested, dead', { requestedAt: T0, notificationStatus: 'dead' }, 'undeliverable'],
    ['requested, cancelled', { requestedAt: T0, notificationStatus: 'cancelled' }, 'not_requested'],
    ['rejected after the request', { requestedAt: T0, notificationStatus: 'delivered', rejectedAt: T1 }, 'rejected'],
    ['rejected by phone without a request', { rejectedAt: T0 }, 'rejected'],
    ['requested again after a rejection', { requestedAt: T1, notificationStatus: 'pending', rejectedAt: T0 }, 'waiting'],
  ])('%s → %s', (_n, f, expected) => {
    expect(freezeMode(freeze(f))).toBe(expected);
  });
});

describe('groupActions', () => {
  it('should wait for the bank after a freeze request: no form first, confirm by hand as the fallback, rejection among the others', () => {
    const g = groupActions(['confirm_freeze', 'record_freeze_rejection', 'add_note', 'release'], 'freeze', true, freeze({ requestedAt: T0, notificationStatus: 'delivered' }));
    expect(g).toEqual({ primary: [], secondary: ['release', 'record_freeze_rejection'], waitingForBank: true, byHand: ['confirm_freeze'] });
  });

  it('should offer the request first when nothing was requested, and the bank’s confirmation beside it', () => {
    const g = groupActions(['request_freeze', 'confirm_freeze', 'record_freeze_rejection'], 'freeze', true, freeze({}));
    expect(g.primary).toEqual(['request_freeze', 'confirm_freeze']);
    expect(g.secondary).toEqual(['record_freeze_rejection']);
    expect(g.waitingForBank).toBe(false);
  });

  it('should offer the request again after a rejection', () => {
    const g = groupActions(['request_freeze', 'confirm_freeze', 'record_freeze_rejection'], 'freeze', true, freeze({ requestedAt: T0, rejectedAt: T1, notificationStatus: 'delivered' }));
    expect(g.primary).toEqual(['request_freeze', 'confirm_freeze']);
  });

  it('should put resolve and return-to-analyst side by side in review', () => {
    expect(groupActions(['resolve', 'return_to_analyst', 'close_early', 'set_priority'], 'review', true).primary).toEqual(['resolve', 'return_to_analyst']);
  });

  it('should never offer what the API did not allow', () => {
    expect(groupActions(['add_note'], 'review', true)).toEqual({ primary: [], secondary: [], waitingForBank: false, byHand: [] });
  });

  it('should lead with claim and keep stage actions out of a closed case', () => {
    expect(groupActions(['reopen', 'add_note'], 'evidence', false).primary).toEqual(['reopen']);
    expect(groupActions(['claim', 'record_police_report'], 'police_report', true).primary).toEqual(['claim', 'record_police_report']);
  });
});

describe('hasWorkFor', () => {
  it.each<[string, string[], string, 'open' | 'closed', Partial<FreezeView>, boolean]>([
    ['an analyst after submitting for review', ['add_note'], 'review', 'open', {}, false],
    ['an analyst waiting for the bank (confirm by hand is still work)', ['confirm_freeze', 'record_freeze_rejection'], 'freeze', 'open', { requestedAt: T0, notificationStatus: 'pending' }, true],
    ['an analyst after releasing (only claim is left)', ['claim', 'add_note'], 'police_report', 'open', {}, false],
    ['a supervisor after resolving', ['add_note'], 'review', 'closed', {}, false],
    ['a case in evidence with uploads to make', ['add_evidence', 'submit_for_review'], 'evidence', 'open', {}, true],
  ])('%s → %s', (_n, allowedActions, stage, status, f, expected) => {
    expect(hasWorkFor({ allowedActions, stage, status, freeze: freeze(f) } as never)).toBe(expected);
  });
});
