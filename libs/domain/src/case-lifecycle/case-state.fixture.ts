import type { ProblemCode, Role, Stage } from '@sentinel/contracts';
import { DomainError } from '../errors';
import type { ActionContext, ActorCtx, CaseState } from './case-state';

/** Test fixtures (not exported from the lib). */
export const NOW = new Date('2026-03-10T08:00:00.000Z');
export const ANALYST: ActorCtx = { id: 'u-analyst', role: 'analyst' };
export const OTHER_ANALYST: ActorCtx = { id: 'u-analyst-2', role: 'analyst' };
export const SUPERVISOR: ActorCtx = { id: 'u-super', role: 'supervisor' };
export const OTHER_SUPERVISOR: ActorCtx = { id: 'u-super-2', role: 'supervisor' };
export const actorWithRole = (role: Role): ActorCtx => ({ id: `u-${role}`, role });

export type Overrides = Partial<Omit<CaseState, 'freeze'>> & { freeze?: Partial<CaseState['freeze']> };

export function caseState(o: Overrides = {}): CaseState {
  const { freeze, ...rest } = o;
  return {
    id: 'case-1',
    stage: 'freeze',
    status: 'open',
    outcome: null,
    closedFromStage: null,
    assigneeId: ANALYST.id,
    priority: 'p3',
    priorityOverridden: false,
    waivedStages: [],
    bankCode: 'ICBC',
    policeReport: null,
    merchantContacts: [],
    evidence: [],
    workedBy: [ANALYST.id],
    ...rest,
    freeze: {
      requestedAt: null,
      confirmedAt: null,
      rejectedAt: null,
      lastRequestStatus: null,
      lastAnswer: null,
      noticeRecordedAt: null,
      unfreezeSentOnClose: false,
      ...freeze,
    },
  };
}

export const inStage = (stage: Stage, o: Overrides = {}) => caseState({ stage, ...o });

export const ctx = (o: Partial<ActionContext> = {}): ActionContext => ({ now: NOW, ...o });

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
