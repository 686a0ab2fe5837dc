import { rows, type Db } from '../sql';
import type { UserRow } from './users.repository';

/** A usable API key with its (active) user, as a bearer key resolves to it. */
export interface ApiKeyActorRow extends UserRow {
  key_id: string;
  bank_codes: string[] | null;
  channels: string[] | null;
  auto_freeze: boolean;
  last_used_at: Date | null;
}

/** The statements authentication and user administration run on `api_keys` (issuing keys is ApiKeysService's). */
export class ApiKeyAuthRepository {
  /** The unrevoked, unexpired key of an active user with this hash. */
  async findActor(db: Db, keyHash: string): Promise<ApiKeyActorRow | undefined> {
    const [row] = await rows<ApiKeyActorRow>(
      db,
      `SELECT k.id AS key_id, k.bank_codes, k.channels, k.auto_freeze, k.last_used_at, u.id, u.email, u.name, u.role, u.team_id, u.active, u.locale, u.time_zone
         FROM api_keys k JOIN users u ON u.id = k.user_id
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now()) AND u.active`,
      [keyHash],
    );
    return row;
  }

  async touch(db: Db, keyId: string): Promise<void> {
    await db.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [keyId]);
  }

  /** Revokes every live key of the user (deactivated, or a new role the keys were not issued for). Returns how many. */
  async revokeOfUser(db: Db, userId: string): Promise<number> {
    const revoked = await rows<{ id: string }>(db, `UPDATE api_keys SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`, [userId]);
    return revoked.length;
  }
}
