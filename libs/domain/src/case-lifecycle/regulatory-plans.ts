import { REGULATORY_KINDS, type RegulatoryKind } from '@sentinel/contracts';
import { DomainError, validationFailed } from '../errors';
import { CALENDAR_24X7, computeClockTimes, DEFAULT_WARN_AT_PERCENT } from '../sla-calendar';
import type { RegulatoryTimerChange } from './case-change';
import { SYSTEM_ACTOR, type ActorCtx, type CaseState, type ChangeContext, type ClockPolicy, type OpenRegulatoryClock } from './case-state';
import { emptyPlan, type AlertDraft, type ChangePlan, type EventDraft, type NewRegulatoryClock, type RecordWrite } from './change-plan';
import { requireOneOf, requirePastTime, requireText } from './payload-rules';
import { effect, type ActionEffect } from './plan-helpers';

type Payload = Record<string, unknown>;

/** The amount at risk (CNY minor units) from which a case opens with a PBoC major-event clock (CNY 100,000.00). */
export const DEFAULT_MAJOR_EVENT_MINOR = 10_000_000;

/** A kind without a stored policy (never in a migrated database) still gets a clock: its documented target, 24x7. */
const FALLBACK_TARGETS: Record<RegulatoryKind, string> = { pboc_major_event: 'P3D', mastercard_adc: 'PT24H', visa_compromise: 'P3D' };

function policyOf(kind: RegulatoryKind, ctx: ChangeContext): ClockPolicy {
  return ctx.regulatoryPolicies?.[kind] ?? { target: FALLBACK_TARGETS[kind], calendar: CALENDAR_24X7, warnAtPercent: DEFAULT_WARN_AT_PERCENT };
}

/** A new regulatory clock of `kind` from `startedAt`, on its policy (target, calendar, warning percentage). */
export function newRegulatoryClock(kind: RegulatoryKind, startedAt: Date, by: string, automatic: boolean, ctx: ChangeContext): NewRegulatoryClock {
  const policy = policyOf(kind, ctx);
  const { dueAt, warnAt } = computeClockTimes({ startedAt, target: policy.target, calendar: policy.calendar, warnAtPercent: policy.warnAtPercent });
  return {
    id: ctx.newId(),
    kind,
    target: policy.target,
    calendarId: policy.calendar.id,
    warnAtPercent: policy.warnAtPercent,
    startedAt,
    startedBy: by,
    automatic,
    warnAt,
    dueAt,
    createdAt: ctx.now,
  };
}

const clockData = (k: NewRegulatoryClock) => ({
  clockId: k.id,
  kind: k.kind,
  startedAt: k.startedAt.toISOString(),
  dueAt: k.dueAt.toISOString(),
  warnAt: k.warnAt.toISOString(),
  target: k.target,
  calendarId: k.calendarId,
});

/**
 * At opening (docs/api.md "Regulatory clocks"): a case whose amount at risk is in CNY and reaches
 * `REGULATORY_MAJOR_EVENT_MINOR` starts the PBoC major-event clock (event `start_regulatory_clock` by the system,
 * `automatic: true`).
 */
export function automaticRegulatoryClocks(amount: { minor: number; currency: string } | null, ctx: ChangeContext): { records: RecordWrite[]; events: EventDraft[] } {
  const threshold = ctx.majorEventMinor ?? DEFAULT_MAJOR_EVENT_MINOR;
  if (!amount || amount.currency !== 'CNY' || amount.minor < threshold) return { records: [], events: [] };
  const clock = newRegulatoryClock('pboc_major_event', ctx.now, SYSTEM_ACTOR.id, true, ctx);
  return {
    records: [{ record: 'regulatory_started', clock }],
    events: [{ actor: SYSTEM_ACTOR, action: 'start_regulatory_clock', data: { ...clockData(clock), automatic: true, thresholdMinor: threshold } }],
  };
}

function openClockOf(c: CaseState, p: Payload): OpenRegulatoryClock {
  const id = requireText(p, 'clockId');
  const k = c.regulatoryClocks.find((x) => x.id === id);
  if (!k) throw validationFailed({ clockId: { code: 'NOT_FOUND', message: 'is not a running regulatory clock of this case' } });
  return k;
}

/** `start_regulatory_clock { kind, startedAt? }`: one running clock per kind per case (another → 409 CONFLICT). */
export function planStartRegulatoryClock(c: CaseState, p: Payload, actor: ActorCtx, ctx: ChangeContext): ActionEffect {
  const kind = requireOneOf(p, 'kind', REGULATORY_KINDS);
  const startedAt = p.startedAt === undefined || p.startedAt === null ? ctx.now : requirePastTime(p, 'startedAt', ctx.now);
  const running = c.regulatoryClocks.find((k) => k.kind === kind);
  if (running) {
    throw new DomainError('CONFLICT', `A ${kind} clock is already running on this case (file or cancel it first).`, { clockId: running.id, kind });
  }
  const clock = newRegulatoryClock(kind, startedAt, actor.id, false, ctx);
  return { ...effect('start_regulatory_clock', { ...clockData(clock), automatic: false }), records: [{ record: 'regulatory_started', clock }] };
}

