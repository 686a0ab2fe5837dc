import type { SlaPolicyView, Stage } from '@sentinel/contracts';
import { maybeOne, one, rows, type Db } from '../sql';

/** An `sla_policies` row. */
export interface SlaPolicyRow {
  stage: Stage;
  target: string;
  calendar_id: string;
  warn_at_percent: number;
  updated_at: Date;
}

export interface SlaPolicyValues {
  target: string;
  calendarId: string;
  warnAtPercent: number;
}

const COLUMNS = 'stage, target, calendar_id, warn_at_percent, updated_at';

export function toSlaPolicyView(r: SlaPolicyRow): SlaPolicyView {
  return { id: r.stage, stage: r.stage, target: r.target, calendarId: r.calendar_id, warnAtPercent: r.warn_at_percent, updatedAt: r.updated_at.toISOString() };
}

/** SLA policies, one per stage (docs/api.md "SLA"). */
export class SlaPoliciesRepository {
  /**
   * Policy and calendar writes take this transaction-scoped lock first, so a policy change and a calendar change
   * (each re-computing open clocks) never interleave.
   */
  async lockSettings(db: Db): Promise<void> {
    await rows(db, `SELECT pg_advisory_xact_lock(hashtext('sentinel:sla-settings'))`);
  }

  list(db: Db): Promise<SlaPolicyRow[]> {
    return rows<SlaPolicyRow>(db, `SELECT ${COLUMNS} FROM sla_policies`);
  }

  find(db: Db, stage: Stage, opts: { lock?: boolean } = {}): Promise<SlaPolicyRow | undefined> {
    return maybeOne<SlaPolicyRow>(db, `SELECT ${COLUMNS} FROM sla_policies WHERE stage = $1${opts.lock ? ' FOR UPDATE' : ''}`, [stage]);
  }

  update(db: Db, stage: Stage, v: SlaPolicyValues, now: Date): Promise<SlaPolicyRow> {
    return one<SlaPolicyRow>(
      db,
      `UPDATE sla_policies SET target = $2, calendar_id = $3, warn_at_percent = $4, updated_at = $5 WHERE stage = $1 RETURNING ${COLUMNS}`,
      [stage, v.target, v.calendarId, v.warnAtPercent, now],
    );
  }

  /** The stages whose policy uses a calendar (their open clocks move when it changes; it cannot be deleted). */
  async stagesUsingCalendar(db: Db, calendarId: string): Promise<Stage[]> {
    return (await rows<{ stage: Stage }>(db, `SELECT stage FROM sla_policies WHERE calendar_id = $1 ORDER BY stage`, [calendarId])).map((r) => r.stage);
  }
}
