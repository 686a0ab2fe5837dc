import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { passwordProblem } from '@sentinel/domain';
import type { SessionView } from '@sentinel/contracts';
import { AuditService } from '../audit/audit.service';
import { notFound, validationFailed } from '../common/problem.exception';
import { assertUuid } from '../common/list-query';
import { auditActor, type Actor } from './actor';
import { AuthService, hashPassword } from './auth.service';

interface SessionRow {
  id: string;
  user_id: string;
  created_at: Date;
  last_seen_at: Date;
  idle_expires_at: Date;
  absolute_expires_at: Date;
  client_ip: string | null;
  user_agent: string | null;
}

const toSessionView = (r: SessionRow, currentId?: string): SessionView => ({
  id: r.id,
  userId: r.user_id,
  createdAt: r.created_at.toISOString(),
  lastSeenAt: r.last_seen_at.toISOString(),
  expiresAt: new Date(Math.min(r.idle_expires_at.getTime(), r.absolute_expires_at.getTime())).toISOString(),
  clientIp: r.client_ip,
  userAgent: r.user_agent,
  current: r.id === currentId,
});

/** The caller's own password and sessions, and an admin's view of anyone's sessions (docs/api.md "Auth"). */
@Injectable()
export class AccountService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
  ) {}

  /** Checks the current password and the policy, stores the new hash, clears the must-change flag, ends the other sessions. */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    await this.auth.assertPassword(actor, currentPassword, 'currentPassword');
    const problem = passwordProblem(newPassword, { email: actor.email, current: currentPassword });
    if (problem) throw validationFailed({ newPassword: problem });
    const hash = await hashPassword(newPassword);
    await this.ds.transaction(async (em) => {
      await em.query(`UPDATE users SET password_hash = $2, must_change_password = false, password_changed_at = now(), updated_at = now() WHERE id = $1`, [actor.id, hash]);
      // TypeORM answers an UPDATE … RETURNING as [rows, count].
      const [ended] = await em.query(
        `UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $2 RETURNING id`,
        [actor.id, actor.sessionId ?? null],
      );
      await this.audit.appendSystemEvent(em, { actor: auditActor(actor), action: 'auth.password_changed', data: { userId: actor.id, sessionsEnded: ended.length } });
    });
  }

  /** Live sessions of a user, most recently used first. */
  async listSessions(userId: string, currentSessionId?: string): Promise<SessionView[]> {
    const rows: SessionRow[] = await this.ds.query(
      `SELECT id, user_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at, client_ip, user_agent
         FROM sessions
        WHERE user_id = $1 AND revoked_at IS NULL AND idle_expires_at > now() AND absolute_expires_at > now()
        ORDER BY last_seen_at DESC, id
        LIMIT 200`,
      [userId],
    );
    return rows.map((r) => toSessionView(r, currentSessionId));
  }

  async listSessionsOf(admin: Actor, userId: string): Promise<SessionView[]> {
    assertUuid(userId, 'User');
    const [u] = await this.ds.query(`SELECT id FROM users WHERE id = $1`, [userId]);
    if (!u) throw notFound('User', userId);
    return this.listSessions(userId, admin.sessionId);
  }

  /** Ends a session: the caller's own, or anyone's for an admin. Someone else's session is 404 to a non-admin. */
  async revokeSession(actor: Actor, sessionId: string): Promise<void> {
    assertUuid(sessionId, 'Session');
    await this.ds.transaction(async (em) => {
      const [[s]] = await em.query(
        `UPDATE sessions SET revoked_at = now()
          WHERE id = $1 AND revoked_at IS NULL AND ($2::boolean OR user_id = $3) RETURNING id, user_id`,
        [sessionId, actor.role === 'admin', actor.id],
      );
      if (!s) throw notFound('Session', sessionId);
      await this.audit.appendSystemEvent(em, { actor: auditActor(actor), action: 'auth.session_revoked', data: { sessionId, userId: s.user_id } });
    });
  }
}
