import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { BankNotificationBody as NotificationBody, NotificationType, Outcome } from '@sentinel/contracts';
import { resultRows } from './sql-result';

type Db = Pick<EntityManager, 'query'>;

/**
 * Writes an outbox row in the caller's transaction (the case change and its notification commit together).
 * Delivery happens after commit, by the worker.
 */
export async function insertNotification(
  em: Db,
  input: { caseId: string; type: NotificationType; now: Date; reason?: string; outcome?: Outcome },
): Promise<{ id: string; bankCode: string } | null> {
  const [c] = await em.query(
    `SELECT id, reference, bank_code, sn, tid, merchant_id, merchant_name, misuse_type, amount_at_risk_minor, amount_at_risk_currency
       FROM cases WHERE id = $1`,
    [input.caseId],
  );
  if (!c?.bank_code) return null;
  const id = randomUUID();
  const body: NotificationBody = {
    type: input.type,
    notificationId: id,
    caseId: c.id,
    caseReference: c.reference,
    bankCode: c.bank_code,
    sn: c.sn,
    terminalId: c.tid,
    merchantId: c.merchant_id,
    merchantName: c.merchant_name,
    misuseType: c.misuse_type,
    amountAtRisk: c.amount_at_risk_minor != null ? { minor: Number(c.amount_at_risk_minor), currency: c.amount_at_risk_currency } : null,
    requestedAt: input.now.toISOString(),
    scope: ['terminal', 'settlement'],
    ...(input.reason ? { reason: input.reason } : {}),
    ...(input.outcome ? { outcome: input.outcome } : {}),
  };
  await em.query(
    `INSERT INTO notifications (id, case_id, bank_code, type, payload, status, next_attempt_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6, $6)`,
    [id, c.id, c.bank_code, input.type, JSON.stringify(body), input.now],
  );
  if (input.type === 'freeze.requested') {
    await em.query(
      `INSERT INTO case_freezes (case_id, bank_code, requested_at, notification_id, updated_at) VALUES ($1, $2, $3, $4, $3)
       ON CONFLICT (case_id) DO UPDATE SET bank_code = EXCLUDED.bank_code, requested_at = EXCLUDED.requested_at,
         notification_id = EXCLUDED.notification_id, updated_at = EXCLUDED.updated_at`,
      [c.id, c.bank_code, input.now, id],
    );
  }
  if (input.type === 'unfreeze.requested') {
    await em.query(`UPDATE case_freezes SET unfreeze_requested_at = $2, unfreeze_notification_id = $3, updated_at = $2 WHERE case_id = $1`, [
      c.id,
      input.now,
      id,
    ]);
  }
  return { id, bankCode: c.bank_code };
}

/** Cancels freeze requests of a case that were not delivered yet (closing before the bank got it). */
export async function cancelUndeliveredFreeze(em: Db, caseId: string, now: Date): Promise<string[]> {
  const rows = resultRows<{ id: string }>(await em.query(
    `UPDATE notifications SET status = 'cancelled', cancelled_at = $2, updated_at = $2
      WHERE case_id = $1 AND type = 'freeze.requested' AND status IN ('pending','delivering') RETURNING id`,
    [caseId, now],
  ));
  return rows.map((r) => r.id);
}
