import type { Stage } from '@sentinel/contracts';
import { CALENDAR_24X7, computeClockTimes, type CalendarSpec, type ClockWrite } from '@sentinel/domain';
import { maybeOne, rows, type Db, type Statement } from '../sql';
import { claimDueMoments, type ClaimedMoments } from './due-moments.sql';

/** A calendars row as the clock math needs it (dates as `YYYY-MM-DD` text, never through a JS Date). */
export interface CalendarRow {
  id: string;
  time_zone: string;
  working_hours: CalendarSpec['workingHours'];
  holidays: string[] | null;
  extra: string[] | null;
}

export const CALENDAR_COLUMNS = `id, time_zone, working_hours, holidays::text[] AS holidays, extra_working_days::text[] AS extra`;

export function toCalendarSpec(r: CalendarRow): CalendarSpec {
  return { id: r.id, timeZone: r.time_zone, workingHours: r.working_hours, holidays: r.holidays ?? [], extraWorkingDays: r.extra ?? [] };
}

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

const OPEN = `k.met_at IS NULL AND k.waived_at IS NULL AND k.cancelled_at IS NULL`;

/**
 * SLA clocks (docs/domain.md "SLA policy / clock"): the case writer's clock writes, the sweep's due moments, and
 * the re-computation of open clocks after a policy or calendar change. Every writer holds the case row lock first.
 */
export class ClocksRepository {
  /**
   * A plan's clock writes: ends (met / waived / cancelled) and recorded moments (warned / breached) of open
   * clocks, and new clocks (one per stage entry, `entry_no` counting the entries of the stage).
   */
  writeStatements(caseId: string, writes: ClockWrite[]): Statement[] {
    const out: Statement[] = [];
    const changes = writes.flatMap((w): Array<{ id: string; op: string; at: Date }> =>
      w.op === 'end' ? [{ id: w.id, op: w.how, at: w.at }] : w.op === 'mark' ? [{ id: w.id, op: w.moment, at: w.at }] : [],
    );
    if (changes.length) {
      out.push({
        text: `UPDATE sla_clocks k SET
            met_at = CASE WHEN w.op = 'met' THEN w.at ELSE k.met_at END,
            waived_at = CASE WHEN w.op = 'waived' THEN w.at ELSE k.waived_at END,
            cancelled_at = CASE WHEN w.op = 'cancelled' THEN w.at ELSE k.cancelled_at END,
            warned_at = CASE WHEN w.op = 'warned' THEN w.at ELSE k.warned_at END,
            breached_at = CASE WHEN w.op = 'breached' THEN w.at ELSE k.breached_at END,
            state = CASE w.op WHEN 'warned' THEN CASE WHEN k.state = 'breached' THEN 'breached' ELSE 'warning' END ELSE w.op END
            FROM jsonb_to_recordset($2::jsonb) AS w(id uuid, op text, at timestamptz)
           WHERE k.id = w.id AND k.case_id = $1 AND ${OPEN}`,
        values: [caseId, JSON.stringify(changes)],
      });
    }
    const starts = writes.flatMap((w) =>
      w.op === 'start'
        ? [
            {
              id: w.id,
              case_id: caseId,
              stage: w.clock.stage,
              target: w.target,
              calendar_id: w.calendarId,
              warn_at_percent: w.warnAtPercent,
              started_at: w.startedAt,
              warn_at: w.warnAt,
              due_at: w.dueAt,
            },
          ]
        : [],
    );
    if (starts.length) {
      // One recordset, its case in each row: the case writer folds the starts of several plans into one INSERT.
      out.push({
        text: `INSERT INTO sla_clocks (id, case_id, stage, entry_no, target, calendar_id, warn_at_percent, started_at, warn_at, due_at, state)
          SELECT s.id, s.case_id, s.stage,
                 (SELECT coalesce(max(x.entry_no), 0) + 1 FROM sla_clocks x WHERE x.case_id = s.case_id AND x.stage = s.stage),
                 s.target, s.calendar_id, s.warn_at_percent, s.started_at, s.warn_at, s.due_at, 'on_track'
            FROM jsonb_to_recordset($1::jsonb)
              AS s(id uuid, case_id uuid, stage text, target text, calendar_id text, warn_at_percent int, started_at timestamptz, warn_at timestamptz, due_at timestamptz)`,
        values: [JSON.stringify(starts)],
        recordset: starts,
      });
    }
    return out;
  }

  /**
   * The timer poller's claim (`claimDueMoments`): up to `limit` due clock moments — breaches first, then warnings —
   * one per case, their case rows locked `FOR UPDATE OF c SKIP LOCKED`. Uses the partial indexes ix_clock_open_due /
   * ix_clock_open_warn.
   */
  claimDueMoments(db: Db, now: Date, limit: number, excludeCaseIds: string[] = []): Promise<ClaimedMoments> {
    return claimDueMoments(
      db,
      {
        due: `SELECT k.id, k.case_id, k.due_at AS at FROM sla_clocks k
               WHERE k.state IN ('on_track','warning') AND k.due_at <= $1 AND k.breached_at IS NULL AND ${OPEN}`,
        warning: `SELECT k.id, k.case_id, k.warn_at AS at FROM sla_clocks k
                   WHERE k.state = 'on_track' AND k.warn_at <= $1 AND k.due_at > $1 AND k.warned_at IS NULL AND k.breached_at IS NULL AND ${OPEN}`,
      },
      now,
      limit,
      excludeCaseIds,
    );
  }

