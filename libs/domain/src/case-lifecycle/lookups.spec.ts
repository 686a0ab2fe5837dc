import type { CaseChange } from './case-change';
import { lookupsFor, type CaseLookups } from './lookups';

const UUID = '6f1c2a3b-1111-4222-8333-944455556666';
const actor = { id: 'u-1', role: 'analyst' as const };
const action = (a: Extract<CaseChange, { kind: 'action' }>['action'], payload: Record<string, unknown> = {}): CaseChange => ({ kind: 'action', action: a, payload, actor, version: 1 });

describe(lookupsFor.name, () => {
  it.each<[string, CaseChange, CaseLookups]>([
    ['request_freeze naming a bank', action('request_freeze', { bankCode: 'icbc' }), { bank: 'ICBC' }],
    ["request_freeze without one: the case's bank", action('request_freeze'), { bank: true }],
    ['request_freeze with a malformed code (validation will refuse it)', action('request_freeze', { bankCode: { $ne: 1 } }), { bank: true }],
    ['confirm_freeze naming a bank', action('confirm_freeze', { bankCode: 'CMB_SZ' }), { bank: 'CMB_SZ' }],
    ['confirm_freeze without one', action('confirm_freeze'), {}],
    ['assign to a user', action('assign', { assigneeId: UUID }), { assigneeId: UUID }],
    ['assign to something that is no id', action('assign', { assigneeId: "1' OR 1=1" }), {}],
    ['claim: is the claimer still active', action('claim'), { actorId: 'u-1' }],
    ['reopen: another open case of the SN', action('reopen', { reason: 'r' }), { snOtherOpenCase: true }],
    ['resolve as duplicate', action('resolve', { duplicateOfCaseId: UUID }), { duplicateOfId: UUID }],
    ['close_early as duplicate', action('close_early', { duplicateOfCaseId: UUID }), { duplicateOfId: UUID }],
    ['add_note', action('add_note', { text: 't' }), {}],
    ['a bank callback', { kind: 'bank_freeze_rejected', bankCode: 'ICBC', notificationId: UUID, caseReference: 'SNC-2026-000001', webhookId: 'w', at: new Date(0), bankReference: null, reason: null }, { notificationId: UUID }],
    ['a retry', { kind: 'notification_retry', notificationId: UUID, actor }, { notificationId: UUID }],
    ['an evidence removal', { kind: 'remove_evidence', evidenceId: UUID, reason: 'r', actor }, { evidenceId: UUID }],
    ['a timer', { kind: 'sla_timer', clockId: UUID, timer: 'due' }, {}],
  ])('%s', (_name, change, expected) => {
    expect(lookupsFor(change)).toEqual(expected);
  });
});
