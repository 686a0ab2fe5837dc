import { maybeOne, rows, type Db } from '../sql';

/**
 * A bank's callback credentials: the current secret, and the previous one while its grace period lasts — both
 * sealed (SecretBox, bound to the bank's `id`); the caller opens them.
 */
export interface CallbackBank {
  id: string;
  code: string;
  active: boolean;
  secret: string;
  previous_secret: string | null;
  previous_valid: boolean | null;
}

/** Signed bank callbacks (docs/api-decisions.md "Bank callbacks"): who may call, and which webhook ids were seen. */
export class BankCallbacksRepository {
  async bank(db: Db, code: string): Promise<CallbackBank | undefined> {
    return maybeOne<CallbackBank>(
      db,
      `SELECT id, code, active, secret, previous_secret, previous_secret_expires_at > now() AS previous_valid FROM banks WHERE code = $1`,
      [code],
    );
  }

  /** Records a webhook id in the callback's transaction; false when it was seen before (a replay). */
  async recordReceipt(db: Db, bankCode: string, webhookId: string, now: Date): Promise<boolean> {
    const inserted = await rows<{ webhook_id: string }>(
      db,
      `INSERT INTO callback_receipts (bank_code, webhook_id, received_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING webhook_id`,
      [bankCode, webhookId, now],
    );
    return inserted.length > 0;
  }

  /** Receipts older than `olderThan` are no longer needed to refuse replays. */
  async pruneReceipts(db: Db, olderThan: Date): Promise<void> {
    await db.query(`DELETE FROM callback_receipts WHERE received_at < $1`, [olderThan]);
  }
}
