import type { AlertType, AlertView, Stage } from '@sentinel/contracts';
import { affected, maybeOne, one, type Db } from '../sql';
import { countedList, SqlParams, type Page, type SortOrder } from './list-sql';

/** An `alerts` row as the inbox reads it. */
export interface AlertRow {
  id: string;
  type: AlertType;
  case_id: string | null;
  case_reference: string | null;
  stage: Stage | null;
  notification_id: string | null;
  created_at: Date;
  read_at: Date | null;
}

export const ALERT_SORT_COLUMNS = { createdAt: 'created_at', id: 'id' } as const;
export type AlertSort = keyof typeof ALERT_SORT_COLUMNS;

/** What a list of one user's alerts selects (filters already validated by the caller). */
export interface AlertListCriteria {
  userId: string;
  types?: AlertType[];
  /** true = unread only, false = read only. */
  unread?: boolean;
  caseIds?: string[];
  ids?: string[];
  sort: { field: AlertSort; order: SortOrder };
  page?: Page;
}

const COLUMNS = 'id, type, case_id, case_reference, stage, notification_id, created_at, read_at';

export function toAlertView(r: AlertRow): AlertView {
  return {
    id: r.id,
    type: r.type,
    caseId: r.case_id,
    caseReference: r.case_reference,
    stage: r.stage,
    notificationId: r.notification_id,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at ? r.read_at.toISOString() : null,
  };
}

/**
 * The reader's side of alerts (docs/api.md "SLA": Alerts): a user's inbox. Every statement is scoped to the user, so
 * another user's alert simply does not exist here. (Raising alerts is part of the case write path.)
 */
export class AlertInboxRepository {
  async list(db: Db, c: AlertListCriteria): Promise<{ rows: AlertRow[]; total: number }> {
    const p = new SqlParams();
    const where = [`user_id = ${p.add(c.userId)}`];
    if (c.types) where.push(`type = ANY(${p.add(c.types)}::text[])`);
    if (c.unread !== undefined) where.push(c.unread ? 'read_at IS NULL' : 'read_at IS NOT NULL');
    if (c.caseIds) where.push(`case_id = ANY(${p.add(c.caseIds)}::uuid[])`);
    if (c.ids) where.push(`id = ANY(${p.add(c.ids)}::uuid[])`);
    const orderBy = `${ALERT_SORT_COLUMNS[c.sort.field]} ${c.sort.order}, id ${c.sort.order}`;
    return countedList<AlertRow>(db, { from: 'alerts', columns: COLUMNS, where, params: p, orderBy, page: c.page });
  }

  findForUser(db: Db, id: string, userId: string): Promise<AlertRow | undefined> {
    return maybeOne<AlertRow>(db, `SELECT ${COLUMNS} FROM alerts WHERE id = $1 AND user_id = $2`, [id, userId]);
  }

  async unreadCount(db: Db, userId: string): Promise<number> {
    return (await one<{ count: number }>(db, `SELECT count(*)::int AS count FROM alerts WHERE user_id = $1 AND read_at IS NULL`, [userId])).count;
  }

  /** Idempotent: an alert already read keeps its first `read_at`. Undefined when the user has no such alert. */
  markRead(db: Db, id: string, userId: string, now: Date): Promise<AlertRow | undefined> {
    return maybeOne<AlertRow>(db, `UPDATE alerts SET read_at = coalesce(read_at, $3) WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`, [id, userId, now]);
  }

  /** Marks every unread alert of the user read; returns how many. */
  markAllRead(db: Db, userId: string, now: Date): Promise<number> {
    return affected(db, `UPDATE alerts SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL`, [userId, now]);
  }
}
