import { ANALYST, ctx, inStage, NOW, patchOf, type Overrides } from './case-state.fixture';
import { planChange } from './plan-change';

const ADMIN = { id: 'u-admin', role: 'admin' };
const HOUR = 3_600_000;

describe('planChange(unassign)', () => {
  it("clears the deactivated user's case, moves the version, alerts the team supervisors once per event", () => {
    const plan = planChange(inStage('review'), { kind: 'unassign', userId: ANALYST.id, actor: ADMIN, reason: 'user deactivated' }, ctx());
    expect(patchOf(plan)).toEqual({ assigneeId: null });
    expect(plan.case).toMatchObject({ bumpVersion: true });
    expect(plan.events).toEqual([
      { actor: ADMIN, action: 'case.unassigned', data: { before: { assigneeId: ANALYST.id }, after: { assigneeId: null }, reason: 'user deactivated' } },
    ]);
    expect(plan.alerts).toEqual([
      { type: 'case.unassigned', recipients: { teamSupervisors: true, users: [] }, dedupeKey: 'case.unassigned:case-1:7', stage: 'review', notificationId: null },
    ]);
  });

  it.each([
    ['someone else holds it now', inStage('freeze', { assigneeId: 'u-other' })],
    ['it closed meanwhile', inStage('freeze', { status: 'closed', outcome: 'no_misuse' })],
  ])('leaves the case alone when %s', (_name, c) => {
    const plan = planChange(c, { kind: 'unassign', userId: ANALYST.id, actor: ADMIN, reason: 'r' }, ctx());
    expect(plan).toEqual({ records: [], clocks: [], events: [], outbox: [], alerts: [] });
  });
});

describe('planChange(freeze_notice_check) (docs/domain.md "Merchant notice")', () => {
  const confirmedAgo = (hours: number) => new Date(NOW.getTime() - hours * HOUR);
  it.each<[string, Overrides['freeze'], boolean]>([
    ['confirmed 25 h ago without a notice', { confirmedAt: confirmedAgo(25), lastAnswer: 'confirmed' }, true],
    ['confirmed 23 h ago', { confirmedAt: confirmedAgo(23), lastAnswer: 'confirmed' }, false],
    ['notice recorded', { confirmedAt: confirmedAgo(25), lastAnswer: 'confirmed', noticeRecordedAt: confirmedAgo(24) }, false],
    ['freeze lifted', { confirmedAt: confirmedAgo(25), lastAnswer: 'confirmed', unfrozenAt: confirmedAgo(1) }, false],
    ['the last answer a rejection', { confirmedAt: confirmedAgo(25), lastAnswer: 'rejected' }, false],
    ['never confirmed', {}, false],
  ])('%s → alert: %s', (_name, freeze, alert) => {
    const plan = planChange(inStage('police_report', { freeze }), { kind: 'freeze_notice_check', graceMs: 24 * HOUR }, ctx());
    expect(plan.alerts.map((a) => [a.type, a.dedupeKey])).toEqual(alert ? [['freeze_notice.missing', 'freeze_notice.missing:case-1']] : []);
    expect(plan.events).toEqual([]);
    expect(plan.case).toBeUndefined();
  });
});

describe('planChange: contract', () => {
  it('needs the loaded state for every change but opening a case', () => {
    expect(() => planChange(null as never, { kind: 'sla_timer', clockId: 'k', timer: 'due' } as never, ctx())).toThrow(/needs the case's state/);
  });

  it('never mutates the state it is given', () => {
    const c = inStage('review');
    const before = JSON.stringify(c);
    planChange(c, { kind: 'action', action: 'return_to_analyst', payload: { reason: 'r' }, actor: { id: 'u-super', role: 'supervisor' }, version: c.version }, ctx());
    expect(JSON.stringify(c)).toBe(before);
  });
});
