import { describe, expect, it } from 'vitest';
import type { CaseEventView } from '@sentinel/contracts';
import { describeChanges, describeEvent } from './describeEvent';

let seq = 0;
const ev = (action: string, data: Record<string, unknown> = {}, actor = { id: 'u-2', role: 'supervisor' }, actorName: string | null = 'Zhao Min'): CaseEventView => ({
  id: `e${++seq}`,
  caseId: 'c1',
  seq,
  at: '2026-11-25T08:00:00.000Z',
  actor,
  action,
  data,
  prevHash: '0'.repeat(64),
  hash: '1'.repeat(64),
  actorName,
});

describe('describeEvent', () => {
  it.each<[string, CaseEventView, Record<string, unknown>]>([
    ['the bank’s confirmation, without an actor name', ev('bank.freeze_confirmed', { bankReference: 'R1' }, { id: 'bank:ICBC_SH', role: 'bank' }, null), { key: 'bank.freeze_confirmed', actor: null }],
    ['a breach names its stage', ev('sla.breached', { stage: 'freeze', lateMs: 10 }, { id: 'system', role: 'system' }, null), { key: 'sla.breached', actor: null, stage: 'freeze' }],
    ['a priority change names the new priority', ev('set_priority', { before: { priority: 'p3' }, after: { priority: 'p1' }, reason: 'police' }), { key: 'set_priority', actor: 'Zhao Min', priority: 'p1', reason: 'police' }],
    ['a stage waived names the stage', ev('waive_stage', { before: { stage: 'police_report' }, after: { stage: 'merchant_contact' }, waivedStage: 'police_report' }), { key: 'waive_stage', stage: 'police_report' }],
    ['a return keeps its reason', ev('return_to_analyst', { reason: 'Attach the statement' }), { key: 'return_to_analyst', reason: 'Attach the statement' }],
    ['an unassignment by assign', ev('assign', { before: { assigneeId: 'u-1' }, after: { assigneeId: null } }), { key: 'unassign' }],
    ['an assignment', ev('assign', { before: { assigneeId: null }, after: { assigneeId: 'u-3' } }), { key: 'assign' }],
    ['a resolution names its outcome', ev('resolve', { after: { status: 'closed', outcome: 'no_misuse' } }), { key: 'resolve', outcome: 'no_misuse' }],
    ['an event without a sentence falls back to its label', ev('hold.placed', {}), { key: 'other', action: 'hold.placed' }],
  ])('%s', (_name, e, expected) => {
    expect(describeEvent(e)).toMatchObject(expected);
  });

  it('should say nothing of bookkeeping events', () => {
    expect(describeEvent(ev('bank.callback_not_applied', { reason: 'stage_moved_on' }))).toBeNull();
  });
});

describe('describeChanges', () => {
  const events = [
    ev('claim', {}, { id: 'me', role: 'analyst' }, 'Li Wei'),
    ev('notification.delivered', { via: 'worker' }, { id: 'system', role: 'system' }, null),
    ev('bank.freeze_confirmed', {}, { id: 'bank:ICBC_SH', role: 'bank' }, null),
    ev('add_note', { text: 'x' }, { id: 'me', role: 'analyst' }, 'Li Wei'),
  ];
  const base = events[0].seq;

  it('should describe what others did after the given event, oldest first', () => {
    expect(describeChanges(events, base, 'me').map((d) => d.key)).toEqual(['notification.delivered', 'bank.freeze_confirmed']);
  });

  it('should include the reader’s own events when no reader is given', () => {
    expect(describeChanges(events, base, null).map((d) => d.key)).toEqual(['notification.delivered', 'bank.freeze_confirmed', 'add_note']);
  });

  it('should describe nothing when nothing is newer', () => {
    expect(describeChanges(events, events[3].seq, 'me')).toEqual([]);
  });
});
