import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';

/** A key prefix unique to this suite and process: `t:<name>:<pid>:<random>:` — pass it as ioredis `keyPrefix` or BullMQ `prefix`. */
export function testRedisPrefix(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_.-]+/g, '-');
  return `t:${clean}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, (ch) => `\\${ch}`);
}

/**
 * Deletes every key starting with `prefix` using SCAN + UNLINK (never KEYS). Returns how many were deleted.
 * `redis` must be a client WITHOUT a `keyPrefix` (ioredis does not apply keyPrefix to SCAN patterns).
 */
export async function flushRedisPrefix(redis: Redis, prefix: string): Promise<number> {
  if (!prefix) throw new Error('flushRedisPrefix: refusing an empty prefix');
  const match = `${escapeGlob(prefix)}*`;
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
    cursor = next;
    if (keys.length) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}
