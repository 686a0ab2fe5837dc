import type { CaseStatus, Priority, SlaState, Stage } from '@sentinel/contracts';

/**
 * A case filter once validated (GET /api/cases, a queue's saved filter, claim-next): identifiers normalised,
 * `assigneeId: "me"` resolved to the caller. Every field narrows; an empty filter matches every case.
 */
export interface CaseFilter {
  /** prefix of the reference, SN, MID or TID, normalised like an SN */
  q?: string;
  stage?: Stage[];
  status?: CaseStatus[];
  priority?: Priority[];
  /** open cases whose current clock is in one of these states */
  slaState?: SlaState[];
  /** upper-cased */
  bankCode?: string[];
  teamId?: string[];
  /** assigned to one of these users, or (`unassigned`) to no one */
  assignee?: { ids: string[]; unassigned: boolean };
  createdFrom?: Date;
  createdTo?: Date;
  /** need-to-know (CASE_VISIBILITY=team): only cases of this team; `teamId: null` matches none */
  visibleTo?: { teamId: string | null };
}

/** Sortable fields → column (keyset-friendly: every index ends with id). */
export const CASE_SORT_COLUMNS = {
  createdAt: 'c.created_at',
  updatedAt: 'c.updated_at',
  dueAt: 'c.due_at',
  priority: 'c.priority_rank',
  reference: 'c.reference',
  id: 'c.id',
} as const;
export type CaseSortField = keyof typeof CASE_SORT_COLUMNS;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** The WHERE fragment of a filter over `cases c`; `p` numbers its parameters. */
export function caseFilterSql(f: CaseFilter, p: (v: unknown) => string): string {
  const parts: string[] = [];
  if (f.q) {
    // Identifiers are stored normalised (NFKC, no spaces, upper case), so a prefix match uses the indexes.
    const like = p(`${escapeLike(f.q)}%`);
    parts.push(`(c.reference LIKE ${like} OR c.sn LIKE ${like} OR c.merchant_id LIKE ${like} OR c.tid LIKE ${like})`);
  }
  if (f.stage) parts.push(`c.stage = ANY(${p(f.stage)}::text[])`);
  if (f.status) parts.push(`c.status = ANY(${p(f.status)}::text[])`);
  if (f.priority) parts.push(`c.priority = ANY(${p(f.priority)}::text[])`);
  if (f.slaState) parts.push(`c.status = 'open' AND c.sla_state = ANY(${p(f.slaState)}::text[])`);
  if (f.bankCode) parts.push(`c.bank_code = ANY(${p(f.bankCode)}::text[])`);
  if (f.teamId) parts.push(`c.team_id = ANY(${p(f.teamId)}::uuid[])`);
  if (f.assignee) {
    const ors: string[] = [];
    if (f.assignee.ids.length) ors.push(`c.assignee_id = ANY(${p(f.assignee.ids)}::uuid[])`);
    if (f.assignee.unassigned) ors.push('c.assignee_id IS NULL');
    parts.push(ors.length ? `(${ors.join(' OR ')})` : 'FALSE');
  }
  if (f.createdFrom) parts.push(`c.created_at >= ${p(f.createdFrom)}`);
  if (f.createdTo) parts.push(`c.created_at < ${p(f.createdTo)}`);
  if (f.visibleTo) parts.push(f.visibleTo.teamId ? `c.team_id = ${p(f.visibleTo.teamId)}` : 'FALSE');
  return parts.length ? parts.join(' AND ') : 'TRUE';
}
