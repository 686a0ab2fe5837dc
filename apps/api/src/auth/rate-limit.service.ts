import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { REDIS } from '../database/database.module';
import { ProblemException } from '../common/problem.exception';
import { LoginAttempts, type AttemptKey } from './login-attempts';

/** Sign-in attempts per (account, client address) and per address, and request limits per API key (shared in Redis). */
@Injectable()
export class RateLimitService {
  private readonly perKey: RateLimiterRedis;
  private readonly attempts: LoginAttempts;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) private readonly cfg: AppConfig) {
    // Shared in Redis across replicas; if Redis is unreachable each process falls back to an in-memory limiter
    // of the same shape (the library's "insurance" limiter), so API keys keep working and stay limited.
    this.perKey = new RateLimiterRedis({
      storeClient: redis,
      useRedisPackage: false,
      keyPrefix: `${cfg.redisPrefix}:rl:api-key`,
      points: cfg.apiKeyRatePerMinute,
      duration: 60,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: 'api-key', points: cfg.apiKeyRatePerMinute, duration: 60 }),
    });
    this.attempts = new LoginAttempts(redis, `${cfg.redisPrefix}:rl`);
  }

  private loginKeys(email: string, ip: string): AttemptKey[] {
    const delay = { baseMs: this.cfg.loginDelayBaseMs, maxMs: this.cfg.loginDelayMaxMs };
    const account = createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
    return [
      { key: `acct:${account}:${ip}`, policy: { freeAttempts: this.cfg.loginMaxFailuresPerAccount, ...delay }, onSuccess: 'clear' },
      { key: `ip:${ip}`, policy: { freeAttempts: this.cfg.loginMaxFailuresPerIp, ...delay }, onSuccess: 'release' },
    ];
  }

  /**
   * Reserves a sign-in attempt of this account from this address before the password is checked (one atomic step),
   * or throws 429 with Retry-After while the progressive delay runs.
   */
  async reserveLogin(email: string, ip: string): Promise<void> {
    const wait = await this.attempts.reserve(this.loginKeys(email, ip));
    if (wait > 0) throw tooMany(wait, 'Too many sign-in attempts from this address; wait and try again');
  }

  /** The attempt succeeded: the account's count at this address starts again; the address gets its attempt back. */
  async loginSucceeded(email: string, ip: string): Promise<void> {
    await this.attempts.succeeded(this.loginKeys(email, ip));
  }
  async consumeApiKey(keyId: string): Promise<void> {
    try {
      await this.perKey.consume(keyId, 1);
    } catch (e) {
      if (e instanceof RateLimiterRes) throw tooMany(e.msBeforeNext, 'Rate limit of this API key exceeded');
      throw e;
    }
  }
}

function tooMany(ms: number, message: string): ProblemException {
  const retryAfter = Math.max(1, Math.ceil(ms / 1000));
  return new ProblemException('RATE_LIMITED', message, { retryAfterSeconds: retryAfter }, undefined, { 'Retry-After': String(retryAfter) });
}
