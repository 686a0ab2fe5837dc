import type { BankNotificationBody, NotificationStatus, NotificationType } from '@sentinel/contracts';
import type { OutboxWrite } from '@sentinel/domain';
import { maybeOne, rows, type Db, type Statement } from '../sql';

/** A notifications row as listed (with its case's reference). */
export interface NotificationRow {
  id: string;
  case_id: string;
  case_reference: string;
  bank_code: string;
  type: NotificationType;
  payload: BankNotificationBody;
  status: NotificationStatus;
  generation: number;
  attempt_count: number;
  next_attempt_at: Date | null;
  enqueued_at: Date | null;
  last_error: string | null;
  last_status_code: number | null;
  delivered_at: Date | null;
  dead_at: Date | null;
  cancelled_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface NotificationAttemptRow {
  notification_id: string;
  attempt_no: number;
  generation: number;
  started_at: Date;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  outcome: 'delivered' | 'failed';
}

export interface ClaimedNotification {
  id: string;
  caseId: string;
  bankCode: string;
  type: NotificationType;
  /** The stored webhook body (jsonb). Send `JSON.stringify(payload)` and sign exactly those bytes. */
  payload: BankNotificationBody;
  generation: number;
  /** Attempts already made in this generation; this claim is attempt `attemptCount + 1`. */
  attemptCount: number;
  createdAt: Date;
  /** The claim's token: `updated_at` as set by the claim. A result is applied only while it still matches. */
  claimedAt: Date;
}

export type ClaimSkipReason = 'not_found' | 'delivered' | 'dead' | 'cancelled' | 'delivering' | 'not_due';
export type ClaimResult = { ok: true; notification: ClaimedNotification } | { ok: false; reason: ClaimSkipReason };

/** What the worker needs to sign and send: the bank's endpoint and the secrets valid right now. */
export interface BankEndpoint {
  /** The bank's row: its sealed secrets are bound to it. */
  id: string;
  code: string;
  active: boolean;
  webhookUrl: string | null;
  /**
   * Current secret first, then the previous one while its grace period lasts (`previous_secret_expires_at > now`),
   * sealed as stored (SecretBox, bound to `id`): the worker opens them right before signing.
   */
  sealedSecrets: string[];
}

export interface DueNotification {
  id: string;
  caseId: string;
  generation: number;
  attemptCount: number;
  nextAttemptAt: Date | null;
}

export interface RecoveredNotification {
  id: string;
  caseId: string;
  generation: number;
  attemptCount: number;
  stuckSince: Date;
}

export const INTERRUPTED_DELIVERY_ERROR = 'delivery interrupted (worker stopped or lost its result); redelivering — the bank dedupes by webhook-id';

/**
 * The bank notification outbox (docs/api.md "Banks and notifications"). Rows are written with the case change
 * that causes them (the case writer sends a plan's `OutboxWrite`s) and delivered by the worker afterwards.
 *
 * Status machine of one generation:
 *   pending --claim--> delivering --2xx--> delivered
 *                          |--failure, attempts left--> pending (next_attempt_at = later)
 *                          |--failure, last attempt--> dead  (event + alert)
 *   delivering --stuck longer than timeout + margin (worker died)--> pending (redelivered; the bank dedupes by id)
 *   dead --supervisor retry--> pending (generation + 1, attempt_count 0)
 * A case change may move pending/delivering to cancelled at any time. Results are written under the case row
 * lock, then the notification row lock (the write path's order); the claim and the recovery need neither.
 */
export class NotificationsRepository {
  /** A plan's outbox writes, each one statement (a plan touches each notification row at most once). */
  writeStatements(caseId: string, writes: OutboxWrite[]): Statement[] {
    return writes.map((w) => this.writeStatement(caseId, w));
  }

