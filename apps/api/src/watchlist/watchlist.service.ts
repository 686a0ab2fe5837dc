import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WATCHLIST_KINDS, type WatchlistEntryView } from '@sentinel/contracts';
import { parseSn } from '@sentinel/domain';
import { toWatchlistEntryView, WatchlistRepository } from '@sentinel/persistence';
import { AuditService } from '../audit/audit.service';
import { auditActor, type Actor } from '../auth/actor';
import { listCaseRecords } from '../common/case-record-list';
import { assertUuid } from '../common/list-query';
import { notFound, ProblemException } from '../common/problem.exception';
import { filterBoolean, filterEnum, filterString } from '../users/filter-values';
import type { AddWatchlistEntryDto } from './watchlist.view';

export const WATCHLIST_FILTERS = ['kind', 'value', 'caseId', 'active'] as const;
export const WATCHLIST_SORTS = ['addedAt', 'expiresAt'] as const;
const SORT_COLUMNS = { addedAt: 'added_at', expiresAt: 'expires_at', createdAt: 'added_at', id: 'id' } as const;
const DAY_MS = 86_400_000;

/** The watchlist (docs/api.md "Aftercare and watchlist"): readers of cases list it; supervisors add and remove, audited. */
@Injectable()
export class WatchlistService {
  constructor(
    private readonly ds: DataSource,
    private readonly watchlist: WatchlistRepository,
    private readonly audit: AuditService,
  ) {}

  list(query: Record<string, unknown>): Promise<{ rows: WatchlistEntryView[]; total: number; offset: number }> {
    const spec = { filters: WATCHLIST_FILTERS, sorts: WATCHLIST_SORTS, defaultSort: { field: 'addedAt', order: 'DESC' }, sortColumns: SORT_COLUMNS } as const;
    return listCaseRecords(
      query,
      spec,
      (q, shared) =>
        this.watchlist.list(this.ds, {
          kind: q.filter.kind !== undefined ? filterEnum('kind', q.filter.kind, WATCHLIST_KINDS) : undefined,
          value: q.filter.value !== undefined ? parseSn(filterString('value', q.filter.value, 64), 'value') : undefined,
          ...shared(),
          active: q.filter.active !== undefined ? filterBoolean('active', q.filter.active) : undefined,
        }),
      toWatchlistEntryView,
    );
  }

  async add(dto: AddWatchlistEntryDto, actor: Actor): Promise<WatchlistEntryView> {
    const value = parseSn(dto.value, 'value');
    const now = new Date();
    const id = randomUUID();
    await this.ds.transaction(async (em) => {
      await this.watchlist.insert(em, { id, kind: dto.kind, value, caseId: null, addedAt: now, addedBy: actor.id, resolvedBy: null, expiresAt: new Date(now.getTime() + dto.days * DAY_MS), reason: dto.reason.trim() });
      await this.audit.appendSystemEvent(em, { actor: auditActor(actor), action: 'watchlist.added', data: { entryId: id, kind: dto.kind, value, days: dto.days, reason: dto.reason.trim() }, at: now });
    });
    return toWatchlistEntryView((await this.watchlist.get(this.ds, id))!);
  }

  async remove(id: string, reason: string, actor: Actor): Promise<WatchlistEntryView> {
    assertUuid(id, 'Watchlist entry');
    const now = new Date();
    await this.ds.transaction(async (em) => {
      const row = await this.watchlist.get(em, id, true);
      if (!row) throw notFound('Watchlist entry', id);
      if (row.removed_at) throw new ProblemException('CONFLICT', 'This watchlist entry was already removed', { id });
      await this.watchlist.remove(em, id, actor.id, reason.trim(), now);
      await this.audit.appendSystemEvent(em, { actor: auditActor(actor), action: 'watchlist.removed', data: { entryId: id, kind: row.kind, value: row.value, reason: reason.trim() }, at: now });
    });
    return toWatchlistEntryView((await this.watchlist.get(this.ds, id))!);
  }
}
