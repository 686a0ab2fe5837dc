import type { EntityManager } from 'typeorm';
import type { BankNotificationBody, NotificationStatus, NotificationType } from '@sentinel/contracts';
import { raiseAlert } from './alerts.store';
import { appendCaseEvent, SYSTEM_ACTOR } from './audit.store';

/**
 * Delivery side of the notification outbox (docs/api.md "Banks and notifications"), used by the worker (delivery,
 * relay, recovery) and by the API (supervisor retry). Queries only: the schedule, jitter and HTTP live in the
 * worker. Lock order is always case row, then notification row (the same as case actions), so a delivery result
 * and a concurrent case action wait for each other instead of deadlocking.
 *
 * Status machine of one generation:
 *   pending --claim--> delivering --2xx--> delivered
 *                          |--failure, attempts left--> pending (next_attempt_at = later)
 *                          |--failure, last attempt--> dead  (event + alert)
 *   delivering --stuck longer than timeout + margin (worker died)--> pending (redelivered; the bank dedupes by id)
 *   dead --retryNotification--> pending (generation + 1, attempt_count 0)
 * A case action may move pending/delivering to cancelled at any time (outbox.store `cancelUndeliveredFreeze`).
 */

type Db = Pick<EntityManager, 'query'>;

/**
 * TypeORM's postgres driver answers an UPDATE/DELETE (… RETURNING) with `[rows, rowCount]` instead of the rows;
 * this returns the rows either way.
 */
function returnedRows<T = Record<string, any>>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
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

/**
 * Moves one `pending` notification whose attempt is due (`next_attempt_at <= now + dueSlackMs`) to `delivering`,
 * atomically (one UPDATE … WHERE status = 'pending'): of two workers holding a job for the same row, one wins and
 * the other gets `{ ok: false }` with the reason. No transaction is held open afterwards: the HTTP call happens
 * outside any transaction and its result is applied by `recordDeliveryResult`.
 */
export async function claimNotification(em: Db, id: string, now: Date, opts: { dueSlackMs?: number } = {}): Promise<ClaimResult> {
  const dueBy = new Date(now.getTime() + (opts.dueSlackMs ?? 0));
  const rows = returnedRows(
    await em.query(
      `UPDATE notifications SET status = 'delivering', updated_at = $2
        WHERE id = $1 AND status = 'pending' AND coalesce(next_attempt_at, '-infinity') <= $3
        RETURNING id, case_id, bank_code, type, payload, generation, attempt_count, created_at`,
      [id, now, dueBy],
    ),
  );
  if (rows.length) {
    const r = rows[0];
    return {
      ok: true,
      notification: {
        id: r.id,
        caseId: r.case_id,
        bankCode: r.bank_code,
        type: r.type,
        payload: r.payload,
        generation: r.generation,
        attemptCount: r.attempt_count,
        createdAt: new Date(r.created_at),
        claimedAt: now,
      },
    };
  }
  const [cur] = await em.query(`SELECT status FROM notifications WHERE id = $1`, [id]);
  if (!cur) return { ok: false, reason: 'not_found' };
  const status = cur.status as NotificationStatus;
  return { ok: false, reason: status === 'pending' ? 'not_due' : status };
}

/** What the worker needs to sign and send: the bank's endpoint and the secrets valid right now. */
export interface BankEndpoint {
  code: string;
  active: boolean;
  webhookUrl: string | null;
  /** Current secret first, then the previous one while its grace period lasts (`previous_secret_expires_at > now`). */
  secrets: string[];
}

export async function loadBankEndpoint(em: Db, code: string, now: Date): Promise<BankEndpoint | null> {
  const [b] = await em.query(
    `SELECT code, active, webhook_url, secret, previous_secret, previous_secret_expires_at FROM banks WHERE code = $1`,
    [code],
  );
  if (!b) return null;
  const secrets: string[] = [b.secret];
  // A previous secret without an expiry is treated as expired: rotation always sets one (secretGraceHours).
  if (b.previous_secret && b.previous_secret_expires_at && new Date(b.previous_secret_expires_at).getTime() > now.getTime()) {
    secrets.push(b.previous_secret);
  }
  return { code: b.code, active: b.active, webhookUrl: b.webhook_url, secrets };
}

