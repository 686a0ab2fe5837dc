import { filterStrings, validIds } from '../users/filter-values';
import { isUuid, parseListQuery, type ListQuery } from './list-query';

/** What every list of records kept per case asks its repository for, besides its own filters. */
export interface CaseRecordCriteria<C extends string> {
  /** filter `caseId`: one or more case ids (ill-formed ones match nothing) */
  caseIds?: string[];
  /** filter={"id":[...]}: these records, unpaged */
  ids?: string[];
  sort: { column: C; order: 'ASC' | 'DESC' };
  page?: { limit: number; offset: number };
}

export interface CaseRecordListSpec<F extends string, S extends string, C extends string> {
  filters: readonly F[];
  sorts: readonly S[];
  defaultSort: { field: S; order: 'ASC' | 'DESC' };
  /** the column of each sort field (react-admin may also sort by id and createdAt) */
  sortColumns: Record<S | 'id' | 'createdAt', C>;
}

/**
 * A react-admin list of records kept per case (holds, regulatory clocks, watchlist entries): parses the query and
 * hands `fetch` the parsed query, for its own filters, and `shared()`, the criteria every such list has (case ids,
 * ids, sort column, page; spread it where the list reads its caseId filter, so a bad filter is still reported in the
 * list's own order); answers `{ rows, total, offset }` (offset 0 when ids were asked for).
 */
export async function listCaseRecords<F extends string, S extends string, C extends string, R, V>(
  query: Record<string, unknown>,
  spec: CaseRecordListSpec<F | 'caseId', S, C>,
  fetch: (q: ListQuery<F | 'caseId', S>, shared: () => CaseRecordCriteria<C>) => Promise<{ rows: R[]; total: number }>,
  toView: (row: R) => V,
): Promise<{ rows: V[]; total: number; offset: number }> {
  const q = parseListQuery(query, { filters: spec.filters, sorts: spec.sorts, defaultSort: spec.defaultSort });
  const { rows, total } = await fetch(q, () => ({
    caseIds: q.filter.caseId !== undefined ? filterStrings('caseId', q.filter.caseId, 36).filter(isUuid) : undefined,
    ids: q.ids ? validIds(q.ids) : undefined,
    sort: { column: spec.sortColumns[q.sort.field] ?? spec.sortColumns[spec.defaultSort.field], order: q.sort.order },
    page: q.ids ? undefined : { limit: q.limit, offset: q.offset },
  }));
  return { rows: rows.map(toView), total, offset: q.ids ? 0 : q.offset };
}
