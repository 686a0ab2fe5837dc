import type { CaseStatus, Stage } from '@sentinel/contracts';
import { CALENDAR_24X7, computeClockTimes, DEFAULT_WARN_AT_PERCENT } from '../sla-calendar';
import { SYSTEM_ACTOR, type CaseState, type ChangeContext, type ClockPolicy, type OpenClock } from './case-state';
import { emptyPlan, type CaseSla, type ChangePlan, type ClockWrite } from './change-plan';
import type { SlaTimerChange } from './case-change';

/** A stage without a stored policy (never in a migrated database) still gets a clock. */
const FALLBACK_POLICY: ClockPolicy = { target: 'PT1H', calendar: CALENDAR_24X7, warnAtPercent: DEFAULT_WARN_AT_PERCENT };

/** A fresh clock for one stage entry (docs/domain.md "Clocks": one clock per stage entry), from the stage's policy. */
export function startClock(stage: Stage, ctx: ChangeContext): ClockWrite {
  const policy = ctx.policies?.[stage] ?? FALLBACK_POLICY;
  const { dueAt, warnAt } = computeClockTimes({
    startedAt: ctx.now,
    target: policy.target,
    calendar: policy.calendar,
    warnAtPercent: policy.warnAtPercent,
  });
  return {
    op: 'start',
    id: ctx.newId(),
    clock: { kind: 'stage', stage },
    target: policy.target,
    calendarId: policy.calendar.id,
    warnAtPercent: policy.warnAtPercent,
    startedAt: ctx.now,
    warnAt,
    dueAt,
  };
}

/** The open clocks of one stage end (a stage exits: met or waived). */
export function endStageClocks(c: CaseState, stage: Stage, how: 'met' | 'waived', at: Date): ClockWrite[] {
  return c.clocks.filter((k) => k.stage === stage).map((k) => ({ op: 'end', id: k.id, how, at }));
}

/** The case closes: every open clock not already ended by `ended` is cancelled. */
export function cancelOpenClocks(c: CaseState, at: Date, ended: ClockWrite[] = []): ClockWrite[] {
  const done = new Set(ended.filter((w) => w.op === 'end').map((w) => w.id));
  return c.clocks.filter((k) => !done.has(k.id)).map((k) => ({ op: 'end', id: k.id, how: 'cancelled', at }));
}

/** The open clocks once `writes` are applied. */
export function clocksAfter(clocks: OpenClock[], writes: ClockWrite[]): OpenClock[] {
  let out = [...clocks];
  let entry = Math.max(0, ...clocks.map((k) => k.entryNo));
  for (const w of writes) {
    if (w.op === 'end') out = out.filter((k) => k.id !== w.id);
    else if (w.op === 'mark') {
      out = out.map((k) =>
        k.id !== w.id
          ? k
          : w.moment === 'breached'
            ? { ...k, breachedAt: w.at, state: 'breached' }
            : { ...k, warnedAt: w.at, state: k.state === 'breached' ? 'breached' : 'warning' },
      );
    } else {
      entry += 1;
      out.push({
        id: w.id,
        kind: w.clock.kind,
        stage: w.clock.stage,
        entryNo: entry,
        startedAt: w.startedAt,
        warnAt: w.warnAt,
        dueAt: w.dueAt,
        warnedAt: null,
        breachedAt: null,
        state: 'on_track',
      });
    }
  }
  return out;
}

/** The case row's copy of its current stage's clock (the latest open one), or nothing once closed. */
export function caseSlaOf(stage: Stage, status: CaseStatus, clocks: OpenClock[]): CaseSla {
  if (status !== 'open') return { dueAt: null, state: null };
  const current = clocks.filter((k) => k.stage === stage).sort((a, b) => b.entryNo - a.entryNo)[0];
  if (!current) return { dueAt: null, state: null };
  return { dueAt: current.dueAt, state: current.state };
}

export function sameSla(a: CaseSla, b: CaseSla): boolean {
  return a.state === b.state && (a.dueAt?.getTime() ?? null) === (b.dueAt?.getTime() ?? null);
}

/**
 * docs/domain.md "SLA timers": a timer only wakes the worker; the clock (loaded under the case lock) decides.
 * - Each moment is recorded once: a wake-up for a moment already recorded is `skipped`.
 * - A clock past its due time records the breach, whichever wake-up comes first (a late warning job included);
 *   a warning is never recorded after the deadline (it would inform nobody; the breach alert goes out anyway).
 * - A wake-up before its moment (a policy change moved it later) records nothing: `not_yet` with the moment,
 *   so the worker re-arms a timer.
 * Events by the system actor carry `{ clockId, stage, dueAt, warnAt, lateMs }`; the breach alert goes to the
 * team's supervisors, the warning also to the assignee.
 */
export function planSlaTimer(c: CaseState, change: SlaTimerChange, ctx: ChangeContext): ChangePlan {
  const plan = emptyPlan();
  const skip = (reason: 'closed' | 'already_recorded' | 'no_warning'): ChangePlan => ({
    ...plan,
    result: { kind: 'sla_timer', outcome: 'skipped', clockId: change.clockId, reason },
  });
  const k = c.clocks.find((x) => x.id === change.clockId);
  if (!k || c.status !== 'open') return skip('closed');
  if (k.breachedAt || k.state === 'breached') return skip('already_recorded');
  const now = ctx.now.getTime();
  const base = { clockId: k.id, stage: k.stage, dueAt: k.dueAt.toISOString(), warnAt: k.warnAt?.toISOString() ?? null };

  if (k.dueAt.getTime() <= now) {
    const lateMs = now - k.dueAt.getTime();
    return {
      ...plan,
      clocks: [{ op: 'mark', id: k.id, moment: 'breached', at: ctx.now }],
      events: [{ actor: SYSTEM_ACTOR, action: 'sla.breached', data: { ...base, lateMs, warningRecorded: !!k.warnedAt } }],
      alerts: [
        { type: 'sla.breached', recipients: { teamSupervisors: true, users: [] }, dedupeKey: `sla.breached:${k.id}`, stage: k.stage, notificationId: null },
      ],
      result: { kind: 'sla_timer', outcome: 'breached', clockId: k.id, stage: k.stage, moment: k.dueAt, lateMs },
    };
  }
  if (change.timer === 'due') return { ...plan, result: { kind: 'sla_timer', outcome: 'not_yet', clockId: k.id, timer: 'due', nextAt: k.dueAt } };
  if (k.warnedAt) return skip('already_recorded');
  if (!k.warnAt) return skip('no_warning');
  if (k.warnAt.getTime() > now) return { ...plan, result: { kind: 'sla_timer', outcome: 'not_yet', clockId: k.id, timer: 'warning', nextAt: k.warnAt } };
  const lateMs = now - k.warnAt.getTime();
  return {
    ...plan,
    clocks: [{ op: 'mark', id: k.id, moment: 'warned', at: ctx.now }],
    events: [{ actor: SYSTEM_ACTOR, action: 'sla.warning', data: { ...base, lateMs } }],
    alerts: [
      {
        type: 'sla.warning',
        recipients: { teamSupervisors: true, users: c.assigneeId ? [c.assigneeId] : [] },
        dedupeKey: `sla.warning:${k.id}`,
        stage: k.stage,
        notificationId: null,
      },
    ],
    result: { kind: 'sla_timer', outcome: 'warned', clockId: k.id, stage: k.stage, moment: k.warnAt, lateMs },
  };
}