export interface DeliveryAttemptInput {
  notification: Pick<ClaimedNotification, 'id' | 'caseId' | 'bankCode' | 'type' | 'generation' | 'claimedAt'>;
  attemptNo: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  outcome: 'delivered' | 'failed';
  /** For a failed attempt: when to try again, or null when it was the last attempt of the schedule (→ dead). */
  nextAttemptAt: Date | null;
  now: Date;
}

export interface DeliveryResultApplied {
  /**
   * What the row became: `delivered`, `pending` (next attempt scheduled), `dead`, or `unchanged` when the row is no
   * longer this claim's (cancelled meanwhile, delivered by a redelivery, recovered and re-claimed): the attempt is
   * recorded anyway.
   */
  status: 'delivered' | 'pending' | 'dead' | 'unchanged';
  /** The row's status after this call. */
  rowStatus: NotificationStatus;
  nextAttemptAt: Date | null;
  createdAt: Date;
  alertsRaised: number;
}

const MAX_ERROR_CHARS = 500;

/**
 * Records one attempt (notification_attempts) and applies its result to the row, in the caller's transaction
 * (call it inside `ds.transaction`): `delivered` (+ case event `notification.delivered`), back to `pending` with
 * `next_attempt_at`, or `dead` (+ case event `notification.dead` + alert `notification.dead` to the case's
 * supervisors, deduplicated per notification and generation).
 *
 * A 2xx result marks the row delivered whenever it is still pending or delivering, even if this claim was
 * superseded (the bank has it). A failure changes the row only while this claim still owns it. A delivery that
 * reaches the bank after a case action cancelled the row keeps `cancelled`, sets `delivered_at` and records the
 * event with `cancelledBeforeDelivery: true`, so the trail shows the bank did receive it.
 */
