import { isISO8601 } from 'class-validator';
import { ProblemException } from './problem.exception';
import { nulPaths } from './http-hardening';

/** ra-data-simple-rest list parameters: filter={json}&sort=["field","ASC"]&range=[0,24]. */
export interface ListQuery<F extends string = string, S extends string = string> {
  filter: Partial<Record<F | 'id', unknown>>;
  sort: { field: S | 'id' | 'createdAt'; order: 'ASC' | 'DESC' };
  offset: number;
  limit: number;
  /** filter={"id":[...]}: all of them, whatever the page size */
  ids?: string[];
}

export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 25;
/** The largest index `range` may name (2^31 − 1): larger offsets (`1e21`) never reach SQL. */
export const MAX_RANGE_INDEX = 2_147_483_647;

function parseJsonParam(name: string, raw: unknown): unknown {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw new ProblemException('REQUEST.MALFORMED', `Query parameter ${name} must be given once`);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ProblemException('REQUEST.MALFORMED', `Query parameter ${name} is not valid JSON`);
  }
  // A JSON escape (\u0000) decodes to a NUL only here, past the request's NUL guard; PostgreSQL refuses it in text.
  const nul = nulPaths(value);
  if (nul.length) throw new ProblemException('REQUEST.MALFORMED', `Query parameter ${name} holds a NUL character (U+0000) at ${nul.join(', ')}`);
  return value;
}

export function parseListQuery<F extends string, S extends string>(
  query: Record<string, unknown>,
  spec: { filters: readonly F[]; sorts: readonly S[]; defaultSort?: { field: S | 'id' | 'createdAt'; order: 'ASC' | 'DESC' } },
): ListQuery<F, S> {
  const known = new Set(['filter', 'sort', 'range', '_', 'from', 'to']);
  for (const k of Object.keys(query)) {
    if (!known.has(k)) throw new ProblemException('REQUEST.UNKNOWN_FIELD', `Unknown query parameter: ${k}`, { fields: [k] });
  }
  const filterRaw = parseJsonParam('filter', query.filter) ?? {};
  if (typeof filterRaw !== 'object' || filterRaw === null || Array.isArray(filterRaw)) {
    throw new ProblemException('REQUEST.MALFORMED', 'filter must be a JSON object');
  }
  const allowedFilters = new Set<string>([...spec.filters, 'id']);
  const filter: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(filterRaw as Record<string, unknown>)) {
    if (!allowedFilters.has(k)) throw new ProblemException('REQUEST.UNKNOWN_FIELD', `Unknown filter field: ${k}`, { fields: [k] });
    if (v === undefined || v === '') continue;
    filter[k] = v;
  }

  let sort = spec.defaultSort ?? { field: 'createdAt' as const, order: 'DESC' as const };
  const sortRaw = parseJsonParam('sort', query.sort);
  if (sortRaw !== undefined) {
    if (!Array.isArray(sortRaw) || sortRaw.length !== 2 || typeof sortRaw[0] !== 'string' || typeof sortRaw[1] !== 'string') {
      throw new ProblemException('REQUEST.MALFORMED', 'sort must be ["field","ASC"|"DESC"]');
    }
    const field = sortRaw[0];
    const order = sortRaw[1].toUpperCase();
    if (order !== 'ASC' && order !== 'DESC') throw new ProblemException('REQUEST.MALFORMED', 'sort order must be ASC or DESC');
    const allowedSorts = new Set<string>([...spec.sorts, 'id', 'createdAt']);
    if (!allowedSorts.has(field)) throw new ProblemException('REQUEST.UNKNOWN_FIELD', `Unknown sort field: ${field}`, { fields: [field] });
    sort = { field: field as S, order };
  }

  let offset = 0;
  let limit = DEFAULT_PAGE;
  const rangeRaw = parseJsonParam('range', query.range);
  if (rangeRaw !== undefined) {
    if (
      !Array.isArray(rangeRaw) ||
      rangeRaw.length !== 2 ||
      !rangeRaw.every((n) => Number.isSafeInteger(n) && n >= 0 && n <= MAX_RANGE_INDEX) ||
      rangeRaw[1] < rangeRaw[0]
    ) {
      throw new ProblemException('REQUEST.MALFORMED', `range must be [start, end], integers with 0 ≤ start ≤ end ≤ ${MAX_RANGE_INDEX}`);
    }
    offset = rangeRaw[0];
    limit = Math.min(rangeRaw[1] - rangeRaw[0] + 1, MAX_PAGE);
  }

  let ids: string[] | undefined;
  if (filter.id !== undefined) {
    const idv = filter.id;
    ids = (Array.isArray(idv) ? idv : [idv]).map(String);
    if (ids.length > 10_000) throw new ProblemException('REQUEST.MALFORMED', 'Too many ids in filter');
    delete filter.id;
  }
  return { filter: filter as ListQuery<F, S>['filter'], sort, offset, limit, ids };
}

/** `Content-Range: cases 0-24/1234` as ra-data-simple-rest reads it. */
export function contentRange(resource: string, offset: number, count: number, total: number): string {
  if (count === 0) return `${resource} */${total}`;
  return `${resource} ${offset}-${offset + count - 1}/${total}`;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && UUID_RE.test(v);
}

/** Path ids that are not UUIDs can never exist: 404 rather than a database error. */
export function assertUuid(v: string, what: string): void {
  if (!UUID_RE.test(v)) throw new ProblemException('NOT_FOUND', `${what} ${v} was not found`, { id: v });
}

/** A time in a query or filter parameter: an ISO 8601 string, else 400 (`label` is how the message names it). */
export function parseTimeParam(field: string, v: unknown, label = field): Date {
  if (typeof v !== 'string' || !isISO8601(v, { strict: true })) {
    throw new ProblemException('REQUEST.MALFORMED', `${label} must be an ISO 8601 time`, { field });
  }
  return new Date(v);
}
