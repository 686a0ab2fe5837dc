import { CASE_STATUSES, PRIORITIES, SLA_STATES, STAGES } from '@sentinel/contracts';
import { normaliseSn } from '@sentinel/domain';
import { ProblemException } from '../common/problem.exception';
import { isUuid, parseTimeParam } from '../common/list-query';

/** Filters of GET /api/cases (docs/api.md), also the `filter` of a queue. */
export const CASE_FILTER_FIELDS = [
  'q',
  'stage',
  'status',
  'priority',
  'assigneeId',
  'teamId',
  'slaState',
  'bankCode',
  'createdFrom',
  'createdTo',
] as const;
export type CaseFilterField = (typeof CASE_FILTER_FIELDS)[number];

/** Sortable fields → SQL column (keyset-friendly: every index ends with id). */
export const CASE_SORTS = {
  createdAt: 'c.created_at',
  updatedAt: 'c.updated_at',
  dueAt: 'c.due_at',
  priority: 'c.priority_rank',
  reference: 'c.reference',
  id: 'c.id',
} as const;

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

function enumValues(field: string, v: unknown, allowed: readonly string[]): string[] {
  const vals = list(v).map(String);
  const bad = vals.filter((x) => !allowed.includes(x));
  if (bad.length) {
    throw new ProblemException('REQUEST.MALFORMED', `filter ${field} must be one of ${allowed.join(', ')}`, { field, allowed });
  }
  return vals;
}

/**
 * Turns a validated case filter into a SQL WHERE fragment over `cases c`.
 * Unknown fields must already have been refused (parseListQuery / queue DTO).
 */
export function buildCaseFilterSql(
  filter: Partial<Record<string, unknown>>,
  actorId: string,
  params: unknown[] = [],
): { where: string; params: unknown[] } {
  const parts: string[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  for (const [field, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    switch (field as CaseFilterField) {
      case 'q': {
        // Identifiers are stored normalised (NFKC, no spaces, upper case), so a prefix match uses the indexes.
        const q = normaliseSn(String(value));
        if (!q) break;
        const like = p(q.replace(/[\\%_]/g, (m) => `\\${m}`) + '%');
        parts.push(`(c.reference LIKE ${like} OR c.sn LIKE ${like} OR c.merchant_id LIKE ${like} OR c.tid LIKE ${like})`);
        break;
      }
      case 'stage':
        parts.push(`c.stage = ANY(${p(enumValues(field, value, STAGES))})`);
        break;
      case 'status':
        parts.push(`c.status = ANY(${p(enumValues(field, value, CASE_STATUSES))})`);
        break;
      case 'priority':
        parts.push(`c.priority = ANY(${p(enumValues(field, value, PRIORITIES))})`);
        break;
      case 'slaState':
        parts.push(`c.status = 'open' AND c.sla_state = ANY(${p(enumValues(field, value, SLA_STATES))})`);
        break;
      case 'bankCode':
        parts.push(`c.bank_code = ANY(${p(list(value).map((v) => String(v).toUpperCase()))})`);
        break;
      case 'teamId': {
        const ids = list(value).map(String);
        if (!ids.every(isUuid)) throw new ProblemException('REQUEST.MALFORMED', 'filter teamId must be team ids', { field });
        parts.push(`c.team_id = ANY(${p(ids)})`);
        break;
      }
      case 'assigneeId': {
        const vals = list(value);
        const wantsNull = vals.some((v) => v === null || v === 'null');
        const ids = vals.filter((v) => v !== null && v !== 'null').map((v) => (v === 'me' ? actorId : String(v)));
        if (!ids.every(isUuid)) throw new ProblemException('REQUEST.MALFORMED', 'filter assigneeId must be user ids, "me" or null', { field });
        const ors: string[] = [];
        if (ids.length) ors.push(`c.assignee_id = ANY(${p(ids)})`);
        if (wantsNull) ors.push('c.assignee_id IS NULL');
        parts.push(`(${ors.join(' OR ')})`);
        break;
      }
      case 'createdFrom':
        parts.push(`c.created_at >= ${p(parseTimeParam(field, value, `filter ${field}`))}`);
        break;
      case 'createdTo':
        parts.push(`c.created_at < ${p(parseTimeParam(field, value, `filter ${field}`))}`);
        break;
      default:
        throw new ProblemException('REQUEST.UNKNOWN_FIELD', `Unknown filter field: ${field}`, { fields: [field] });
    }
  }
  return { where: parts.length ? parts.join(' AND ') : 'TRUE', params };
}
