import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { ROLE_PERMISSIONS, type Locale, type MeView, type Role, type SessionUserView } from '@sentinel/contracts';
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

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  team_id: string | null;
  active: boolean;
  locale: string;
  time_zone: string | null;
}

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
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('sentinel:bootstrap-admin'))`);
      const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND active`);
      if (n > 0) return;
      const [existing] = await em.query(`SELECT id FROM users WHERE lower(email) = lower($1)`, [adminEmail]);
      let id: string;
      if (existing) {
        id = existing.id;
        await em.query(`UPDATE users SET role = 'admin', active = true, password_hash = $2, must_change_password = true, updated_at = now() WHERE id = $1`, [id, pw]);
      } else {
        [{ id }] = await em.query(
          `INSERT INTO users (email, name, role, password_hash, must_change_password) VALUES ($1, 'Administrator', 'admin', $2, true) RETURNING id`,
          [adminEmail, pw],
        );
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
    const [row] = await this.ds.query(
      `SELECT id, email, name, role, team_id, active, locale, time_zone, password_hash, must_change_password, mfa_enabled_at
         FROM users WHERE lower(email) = lower($1)`,
      [email],
    );
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
      const [s] = await em.query(
        `INSERT INTO sessions (user_id, token_hash, idle_expires_at, absolute_expires_at, client_ip, user_agent)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [row.id, tokenHash(token), idleExpires, absExpires, clientIp, userAgent?.slice(0, 300) ?? null],
      );
      await this.audit.appendSystemEvent(em, { actor: { id: row.id, role: row.role }, action: 'auth.login', data: { sessionId: s.id, clientIp, ...(secondFactor ? { secondFactor } : {}) } });
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
    const [row] = await this.ds.query(`SELECT password_hash FROM users WHERE id = $1`, [actor.id]);
    const ok = row?.password_hash ? await argonVerify(row.password_hash, password).catch(() => false) : false;
    if (!ok) {
      await this.loginFailed({ id: actor.id, role: actor.role }, actor.email, actor.clientIp ?? 'unknown', `bad_password:${field}`);
      throw validationFailed({ [field]: { code: 'INVALID', message: 'is not your current password' } });
    }
    await this.limits.loginSucceeded(actor.email, actor.clientIp ?? 'unknown');
  }

  async logout(actor: Actor): Promise<void> {
    if (!actor.sessionId) return;
    await this.ds.transaction(async (em) => {
      await em.query(`UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [actor.sessionId]);
      await this.audit.appendSystemEvent(em, { actor: { id: actor.id, role: actor.role }, action: 'auth.logout', data: { sessionId: actor.sessionId } });
    });
  }

  /** Resolves a bearer token (session token or API key) to an actor, or null. */
  async authenticate(token: string, clientIp: string): Promise<Actor | null> {
    if (token.startsWith(API_KEY_PREFIX)) return this.authenticateApiKey(token, clientIp);
    if (!token.startsWith(SESSION_TOKEN_PREFIX)) return null;
    const [row] = await this.ds.query(
      `SELECT s.id AS session_id, s.last_seen_at, u.id, u.email, u.name, u.role, u.team_id, u.active, u.locale, u.time_zone,
              u.must_change_password, u.mfa_enabled_at
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.idle_expires_at > now() AND s.absolute_expires_at > now() AND u.active`,
      [tokenHash(token)],
    );
    if (!row) return null;
    // Slide the idle expiry, at most every 30 s per session (saves a write on every request).
    if (Date.now() - new Date(row.last_seen_at).getTime() > 30_000) {
      await this.ds.query(
        `UPDATE sessions SET last_seen_at = now(), idle_expires_at = now() + make_interval(mins => $2) WHERE id = $1`,
        [row.session_id, this.cfg.sessionIdleMinutes],
      );
    }
    return toActor(row, { sessionId: row.session_id, clientIp, pending: this.pendingOf(row) });
  }

  private async authenticateApiKey(key: string, clientIp: string): Promise<Actor | null> {
    const [row] = await this.ds.query(
      `SELECT k.id AS key_id, k.bank_codes, k.channels, k.last_used_at, u.id, u.email, u.name, u.role, u.team_id, u.active, u.locale, u.time_zone
         FROM api_keys k JOIN users u ON u.id = k.user_id
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now()) AND u.active`,
      [tokenHash(key)],
    );
    if (!row) return null;
    await this.limits.consumeApiKey(row.key_id);
    if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000) {
      await this.ds.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [row.key_id]);
    }
    return toActor(row, { apiKey: { id: row.key_id, bankCodes: row.bank_codes, channels: row.channels }, clientIp });
  }

  async me(actor: Actor): Promise<MeView> {
    const [row] = await this.ds.query(
      `SELECT id, email, name, role, team_id, active, locale, time_zone, must_change_password, mfa_enabled_at FROM users WHERE id = $1`,
      [actor.id],
    );
    return { ...publicUser(row), permissions: ROLE_PERMISSIONS[row.role as Role] ?? [], ...this.pendingOf(row), mfaEnabled: !!row.mfa_enabled_at };
  }

  async updateMe(actor: Actor, patch: { name?: string; locale?: string; timeZone?: string | null }) {
    const sets: string[] = [];
    const args: unknown[] = [actor.id];
    if (patch.name !== undefined) sets.push(`name = $${args.push(patch.name)}`);
    if (patch.locale !== undefined) sets.push(`locale = $${args.push(patch.locale)}`);
    if (patch.timeZone !== undefined) sets.push(`time_zone = $${args.push(patch.timeZone)}`);
    if (sets.length) await this.ds.query(`UPDATE users SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, args);
    return this.me(actor);
  }
}