  private writeStatement(caseId: string, w: OutboxWrite): Statement {
    switch (w.op) {
      case 'queue':
        return {
          text: `INSERT INTO notifications (id, case_id, bank_code, type, payload, status, next_attempt_at, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6, $6)`,
          values: [w.id, caseId, w.bankCode, w.type, JSON.stringify(w.body), w.at],
        };
      case 'cancel':
        return {
          text: `UPDATE notifications SET status = 'cancelled', cancelled_at = $3, updated_at = $3
                  WHERE case_id = $1 AND id = ANY($2::uuid[]) AND status IN ('pending','delivering')`,
          values: [caseId, w.ids, w.at],
        };
      case 'attempt':
        return {
          text: `INSERT INTO notification_attempts (notification_id, generation, attempt_no, started_at, duration_ms, status_code, error, outcome)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          values: [w.id, w.generation, w.attemptNo, w.startedAt, w.durationMs, w.statusCode, w.error, w.outcome],
        };
      case 'delivered':
        return w.keepStatus
          ? {
              text: `UPDATE notifications SET delivered_at = coalesce(delivered_at, $2), last_status_code = $3, updated_at = $2 WHERE id = $1`,
              values: [w.id, w.at, w.statusCode],
            }
          : {
              text: `UPDATE notifications SET status = 'delivered', delivered_at = $2, attempt_count = greatest(attempt_count, coalesce($3::int, 0)),
                            last_status_code = coalesce($4::int, last_status_code), last_error = NULL, next_attempt_at = NULL, dead_at = NULL,
                            updated_at = $2
                      WHERE id = $1`,
              values: [w.id, w.at, w.attemptNo, w.statusCode],
            };
      case 'reschedule':
        return {
          text: `UPDATE notifications SET status = 'pending', attempt_count = $2, next_attempt_at = $3, last_error = $4, last_status_code = $5, updated_at = $6
                  WHERE id = $1`,
          values: [w.id, w.attemptNo, w.nextAttemptAt, w.error, w.statusCode, w.at],
        };
      case 'dead':
        return {
          text: `UPDATE notifications SET status = 'dead', dead_at = $2, attempt_count = $3, next_attempt_at = NULL, last_error = $4, last_status_code = $5, updated_at = $2
                  WHERE id = $1`,
          values: [w.id, w.at, w.attemptNo, w.error, w.statusCode],
        };
      case 'retry':
        return {
          text: `UPDATE notifications SET status = 'pending', generation = $2, attempt_count = 0, next_attempt_at = $3, dead_at = NULL,
                        last_error = NULL, last_status_code = NULL, enqueued_at = NULL, updated_at = $3
                  WHERE id = $1`,
          values: [w.id, w.generation, w.at],
        };
    }
  }

  /**
   * Moves one `pending` notification whose attempt is due (`next_attempt_at <= now + dueSlackMs`) to `delivering`,
   * atomically (one UPDATE … WHERE status = 'pending'): of two workers holding a job for the same row, one wins and
   * the other gets `{ ok: false }` with the reason. No transaction is held open afterwards: the HTTP call happens
   * outside any transaction, and its result is a `delivery_attempt` change.
   *
   * The claim commits without waiting for its WAL flush (`synchronous_commit = off` for this statement's own
   * transaction only, set in the statement so the claim stays one round trip): delivery is at-least-once, so a claim
   * lost in a crash just leaves the row `pending` (it is delivered again, with the same `webhook-id`: the bank drops
   * the duplicate). The attempt's record is a normal, durable commit, and WAL is replayed in order, so a lost claim
   * never comes with a kept record. Called outside a transaction (inside one, the setting would apply to all of it).
   */
  async claim(db: Db, id: string, now: Date, opts: { dueSlackMs?: number } = {}): Promise<ClaimResult> {
    const dueBy = new Date(now.getTime() + (opts.dueSlackMs ?? 0));
    const claimed = await maybeOne<Pick<NotificationRow, 'id' | 'case_id' | 'bank_code' | 'type' | 'payload' | 'generation' | 'attempt_count' | 'created_at'>>(
      db,
      `WITH async_commit AS MATERIALIZED (SELECT set_config('synchronous_commit', 'off', true))
       UPDATE notifications SET status = 'delivering', updated_at = $2
         FROM async_commit
        WHERE id = $1 AND status = 'pending' AND coalesce(next_attempt_at, '-infinity') <= $3
        RETURNING id, case_id, bank_code, type, payload, generation, attempt_count, created_at`,
      [id, now, dueBy],
    );
    if (claimed) {
      return {
        ok: true,
        notification: {
          id: claimed.id,
          caseId: claimed.case_id,
          bankCode: claimed.bank_code,
          type: claimed.type,
          payload: claimed.payload,
          generation: claimed.generation,
          attemptCount: claimed.attempt_count,
          createdAt: claimed.created_at,
          claimedAt: now,
        },
      };
    }
    const cur = await maybeOne<{ status: NotificationStatus }>(db, `SELECT status FROM notifications WHERE id = $1`, [id]);
    if (!cur) return { ok: false, reason: 'not_found' };
    return { ok: false, reason: cur.status === 'pending' ? 'not_due' : cur.status };
  }

  async bankEndpoint(db: Db, code: string, now: Date): Promise<BankEndpoint | null> {
    const b = await maybeOne<{ id: string; code: string; active: boolean; webhook_url: string | null; secret: string; previous_secret: string | null; previous_secret_expires_at: Date | null }>(
      db,
      `SELECT id, code, active, webhook_url, secret, previous_secret, previous_secret_expires_at FROM banks WHERE code = $1`,
      [code],
    );
    if (!b) return null;
    const sealedSecrets = [b.secret];
    // A previous secret without an expiry is treated as expired: rotation always sets one (secretGraceHours).
    if (b.previous_secret && b.previous_secret_expires_at && b.previous_secret_expires_at.getTime() > now.getTime()) sealedSecrets.push(b.previous_secret);
    return { id: b.id, code: b.code, active: b.active, webhookUrl: b.webhook_url, sealedSecrets };
  }

  /**
   * Pending notifications whose next attempt is due at `dueBefore` (the relay enqueues a job for each that has no
   * live job; the oldest first). Uses ix_notification_status (status, next_attempt_at).
   */
  async findDue(db: Db, dueBefore: Date, limit: number): Promise<DueNotification[]> {
    const due = await rows<Pick<NotificationRow, 'id' | 'case_id' | 'generation' | 'attempt_count' | 'next_attempt_at'>>(
      db,
      `SELECT id, case_id, generation, attempt_count, next_attempt_at FROM notifications
        WHERE status = 'pending' AND coalesce(next_attempt_at, '-infinity') <= $1
        ORDER BY next_attempt_at NULLS FIRST, id LIMIT $2`,
      [dueBefore, limit],
    );
    return due.map((r) => ({ id: r.id, caseId: r.case_id, generation: r.generation, attemptCount: r.attempt_count, nextAttemptAt: r.next_attempt_at }));
  }

  /** The relay enqueued these rows (informational: `enqueued_at` shows when a job was last handed to the queue). */
  async markEnqueued(db: Db, ids: string[], now: Date): Promise<void> {
    if (!ids.length) return;
    await db.query(`UPDATE notifications SET enqueued_at = $2 WHERE id = ANY($1::uuid[])`, [ids, now]);
  }

  /**
   * Rows left `delivering` since before `stuckBefore` (a worker died between claim and result, or could not write
   * the result) go back to `pending`, due now. The interrupted attempt is not counted: it is re-run under the same
   * attempt number, and since the bank dedupes by `webhook-id` a redelivery of something it already got is harmless.
   * SKIP LOCKED: a row whose result is being written right now is left alone.
   */
  async recoverStuck(db: Db, stuckBefore: Date, now: Date, limit: number): Promise<RecoveredNotification[]> {
    const recovered = await rows<{ id: string; case_id: string; generation: number; attempt_count: number; stuck_since: Date }>(
      db,
      `WITH stuck AS (
         SELECT id, updated_at FROM notifications WHERE status = 'delivering' AND updated_at < $1
          ORDER BY updated_at LIMIT $3 FOR UPDATE SKIP LOCKED
       )
       UPDATE notifications n SET status = 'pending', next_attempt_at = $2, updated_at = $2, last_error = $4
         FROM stuck WHERE n.id = stuck.id
       RETURNING n.id, n.case_id, n.generation, n.attempt_count, stuck.updated_at AS stuck_since`,
      [stuckBefore, now, limit, INTERRUPTED_DELIVERY_ERROR],
    );
    return recovered.map((r) => ({ id: r.id, caseId: r.case_id, generation: r.generation, attemptCount: r.attempt_count, stuckSince: r.stuck_since }));
  }

  /** GET /api/notifications: one page and the total, filters already validated. */
  async list(
    db: Db,
    q: { status?: string[]; bankCodes?: string[]; caseIds?: string[]; ids?: string[]; sort: { column: 'created_at' | 'updated_at' | 'status' | 'id'; order: 'ASC' | 'DESC' }; page?: { limit: number; offset: number } },
  ): Promise<{ rows: NotificationRow[]; total: number }> {
    const where: string[] = [];
    const values: unknown[] = [];
    const p = (v: unknown) => `$${values.push(v)}`;
    if (q.status) where.push(`n.status = ANY(${p(q.status)}::text[])`);
    if (q.bankCodes) where.push(`n.bank_code = ANY(${p(q.bankCodes)}::text[])`);
    if (q.caseIds) where.push(`n.case_id = ANY(${p(q.caseIds)}::uuid[])`);
    if (q.ids) where.push(`n.id = ANY(${p(q.ids)}::uuid[])`);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const countValues = [...values];
    const page = q.page ? ` LIMIT ${p(q.page.limit)} OFFSET ${p(q.page.offset)}` : '';
    const [list, [{ total }]] = await Promise.all([
      rows<NotificationRow>(
        db,
        `SELECT n.*, c.reference AS case_reference FROM notifications n JOIN cases c ON c.id = n.case_id ${w}
          ORDER BY n.${q.sort.column} ${q.sort.order}, n.id ${q.sort.order}${page}`,
        values,
      ),
      rows<{ total: number }>(db, `SELECT count(*)::int AS total FROM notifications n ${w}`, countValues),
    ]);
    return { rows: list, total };
  }

  async get(db: Db, id: string): Promise<NotificationRow | undefined> {
    return maybeOne<NotificationRow>(db, `SELECT n.*, c.reference AS case_reference FROM notifications n JOIN cases c ON c.id = n.case_id WHERE n.id = $1`, [id]);
  }

  /** Every attempt of these notifications, all generations, in order. */
  async attempts(db: Db, ids: string[]): Promise<NotificationAttemptRow[]> {
    if (!ids.length) return [];
    return rows<NotificationAttemptRow>(
      db,
      `SELECT notification_id, attempt_no, generation, started_at, duration_ms, status_code, error, outcome
         FROM notification_attempts WHERE notification_id = ANY($1::uuid[]) ORDER BY generation, attempt_no, started_at`,
      [ids],
    );
  }
}