export async function recordDeliveryResult(em: Db, input: DeliveryAttemptInput): Promise<DeliveryResultApplied> {
  const n = input.notification;
  const now = input.now;
  const error = input.error ? input.error.slice(0, MAX_ERROR_CHARS) : null;
  await em.query(`SELECT id FROM cases WHERE id = $1 FOR UPDATE`, [n.caseId]);
  const [row] = await em.query(
    `SELECT status, updated_at, created_at, attempt_count FROM notifications WHERE id = $1 FOR UPDATE`,
    [n.id],
  );
  if (!row) throw new Error(`notification ${n.id} vanished while recording its delivery attempt`);
  await em.query(
    `INSERT INTO notification_attempts (notification_id, generation, attempt_no, started_at, duration_ms, status_code, error, outcome)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [n.id, n.generation, input.attemptNo, input.startedAt, Math.max(0, Math.round(input.durationMs)), input.statusCode, error, input.outcome],
  );
  const status = row.status as NotificationStatus;
  const createdAt = new Date(row.created_at);
  const ownsClaim = status === 'delivering' && new Date(row.updated_at).getTime() === n.claimedAt.getTime();
  const base = { createdAt, alertsRaised: 0, nextAttemptAt: null };
  const eventData = {
    notificationId: n.id,
    type: n.type,
    bankCode: n.bankCode,
    generation: n.generation,
    attemptNo: input.attemptNo,
  };

  if (input.outcome === 'delivered') {
    if (status === 'delivered') return { ...base, status: 'unchanged', rowStatus: status };
    if (status === 'cancelled') {
      await em.query(
        `UPDATE notifications SET delivered_at = coalesce(delivered_at, $2), last_status_code = $3, updated_at = $2 WHERE id = $1`,
        [n.id, now, input.statusCode],
      );
      await appendCaseEvent(em, n.caseId, {
        actor: SYSTEM_ACTOR,
        action: 'notification.delivered',
        data: { ...eventData, statusCode: input.statusCode, cancelledBeforeDelivery: true },
        at: now,
      });
      return { ...base, status: 'unchanged', rowStatus: status };
    }
    await em.query(
      `UPDATE notifications SET status = 'delivered', delivered_at = $2, attempt_count = greatest(attempt_count, $3),
              last_status_code = $4, last_error = NULL, next_attempt_at = NULL, dead_at = NULL, updated_at = $2
        WHERE id = $1`,
      [n.id, now, input.attemptNo, input.statusCode],
    );
    await appendCaseEvent(em, n.caseId, {
      actor: SYSTEM_ACTOR,
      action: 'notification.delivered',
      data: { ...eventData, statusCode: input.statusCode, durationMs: Math.round(input.durationMs) },
      at: now,
    });
    return { ...base, status: 'delivered', rowStatus: 'delivered' };
  }

  if (!ownsClaim) {
    // Someone else owns the row now (cancelled, recovered, re-claimed, delivered): only the attempt is recorded.
    return { ...base, status: 'unchanged', rowStatus: status };
  }
  if (input.nextAttemptAt) {
    await em.query(
      `UPDATE notifications SET status = 'pending', attempt_count = $2, next_attempt_at = $3, last_error = $4,
              last_status_code = $5, updated_at = $6
        WHERE id = $1`,
      [n.id, input.attemptNo, input.nextAttemptAt, error, input.statusCode, now],
    );
    return { ...base, status: 'pending', rowStatus: 'pending', nextAttemptAt: input.nextAttemptAt };
  }
  await em.query(
    `UPDATE notifications SET status = 'dead', dead_at = $2, attempt_count = $3, next_attempt_at = NULL, last_error = $4,
            last_status_code = $5, updated_at = $2
      WHERE id = $1`,
    [n.id, now, input.attemptNo, error, input.statusCode],
  );
  await appendCaseEvent(em, n.caseId, {
    actor: SYSTEM_ACTOR,
    action: 'notification.dead',
    data: { ...eventData, attempts: input.attemptNo, lastError: error, lastStatusCode: input.statusCode },
    at: now,
  });
  const alertsRaised = await raiseAlert(em, {
    type: 'notification.dead',
    caseId: n.caseId,
    dedupeKey: `notification.dead:${n.id}:${n.generation}`,
    notificationId: n.id,
    stage: await caseStage(em, n.caseId),
  });
  return { ...base, status: 'dead', rowStatus: 'dead', alertsRaised };
}

async function caseStage(em: Db, caseId: string): Promise<string | null> {
  const [c] = await em.query(`SELECT stage FROM cases WHERE id = $1`, [caseId]);
  return c?.stage ?? null;
}

export interface DueNotification {
  id: string;
  caseId: string;
  generation: number;
  attemptCount: number;
  nextAttemptAt: Date | null;
}

/**
 * Pending notifications whose next attempt is due at `dueBefore` (the relay enqueues a job for each that has no
 * live job; the oldest first). Uses ix_notification_status (status, next_attempt_at).
 */
export async function findDueNotifications(em: Db, dueBefore: Date, limit: number): Promise<DueNotification[]> {
  const rows: Array<Record<string, any>> = await em.query(
    `SELECT id, case_id, generation, attempt_count, next_attempt_at FROM notifications
      WHERE status = 'pending' AND coalesce(next_attempt_at, '-infinity') <= $1
      ORDER BY next_attempt_at NULLS FIRST, id LIMIT $2`,
    [dueBefore, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    generation: r.generation,
    attemptCount: r.attempt_count,
    nextAttemptAt: r.next_attempt_at ? new Date(r.next_attempt_at) : null,
  }));
}

/** The relay enqueued these rows (informational: `enqueued_at` shows when a job was last handed to the queue). */
export async function markNotificationsEnqueued(em: Db, ids: string[], now: Date): Promise<void> {
  if (!ids.length) return;
  await em.query(`UPDATE notifications SET enqueued_at = $2 WHERE id = ANY($1::uuid[])`, [ids, now]);
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
 * Rows left `delivering` since before `stuckBefore` (a worker died between claim and result, or could not write
 * the result) go back to `pending`, due now. The interrupted attempt is not counted: it is re-run under the same
 * attempt number, and since the bank dedupes by `webhook-id` a redelivery of something it already got is harmless.
 * SKIP LOCKED: a row whose result is being written right now is left alone.
 */
export async function recoverStuckDeliveries(em: Db, stuckBefore: Date, now: Date, limit: number): Promise<RecoveredNotification[]> {
  const rows = returnedRows(
    await em.query(
      `WITH stuck AS (
         SELECT id, updated_at FROM notifications WHERE status = 'delivering' AND updated_at < $1
          ORDER BY updated_at LIMIT $3 FOR UPDATE SKIP LOCKED
       )
       UPDATE notifications n SET status = 'pending', next_attempt_at = $2, updated_at = $2, last_error = $4
         FROM stuck WHERE n.id = stuck.id
       RETURNING n.id, n.case_id, n.generation, n.attempt_count, stuck.updated_at AS stuck_since`,
      [stuckBefore, now, limit, INTERRUPTED_DELIVERY_ERROR],
    ),
  );
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    generation: r.generation,
    attemptCount: r.attempt_count,
    stuckSince: new Date(r.stuck_since),
  }));
}

export type RetryNotificationResult =
  | { ok: true; notification: { id: string; caseId: string; bankCode: string; type: NotificationType; generation: number; status: 'pending' } }
  | { ok: false; reason: 'not_found' | 'not_dead'; status?: NotificationStatus };

/**
 * Supervisor retry of a dead notification (docs/api.md `POST /api/notifications/:id/retry`), in the caller's
 * transaction: a new generation, status `pending` due now, attempt count and schedule restarted, case event
 * `notification.retried` (actor: the supervisor). Only a `dead` row may be retried (`{ ok: false, reason:
 * 'not_dead', status }` otherwise: map it to 422/409). After commit, enqueue
 * `jobIds.notification(id, generation)` (the API's WakeupPublisher does, given `{ id, generation }`); the
 * worker's relay picks the row up anyway if that enqueue is lost.
 */
export async function retryNotification(
  em: Db,
  id: string,
  opts: { actor?: { id: string; role: string }; now?: Date; reason?: string } = {},
): Promise<RetryNotificationResult> {
  const now = opts.now ?? new Date();
  const [peek] = await em.query(`SELECT case_id FROM notifications WHERE id = $1`, [id]);
  if (!peek) return { ok: false, reason: 'not_found' };
  await em.query(`SELECT id FROM cases WHERE id = $1 FOR UPDATE`, [peek.case_id]);
  const [row] = await em.query(`SELECT case_id, bank_code, type, status, generation FROM notifications WHERE id = $1 FOR UPDATE`, [id]);
  if (!row) return { ok: false, reason: 'not_found' };
  if (row.status !== 'dead') return { ok: false, reason: 'not_dead', status: row.status };
  const generation = row.generation + 1;
  await em.query(
    `UPDATE notifications SET status = 'pending', generation = $2, attempt_count = 0, next_attempt_at = $3, dead_at = NULL,
            last_error = NULL, last_status_code = NULL, enqueued_at = NULL, updated_at = $3
      WHERE id = $1`,
    [id, generation, now],
  );
  await appendCaseEvent(em, row.case_id, {
    actor: opts.actor ?? SYSTEM_ACTOR,
    action: 'notification.retried',
    data: {
      notificationId: id,
      type: row.type,
      bankCode: row.bank_code,
      before: { status: 'dead', generation: row.generation },
      after: { status: 'pending', generation },
      ...(opts.reason ? { reason: opts.reason } : {}),
    },
    at: now,
  });
  return { ok: true, notification: { id, caseId: row.case_id, bankCode: row.bank_code, type: row.type, generation, status: 'pending' } };
}
