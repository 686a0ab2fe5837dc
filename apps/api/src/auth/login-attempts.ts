import type Redis from 'ioredis';
import { reserveAttempt, type AttemptState, type LoginDelayPolicy } from '@sentinel/domain';

/** Counts reset after this long without an attempt (plus any delay still running). */
export const ATTEMPT_WINDOW_MS = 15 * 60_000;

export interface AttemptKey {
  key: string;
  policy: LoginDelayPolicy;
  /** A success clears the count (the account at this address) or only gives its own attempt back (the address). */
  onSuccess: 'clear' | 'release';
}

/**
 * Reserves the attempt on every key at once, atomically (one Lua script: parallel requests serialise on Redis), before
 * the password is checked. Returns 0 when reserved, else the milliseconds to wait (nothing reserved).
 */
const RESERVE = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local wait = 0
for i, k in ipairs(KEYS) do
  local nxt = tonumber(redis.call('HGET', k, 'next') or '0')
  if nxt - now > wait then wait = nxt - now end
end
if wait > 0 then return math.floor(wait) end
for i, k in ipairs(KEYS) do
  local free = tonumber(ARGV[3 + (i - 1) * 3])
  local base = tonumber(ARGV[4 + (i - 1) * 3])
  local max = tonumber(ARGV[5 + (i - 1) * 3])
  local n = redis.call('HINCRBY', k, 'n', 1)
  local d = 0
  if n >= free then d = math.min(base * math.pow(2, math.min(n - free, 30)), max) end
  redis.call('HSET', k, 'next', math.floor(now + d))
  redis.call('PEXPIRE', k, math.floor(d + window))
end
return 0`;

/** After a success: the address gets its attempt back (a busy office NAT is not slowed by its own successes). */
const RELEASE = `
local n = redis.call('HINCRBY', KEYS[1], 'n', -1)
if n <= 0 then redis.call('DEL', KEYS[1]) elseif n < tonumber(ARGV[1]) then redis.call('HSET', KEYS[1], 'next', 0) end
return 0`;

/**
 * Sign-in attempts in Redis, shared by every API replica. When Redis is unreachable each process falls back to the same
 * rules in memory (sign-in keeps working and stays limited, per process).
 */
export class LoginAttempts {
  private readonly memory = new Map<string, AttemptState & { expiresAt: number }>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async reserve(keys: AttemptKey[], now = Date.now()): Promise<number> {
    const args = [now, ATTEMPT_WINDOW_MS, ...keys.flatMap((k) => [k.policy.freeAttempts, k.policy.baseMs, k.policy.maxMs])];
    try {
      const wait = await this.redis.eval(RESERVE, keys.length, ...keys.map((k) => this.redisKey(k.key)), ...args);
      return Number(wait);
    } catch {
      return this.reserveInMemory(keys, now);
    }
  }

  async succeeded(keys: AttemptKey[]): Promise<void> {
    for (const k of keys) {
      try {
        if (k.onSuccess === 'clear') await this.redis.del(this.redisKey(k.key));
        else await this.redis.eval(RELEASE, 1, this.redisKey(k.key), k.policy.freeAttempts);
      } catch {
        // Redis away: the in-memory count below is the one in use.
      }
      const m = this.memory.get(k.key);
      if (!m) continue;
      if (k.onSuccess === 'clear' || m.attempts <= 1) this.memory.delete(k.key);
      else this.memory.set(k.key, { ...m, attempts: m.attempts - 1, nextAllowedAt: m.attempts - 1 < k.policy.freeAttempts ? 0 : m.nextAllowedAt });
    }
  }

  private redisKey(key: string): string {
    return `${this.prefix}:login:${key}`;
  }

  private reserveInMemory(keys: AttemptKey[], now: number): number {
    const live = (k: string) => {
      const s = this.memory.get(k);
      return s && s.expiresAt > now ? s : undefined;
    };
    const wait = Math.max(0, ...keys.map((k) => (live(k.key)?.nextAllowedAt ?? 0) - now));
    if (wait > 0) return wait;
    for (const k of keys) {
      const r = reserveAttempt(live(k.key), now, k.policy);
      if (r.ok) this.memory.set(k.key, { ...r.state, expiresAt: r.state.nextAllowedAt + ATTEMPT_WINDOW_MS });
    }
    if (this.memory.size > 100_000) for (const [k, s] of this.memory) if (s.expiresAt <= now) this.memory.delete(k);
    return 0;
  }
}
