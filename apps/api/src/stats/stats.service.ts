import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid } from '../common/list-query';
import { ProblemException } from '../common/problem.exception';

export interface LoadRow {
  assigneeId: string;
  name: string;
  open: number;
  overdue: number;
}

const LOAD_PARAMS = new Set(['teamId']);

/** Workload figures for supervisors (docs/api.md "SLA": `/api/stats/load`). */
@Injectable()
export class StatsService {
  constructor(private readonly ds: DataSource) {}

  /**
   * Open cases per active analyst and supervisor (zero rows included), busiest first; overdue = open cases whose
   * current clock is past due or breached. Optional `teamId` narrows to that team's people.
   */
  async load(query: Record<string, unknown>, now = new Date()): Promise<LoadRow[]> {
    for (const [k, v] of Object.entries(query)) {
      if (!LOAD_PARAMS.has(k)) throw new ProblemException('REQUEST.UNKNOWN_FIELD', `Unknown query parameter: ${k}`, { fields: [k] });
      if (typeof v !== 'string') throw new ProblemException('REQUEST.MALFORMED', `Query parameter ${k} must be given once`, { field: k });
    }
    const teamId = query.teamId as string | undefined;
    if (teamId !== undefined && !isUuid(teamId)) throw new ProblemException('REQUEST.MALFORMED', 'teamId must be a team id (UUID)', { field: 'teamId' });
    const rows = await this.ds.query(
      `SELECT u.id, u.name, count(c.id)::int AS open,
              count(c.id) FILTER (WHERE c.due_at < $1 OR c.sla_state = 'breached')::int AS overdue
         FROM users u LEFT JOIN cases c ON c.assignee_id = u.id AND c.status = 'open'
        WHERE u.active AND u.role IN ('analyst','supervisor') ${teamId ? 'AND u.team_id = $2' : ''}
        GROUP BY u.id, u.name
        ORDER BY count(c.id) DESC, u.name, u.id`,
      teamId ? [now, teamId] : [now],
    );
    return rows.map((r: any) => ({ assigneeId: r.id, name: r.name, open: r.open, overdue: r.overdue }));
  }
}
