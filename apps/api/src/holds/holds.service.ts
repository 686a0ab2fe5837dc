import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HOLD_KINDS, HOLD_SORT_FIELDS, HOLD_STATUSES, type HoldView } from '@sentinel/contracts';
import { HoldsRepository, toHoldView } from '@sentinel/persistence';
import { listCaseRecords } from '../common/case-record-list';
import { parseTimeParam } from '../common/list-query';
import { filterEnum } from '../users/filter-values';

export const HOLD_FILTERS = ['caseId', 'status', 'kind', 'expiresBefore'] as const;
export const HOLD_SORTS = HOLD_SORT_FIELDS;
const SORT_COLUMNS = { expiresAt: 'expires_at', placedAt: 'placed_at', createdAt: 'created_at', id: 'id' } as const;

/** `GET /api/holds` (docs/api.md "Holds and police orders"): every hold of every case, for the readers of cases. */
@Injectable()
export class HoldsService {
  constructor(
    private readonly ds: DataSource,
    private readonly holds: HoldsRepository,
  ) {}

  list(query: Record<string, unknown>): Promise<{ rows: HoldView[]; total: number; offset: number }> {
    const spec = { filters: HOLD_FILTERS, sorts: HOLD_SORTS, defaultSort: { field: 'expiresAt', order: 'ASC' }, sortColumns: SORT_COLUMNS } as const;
    return listCaseRecords(
      query,
      spec,
      (q, shared) =>
        this.holds.list(this.ds, {
          ...shared(),
          status: q.filter.status !== undefined ? filterEnum('status', q.filter.status, HOLD_STATUSES) : undefined,
          kind: q.filter.kind !== undefined ? filterEnum('kind', q.filter.kind, HOLD_KINDS) : undefined,
          expiresBefore: q.filter.expiresBefore !== undefined ? parseTimeParam('expiresBefore', q.filter.expiresBefore) : undefined,
        }),
      toHoldView,
    );
  }
}
