import type { Stage } from '@sentinel/contracts';
import { CALENDAR_24X7, computeClockTimes } from '@sentinel/domain';
import { rows, type Db } from '../sql';
import { refreshCaseSla } from '../stores/sla-clocks.store';
import { CalendarsRepository } from './calendars.repository';
import { SlaPoliciesRepository } from './sla-policies.repository';

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

interface OpenClockRow {
  id: string;
  case_id: string;
  started_at: Date;
  warn_at: Date | null;
  due_at: Date;
  warned_at: Date | null;
  state: 'on_track' | 'warning';
}

const OPEN_WHERE = `k.stage = $1 AND k.state IN ('on_track','warning') AND k.breached_at IS NULL
   AND k.met_at IS NULL AND k.waived_at IS NULL AND k.cancelled_at IS NULL`;

/**
 * A policy (or its calendar) changed: re-computes open clocks (docs/domain.md "Rules in detail": a policy change moves
 * the due time of open, not yet breached clocks; breached stays breached).
 */
export class SlaRecomputeRepository {
  private readonly policies = new SlaPoliciesRepository();
  private readonly calendars = new CalendarsRepository();

  /** Every given stage in turn, in the caller's transaction. */
  async recomputeStages(db: Db, stages: readonly Stage[], now: Date): Promise<RecomputedClock[]> {
    const changed: RecomputedClock[] = [];
    for (const stage of stages) changed.push(...(await this.recomputeStage(db, stage, now)));
    return changed;
  }

  /**
   * Re-computes the open, not yet breached clocks of one stage from their `started_at` with the stage's current
   * policy and calendar.
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
  async recomputeStage(db: Db, stage: Stage, _now: Date): Promise<RecomputedClock[]> {
    // Times are computed from each clock's started_at; `_now` is part of the contract for future use (pauses).
    const policy = await this.policies.find(db, stage);
    if (!policy) return [];
    const { target, warn_at_percent: warnAtPercent } = policy;
    const calendarId = policy.calendar_id ?? CALENDAR_24X7.id;
    const calendar = await this.calendars.spec(db, calendarId);

    await rows(db, `SELECT c.id FROM cases c WHERE c.id IN (SELECT k.case_id FROM sla_clocks k WHERE ${OPEN_WHERE}) ORDER BY c.id FOR UPDATE OF c`, [stage]);
    const clocks = await rows<OpenClockRow>(
      db,
      `SELECT k.id, k.case_id, k.started_at, k.warn_at, k.due_at, k.warned_at, k.state FROM sla_clocks k
        WHERE ${OPEN_WHERE} ORDER BY k.id FOR UPDATE OF k`,
      [stage],
    );
    if (!clocks.length) return [];

    const changed: RecomputedClock[] = [];
    const ids: string[] = [];
    const dues: Date[] = [];
    const warns: Date[] = [];
    for (const k of clocks) {
      const { dueAt, warnAt } = computeClockTimes({ startedAt: k.started_at, target, calendar, warnAtPercent });
      ids.push(k.id);
      dues.push(dueAt);
      warns.push(warnAt);
      if (k.due_at.getTime() !== dueAt.getTime() || (k.warn_at?.getTime() ?? null) !== warnAt.getTime()) {
        changed.push({
          id: k.id,
          caseId: k.case_id,
          stage,
          startedAt: k.started_at,
          warnAt,
          dueAt,
          warnedAt: k.warned_at,
          state: k.state,
          before: { dueAt: k.due_at, warnAt: k.warn_at },
        });
      }
    }
    await rows(
      db,
      `UPDATE sla_clocks k SET target = $2, calendar_id = $3, warn_at_percent = $4, due_at = v.due_at, warn_at = v.warn_at
         FROM unnest($1::uuid[], $5::timestamptz[], $6::timestamptz[]) AS v(id, due_at, warn_at)
        WHERE k.id = v.id`,
      [ids, target, calendarId, warnAtPercent, dues, warns],
    );
    for (const caseId of [...new Set(clocks.map((k) => k.case_id))]) await refreshCaseSla(db, caseId);
    return changed;
  }
}
