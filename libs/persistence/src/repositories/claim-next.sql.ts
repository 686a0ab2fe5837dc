import { caseFilterSql, type CaseFilter } from './case-filter.sql';
import { CASE_ROW } from './case-state.sql';

/**
 * claim-next's pick (docs/api.md): the most urgent unassigned open case out of review in scope. Served in this exact
 * order by ix_case_claimable_any_team, or ix_case_claimable when the claim is limited to one team (migration
 * 1766870000000): an index scan stopped by LIMIT 1, never a sort of every claimable case.
 */
const CLAIM_ORDER = `ORDER BY sla_rank, priority_rank, due_at NULLS LAST, created_at, id`;

/**
 * A claim's filter without the conditions its scope already implies (open, unassigned, the same team): the same
 * cases, but the planner no longer counts those conditions twice — it would then expect almost no match and sort
 * the matches of another index instead of reading ix_case_claimable(_any_team) in claim order (issue 14).
 */
export function withoutImplied(f: CaseFilter, teamId: string | null): CaseFilter {
  const { assignee, status, visibleTo, ...rest } = f;
  return {
    ...rest,
    ...(assignee && !assignee.unassigned ? { assignee } : {}),
    ...(status && !status.includes('open') ? { status } : {}),
    ...(visibleTo && !(visibleTo.teamId !== null && visibleTo.teamId === teamId) ? { visibleTo } : {}),
  };
}

/** claim-next's pick: the first claimable case of the scope in claim order, `FOR UPDATE SKIP LOCKED` when `lock`. */
export function claimNextSql({ teamId, filter }: { teamId: string | null; filter: CaseFilter | null }, lock: boolean, p: (v: unknown) => string): string {
  const scope = [
    `status = 'open' AND assignee_id IS NULL AND stage <> 'review'`,
    ...(teamId ? [`team_id = ${p(teamId)}`] : []),
    ...(filter ? [caseFilterSql(withoutImplied(filter, teamId), p)] : []),
  ];
  return `SELECT ${CASE_ROW} FROM cases c WHERE ${scope.join(' AND ')} ${CLAIM_ORDER} LIMIT 1${lock ? ' FOR UPDATE SKIP LOCKED' : ''}`;
}
