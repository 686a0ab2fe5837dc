import type { SlaTimerChange } from './case-change';
import { caseState, clockOps, ctx, inStage, NOW, openClock, patchOf } from './case-state.fixture';
import { caseSlaOf, clocksAfter } from './clock-plans';
import { planChange } from './plan-change';

const MIN = 60_000;
const timer = (t: SlaTimerChange['timer'], clockId = 'clock-freeze'): SlaTimerChange => ({ kind: 'sla_timer', clockId, timer: t });
const at = (minutes: number) => new Date(NOW.getTime() + minutes * MIN);

describe('planChange(sla_timer) (docs/domain.md "SLA timers")', () => {
  it.each<[string, SlaTimerChange['timer'], Parameters<typeof openClock>[1], string]>([
    ['a due timer after the due time records the breach', 'due', { dueAt: at(-2), warnAt: at(-10), warnedAt: at(-10), state: 'warning' }, 'breached'],
    ['a late warning timer past the due time records the breach instead', 'warning', { dueAt: at(-1), warnAt: at(-5) }, 'breached'],
    ['a warning timer at its moment records the warning', 'warning', { dueAt: at(30), warnAt: at(-1) }, 'warned'],
    ['a due timer before the due time records nothing yet', 'due', { dueAt: at(5), warnAt: at(-5), warnedAt: at(-5), state: 'warning' }, 'not_yet'],
    ['a warning timer before its moment records nothing yet', 'warning', { dueAt: at(30), warnAt: at(5) }, 'not_yet'],
    ['a second warning is skipped', 'warning', { dueAt: at(30), warnAt: at(-5), warnedAt: at(-4), state: 'warning' }, 'skipped'],
    ['a second breach is skipped', 'due', { dueAt: at(-5), breachedAt: at(-4), state: 'breached' }, 'skipped'],
    ['a clock without a warning moment skips the warning', 'warning', { dueAt: at(30), warnAt: null }, 'skipped'],
  ])('%s', (_name, t, clock, outcome) => {
    const plan = planChange(inStage('freeze', { clocks: [openClock('freeze', clock)] }), timer(t), ctx());
    expect(plan.result).toMatchObject({ kind: 'sla_timer', outcome });
    const recorded = outcome === 'breached' || outcome === 'warned';
    expect(plan.events).toHaveLength(recorded ? 1 : 0);
    expect(plan.alerts).toHaveLength(recorded ? 1 : 0);
    expect(plan.case?.op === 'update' && plan.case.bumpVersion).toBeFalsy();
  });

  it('records the breach: clock marked, case row copy breached, event by the system, supervisors alerted once per clock', () => {
    const c = inStage('freeze', { clocks: [openClock('freeze', { dueAt: at(-2), warnAt: at(-10) })] });
    const plan = planChange(c, timer('due'), ctx());
    expect(clockOps(plan)).toEqual(['mark clock-freeze breached']);
    expect(plan.case).toEqual({ op: 'update', patch: { sla: { dueAt: at(-2), state: 'breached' } }, bumpVersion: false });
    expect(plan.events).toEqual([
      {
        actor: { id: 'system', role: 'system' },
        action: 'sla.breached',
        data: { clockId: 'clock-freeze', stage: 'freeze', dueAt: at(-2).toISOString(), warnAt: at(-10).toISOString(), lateMs: 2 * MIN, warningRecorded: false },
      },
    ]);
    expect(plan.alerts).toEqual([
      { type: 'sla.breached', recipients: { teamSupervisors: true, users: [] }, dedupeKey: 'sla.breached:clock-freeze', stage: 'freeze', notificationId: null },
    ]);
    expect(plan.result).toEqual({ kind: 'sla_timer', outcome: 'breached', clockId: 'clock-freeze', stage: 'freeze', moment: at(-2), lateMs: 2 * MIN });
  });

  it('records the warning and alerts the assignee too', () => {
    const plan = planChange(inStage('freeze', { clocks: [openClock('freeze', { dueAt: at(30), warnAt: at(-1) })] }), timer('warning'), ctx());
    expect(patchOf(plan)).toEqual({});
    expect(plan.case).toMatchObject({ patch: { sla: { state: 'warning' } } });
    expect(plan.alerts[0]).toMatchObject({ type: 'sla.warning', recipients: { teamSupervisors: true, users: ['u-analyst'] }, dedupeKey: 'sla.warning:clock-freeze' });
    expect(plan.events[0]).toMatchObject({ action: 'sla.warning', data: { lateMs: MIN } });
  });

  it('says when to come back for a moment moved later', () => {
    const plan = planChange(inStage('freeze', { clocks: [openClock('freeze', { dueAt: at(30), warnAt: at(5) })] }), timer('warning'), ctx());
    expect(plan.result).toEqual({ kind: 'sla_timer', outcome: 'not_yet', clockId: 'clock-freeze', timer: 'warning', nextAt: at(5) });
    expect(plan.case).toBeUndefined();
  });

  it('skips a clock that ended, or any clock of a closed case', () => {
    expect(planChange(inStage('freeze'), timer('due', 'clock-gone'), ctx()).result).toMatchObject({ outcome: 'skipped', reason: 'closed' });
    const closed = caseState({ status: 'closed', outcome: 'no_misuse', clocks: [openClock('freeze', { dueAt: at(-1) })] });
    expect(planChange(closed, timer('due'), ctx()).result).toMatchObject({ outcome: 'skipped', reason: 'closed' });
  });
});

describe('caseSlaOf / clocksAfter', () => {
  it("copies the latest open clock of the current stage, nothing once closed", () => {
    const clocks = [openClock('evidence', { id: 'k-1', entryNo: 1, state: 'breached' }), openClock('evidence', { id: 'k-2', entryNo: 2, dueAt: at(99) })];
    expect(caseSlaOf('evidence', 'open', clocks)).toEqual({ dueAt: at(99), state: 'on_track' });
    expect(caseSlaOf('review', 'open', clocks)).toEqual({ dueAt: null, state: null });
    expect(caseSlaOf('evidence', 'closed', clocks)).toEqual({ dueAt: null, state: null });
  });

  it('applies ends, marks and starts in order', () => {
    const after = clocksAfter(
      [openClock('freeze'), openClock('police_report', { id: 'k-p' })],
      [
        { op: 'end', id: 'clock-freeze', how: 'met', at: NOW },
        { op: 'mark', id: 'k-p', moment: 'warned', at: NOW },
        { op: 'start', id: 'k-new', clock: { kind: 'stage', stage: 'merchant_contact' }, target: 'P1D', calendarId: '24x7', warnAtPercent: 80, startedAt: NOW, warnAt: at(1), dueAt: at(2) },
      ],
    );
    expect(after.map((k) => [k.id, k.state, k.entryNo])).toEqual([
      ['k-p', 'warning', 1],
      ['k-new', 'on_track', 2],
    ]);
  });
});
