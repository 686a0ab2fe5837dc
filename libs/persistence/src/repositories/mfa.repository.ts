import { maybeOne, rows, type Db } from '../sql';

/** A user's second-factor state (the secrets sealed, never in clear). */
export interface MfaStateRow {
  id: string;
  mfa_enabled_at: Date | null;
  mfa_pending_secret: string | null;
}

/** Statements on the TOTP columns of `users` and on `mfa_recovery_codes` (docs/api.md "Auth"). */
export class MfaRepository {
  /** The user's second-factor state (`lock`: the row locked for the transaction), or undefined without the user. */
  findState(db: Db, userId: string, opts: { lock?: boolean } = {}): Promise<MfaStateRow | undefined> {
    return maybeOne<MfaStateRow>(db, `SELECT id, mfa_enabled_at, mfa_pending_secret FROM users WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`, [userId]);
  }

  /** The sealed secret of the enrolled factor: null when none is, undefined without the user. */
  async enrolledSecret(db: Db, userId: string): Promise<string | null | undefined> {
    return (await maybeOne<{ mfa_secret: string | null }>(db, `SELECT mfa_secret FROM users WHERE id = $1`, [userId]))?.mfa_secret;
  }

  /** Stores a new pending (sealed) secret, replacing any pending one. */
  async setPendingSecret(db: Db, userId: string, sealed: string): Promise<void> {
    await db.query(`UPDATE users SET mfa_pending_secret = $2, updated_at = now() WHERE id = $1`, [userId, sealed]);
  }

  /** The pending secret becomes the factor, `step` (the code that confirmed it) counting as used. */
  async enable(db: Db, userId: string, step: number): Promise<void> {
    await db.query(
      `UPDATE users SET mfa_secret = mfa_pending_secret, mfa_pending_secret = NULL, mfa_enabled_at = now(), mfa_last_step = $2, updated_at = now() WHERE id = $1`,
      [userId, step],
    );
  }

  /** Records `step` as the last TOTP step used, if it is later than the last one; false when it is not (a replay). */
  async useStep(db: Db, userId: string, step: number): Promise<boolean> {
    const used = await rows<{ id: string }>(
      db,
      `UPDATE users SET mfa_last_step = $2 WHERE id = $1 AND (mfa_last_step IS NULL OR mfa_last_step < $2) RETURNING id`,
      [userId, step],
    );
    return used.length > 0;
  }

  /** Spends the unused recovery code with this hash; false when there is none. */
  async spendRecoveryCode(db: Db, userId: string, codeHash: string): Promise<boolean> {
    const spent = await rows<{ id: string }>(
      db,
      `UPDATE mfa_recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
      [userId, codeHash],
    );
    return spent.length > 0;
  }

  /** The user's recovery codes become exactly these (hashed) ones. */
  async replaceRecoveryCodes(db: Db, userId: string, codeHashes: string[]): Promise<void> {
    await this.deleteRecoveryCodes(db, userId);
    await db.query(`INSERT INTO mfa_recovery_codes (user_id, code_hash) SELECT $1, h FROM unnest($2::text[]) AS h`, [userId, codeHashes]);
  }

  /** Turns the factor off: secrets, enrolment, last step and recovery codes gone. */
  async clear(db: Db, userId: string): Promise<void> {
    await db.query(
      `UPDATE users SET mfa_secret = NULL, mfa_pending_secret = NULL, mfa_enabled_at = NULL, mfa_last_step = NULL, updated_at = now() WHERE id = $1`,
      [userId],
    );
    await this.deleteRecoveryCodes(db, userId);
  }

  private async deleteRecoveryCodes(db: Db, userId: string): Promise<void> {
    await db.query(`DELETE FROM mfa_recovery_codes WHERE user_id = $1`, [userId]);
  }
}
