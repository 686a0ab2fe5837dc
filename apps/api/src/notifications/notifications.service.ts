import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NOTIFICATION_STATUSES } from '@sentinel/contracts';
import { retryNotification } from '@sentinel/persistence';
import { auditActor, type Actor } from '../auth/actor';
import { assertUuid, isUuid, parseListQuery } from '../common/list-query';
import { notFound, ProblemException } from '../common/problem.exception';
import { WakeupPublisher } from '../jobs/wakeup.publisher';
import { filterEnum, filterStrings, validIds } from '../users/filter-values';
import { toNotificationView, type NotificationView } from './notification.view';

export const NOTIFICATION_FILTERS = ['status', 'bankCode', 'caseId'] as const;
export const NOTIFICATION_SORTS = ['createdAt', 'updatedAt', 'status'] as const;
const SORT_COLUMNS: Record<string, string> = { createdAt: 'n.created_at', updatedAt: 'n.updated_at', status: 'n.status', id: 'n.id' };

const SELECT = `SELECT n.*, c.reference AS case_reference FROM notifications n JOIN cases c ON c.id = n.case_id`;

/** The bank notification outbox as supervisors see it (docs/api.md "Banks and notifications"), and the retry of a dead one. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly ds: DataSource,
    private readonly wakeups: WakeupPublisher,
  ) {}

  async list(query: Record<string, unknown>): Promise<{ rows: NotificationView[]; total: number; offset: number }> {
    const q = parseListQuery(query, { filters: NOTIFICATION_FILTERS, sorts: NOTIFICATION_SORTS });
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    if (q.filter.status !== undefined) where.push(`n.status = ANY(${p(filterEnum('status', q.filter.status, NOTIFICATION_STATUSES))}::text[])`);
    if (q.filter.bankCode !== undefined) where.push(`n.bank_code = ANY(${p(filterStrings('bankCode', q.filter.bankCode, 16).map((c) => c.toUpperCase()))}::text[])`);
    if (q.filter.caseId !== undefined) {
      const ids = filterStrings('caseId', q.filter.caseId, 36);
      where.push(`n.case_id = ANY(${p(ids.filter(isUuid))}::uuid[])`);
    }
    if (q.ids) where.push(`n.id = ANY(${p(validIds(q.ids))}::uuid[])`);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const order = `${SORT_COLUMNS[q.sort.field] ?? 'n.created_at'} ${q.sort.order}, n.id ${q.sort.order}`;
    const countParams = [...params];
    const page = q.ids ? '' : ` LIMIT ${p(q.limit)} OFFSET ${p(q.offset)}`;
    const [rows, [{ total }]] = await Promise.all([
      this.ds.query(`${SELECT} ${w} ORDER BY ${order}${page}`, params),
      this.ds.query(`SELECT count(*)::int AS total FROM notifications n ${w}`, countParams),
    ]);
    return { rows: await this.withAttempts(rows), total, offset: q.ids ? 0 : q.offset };
  }

  async get(id: string): Promise<NotificationView> {
    assertUuid(id, 'Notification');
    const rows = await this.ds.query(`${SELECT} WHERE n.id = $1`, [id]);
    if (!rows.length) throw notFound('Notification', id);
    return (await this.withAttempts(rows))[0];
  }

  /**
   * Supervisor retry: only a `dead` notification (422 CASE.ACTION_NOT_ALLOWED otherwise). A fresh generation and
   * schedule in one transaction (case event `notification.retried`), then the wake-up `{ id, generation }`.
   */
  async retry(id: string, actor: Actor, correlationId?: string): Promise<NotificationView> {
    assertUuid(id, 'Notification');
    const r = await this.ds.transaction((em) => retryNotification(em, id, { actor: auditActor(actor) }));
    if (!r.ok) {
      if (r.reason === 'not_found') throw notFound('Notification', id);
      throw new ProblemException('CASE.ACTION_NOT_ALLOWED', `Only a dead notification can be retried; this one is ${r.status}`, { status: r.status });
    }
    await this.wakeups.publish({ notificationIds: [{ id, generation: r.notification.generation }] }, correlationId);
    return this.get(id);
  }

  private async withAttempts(rows: any[]): Promise<NotificationView[]> {
    if (!rows.length) return [];
    const attempts: any[] = await this.ds.query(
      `SELECT notification_id, attempt_no, generation, started_at, duration_ms, status_code, error, outcome
         FROM notification_attempts WHERE notification_id = ANY($1::uuid[]) ORDER BY generation, attempt_no, started_at`,
      [rows.map((r) => r.id)],
    );
    const byId = new Map<string, any[]>();
    for (const a of attempts) byId.set(a.notification_id, [...(byId.get(a.notification_id) ?? []), a]);
    return rows.map((r) => toNotificationView(r, byId.get(r.id) ?? []));
  }
}
