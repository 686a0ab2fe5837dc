import type { EntityManager } from 'typeorm';
import type { Stage } from '@sentinel/contracts';
import { CALENDAR_24X7, computeClockTimes, type CalendarSpec } from '@sentinel/domain';
import { CalendarsRepository } from '../repositories/calendars.repository';

const calendars = new CalendarsRepository();

export interface ClockRow {
  id: string;
  caseId: string;
  stage: Stage;
  startedAt: Date;
  warnAt: Date | null;
  dueAt: Date;
  state: string;
}

type Db = Pick<EntityManager, 'query'>;

/** The calendar SLA clock math needs (the calendars repository reads it). */
export function loadCalendar(em: Db, id: string): Promise<CalendarSpec> {
  return calendars.spec(em, id);
}

/** Starts a fresh clock for one stage entry (docs/domain.md: one clock per stage entry), from the stage's policy. */
export async function startClock(em: Db, caseId: string, stage: Stage, now: Date): Promise<ClockRow> {
  const [policy] = await em.query(`SELECT target, calendar_id, warn_at_percent FROM sla_policies WHERE stage = $1`, [stage]);
  const target: string = policy?.target ?? 'PT1H';
  const calendarId: string = policy?.calendar_id ?? CALENDAR_24X7.id;
  const warnAtPercent: number = policy?.warn_at_percent ?? 80;
  const calendar = await loadCalendar(em, calendarId);
  const { dueAt, warnAt } = computeClockTimes({ startedAt: now, target, calendar, warnAtPercent });
  const [row] = await em.query(
    `INSERT INTO sla_clocks (case_id, stage, entry_no, target, calendar_id, warn_at_percent, started_at, warn_at, due_at, state)
     SELECT $1, $2, coalesce(max(entry_no), 0) + 1, $3, $4, $5, $6, $7, $8, 'on_track' FROM sla_clocks WHERE case_id = $1 AND stage = $2
     RETURNING id`,
    [caseId, stage, target, calendarId, warnAtPercent, now, warnAt, dueAt],
  );
  return { id: row.id, caseId, stage, startedAt: now, warnAt, dueAt, state: 'on_track' };
}

/** Ends the open clock of a stage: `met` when its exit rule held, `waived` when a supervisor waived it. */
export async function endClock(em: Db, caseId: string, stage: Stage, how: 'met' | 'waived', now: Date): Promise<void> {
  const col = how === 'met' ? 'met_at' : 'waived_at';
  await em.query(
    `UPDATE sla_clocks SET ${col} = $3, state = $4 WHERE case_id = $1 AND stage = $2 AND state IN ('on_track','warning','breached')
       AND met_at IS NULL AND waived_at IS NULL AND cancelled_at IS NULL`,
    [caseId, stage, now, how],
  );
}

/** The case closed: every open clock ends `cancelled`. */
export async function cancelOpenClocks(em: Db, caseId: string, now: Date): Promise<void> {
  await em.query(
    `UPDATE sla_clocks SET cancelled_at = $2, state = 'cancelled'
      WHERE case_id = $1 AND met_at IS NULL AND waived_at IS NULL AND cancelled_at IS NULL`,
    [caseId, now],
  );
}

/**
 * Copies the current stage's open clock onto the case row (`due_at`, `sla_state`, `sla_rank`), which the
 * lists, queues and claim-next sort and filter on. sla_rank 0 = breached (claimed first).
 */
export async function refreshCaseSla(em: Db, caseId: string): Promise<void> {
  await em.query(
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
      WHERE c.id = $1 AND c0.id = c.id`,
    [caseId],
  );
}