  async loadCalendar(db: Db, id: string): Promise<CalendarSpec> {
    if (id === CALENDAR_24X7.id) return CALENDAR_24X7;
    const row = await maybeOne<CalendarRow>(db, `SELECT ${CALENDAR_COLUMNS} FROM calendars WHERE id = $1`, [id]);
    return row ? toCalendarSpec(row) : CALENDAR_24X7;
  }

  /**
   * A policy (or its calendar) changed: re-computes the open, not yet breached clocks of one stage from their
   * `started_at` with the stage's current policy and calendar, in the caller's transaction (docs/domain.md "Rules in
   * detail": a policy change moves the due time of open, not yet breached clocks; breached stays breached).
   *
   * - Clocks in `on_track` / `warning` get the new target, calendar, warn percentage, `due_at` and `warn_at`. A
   *   clock whose warning already fired keeps `warned_at` and its `warning` state; the state is never advanced
   *   here (a new due time in the past is recorded as a breach by the worker's timer or sweep, exactly once).
   * - The cases are locked first (ordered by id), then the clocks: the write path's order, so a policy change and
   *   a concurrent action on one of its cases wait for each other instead of deadlocking.
   * - Each affected case row's copy of its current clock (`due_at`, `sla_state`, `sla_rank`) is refreshed.
   *
   * Returns the clocks whose due or warning time changed (their timers must be re-published).
   */
  async recomputeOpenClocks(db: Db, stage: Stage, _now: Date): Promise<RecomputedClock[]> {
    const policy = await maybeOne<{ target: string; calendar_id: string | null; warn_at_percent: number }>(
      db,
      `SELECT target, calendar_id, warn_at_percent FROM sla_policies WHERE stage = $1`,
      [stage],
    );
    if (!policy) return [];
    const calendarId = policy.calendar_id ?? CALENDAR_24X7.id;
    const calendar = await this.loadCalendar(db, calendarId);
    const openWhere = `k.stage = $1 AND k.state IN ('on_track','warning') AND k.breached_at IS NULL AND ${OPEN}`;
    await db.query(`SELECT c.id FROM cases c WHERE c.id IN (SELECT k.case_id FROM sla_clocks k WHERE ${openWhere}) ORDER BY c.id FOR UPDATE OF c`, [stage]);
    const clocks = await rows<{ id: string; case_id: string; started_at: Date; warn_at: Date | null; due_at: Date; warned_at: Date | null; state: 'on_track' | 'warning' }>(
      db,
      `SELECT k.id, k.case_id, k.started_at, k.warn_at, k.due_at, k.warned_at, k.state FROM sla_clocks k WHERE ${openWhere} ORDER BY k.id FOR UPDATE OF k`,
      [stage],
    );
    if (!clocks.length) return [];
    const changed: RecomputedClock[] = [];
    const ids: string[] = [];
    const dues: Date[] = [];
    const warns: Date[] = [];
    for (const k of clocks) {
      const { dueAt, warnAt } = computeClockTimes({ startedAt: k.started_at, target: policy.target, calendar, warnAtPercent: policy.warn_at_percent });
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
    await db.query(
      `UPDATE sla_clocks k SET target = $2, calendar_id = $3, warn_at_percent = $4, due_at = v.due_at, warn_at = v.warn_at
         FROM unnest($1::uuid[], $5::timestamptz[], $6::timestamptz[]) AS v(id, due_at, warn_at)
        WHERE k.id = v.id`,
      [ids, policy.target, calendarId, policy.warn_at_percent, dues, warns],
    );
    await db.query(
      `UPDATE cases c SET
          due_at = k.due_at,
          sla_state = CASE WHEN k.id IS NULL THEN NULL WHEN k.state IN ('breached','warning') THEN k.state ELSE 'on_track' END,
          sla_rank = CASE WHEN k.state = 'breached' THEN 0 ELSE 1 END
         FROM cases c0
         LEFT JOIN LATERAL (
           SELECT s.id, s.due_at, s.state FROM sla_clocks s
            WHERE s.case_id = c0.id AND s.stage = c0.stage AND c0.status = 'open'
              AND s.met_at IS NULL AND s.waived_at IS NULL AND s.cancelled_at IS NULL
            ORDER BY s.entry_no DESC LIMIT 1
         ) k ON true
        WHERE c.id = ANY($1::uuid[]) AND c0.id = c.id`,
      [[...new Set(clocks.map((k) => k.case_id))]],
    );
    return changed;
  }
}
