import { Queue, Worker } from 'bullmq';
import { bullPrefix, jobIds, QUEUE_NAMES } from '@sentinel/contracts';
import { generateWebhookSecret } from '@sentinel/domain';
import { createTestDatabase, testRedisPrefix, type TestDatabase } from '@sentinel/testing';
import type { BankSandbox } from '../../bank-sandbox/src';
import { startWorker, type WorkerHandle } from '../src/worker';
import { flushTestRedis, insertBank, insertCase, insertFreezeRequest, REDIS_URL, startSandbox, waitFor } from './helpers';

/**
 * Issue 14: "44 of the 4,000 freeze requests were still pending four minutes after the last report". The sweep's
 * relay job id is deterministic; when a relay job of that id had already run and failed (the database was away
 * while it ran), adding it again was a no-op and the row stayed pending for ever. The relay now removes a finished
 * relay job of its id before adding it.
 */
describe('relay after a relay job failed', () => {
  let db: TestDatabase;
  let sandbox: BankSandbox;
  let worker: WorkerHandle | undefined;
  const prefix = testRedisPrefix('worker-relay');

  beforeAll(async () => {
    db = await createTestDatabase('worker_relay');
    const secret = generateWebhookSecret();
    sandbox = await startSandbox([{ code: 'RBANK', secret }]);
    await insertBank(db.dataSource, { code: 'RBANK', webhookUrl: `${sandbox.url}/webhooks/RBANK`, secret });
  });

  afterAll(async () => {
    await worker?.close();
    await sandbox?.close();
    await flushTestRedis(prefix);
    await db?.drop();
  });

  it('should deliver a pending row whose relay job id already failed', async () => {
    const id = await insertFreezeRequest(db.dataSource, await insertCase(db.dataSource, 'RBANK'));
    const [row] = await db.dataSource.query(`SELECT generation, attempt_count, next_attempt_at FROM notifications WHERE id = $1`, [id]);
    const relayId = jobIds.relay(id, row.generation, row.attempt_count + 1, row.next_attempt_at ? new Date(row.next_attempt_at).getTime() : 0);
    // A relay job of that id ran once and failed (as while PostgreSQL was away).
    const opts = { connection: { url: REDIS_URL }, prefix: bullPrefix(prefix) };
    const failing = new Worker(
      QUEUE_NAMES.notifications,
      async () => {
        throw new Error('database away');
      },
      { ...opts, autorun: false },
    );
    const q = new Queue(QUEUE_NAMES.notifications, opts);
    await q.add('deliver', { notificationId: id }, { jobId: relayId });
    const failed = new Promise<void>((resolve) => failing.on('failed', () => resolve()));
    void failing.run();
    await failed;
    await failing.close();
    expect(await (await q.getJob(relayId))!.getState()).toBe('failed');
    await q.close();

    worker = await startWorker({ databaseUrl: db.url, redisPrefix: prefix, sweepIntervalMs: 300, freezeNoticeCheckIntervalMs: 0, logLevel: process.env.TEST_LOG_LEVEL ?? 'silent' });
    await waitFor(
      'the row delivered by a fresh relay',
      async () => (await db.dataSource.query(`SELECT status FROM notifications WHERE id = $1`, [id]))[0].status === 'delivered',
      15_000,
      100,
    );
  });
});
