import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { WorkloadRow } from '@sentinel/contracts';
import { WorkloadRepository } from '@sentinel/persistence';
import { isUuid } from '../common/list-query';
import { ProblemException } from '../common/problem.exception';

const LOAD_PARAMS = new Set(['teamId']);

/** Workload figures for supervisors (docs/api.md "SLA": `/api/stats/load`). */
@Injectable()
export class StatsService {
  constructor(
    private readonly ds: DataSource,
    private readonly workload: WorkloadRepository,
  ) {}

  /** Every active analyst and supervisor with their open and overdue cases; optional `teamId` (their team). */
  async load(query: Record<string, unknown>, now = new Date()): Promise<WorkloadRow[]> {
    for (const [k, v] of Object.entries(query)) {
      if (!LOAD_PARAMS.has(k)) throw new ProblemException('REQUEST.UNKNOWN_FIELD', `Unknown query parameter: ${k}`, { fields: [k] });
      if (typeof v !== 'string') throw new ProblemException('REQUEST.MALFORMED', `Query parameter ${k} must be given once`, { field: k });
    }
    const teamId = query.teamId as string | undefined;
    if (teamId !== undefined && !isUuid(teamId)) throw new ProblemException('REQUEST.MALFORMED', 'teamId must be a team id (UUID)', { field: 'teamId' });
    return this.workload.load(this.ds, { now, teamId });
  }
}
