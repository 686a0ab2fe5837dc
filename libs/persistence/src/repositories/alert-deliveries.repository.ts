import type { AlertChannel, AlertDeliveryKind, AlertDeliveryStatus, AlertDeliveryView, AlertType, Stage } from '@sentinel/contracts';
import { maybeOne, one, rows, type Db } from '../sql';
import { countedList, SqlParams, type Page } from './list-sql';

/** An alert not yet handed to the channels (locked by the dispatcher). */
export interface UnroutedAlertRow {
  id: string;
  user_id: string;
  type: AlertType;
}

export interface AlertDeliveryRow {
  id: string;
  user_id: string;
  channel: AlertChannel;
  kind: AlertDeliveryKind;
  status: AlertDeliveryStatus;
  next_attempt_at: Date | null;
  attempt_count: number;
  claimed_at: Date | null;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
  alert_count: number;
}

/** An alert as a delivery's message shows it. */
export interface DeliveryAlertRow {
  id: string;
  type: AlertType;
  case_id: string | null;
  case_reference: string | null;
  stage: Stage | null;
  created_at: Date;
}

/** Whom a claimed delivery goes to. */
export interface DeliveryRecipientRow {
  email: string;
  locale: string;
  active: boolean;
  digest_minutes: number | null;
}

/** A delivery to open: new (`alert`, `test`) or a digest joined while it is still collecting. */
export interface NewDelivery {
  userId: string;
  channel: AlertChannel;
  kind: AlertDeliveryKind;
  alertIds: string[];
  sendAt: Date;
}

/** What a delivery's next job needs: its id, the attempt it is on and when. */
export interface ScheduledDelivery {
  id: string;
  attemptCount: number;
  nextAttemptAt: Date;
}

const COLUMNS = `d.id, d.user_id, d.channel, d.kind, d.status, d.next_attempt_at, d.attempt_count, d.claimed_at, d.last_attempt_at,
  d.last_status_code, d.last_error, d.delivered_at, d.created_at,
  (SELECT count(*)::int FROM alert_delivery_items i WHERE i.delivery_id = d.id) AS alert_count`;

