import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in security (docs/api.md "Auth"): the must-change flag of a password an admin set, when a password last
 * changed, the TOTP second factor (secret sealed with SECRETS_KEY, a pending one during enrolment, the last time step
 * used so a code works once) and its one-time recovery codes (hashed).
 */
export class SignInSecurity1766100000000 implements MigrationInterface {
  name = 'SignInSecurity1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
        ADD COLUMN password_changed_at timestamptz,
        ADD COLUMN mfa_secret text,
        ADD COLUMN mfa_pending_secret text,
        ADD COLUMN mfa_enabled_at timestamptz,
        ADD COLUMN mfa_last_step bigint,
        ADD CONSTRAINT ck_user_mfa CHECK ((mfa_secret IS NULL) = (mfa_enabled_at IS NULL))`);
    await q.query(`
      CREATE TABLE mfa_recovery_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        code_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz,
        CONSTRAINT uq_mfa_recovery_code UNIQUE (user_id, code_hash)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS mfa_recovery_codes`);
    await q.query(`
      ALTER TABLE users
        DROP CONSTRAINT IF EXISTS ck_user_mfa,
        DROP COLUMN IF EXISTS mfa_last_step,
        DROP COLUMN IF EXISTS mfa_enabled_at,
        DROP COLUMN IF EXISTS mfa_pending_secret,
        DROP COLUMN IF EXISTS mfa_secret,
        DROP COLUMN IF EXISTS password_changed_at,
        DROP COLUMN IF EXISTS must_change_password`);
  }
}
