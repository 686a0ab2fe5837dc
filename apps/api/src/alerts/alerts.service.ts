import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ALERT_TYPES, type AlertView, type ReadAllResult, type UnreadCount } from '@sentinel/contracts';
import { AlertInboxRepository, toAlertView, type AlertSort } from '@sentinel/persistence';
import type { Actor } from '../auth/actor';
import { assertUuid, isUuid, parseListQuery } from '../common/list-query';
import { notFound } from '../common/problem.exception';
import { filterBoolean, filterEnum, filterStrings, validIds } from '../users/filter-values';

export const ALERT_FILTERS = ['type', 'unread', 'caseId'] as const;
export const ALERT_SORTS = [] as const;

/** The caller's in-app alert inbox (docs/api.md "SLA": Alerts). Every query is scoped to the caller: others' alerts do not exist. */
@Injectable()
export class AlertsService {
  constructor(
    private readonly ds: DataSource,
    private readonly inbox: AlertInboxRepository,
  ) {}

  async list(query: Record<string, unknown>, actor: Actor): Promise<{ rows: AlertView[]; total: number; offset: number }> {
    const q = parseListQuery(query, { filters: ALERT_FILTERS, sorts: ALERT_SORTS, defaultSort: { field: 'createdAt', order: 'DESC' } });
    const f = q.filter;
    const { rows, total } = await this.inbox.list(this.ds, {
      userId: actor.id,
      types: f.type !== undefined ? filterEnum('type', f.type, ALERT_TYPES) : undefined,
      unread: f.unread !== undefined ? filterBoolean('unread', f.unread) : undefined,
      caseIds: f.caseId !== undefined ? filterStrings('caseId', f.caseId, 36).filter(isUuid) : undefined,
      ids: q.ids ? validIds(q.ids) : undefined,
      sort: { field: q.sort.field as AlertSort, order: q.sort.order },
      page: q.ids ? undefined : { limit: q.limit, offset: q.offset },
    });
    return { rows: rows.map(toAlertView), total, offset: q.ids ? 0 : q.offset };
  }

  async get(id: string, actor: Actor): Promise<AlertView> {
    assertUuid(id, 'Alert');
    const row = await this.inbox.findForUser(this.ds, id, actor.id);
    if (!row) throw notFound('Alert', id);
    return toAlertView(row);
  }

  async unreadCount(actor: Actor): Promise<UnreadCount> {
    return { count: await this.inbox.unreadCount(this.ds, actor.id) };
  }

  /** Idempotent: an alert already read keeps its first readAt. Someone else's alert → 404. */
  async markRead(id: string, actor: Actor): Promise<AlertView> {
    assertUuid(id, 'Alert');
    const row = await this.inbox.markRead(this.ds, id, actor.id, new Date());
    if (!row) throw notFound('Alert', id);
    return toAlertView(row);
  }

  async markAllRead(actor: Actor): Promise<ReadAllResult> {
    return { updated: await this.inbox.markAllRead(this.ds, actor.id, new Date()) };
  }
}
