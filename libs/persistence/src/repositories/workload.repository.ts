import type { WorkloadRow } from '@sentinel/contracts';
import { rows, type Db } from '../sql';

interface LoadRow {
  id: string;
  name: string;
  open: number;
  overdue: number;
}

/** Workload of the people who hold cases (docs/api.md "SLA": `/api/stats/load`). */
export class WorkloadRepository {
  /**
   * Open cases per active analyst and supervisor (zero rows included), busiest first, then by name; overdue = open
   * cases whose current clock is past due at `now` or breached. `teamId` narrows to that team's people.
   */
  async load(db: Db, opts: { now: Date; teamId?: string }): Promise<WorkloadRow[]> {
    const result = await rows<LoadRow>(
      db,
      `SELECT u.id, u.name, count(c.id)::int AS open,
              count(c.id) FILTER (WHERE c.due_at < $1 OR c.sla_state = 'breached')::int AS overdue
         FROM users u LEFT JOIN cases c ON c.assignee_id = u.id AND c.status = 'open'
        WHERE u.active AND u.role IN ('analyst','supervisor') AND ($2::uuid IS NULL OR u.team_id = $2)
        GROUP BY u.id, u.name
        ORDER BY count(c.id) DESC, u.name, u.id`,
      [opts.now, opts.teamId ?? null],
    );
    return result.map((r) => ({ assigneeId: r.id, name: r.name, open: r.open, overdue: r.overdue }));
  }
}
