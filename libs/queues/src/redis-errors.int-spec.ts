import Redis from 'ioredis';
import { freePort, OwnRedis } from '@sentinel/testing';
import { logRedisOutages } from './redis-errors';

const until = async (ok: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe(logRedisOutages.name, () => {
  it('should tell an outage once however often the client retries, and its end once', async () => {
    const server = new OwnRedis(await freePort());
    const log = { warn: jest.fn<void, [string]>(), info: jest.fn<void, [string]>() };
    const client = logRedisOutages(new Redis(server.url, { retryStrategy: () => 20, maxRetriesPerRequest: 0 }), 'test', log);
    const errors: Error[] = [];
    client.on('error', (e: Error) => errors.push(e));
    try {
      await until(() => errors.length >= 3); // nothing listens yet: an error per attempt
      expect(log.warn).toHaveBeenCalledTimes(1);
      expect(log.warn.mock.calls[0][0]).toMatch(/^Redis \(test\) unavailable: .*ECONNREFUSED.*; reconnecting$/);
      expect(log.info).not.toHaveBeenCalled();

      await server.start();
      await until(() => log.info.mock.calls.length > 0);
      expect(await client.ping()).toBe('PONG');
      expect(log.info.mock.calls).toEqual([['Redis (test) connection restored']]);

      // A restart: told if the client saw an error on its way back (a clean close and a quick reconnect are not an
      // outage), and every told outage has its end.
      await server.restart();
      await until(() => client.status === 'ready');
      expect(await client.ping()).toBe('PONG');
      expect(log.info.mock.calls.length).toBe(log.warn.mock.calls.length);
    } finally {
      client.disconnect();
      await server.kill();
    }
  });
});
