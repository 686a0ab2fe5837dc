import { maybeOne, one, params, type Db } from '../sql';
import type { UserRow } from './users.repository';

/** A user as the caller's own account reads it (GET /api/auth/me): what the session must still do. */
export interface UserAccountRow extends UserRow {
  must_change_password: boolean;
  mfa_enabled_at: Date | null;
}

/** A user as sign-in reads it: with the password hash (null for an API-key-only client). */
export interface UserLoginRow extends UserAccountRow {
  password_hash: string | null;
}

/** The caller's own profile fields (PATCH /api/auth/me); left out = unchanged. */
export interface ProfilePatch {
  name?: string;
  locale?: string;
  timeZone?: string | null;
}

/** Statements on `users` that sign-in, the first-start admin and the caller's own account run. */
export class UserAccountsRepository {
  /** Serialises the first-start admin bootstrap across replicas (transaction-scoped advisory lock). */
  async lockBootstrap(db: Db): Promise<void> {
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('sentinel:bootstrap-admin'))`);
  }

  async countActiveAdmins(db: Db): Promise<number> {
    return (await one<{ n: number }>(db, `SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND active`)).n;
  }

  /** The id of the user with this email, compared case-insensitively. */
  async findIdByEmail(db: Db, email: string): Promise<string | undefined> {
    return (await maybeOne<{ id: string }>(db, `SELECT id FROM users WHERE lower(email) = lower($1)`, [email]))?.id;
  }

  /** Makes an existing user the (active) admin with this password, to be changed at the first sign-in. */
  async promoteToAdmin(db: Db, id: string, passwordHash: string): Promise<void> {
    await db.query(`UPDATE users SET role = 'admin', active = true, password_hash = $2, must_change_password = true, updated_at = now() WHERE id = $1`, [
      id,
      passwordHash,
    ]);
  }

  /** A new admin named "Administrator" whose password must be changed at the first sign-in; answers its id. */
  async insertAdmin(db: Db, email: string, passwordHash: string): Promise<string> {
    const row = await one<{ id: string }>(
      db,
      `INSERT INTO users (email, name, role, password_hash, must_change_password) VALUES ($1, 'Administrator', 'admin', $2, true) RETURNING id`,
      [email, passwordHash],
    );
    return row.id;
  }

  /** The user signing in with this email (compared case-insensitively), active or not. */
  findLogin(db: Db, email: string): Promise<UserLoginRow | undefined> {
    return maybeOne<UserLoginRow>(
      db,
      `SELECT id, email, name, role, team_id, active, locale, time_zone, password_hash, must_change_password, mfa_enabled_at
         FROM users WHERE lower(email) = lower($1)`,
      [email],
    );
  }

  /** The stored password hash: null without a password, undefined without the user. */
  async passwordHash(db: Db, id: string): Promise<string | null | undefined> {
    return (await maybeOne<{ password_hash: string | null }>(db, `SELECT password_hash FROM users WHERE id = $1`, [id]))?.password_hash;
  }

  /** Stores a new password hash the user chose: the must-change flag is cleared. */
  async setOwnPassword(db: Db, id: string, passwordHash: string): Promise<void> {
    await db.query(`UPDATE users SET password_hash = $2, must_change_password = false, password_changed_at = now(), updated_at = now() WHERE id = $1`, [
      id,
      passwordHash,
    ]);
  }

  findAccount(db: Db, id: string): Promise<UserAccountRow | undefined> {
    return maybeOne<UserAccountRow>(
      db,
      `SELECT id, email, name, role, team_id, active, locale, time_zone, must_change_password, mfa_enabled_at FROM users WHERE id = $1`,
      [id],
    );
  }

  async exists(db: Db, id: string): Promise<boolean> {
    return (await maybeOne<{ id: string }>(db, `SELECT id FROM users WHERE id = $1`, [id])) !== undefined;
  }

  /** Updates the fields given; nothing is sent when none is. */
  async updateProfile(db: Db, id: string, patch: ProfilePatch): Promise<void> {
    const { values, p } = params();
    p(id);
    const sets: string[] = [];
    if (patch.name !== undefined) sets.push(`name = ${p(patch.name)}`);
    if (patch.locale !== undefined) sets.push(`locale = ${p(patch.locale)}`);
    if (patch.timeZone !== undefined) sets.push(`time_zone = ${p(patch.timeZone)}`);
    if (sets.length) await db.query(`UPDATE users SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, values);
  }
}