export function toAlertDeliveryView(r: AlertDeliveryRow): AlertDeliveryView {
  return {
    id: r.id,
    channel: r.channel,
    kind: r.kind,
    status: r.status,
    alertCount: r.alert_count,
    attemptCount: r.attempt_count,
    lastError: r.last_error,
    lastAttemptAt: r.last_attempt_at?.toISOString() ?? null,
    nextAttemptAt: r.status === 'pending' ? (r.next_attempt_at?.toISOString() ?? null) : null,
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}

/**
 * Alert-channel deliveries (docs/api.md "Alert channels"). A delivery is one message to one channel of one user:
 *   pending --claim (due)--> delivering --sent--> delivered
 *                               |--failed, attempts left--> pending (next_attempt_at later)
 *                               |--failed, last attempt--> dead
 *   delivering --stuck (worker died)--> pending
 * A digest is a pending delivery with no attempt yet whose `next_attempt_at` (the end of its window) is still ahead:
 * alerts routed meanwhile join it. Nothing here touches a case or the in-console alert.
 */
export class AlertDeliveriesRepository {
  /** Alerts raised and not yet routed, oldest first, locked (other dispatchers skip them). */
  unrouted(db: Db, limit: number): Promise<UnroutedAlertRow[]> {
    return rows<UnroutedAlertRow>(
      db,
      `SELECT id, user_id, type FROM alerts WHERE routed_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async markRouted(db: Db, alertIds: string[], now: Date): Promise<void> {
    if (alertIds.length) await db.query(`UPDATE alerts SET routed_at = $2 WHERE id = ANY($1::uuid[])`, [alertIds, now]);
  }

  /**
   * Opens each delivery, or for a digest adds its alerts to the user's digest of that channel still collecting (locked:
   * a claim waits, and one that came first leaves nothing to join). Returns the deliveries opened (they need a job).
   */
  async open(db: Db, deliveries: NewDelivery[], now: Date): Promise<ScheduledDelivery[]> {
    const opened: ScheduledDelivery[] = [];
    for (const d of deliveries) {
      let id: string | undefined;
      if (d.kind === 'digest') {
        id = (
          await maybeOne<{ id: string }>(
            db,
            `SELECT id FROM alert_deliveries
              WHERE user_id = $1 AND channel = $2 AND kind = 'digest' AND status = 'pending' AND attempt_count = 0 AND next_attempt_at > $3
              ORDER BY next_attempt_at LIMIT 1 FOR UPDATE`,
            [d.userId, d.channel, now],
          )
        )?.id;
      }
      if (!id) {
        const row = await one<{ id: string }>(
          db,
          `INSERT INTO alert_deliveries (user_id, channel, kind, status, next_attempt_at, created_at) VALUES ($1, $2, $3, 'pending', $4, $5) RETURNING id`,
          [d.userId, d.channel, d.kind, d.sendAt, now],
        );
        id = row.id;
        opened.push({ id, attemptCount: 0, nextAttemptAt: d.sendAt });
      }
      if (d.alertIds.length) {
        await db.query(`INSERT INTO alert_delivery_items (delivery_id, alert_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [id, d.alertIds]);
      }
    }
    return opened;
  }

  /** pending → delivering when due (within `slackMs`); undefined when it is not pending, not due or not there. */
  claim(db: Db, id: string, now: Date, slackMs: number): Promise<AlertDeliveryRow | undefined> {
    return maybeOne<AlertDeliveryRow>(
      db,
      `WITH c AS (
         UPDATE alert_deliveries SET status = 'delivering', claimed_at = $2
          WHERE id = $1 AND status = 'pending' AND next_attempt_at <= $2::timestamptz + make_interval(secs => $3::double precision / 1000)
          RETURNING *)
       SELECT ${COLUMNS} FROM c d`,
      [id, now, slackMs],
    );
  }

  alertsOf(db: Db, deliveryId: string): Promise<DeliveryAlertRow[]> {
    return rows<DeliveryAlertRow>(
      db,
      `SELECT a.id, a.type, a.case_id, a.case_reference, a.stage, a.created_at
         FROM alert_delivery_items i JOIN alerts a ON a.id = i.alert_id WHERE i.delivery_id = $1 ORDER BY a.created_at, a.id`,
      [deliveryId],
    );
  }

  recipient(db: Db, userId: string): Promise<DeliveryRecipientRow | undefined> {
    return maybeOne<DeliveryRecipientRow>(
      db,
      `SELECT u.email, u.locale, u.active, p.digest_minutes FROM users u LEFT JOIN alert_preferences p ON p.user_id = u.id WHERE u.id = $1`,
      [userId],
    );
  }

  /** The outcome of the claimed attempt: delivered, pending again at `nextAttemptAt`, or dead when there is none. */
  recordAttempt(
    db: Db,
    id: string,
    a: { ok: boolean; statusCode: number | null; error: string | null; at: Date; nextAttemptAt: Date | null },
  ): Promise<AlertDeliveryRow | undefined> {
    const status: AlertDeliveryStatus = a.ok ? 'delivered' : a.nextAttemptAt ? 'pending' : 'dead';
    return maybeOne<AlertDeliveryRow>(
      db,
      `WITH u AS (
         UPDATE alert_deliveries SET status = $2::text, attempt_count = attempt_count + 1, last_attempt_at = $3::timestamptz, last_status_code = $4::int,
                last_error = $5::text, next_attempt_at = $6::timestamptz, delivered_at = CASE WHEN $2::text = 'delivered' THEN $3::timestamptz END, claimed_at = NULL
          WHERE id = $1 AND status = 'delivering'
          RETURNING *)
       SELECT ${COLUMNS} FROM u d`,
      [id, status, a.at, a.statusCode, a.ok ? null : a.error, a.ok ? null : a.nextAttemptAt],
    );
  }

  /** Deliveries `delivering` since before `olderThan` (their worker died) go back to pending, due now. */
  recoverStuck(db: Db, olderThan: Date, now: Date, limit: number): Promise<ScheduledDelivery[]> {
    return rows<{ id: string; attempt_count: number; next_attempt_at: Date }>(
      db,
      `UPDATE alert_deliveries SET status = 'pending', claimed_at = NULL, next_attempt_at = $2
        WHERE id IN (SELECT id FROM alert_deliveries WHERE status = 'delivering' AND claimed_at < $1 ORDER BY claimed_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING id, attempt_count, next_attempt_at`,
      [olderThan, now, limit],
    ).then((r) => r.map((x) => ({ id: x.id, attemptCount: x.attempt_count, nextAttemptAt: x.next_attempt_at })));
  }

  /** Pending deliveries due by `until` (the sweep's relay checks each has a live job). */
  due(db: Db, until: Date, limit: number): Promise<ScheduledDelivery[]> {
    return rows<{ id: string; attempt_count: number; next_attempt_at: Date }>(
      db,
      `SELECT id, attempt_count, next_attempt_at FROM alert_deliveries WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2`,
      [until, limit],
    ).then((r) => r.map((x) => ({ id: x.id, attemptCount: x.attempt_count, nextAttemptAt: x.next_attempt_at })));
  }

  /** One user's deliveries, newest first (the console's delivery log). */
  async list(db: Db, c: { userId: string; ids?: string[]; statuses?: AlertDeliveryStatus[]; page?: Page }): Promise<{ rows: AlertDeliveryRow[]; total: number }> {
    const p = new SqlParams();
    const where = [`d.user_id = ${p.add(c.userId)}`];
    if (c.ids) where.push(`d.id = ANY(${p.add(c.ids)}::uuid[])`);
    if (c.statuses) where.push(`d.status = ANY(${p.add(c.statuses)}::text[])`);
    return countedList<AlertDeliveryRow>(db, { from: 'alert_deliveries d', columns: COLUMNS, where, params: p, orderBy: 'd.created_at DESC, d.id DESC', page: c.page });
  }
}
