import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NOTIFICATION_STATUSES } from '@sentinel/contracts';
import { CaseWriter, NotificationsRepository, type NotificationRow } from '@sentinel/persistence';
import { auditActor, type Actor } from '../auth/actor';
import { assertUuid, isUuid, parseListQuery } from '../common/list-query';
import { notFound } from '../common/problem.exception';
import { WakeupPublisher } from '../jobs/wakeup.publisher';
import { filterEnum, filterStrings, validIds } from '../users/filter-values';
import { toNotificationView, type NotificationView } from './notification.view';

export const NOTIFICATION_FILTERS = ['status', 'bankCode', 'caseId'] as const;
export const NOTIFICATION_SORTS = ['createdAt', 'updatedAt', 'status'] as const;
const SORT_COLUMNS = { createdAt: 'created_at', updatedAt: 'updated_at', status: 'status', id: 'id' } as const;

/** The bank notification outbox as supervisors see it (docs/api.md "Banks and notifications"), and the retry of a dead one. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly ds: DataSource,
    private readonly notifications: NotificationsRepository,
    private readonly writer: CaseWriter,
    private readonly wakeups: WakeupPublisher,
  ) {}

  async list(query: Record<string, unknown>): Promise<{ rows: NotificationView[]; total: number; offset: number }> {
    const q = parseListQuery(query, { filters: NOTIFICATION_FILTERS, sorts: NOTIFICATION_SORTS });
    const { rows, total } = await this.notifications.list(this.ds, {
      status: q.filter.status !== undefined ? filterEnum('status', q.filter.status, NOTIFICATION_STATUSES) : undefined,
      bankCodes: q.filter.bankCode !== undefined ? filterStrings('bankCode', q.filter.bankCode, 16).map((c) => c.toUpperCase()) : undefined,
      caseIds: q.filter.caseId !== undefined ? filterStrings('caseId', q.filter.caseId, 36).filter(isUuid) : undefined,
      ids: q.ids ? validIds(q.ids) : undefined,
      sort: { column: SORT_COLUMNS[q.sort.field] ?? 'created_at', order: q.sort.order },
      page: q.ids ? undefined : { limit: q.limit, offset: q.offset },
    });
    return { rows: await this.withAttempts(rows), total, offset: q.ids ? 0 : q.offset };
  }

  async get(id: string): Promise<NotificationView> {
    assertUuid(id, 'Notification');
    const row = await this.notifications.get(this.ds, id);
    if (!row) throw notFound('Notification', id);
    return (await this.withAttempts([row]))[0];
  }

  /**
   * Supervisor retry through the write path (`notification_retry`): only a `dead` notification (422
   * CASE.ACTION_NOT_ALLOWED otherwise); a fresh generation and schedule with the event `notification.retried`, in
   * one transaction; then the wake-up `{ id, generation }`.
   */
  async retry(id: string, actor: Actor, correlationId?: string): Promise<NotificationView> {
    assertUuid(id, 'Notification');
    const done = await this.ds.transaction((tx) =>
      this.writer.change(tx, { notificationId: id }, { kind: 'notification_retry', notificationId: id, actor: auditActor(actor) }, new Date()),
    );
    if (!done) throw notFound('Notification', id);
    await this.wakeups.publish(done.applied.wakeups, correlationId);
    return this.get(id);
  }

  private async withAttempts(rows: NotificationRow[]): Promise<NotificationView[]> {
    const attempts = await this.notifications.attempts(this.ds, rows.map((r) => r.id));
    return rows.map((r) => toNotificationView(r, attempts.filter((a) => a.notification_id === r.id)));
  }
}
