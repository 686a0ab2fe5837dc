import Redis from 'ioredis';
import { flushRedisPrefix, testRedisPrefix } from './test-redis';

describe('flushRedisPrefix', () => {
  const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1, lazyConnect: true });
  beforeAll(() => redis.connect());
  afterAll(() => redis.quit());

  it('should delete only the keys under the prefix', async () => {
    const mine = testRedisPrefix('flush');
    const other = testRedisPrefix('flush');
    expect(mine).toMatch(new RegExp(`^t:flush:${process.pid}:[0-9a-f]{8}$`));
    expect(mine).not.toBe(other);
    const pipe = redis.pipeline();
    for (let i = 0; i < 2500; i++) pipe.set(`${mine}:k${i}`, '1');
    pipe.set(`${mine}:{hash}:x`, '1');
    pipe.set(`${other}:keep`, '1');
    await pipe.exec();

    expect(await flushRedisPrefix(redis, mine)).toBe(2501);
    expect(await redis.exists(`${mine}:k0`)).toBe(0);
    expect(await redis.get(`${other}:keep`)).toBe('1');
    expect(await flushRedisPrefix(redis, other)).toBe(1);
  });

  it('should refuse an empty prefix', async () => {
    await expect(flushRedisPrefix(redis, '')).rejects.toThrow(/empty prefix/);
  });
});
