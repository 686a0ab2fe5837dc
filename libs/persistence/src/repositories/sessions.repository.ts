import { one, rows, type Db } from '../sql';
import type { UserRow } from './users.repository';

/** A `sessions` row as the session list reads it. */
export interface SessionRow {
  id: string;
  user_id: string;
  created_at: Date;
  last_seen_at: Date;
  idle_expires_at: Date;
  absolute_expires_at: Date;
  client_ip: string | null;
  user_agent: string | null;
}

/** A live session with its (active) user, as a bearer token resolves to it. */
export interface SessionActorRow extends UserRow {
  session_id: string;
  last_seen_at: Date;
  must_change_password: boolean;
  mfa_enabled_at: Date | null;
}

export interface SessionInsert {
  userId: string;
  tokenHash: string;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  clientIp: string;
  userAgent: string | null;
}

/** Every statement on `sessions` (docs/api.md "Auth"): sign-in, the bearer lookup, listing and ending sessions, the queue board's check. */
export class SessionsRepository {
  async insert(db: Db, s: SessionInsert): Promise<string> {
    const row = await one<{ id: string }>(
      db,
      `INSERT INTO sessions (user_id, token_hash, idle_expires_at, absolute_expires_at, client_ip, user_agent)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [s.userId, s.tokenHash, s.idleExpiresAt, s.absoluteExpiresAt, s.clientIp, s.userAgent],
    );
    return row.id;
  }

  /** The live, unexpired session of an active user with this token hash. */
  async findActor(db: Db, tokenHash: string): Promise<SessionActorRow | undefined> {
    const [row] = await rows<SessionActorRow>(
      db,
      `SELECT s.id AS session_id, s.last_seen_at, u.id, u.email, u.name, u.role, u.team_id, u.active, u.locale, u.time_zone,
              u.must_change_password, u.mfa_enabled_at
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.idle_expires_at > now() AND s.absolute_expires_at > now() AND u.active`,
      [tokenHash],
    );
    return row;
  }

  /**
   * The role of the user behind a session that is neither revoked nor expired (idle or absolute) and whose user is
   * active; undefined otherwise (the queue board's cookie names a session: it ends with it).
   */
  async liveSessionRole(db: Db, sessionId: string): Promise<string | undefined> {
    const [row] = await rows<{ role: string }>(
      db,
      `SELECT u.role FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.revoked_at IS NULL AND s.idle_expires_at > now() AND s.absolute_expires_at > now() AND u.active`,
      [sessionId],
    );
    return row?.role;
  }

  /** Slides the idle expiry of a session in use. */
  async touch(db: Db, sessionId: string, idleMinutes: number): Promise<void> {
    await db.query(`UPDATE sessions SET last_seen_at = now(), idle_expires_at = now() + make_interval(mins => $2) WHERE id = $1`, [
      sessionId,
      idleMinutes,
    ]);
  }

  /** Live sessions of a user, most recently used first (at most 200). */
  listLive(db: Db, userId: string): Promise<SessionRow[]> {
    return rows<SessionRow>(
      db,
      `SELECT id, user_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at, client_ip, user_agent
         FROM sessions
        WHERE user_id = $1 AND revoked_at IS NULL AND idle_expires_at > now() AND absolute_expires_at > now()
        ORDER BY last_seen_at DESC, id
        LIMIT 200`,
      [userId],
    );
  }

  /** Ends one session (sign-out); a session already ended stays as it was. */
  async revoke(db: Db, sessionId: string): Promise<void> {
    await db.query(`UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [sessionId]);
  }

  /**
   * Ends a session that is not yet ended, when `anyUser` or it belongs to `userId`; answers its owner, or undefined
   * when there is no such session (or it is someone else's).
   */
  async revokeIfOwned(db: Db, sessionId: string, owner: { anyUser: boolean; userId: string }): Promise<{ id: string; user_id: string } | undefined> {
    const [row] = await rows<{ id: string; user_id: string }>(
      db,
      `UPDATE sessions SET revoked_at = now()
          WHERE id = $1 AND revoked_at IS NULL AND ($2::boolean OR user_id = $3) RETURNING id, user_id`,
      [sessionId, owner.anyUser, owner.userId],
    );
    return row;
  }

  /** Ends every live session of the user but `keepSessionId` (the caller's own, if given). Returns how many. */
  async revokeOfUser(db: Db, userId: string, keepSessionId?: string | null): Promise<number> {
    const ended = await rows<{ id: string }>(
      db,
      `UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2) RETURNING id`,
      [userId, keepSessionId ?? null],
    );
    return ended.length;
  }
}
