import { CASE_STATUSES, PRIORITIES, SLA_STATES, STAGES } from '@sentinel/contracts';
import { normaliseSn } from '@sentinel/domain';
import { CASE_SORT_COLUMNS, type CaseFilter } from '@sentinel/persistence';
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

/** Sortable fields (the columns are the cases repository's). */
export const CASE_SORTS = CASE_SORT_COLUMNS;

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

function enumValues<T extends string>(field: string, v: unknown, allowed: readonly T[]): T[] {
  const vals = list(v).map(String);
  const bad = vals.filter((x) => !(allowed as readonly string[]).includes(x));
  if (bad.length) {
    throw new ProblemException('REQUEST.MALFORMED', `filter ${field} must be one of ${allowed.join(', ')}`, { field, allowed });
  }
  return vals as T[];
}

/**
 * Validates a case filter (unknown fields must already have been refused by parseListQuery / the queue DTO):
 * bad values → 400, identifiers normalised, `assigneeId: "me"` resolved to `actorId`.
 */
export function parseCaseFilter(filter: Partial<Record<string, unknown>>, actorId: string): CaseFilter {
  const f: CaseFilter = {};
  for (const [field, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    switch (field as CaseFilterField) {
      case 'q': {
        const q = normaliseSn(String(value));
        if (q) f.q = q;
        break;
      }
      case 'stage':
        f.stage = enumValues(field, value, STAGES);
        break;
      case 'status':
        f.status = enumValues(field, value, CASE_STATUSES);
        break;
      case 'priority':
        f.priority = enumValues(field, value, PRIORITIES);
        break;
      case 'slaState':
        f.slaState = enumValues(field, value, SLA_STATES);
        break;
      case 'bankCode':
        f.bankCode = list(value).map((v) => String(v).toUpperCase());
        break;
      case 'teamId': {
        const ids = list(value).map(String);
        if (!ids.every(isUuid)) throw new ProblemException('REQUEST.MALFORMED', 'filter teamId must be team ids', { field });
        f.teamId = ids;
        break;
      }
      case 'assigneeId': {
        const vals = list(value);
        const unassigned = vals.some((v) => v === null || v === 'null');
        const ids = vals.filter((v) => v !== null && v !== 'null').map((v) => (v === 'me' ? actorId : String(v)));
        if (!ids.every(isUuid)) throw new ProblemException('REQUEST.MALFORMED', 'filter assigneeId must be user ids, "me" or null', { field });
        f.assignee = { ids, unassigned };
        break;
      }
      case 'createdFrom':
        f.createdFrom = parseTimeParam(field, value, `filter ${field}`);
        break;
      case 'createdTo':
        f.createdTo = parseTimeParam(field, value, `filter ${field}`);
        break;
      default:
        throw new ProblemException('REQUEST.UNKNOWN_FIELD', `Unknown filter field: ${field}`, { fields: [field] });
    }
  }
  return f;
}
