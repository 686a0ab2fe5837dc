import type { CaseAction, ProblemCode, Role, Stage } from '@sentinel/contracts';
import { DomainError } from '../errors';
import type { ActorCtx, CaseState, ChangeContext, OpenClock } from './case-state';
import type { CasePatch, ChangePlan, FreezePatch } from './change-plan';
import { planChange } from './plan-change';

/** Test fixtures (not exported from the lib). */
export const NOW = new Date('2026-03-10T08:00:00.000Z');
export const ANALYST: ActorCtx = { id: 'u-analyst', role: 'analyst' };
export const OTHER_ANALYST: ActorCtx = { id: 'u-analyst-2', role: 'analyst' };
export const SUPERVISOR: ActorCtx = { id: 'u-super', role: 'supervisor' };
export const OTHER_SUPERVISOR: ActorCtx = { id: 'u-super-2', role: 'supervisor' };
export const actorWithRole = (role: Role): ActorCtx => ({ id: `u-${role}`, role });

export type Overrides = Partial<Omit<CaseState, 'freeze'>> & { freeze?: Partial<CaseState['freeze']> };

/** The open clock a case in `stage` has (id `clock-<stage>`), due an hour after NOW. */
export function openClock(stage: Stage, o: Partial<OpenClock> = {}): OpenClock {
  return {
    id: `clock-${stage}`,
    kind: 'stage',
    stage,
    entryNo: 1,
    startedAt: new Date(NOW.getTime() - 30 * 60_000),
    warnAt: new Date(NOW.getTime() + 30 * 60_000),
    dueAt: new Date(NOW.getTime() + 60 * 60_000),
    warnedAt: null,
    breachedAt: null,
    state: 'on_track',
    ...o,
  };
}

export function caseState(o: Overrides = {}): CaseState {
  const { freeze, ...rest } = o;
  const stage = rest.stage ?? 'freeze';
  const open = (rest.status ?? 'open') === 'open';
  const clocks = rest.clocks ?? (open ? [openClock(stage)] : []);
  return {
    id: 'case-1',
    reference: 'SNC-2026-000001',
    sn: 'PAX-A920-0001',
    terminalId: 'term-1',
    merchantId: 'M-1',
    merchantName: 'Lucky Noodles',
    tid: 'T-1',
    misuseType: 'cloned_terminal',
    amountAtRisk: { minor: 1_250_000, currency: 'CNY' },
    teamId: 'team-1',
    stage,
    status: 'open',
    outcome: null,
    closedFromStage: null,
    assigneeId: ANALYST.id,
    priority: 'p3',
    priorityOverridden: false,
    waivedStages: [],
    bankCode: 'ICBC',
    version: 4,
    head: { seq: 6, hash: 'a'.repeat(64) },
    sla: open ? { dueAt: clocks[0]?.dueAt ?? null, state: clocks[0]?.state ?? null } : { dueAt: null, state: null },
    policeReport: null,
    merchantContacts: [],
    evidence: [],
    workedBy: [ANALYST.id],
    ...rest,
    holds: rest.holds ?? [],
    regulatoryClocks: rest.regulatoryClocks ?? [],
    clocks,
    freeze: {
      requestedAt: null,
      notificationId: null,
      bankReference: null,
      confirmedAt: null,
      confirmedVia: null,
      rejectedAt: null,
      lastRequestStatus: null,
      undeliveredRequestIds: [],
      lastAnswer: null,
      noticeRecordedAt: null,
      unfreezeSentOnClose: false,
      unfreezeNotificationId: null,
      unfrozenAt: null,
      ...freeze,
    },
  };
}

export const inStage = (stage: Stage, o: Overrides = {}) => caseState({ stage, ...o });

/** A context with `now` = NOW and ids `id-1`, `id-2`, … in the order the plan asks for them. */
export const ctx = (o: Partial<ChangeContext> = {}): ChangeContext => {
  let n = 0;
  return { now: NOW, newId: () => `id-${++n}`, ...o };
};

/** Plans a case action with the case's current version (what the API does after loading). */
export function act(c: CaseState, action: CaseAction, payload: Record<string, unknown>, actor: ActorCtx, context = ctx()): ChangePlan {
  return planChange(c, { kind: 'action', action, payload, actor, version: c.version }, context);
}

/** The case row patch of a plan without the SLA copy (asserted separately), or undefined. */
export function patchOf(plan: ChangePlan): CasePatch | undefined {
  if (plan.case?.op !== 'update') return undefined;
  const { sla: _sla, ...rest } = plan.case.patch;
  return rest;
}

/** The freeze record patch of a plan (merged, in order), or undefined. */
export function freezeOf(plan: ChangePlan): FreezePatch | undefined {
  const patches = plan.records.flatMap((r) => (r.record === 'freeze' ? [r.patch] : []));
  return patches.length ? Object.assign({}, ...patches) : undefined;
}

/** The clock writes as short strings: `end clock-freeze met`, `start police_report`, `mark clock-x breached`. */
export function clockOps(plan: ChangePlan): string[] {
  return plan.clocks.map((w) => (w.op === 'start' ? `start ${w.clock.stage}` : w.op === 'end' ? `end ${w.id} ${w.how}` : `mark ${w.id} ${w.moment}`));
}

/** The outbox writes as short strings: `queue freeze.requested ICBC`, `cancel n-1,n-2`, `delivered n-1`. */
export function outboxOps(plan: ChangePlan): string[] {
  return plan.outbox.map((w) => {
    switch (w.op) {
      case 'queue':
        return `queue ${w.type} ${w.bankCode}`;
      case 'cancel':
        return `cancel ${w.ids.join(',')}`;
      default:
        return `${w.op} ${w.id}`;
    }
  });
}

/** Runs fn and returns the DomainError it throws (fails the test otherwise). */
export function domainError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

export function expectCode(fn: () => unknown, code: ProblemCode): DomainError {
  const e = domainError(fn);
  expect({ code: e.code, message: e.message }).toEqual({ code, message: expect.any(String) });
  return e;
}
