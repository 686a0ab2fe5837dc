import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ALERT_TYPES, type AlertType } from '@sentinel/contracts';
import type { Actor } from '../auth/actor';
import { assertUuid, isUuid, parseListQuery } from '../common/list-query';
import { notFound } from '../common/problem.exception';
import { filterBoolean, filterEnum, filterStrings, validIds } from '../users/filter-values';

export const ALERT_FILTERS = ['type', 'unread', 'caseId'] as const;
const SORT_COLUMNS: Record<string, string> = { createdAt: 'created_at', id: 'id' };

export interface AlertView {
  id: string;
  type: AlertType;
  caseId: string | null;
  caseReference: string | null;
  stage: string | null;
  notificationId: string | null;
  createdAt: string;
  readAt: string | null;
}

const COLUMNS = 'id, type, case_id, case_reference, stage, notification_id, created_at, read_at';

function toView(r: any): AlertView {
  return {
    id: r.id,
    type: r.type,
    caseId: r.case_id,
    caseReference: r.case_reference,
    stage: r.stage,
    notificationId: r.notification_id,
    createdAt: new Date(r.created_at).toISOString(),
    readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
  };
}

/** The caller's in-app alert inbox (docs/api.md "SLA": Alerts). Every query is scoped to the caller: others' alerts do not exist. */
@Injectable()
export class AlertsService {
  constructor(private readonly ds: DataSource) {}

  async list(query: Record<string, unknown>, actor: Actor): Promise<{ rows: AlertView[]; total: number; offset: number }> {
    const q = parseListQuery(query, { filters: ALERT_FILTERS, sorts: [] as const, defaultSort: { field: 'createdAt', order: 'DESC' } });
    const params: unknown[] = [actor.id];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where = ['user_id = $1'];
    if (q.filter.type !== undefined) where.push(`type = ANY(${p(filterEnum('type', q.filter.type, ALERT_TYPES))}::text[])`);
    if (q.filter.unread !== undefined) where.push(filterBoolean('unread', q.filter.unread) ? 'read_at IS NULL' : 'read_at IS NOT NULL');
    if (q.filter.caseId !== undefined) where.push(`case_id = ANY(${p(filterStrings('caseId', q.filter.caseId, 36).filter(isUuid))}::uuid[])`);
    if (q.ids) where.push(`id = ANY(${p(validIds(q.ids))}::uuid[])`);
    const w = where.join(' AND ');
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM alerts WHERE ${w}`, params);
    const order = `${SORT_COLUMNS[q.sort.field] ?? 'created_at'} ${q.sort.order}, id ${q.sort.order}`;
    const page = q.ids ? '' : ` LIMIT ${p(q.limit)} OFFSET ${p(q.offset)}`;
    const rows = await this.ds.query(`SELECT ${COLUMNS} FROM alerts WHERE ${w} ORDER BY ${order}${page}`, params);
    return { rows: rows.map(toView), total, offset: q.ids ? 0 : q.offset };
  }

  async get(id: string, actor: Actor): Promise<AlertView> {
    assertUuid(id, 'Alert');
    const [row] = await this.ds.query(`SELECT ${COLUMNS} FROM alerts WHERE id = $1 AND user_id = $2`, [id, actor.id]);
    if (!row) throw notFound('Alert', id);
    return toView(row);
  }

  async unreadCount(actor: Actor): Promise<{ count: number }> {
    const [{ count }] = await this.ds.query(`SELECT count(*)::int AS count FROM alerts WHERE user_id = $1 AND read_at IS NULL`, [actor.id]);
    return { count };
  }

  /** Idempotent: an alert already read keeps its first readAt. Someone else's alert → 404. */
  async markRead(id: string, actor: Actor): Promise<AlertView> {
    assertUuid(id, 'Alert');
    const [rows] = await this.ds.query(
      `UPDATE alerts SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
      [id, actor.id],
    );
    if (!rows.length) throw notFound('Alert', id);
    return toView(rows[0]);
  }

  async markAllRead(actor: Actor): Promise<{ updated: number }> {
    const [, updated] = await this.ds.query(`UPDATE alerts SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, [actor.id]);
    return { updated };
  }
}
