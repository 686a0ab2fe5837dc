import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MfaRepository, SessionsRepository, type Db } from '@sentinel/persistence';
import { Secret, TOTP } from 'otpauth';
import { secretBoxFromEnv, type SecretBox } from '@sentinel/outbound';
import type { MfaEnrolmentView, MfaRecoveryCodesView } from '@sentinel/contracts';
import { AuditService } from '../audit/audit.service';
import { ProblemException, validationFailed } from '../common/problem.exception';
import { auditActor, type Actor } from './actor';

const ISSUER = 'Sentinel SN';
const RECOVERY_CODES = 10;
/** Recovery codes: 10 characters of an alphabet without look-alikes (~50 bits each), shown as `xxxxx-xxxxx`. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function totpOf(secretBase32: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secretBase32) });
}

function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Recovery codes are high-entropy and single-use: SHA-256 bound to the user is enough (like session tokens). */
const recoveryHash = (userId: string, code: string) =>
  createHash('sha256').update(`${userId}:${code.trim().toLowerCase().replace(/[\s-]/g, '')}`).digest('hex');

export type SecondFactor = 'totp' | 'recovery';

/**
 * The TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s, one step either side) with one-time recovery codes.
 * The secret is sealed with SECRETS_KEY (never in the database in clear); each code works once (the last time step
 * used is kept); recovery codes are stored hashed and shown once.
 */
@Injectable()
export class MfaService {
  private readonly logger = new Logger(MfaService.name);
  private boxInstance?: SecretBox;

  constructor(
    private readonly ds: DataSource,
    private readonly repo: MfaRepository,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditService,
  ) {}

  private get box(): SecretBox {
    this.boxInstance ??= secretBoxFromEnv(process.env, (m) => this.logger.warn(m));
    return this.boxInstance;
  }

  private seal = (userId: string, secret: string) => this.box.seal(secret, `totp:${userId}`);
  private open = (userId: string, sealed: string) => this.box.open(sealed, `totp:${userId}`);

  /** A new pending secret (replacing any pending one); the factor is on only after `confirm`. */
  async enrol(actor: Actor): Promise<MfaEnrolmentView> {
    const u = await this.repo.findState(this.ds, actor.id);
    if (u?.mfa_enabled_at) throw new ProblemException('CONFLICT', 'A second factor is already enrolled; disable it first (or ask an admin to reset it)');
    const secret = new Secret({ size: 20 }).base32;
    await this.repo.setPendingSecret(this.ds, actor.id, this.seal(actor.id, secret));
    return { secret, otpauthUrl: totpOf(secret, actor.email).toString() };
  }

  /** Turns the pending secret on with a code from it; answers the recovery codes (this once). */
  async confirm(actor: Actor, code: string): Promise<MfaRecoveryCodesView> {
    return this.ds.transaction(async (em) => {
      const u = await this.repo.findState(em, actor.id, { lock: true });
      if (u?.mfa_enabled_at) throw new ProblemException('CONFLICT', 'A second factor is already enrolled');
      if (!u?.mfa_pending_secret) throw new ProblemException('CONFLICT', 'Start with POST /api/auth/mfa/enrol');
      const secret = this.open(actor.id, u.mfa_pending_secret);
      const step = this.validStep(secret, actor.email, code);
      if (step === null) throw validationFailed({ code: { code: 'INVALID', message: 'is not the current code of the authenticator app' } });
      await this.repo.enable(em, actor.id, step);
      const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
      await this.repo.replaceRecoveryCodes(em, actor.id, codes.map((c) => recoveryHash(actor.id, c)));
      await this.audit.appendSystemEvent(em, { actor: auditActor(actor), action: 'auth.mfa_enabled', data: { userId: actor.id, recoveryCodes: codes.length } });
      return { recoveryCodes: codes };
    });
  }

  /** The user turns their own factor off (password and a current code or a recovery code). */
  async disable(actor: Actor, otp: string): Promise<void> {
    await this.ds.transaction(async (em) => {
      const used = await this.verify(em, actor.id, actor.email, otp);
      if (!used) throw validationFailed({ otp: { code: 'INVALID', message: 'is neither the current code nor an unused recovery code' } });
      await this.repo.clear(em, actor.id);
      await this.audit.appendSystemEvent(em, { actor: auditActor(actor), action: 'auth.mfa_disabled', data: { userId: actor.id } });
    });
  }

  /** An admin resets a user's second factor (lost phone): the user enrols again at the next sign-in. */
  async reset(admin: Actor, userId: string, reason: string): Promise<void> {
    await this.ds.transaction(async (em) => {
      const u = await this.repo.findState(em, userId, { lock: true });
      if (!u) throw new ProblemException('NOT_FOUND', `User ${userId} was not found`, { id: userId });
      await this.repo.clear(em, userId);
      await this.sessions.revokeOfUser(em, userId);
      await this.audit.appendSystemEvent(em, { actor: auditActor(admin), action: 'auth.mfa_reset', data: { userId, wasEnabled: !!u.mfa_enabled_at, reason } });
    });
  }

  /**
   * Checks a sign-in's `otp` against the enrolled factor: a TOTP code not used before (a later time step than the last
   * one used), or an unused recovery code (then spent). Null when it matches neither.
   */
  async verify(db: Db, userId: string, email: string, otp: string): Promise<SecondFactor | null> {
    const sealed = await this.repo.enrolledSecret(db, userId);
    if (!sealed) return null;
    const token = otp.replace(/\s/g, '');
    if (/^\d{6}$/.test(token)) {
      const step = this.validStep(this.open(userId, sealed), email, token);
      if (step === null) return null;
      return (await this.repo.useStep(db, userId, step)) ? 'totp' : null;
    }
    return (await this.repo.spendRecoveryCode(db, userId, recoveryHash(userId, token))) ? 'recovery' : null;
  }

  /** The RFC 6238 time step the code belongs to (now, or one step either side for clock drift), or null. */
  private validStep(secret: string, email: string, code: string): number | null {
    const totp = totpOf(secret, email);
    const token = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(token)) return null;
    const delta = totp.validate({ token, window: 1 });
    return delta === null ? null : totp.counter() + delta;
  }
}
