import { TcpProxy } from '@sentinel/testing';
import { TestApp } from '../../api/test/test-app';
import { startWorker, type WorkerHandle } from '../src/worker';
import { flushTestRedis, sleep } from './helpers';

/**
 * A worker (re)started while PostgreSQL is away (issue 14: a supervisor restarting it during an outage) waits for
 * the database instead of exiting, and is up once it is back; a wrong database name is still an error at once.
 */
describe('worker start while PostgreSQL is away', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let worker: WorkerHandle | undefined;

  beforeAll(async () => {
    t = await TestApp.start('worker-start-db', { enqueueJobs: false });
    proxy = await TcpProxy.start('127.0.0.1', 5432);
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await proxy?.stop();
    if (t) await flushTestRedis(t.redisPrefix);
    await t?.stop();
  }, 60_000);

  const cfg = (databaseUrl: string) => ({ databaseUrl, redisPrefix: t.redisPrefix, sweepIntervalMs: 600_000, timerPollMs: 0, freezeNoticeCheckIntervalMs: 0, logLevel: process.env.TEST_LOG_LEVEL ?? 'silent' });

  it('should wait for the database and start once it is back', async () => {
    proxy.set('refuse');
    let started = false;
    const starting = startWorker(cfg(proxy.url(t.config.databaseUrl))).then((w) => {
      started = true;
      return w;
    });
    await sleep(1500);
    expect(started).toBe(false);
    proxy.set('up');
    worker = await starting;
    expect(proxy.forwarded).toBeGreaterThan(0);
  }, 60_000);

  it('should not wait for a database that does not exist', async () => {
    const url = new URL(t.config.databaseUrl);
    url.pathname = '/no_such_database_for_this_test';
    await expect(startWorker(cfg(url.toString()))).rejects.toThrow(/does not exist/);
  }, 30_000);
});
