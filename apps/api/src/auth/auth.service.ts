import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiKeyAuthRepository, SessionsRepository, UserAccountsRepository, type ProfilePatch, type UserRow } from '@sentinel/persistence';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { ROLE_PERMISSIONS, type Locale, type MeView, type Role, type SessionUserView } from '@sentinel/contracts';
import { caseScopeOf } from '@sentinel/domain';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AuditService } from '../audit/audit.service';
import { ProblemException, validationFailed } from '../common/problem.exception';
import { MfaService, type SecondFactor } from './mfa.service';
import { RateLimitService } from './rate-limit.service';
import { API_KEY_PREFIX, maskEmail, newToken, SESSION_TOKEN_PREFIX, tokenHash } from './tokens';
import { SYSTEM_ACTOR, type Actor } from './actor';

/** argon2id (the library default) with OWASP's baseline parameters (19 MiB, t=2, p=1). */
export const hashPassword = (password: string) => argonHash(password, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
// A real hash of a random string: login against an unknown email costs the same time.
const DUMMY_HASH = argonHash('dummy-password-for-timing', { memoryCost: 19456, timeCost: 2, parallelism: 1 });

/** The roles `MFA_REQUIRED=true` makes enrol a second factor. */
export const MFA_ROLES: Role[] = ['admin', 'supervisor'];

export type { UserRow } from '@sentinel/persistence';

export function toActor(u: UserRow, extra: Partial<Actor> = {}): Actor {
  return {
    id: u.id,
    role: u.role,
    email: u.email,
    name: u.name,
    teamId: u.team_id,
    locale: u.locale,
    timeZone: u.time_zone,
    permissions: ROLE_PERMISSIONS[u.role] ?? [],
    ...extra,
  };
}

export function publicUser(u: UserRow): SessionUserView {
  return { id: u.id, email: u.email, name: u.name, role: u.role, teamId: u.team_id, locale: u.locale as Locale, timeZone: u.time_zone };
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly accounts: UserAccountsRepository,
    private readonly sessions: SessionsRepository,
    private readonly apiKeys: ApiKeyAuthRepository,
    private readonly audit: AuditService,
    private readonly limits: RateLimitService,
    private readonly mfa: MfaService,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  /** First start: if no active admin exists, create one from ADMIN_EMAIL / ADMIN_PASSWORD. */
  async onApplicationBootstrap(): Promise<void> {
    const { adminEmail, adminPassword } = this.cfg;
    if (!adminEmail || !adminPassword) return;
    const pw = await hashPassword(adminPassword);
    await this.ds.transaction(async (em) => {
      await this.accounts.lockBootstrap(em);
      if ((await this.accounts.countActiveAdmins(em)) > 0) return;
      const existing = await this.accounts.findIdByEmail(em, adminEmail);
      let id: string;
      if (existing) {
        id = existing;
        await this.accounts.promoteToAdmin(em, id, pw);
      } else {
        id = await this.accounts.insertAdmin(em, adminEmail, pw);
      }
      await this.audit.appendSystemEvent(em, { actor: SYSTEM_ACTOR, action: 'user.created', data: { after: { id, role: 'admin', email: maskEmail(adminEmail) }, reason: 'bootstrap admin' } });
      this.logger.log(`bootstrap admin ${maskEmail(adminEmail)} created`);
    });
  }

  /**
   * Sign-in: the attempt is reserved (per account and address, and per address) before the password is checked, so a
   * parallel burst gets no more tries than the limit; a user with a second factor also needs `otp` (401
   * `AUTH.MFA_REQUIRED` without it).
   */
  async login(email: string, password: string, otp: string | undefined, clientIp: string, userAgent: string | undefined) {
    await this.limits.reserveLogin(email, clientIp);
    const row = await this.accounts.findLogin(this.ds, email);
    const ok = row?.password_hash ? await argonVerify(row.password_hash, password).catch(() => false) : (await argonVerify(await DUMMY_HASH, password), false);
    if (!row || !ok || !row.active) {
      await this.loginFailed(row, email, clientIp, !row ? 'unknown_email' : !ok ? 'bad_password' : 'inactive');
      throw new ProblemException('AUTH.UNAUTHENTICATED', 'Wrong email or password');
    }
    let secondFactor: SecondFactor | undefined;
    if (row.mfa_enabled_at) {
      if (!otp) throw new ProblemException('AUTH.MFA_REQUIRED', 'Enter the code of your authenticator app (or a recovery code)');
      secondFactor = (await this.mfa.verify(this.ds.manager, row.id, row.email, otp)) ?? undefined;
      if (!secondFactor) {
        await this.loginFailed(row, email, clientIp, 'bad_otp');
        throw new ProblemException('AUTH.UNAUTHENTICATED', 'Wrong or already used code');
      }
    }
    await this.limits.loginSucceeded(email, clientIp);
    const token = newToken(SESSION_TOKEN_PREFIX);
    const now = Date.now();
    const idleExpires = new Date(now + this.cfg.sessionIdleMinutes * 60_000);
    const absExpires = new Date(now + this.cfg.sessionMaxHours * 3_600_000);
    await this.ds.transaction(async (em) => {
      const sessionId = await this.sessions.insert(em, {
        userId: row.id,
        tokenHash: tokenHash(token),
        idleExpiresAt: idleExpires,
        absoluteExpiresAt: absExpires,
        clientIp,
        userAgent: userAgent?.slice(0, 300) ?? null,
      });
      await this.audit.appendSystemEvent(em, { actor: { id: row.id, role: row.role }, action: 'auth.login', data: { sessionId, clientIp, ...(secondFactor ? { secondFactor } : {}) } });
    });
    const pending = this.pendingOf(row);
    return {
      token,
      expiresAt: new Date(Math.min(idleExpires.getTime(), absExpires.getTime())).toISOString(),
      user: publicUser(row),
      ...(pending.mustChangePassword ? { mustChangePassword: true } : {}),
      ...(pending.mfaEnrolmentRequired ? { mfaEnrolmentRequired: true } : {}),
    };
  }

  private async loginFailed(row: { id: string; role: string } | undefined, email: string, clientIp: string, reason: string): Promise<void> {
    await this.ds.transaction((em) =>
      this.audit.appendSystemEvent(em, {
        actor: row ? { id: row.id, role: row.role } : { id: 'anonymous', role: 'anonymous' },
        action: 'auth.login_failed',
        data: { email: maskEmail(email), clientIp, reason },
      }),
    );
  }

  /** What a session must do before anything else (docs/api.md "Auth"); intake users and API keys never. */
  pendingOf(row: { role: Role; must_change_password?: boolean; mfa_enabled_at?: Date | null }): { mustChangePassword: boolean; mfaEnrolmentRequired: boolean } {
    if (row.role === 'intake') return { mustChangePassword: false, mfaEnrolmentRequired: false };
    return {
      mustChangePassword: this.cfg.forcePasswordChange && !!row.must_change_password,
      mfaEnrolmentRequired: this.cfg.mfaRequired && MFA_ROLES.includes(row.role) && !row.mfa_enabled_at,
    };
  }

  /** `MFA_REQUIRED=true`: admins and supervisors keep their second factor (an admin may still reset it). */
  assertMayDisableMfa(actor: Actor): void {
    if (this.cfg.mfaRequired && MFA_ROLES.includes(actor.role)) {
      throw validationFailed({ otp: { code: 'NOT_ALLOWED', message: `the second factor is required for the ${actor.role} role` } });
    }
  }

  /** Checks the caller's password (changing it, turning the second factor off), limited like sign-in. */
  async assertPassword(actor: Actor, password: string, field: string): Promise<void> {
    await this.limits.reserveLogin(actor.email, actor.clientIp ?? 'unknown');
    const stored = await this.accounts.passwordHash(this.ds, actor.id);
    const ok = stored ? await argonVerify(stored, password).catch(() => false) : false;
    if (!ok) {
      await this.loginFailed({ id: actor.id, role: actor.role }, actor.email, actor.clientIp ?? 'unknown', `bad_password:${field}`);
      throw validationFailed({ [field]: { code: 'INVALID', message: 'is not your current password' } });
    }
    await this.limits.loginSucceeded(actor.email, actor.clientIp ?? 'unknown');
  }

  async logout(actor: Actor): Promise<void> {
    const { sessionId } = actor;
    if (!sessionId) return;
    await this.ds.transaction(async (em) => {
      await this.sessions.revoke(em, sessionId);
      await this.audit.appendSystemEvent(em, { actor: { id: actor.id, role: actor.role }, action: 'auth.logout', data: { sessionId } });
    });
  }

  /** Resolves a bearer token (session token or API key) to an actor, or null. */
  async authenticate(token: string, clientIp: string): Promise<Actor | null> {
    if (token.startsWith(API_KEY_PREFIX)) return this.authenticateApiKey(token, clientIp);
    if (!token.startsWith(SESSION_TOKEN_PREFIX)) return null;
    const row = await this.sessions.findActor(this.ds, tokenHash(token));
    if (!row) return null;
    // Slide the idle expiry, at most every 30 s per session (saves a write on every request).
    if (Date.now() - new Date(row.last_seen_at).getTime() > 30_000) {
      await this.sessions.touch(this.ds, row.session_id, this.cfg.sessionIdleMinutes);
    }
    return toActor(row, {
      sessionId: row.session_id,
      clientIp,
      pending: this.pendingOf(row),
      caseScope: caseScopeOf({ role: row.role, teamId: row.team_id }, this.cfg.caseVisibility),
    });
  }

  private async authenticateApiKey(key: string, clientIp: string): Promise<Actor | null> {
    const row = await this.apiKeys.findActor(this.ds, tokenHash(key));
    if (!row) return null;
    await this.limits.consumeApiKey(row.key_id);
    if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000) {
      await this.apiKeys.touch(this.ds, row.key_id);
    }
    return toActor(row, { apiKey: { id: row.key_id, bankCodes: row.bank_codes, channels: row.channels, autoFreeze: row.auto_freeze === true }, clientIp });
  }

  /** The caller's own account; 401 when the user is gone (the token outlived the row). */
  async me(actor: Actor): Promise<MeView> {
    const row = await this.accounts.findAccount(this.ds, actor.id);
    if (!row) throw new ProblemException('AUTH.UNAUTHENTICATED', 'The account of this token no longer exists; log in again');
    return { ...publicUser(row), permissions: ROLE_PERMISSIONS[row.role] ?? [], ...this.pendingOf(row), mfaEnabled: !!row.mfa_enabled_at };
  }

  async updateMe(actor: Actor, patch: ProfilePatch) {
    await this.accounts.updateProfile(this.ds, actor.id, patch);
    return this.me(actor);
  }
}
