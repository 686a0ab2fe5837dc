import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { REDIS } from '../database/database.module';
import { ProblemException } from '../common/problem.exception';

const WINDOW_S = 15 * 60;

/** Failed-login limits per account and per client address, and request limits per API key (shared in Redis). */
@Injectable()
export class RateLimitService {
  private readonly perAccount: RateLimiterRedis;
  private readonly perIp: RateLimiterRedis;
  private readonly perKey: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) cfg: AppConfig) {
    // Shared in Redis across replicas; if Redis is unreachable each process falls back to an in-memory limiter
    // of the same shape (the library's "insurance" limiter), so logins keep working and stay limited.
    const limiter = (keyPrefix: string, points: number, duration: number, blockDuration?: number) =>
      new RateLimiterRedis({
        storeClient: redis,
        useRedisPackage: false,
        keyPrefix: `${cfg.redisPrefix}:rl:${keyPrefix}`,
        points,
        duration,
        blockDuration,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration, blockDuration }),
      });
    this.perAccount = limiter('login-account', cfg.loginMaxFailuresPerAccount, WINDOW_S, WINDOW_S);
    this.perIp = limiter('login-ip', cfg.loginMaxFailuresPerIp, WINDOW_S, WINDOW_S);
    this.perKey = limiter('api-key', cfg.apiKeyRatePerMinute, 60);
  }

  /** Throws 429 when the account or the address has used up its failed attempts. */
  async assertLoginAllowed(email: string, ip: string): Promise<void> {
    const [acc, addr] = await Promise.all([this.perAccount.get(email.toLowerCase()), this.perIp.get(ip)]);
    const blocked = [acc, addr].filter((r): r is RateLimiterRes => !!r && r.remainingPoints <= 0 && r.msBeforeNext > 0);
    if (blocked.length) throw tooMany(Math.max(...blocked.map((r) => r.msBeforeNext)), 'Too many failed logins; try again later');
  }

  async recordLoginFailure(email: string, ip: string): Promise<void> {
    await Promise.all([
      this.perAccount.consume(email.toLowerCase(), 1).catch(() => undefined),
      this.perIp.consume(ip, 1).catch(() => undefined),
    ]);
  }

  async recordLoginSuccess(email: string): Promise<void> {
    await this.perAccount.delete(email.toLowerCase()).catch(() => undefined);
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
