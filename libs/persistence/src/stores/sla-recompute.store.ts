import type { EntityManager } from 'typeorm';
import type { Stage } from '@sentinel/contracts';
import { CALENDAR_24X7, computeClockTimes } from '@sentinel/domain';
import { loadCalendar, refreshCaseSla } from './sla-clocks.store';

type Db = Pick<EntityManager, 'query'>;

/** A clock whose due or warning time moved; the caller publishes fresh wake-ups for it after commit. */
export interface RecomputedClock {
  id: string;
  caseId: string;
  stage: Stage;
  startedAt: Date;
  /** The new warning moment (still set when the warning already fired: see `warnedAt`). */
  warnAt: Date | null;
  dueAt: Date;
  /** Set when the warning already fired: it is kept, and no new warning timer is needed. */
  warnedAt: Date | null;
  state: 'on_track' | 'warning';
  before: { dueAt: Date; warnAt: Date | null };
}

/**
 * A policy (or its calendar) changed: re-computes the open, not yet breached clocks of one stage from their
 * `started_at` with the stage's current policy and calendar, in the caller's transaction (docs/domain.md "Rules in
 * detail": a policy change moves the due time of open, not yet breached clocks; breached stays breached).
 *
 * - Clocks in `on_track` / `warning` (no met/waived/cancelled/breached time) get the new target, calendar,
 *   warn percentage, `due_at` and `warn_at`. A clock whose warning already fired keeps `warned_at` and its
 *   `warning` state; the state is never advanced here (a new due time in the past is recorded as a breach by
 *   the worker's timer or sweep, exactly once, like any other).
 * - The cases are locked first (ordered by id), then the clocks: the same order as case actions, so a policy
 *   change and a concurrent action on one of its cases wait for each other instead of deadlocking.
 * - `refreshCaseSla` copies the new due time onto each affected case row.
 *
 * Returns the clocks whose due or warning time changed (their timers must be re-published).
 */
export async function recomputeOpenClocks(em: Db, stage: Stage, _now: Date): Promise<RecomputedClock[]> {
  // Times are computed from each clock's started_at; `_now` is part of the contract for future use (pauses).
  const [policy] = await em.query(`SELECT target, calendar_id, warn_at_percent FROM sla_policies WHERE stage = $1`, [stage]);
  if (!policy) return [];
  const target: string = policy.target;
  const calendarId: string = policy.calendar_id ?? CALENDAR_24X7.id;
  const warnAtPercent: number = policy.warn_at_percent;
  const calendar = await loadCalendar(em, calendarId);

  const openWhere = `k.stage = $1 AND k.state IN ('on_track','warning') AND k.breached_at IS NULL
     AND k.met_at IS NULL AND k.waived_at IS NULL AND k.cancelled_at IS NULL`;
  await em.query(
    `SELECT c.id FROM cases c WHERE c.id IN (SELECT k.case_id FROM sla_clocks k WHERE ${openWhere}) ORDER BY c.id FOR UPDATE OF c`,
    [stage],
  );
  const clocks: Array<{ id: string; case_id: string; started_at: Date; warn_at: Date | null; due_at: Date; warned_at: Date | null; state: 'on_track' | 'warning' }> =
    await em.query(
      `SELECT k.id, k.case_id, k.started_at, k.warn_at, k.due_at, k.warned_at, k.state FROM sla_clocks k
        WHERE ${openWhere} ORDER BY k.id FOR UPDATE OF k`,
      [stage],
    );
  if (!clocks.length) return [];

  const changed: RecomputedClock[] = [];
  const ids: string[] = [];
  const dues: Date[] = [];
  const warns: Date[] = [];
  for (const k of clocks) {
    const { dueAt, warnAt } = computeClockTimes({ startedAt: new Date(k.started_at), target, calendar, warnAtPercent });
    ids.push(k.id);
    dues.push(dueAt);
    warns.push(warnAt);
    const oldDue = new Date(k.due_at);
    const oldWarn = k.warn_at ? new Date(k.warn_at) : null;
    if (oldDue.getTime() !== dueAt.getTime() || (oldWarn?.getTime() ?? null) !== warnAt.getTime()) {
      changed.push({
        id: k.id,
        caseId: k.case_id,
        stage,
        startedAt: new Date(k.started_at),
        warnAt,
        dueAt,
        warnedAt: k.warned_at ? new Date(k.warned_at) : null,
        state: k.state,
        before: { dueAt: oldDue, warnAt: oldWarn },
      });
    }
  }
  await em.query(
    `UPDATE sla_clocks k SET target = $2, calendar_id = $3, warn_at_percent = $4, due_at = v.due_at, warn_at = v.warn_at
       FROM unnest($1::uuid[], $5::timestamptz[], $6::timestamptz[]) AS v(id, due_at, warn_at)
      WHERE k.id = v.id`,
    [ids, target, calendarId, warnAtPercent, dues, warns],
  );
  for (const caseId of [...new Set(clocks.map((k) => k.case_id))]) await refreshCaseSla(em, caseId);
  return changed;
}