/** `record_regulatory_filing { clockId, filedAt, reference }`: the clock is met (also a breached one, also on a closed case). */
export function planRecordRegulatoryFiling(c: CaseState, p: Payload, actor: ActorCtx, ctx: ChangeContext): ActionEffect {
  const k = openClockOf(c, p);
  const filedAt = requirePastTime(p, 'filedAt', ctx.now);
  const reference = requireText(p, 'reference', 'is required: the reference the regulator or scheme gave the filing');
  const late = filedAt.getTime() > k.dueAt.getTime();
  return {
    ...effect('record_regulatory_filing', {
      clockId: k.id,
      kind: k.kind,
      filedAt: filedAt.toISOString(),
      reference,
      dueAt: k.dueAt.toISOString(),
      late,
      before: { state: k.state },
      after: { state: 'met' },
    }),
    records: [{ record: 'regulatory_filed', clockId: k.id, filedAt, reference, by: actor.id, at: ctx.now }],
  };
}

/** `cancel_regulatory_clock { clockId, reason }` (supervisor): the filing turned out not to be owed. */
export function planCancelRegulatoryClock(c: CaseState, p: Payload, actor: ActorCtx, ctx: ChangeContext): ActionEffect {
  const k = openClockOf(c, p);
  const reason = requireText(p, 'reason', 'is required to cancel a regulatory clock');
  return {
    ...effect('cancel_regulatory_clock', { clockId: k.id, kind: k.kind, reason, before: { state: k.state }, after: { state: 'cancelled' } }),
    records: [{ record: 'regulatory_cancelled', clockId: k.id, reason, by: actor.id, at: ctx.now }],
  };
}

/**
 * A regulatory clock's timer, on the guarantees of SLA timers (docs/domain.md "SLA timers"): the clock, loaded
 * under the case lock, decides; each moment once; past the due time the breach is recorded whatever the wake-up;
 * a wake-up before its moment says when (`not_yet`). Unlike a stage clock it runs on after the case closes. Events
 * `regulatory.warning` / `regulatory.breached` by the system; alerts of the same types to the recipients of SLA
 * alerts (the warning also to the assignee).
 */
export function planRegulatoryTimer(c: CaseState, change: RegulatoryTimerChange, ctx: ChangeContext): ChangePlan {
  const plan = emptyPlan();
  const skip = (reason: 'not_open' | 'already_recorded'): ChangePlan => ({ ...plan, result: { kind: 'regulatory_timer', outcome: 'skipped', clockId: change.clockId, reason } });
  const k = c.regulatoryClocks.find((x) => x.id === change.clockId);
  if (!k) return skip('not_open');
  if (k.breachedAt || k.state === 'breached') return skip('already_recorded');
  const now = ctx.now.getTime();
  const base = { clockId: k.id, kind: k.kind, dueAt: k.dueAt.toISOString(), warnAt: k.warnAt.toISOString() };
  const alert = (type: 'regulatory.warning' | 'regulatory.breached', users: string[]): AlertDraft => ({
    type,
    recipients: { teamSupervisors: true, users },
    dedupeKey: `${type}:${k.id}`,
    stage: null,
    notificationId: null,
  });
  if (k.dueAt.getTime() <= now) {
    const lateMs = now - k.dueAt.getTime();
    return {
      ...plan,
      records: [{ record: 'regulatory_marked', clockId: k.id, moment: 'breached', at: ctx.now }],
      events: [{ actor: SYSTEM_ACTOR, action: 'regulatory.breached', data: { ...base, lateMs, warningRecorded: !!k.warnedAt, caseStatus: c.status } }],
      alerts: [alert('regulatory.breached', [])],
      result: { kind: 'regulatory_timer', outcome: 'breached', clockId: k.id, regulatoryKind: k.kind, moment: k.dueAt, lateMs },
    };
  }
  if (change.timer === 'due') return { ...plan, result: { kind: 'regulatory_timer', outcome: 'not_yet', clockId: k.id, timer: 'due', nextAt: k.dueAt } };
  if (k.warnedAt) return skip('already_recorded');
  if (k.warnAt.getTime() > now) return { ...plan, result: { kind: 'regulatory_timer', outcome: 'not_yet', clockId: k.id, timer: 'warning', nextAt: k.warnAt } };
  const lateMs = now - k.warnAt.getTime();
  return {
    ...plan,
    records: [{ record: 'regulatory_marked', clockId: k.id, moment: 'warned', at: ctx.now }],
    events: [{ actor: SYSTEM_ACTOR, action: 'regulatory.warning', data: { ...base, lateMs, caseStatus: c.status } }],
    alerts: [alert('regulatory.warning', c.assigneeId ? [c.assigneeId] : [])],
    result: { kind: 'regulatory_timer', outcome: 'warned', clockId: k.id, regulatoryKind: k.kind, moment: k.warnAt, lateMs },
  };
}
