import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SessionsRepository, UserAccountsRepository, type SessionRow } from '@sentinel/persistence';
import { passwordProblem } from '@sentinel/domain';
import type { SessionView } from '@sentinel/contracts';
import { AuditService } from '../audit/audit.service';
import { notFound, validationFailed } from '../common/problem.exception';
import { assertUuid } from '../common/list-query';
import { auditActor, type Actor } from './actor';
import { AuthService, hashPassword } from './auth.service';

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
    private readonly accounts: UserAccountsRepository,
    private readonly sessions: SessionsRepository,
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
      await this.accounts.setOwnPassword(em, actor.id, hash);
      const sessionsEnded = await this.sessions.revokeOfUser(em, actor.id, actor.sessionId);
      await this.audit.appendSystemEvent(em, { actor: auditActor(actor), action: 'auth.password_changed', data: { userId: actor.id, sessionsEnded } });
    });
  }

  /** Live sessions of a user, most recently used first. */
  async listSessions(userId: string, currentSessionId?: string): Promise<SessionView[]> {
    const rows = await this.sessions.listLive(this.ds, userId);
    return rows.map((r) => toSessionView(r, currentSessionId));
  }

  async listSessionsOf(admin: Actor, userId: string): Promise<SessionView[]> {
    assertUuid(userId, 'User');
    if (!(await this.accounts.exists(this.ds, userId))) throw notFound('User', userId);
    return this.listSessions(userId, admin.sessionId);
  }

  /** Ends a session: the caller's own, or anyone's for an admin. Someone else's session is 404 to a non-admin. */
  async revokeSession(actor: Actor, sessionId: string): Promise<void> {
    assertUuid(sessionId, 'Session');
    await this.ds.transaction(async (em) => {
      const s = await this.sessions.revokeIfOwned(em, sessionId, { anyUser: actor.role === 'admin', userId: actor.id });
      if (!s) throw notFound('Session', sessionId);
      await this.audit.appendSystemEvent(em, { actor: auditActor(actor), action: 'auth.session_revoked', data: { sessionId, userId: s.user_id } });
    });
  }
}
