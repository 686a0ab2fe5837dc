import { generateWebhookSecret } from '@sentinel/domain';
import { createTestDatabase, testRedisPrefix, type TestDatabase } from '@sentinel/testing';
import type { BankSandbox } from '../../bank-sandbox/src';
import { startWorker } from '../src/worker';
import { flushTestRedis, insertBank, insertCase, insertFreezeRequest, setFaults, startSandbox, TestPublisher, waitFor } from './helpers';

/** Graceful shutdown: in-flight deliveries finish; past the shutdown timeout they are aborted and rescheduled, never lost. */
describe('worker graceful shutdown', () => {
  let db: TestDatabase;
  let sandbox: BankSandbox;
  let publisher: TestPublisher;
  const prefix = testRedisPrefix('worker-shutdown');
  const secret = generateWebhookSecret();
  const base = () => ({ databaseUrl: db.url, redisPrefix: prefix, sweepEnabled: false, logLevel: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const rowOf = async (id: string) => (await db.dataSource.query(`SELECT * FROM notifications WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    db = await createTestDatabase('worker_shutdown');
    sandbox = await startSandbox([{ code: 'SBANK', secret }]);
    await insertBank(db.dataSource, { code: 'SBANK', webhookUrl: `${sandbox.url}/webhooks/SBANK`, secret });
    publisher = new TestPublisher(prefix);
  });

  afterAll(async () => {
    await publisher?.close();
    await sandbox?.close();
    await flushTestRedis(prefix);
    await db?.drop();
  });

  it('should let an in-flight delivery finish before closing', async () => {
    await setFaults(sandbox, 'SBANK', { slowMs: 800, timeout: false });
    const worker = await startWorker(base());
    const id = await insertFreezeRequest(db.dataSource, await insertCase(db.dataSource, 'SBANK'));
    await publisher.deliver(id);
    await waitFor('the delivery to be in flight', async () => (await rowOf(id)).status === 'delivering');
    const t0 = Date.now();
    await worker.close();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(await rowOf(id)).toMatchObject({ status: 'delivered', attempt_count: 1 });
  });

  it('should abort a delivery still running at the shutdown timeout, record it and keep the row pending', async () => {
    await setFaults(sandbox, 'SBANK', { slowMs: 0, timeout: true });
    const worker = await startWorker({ ...base(), shutdownTimeoutMs: 300, deliveryTimeoutMs: 10_000, deliveryScheduleMs: [0, 60_000] });
    const id = await insertFreezeRequest(db.dataSource, await insertCase(db.dataSource, 'SBANK'));
    await publisher.deliver(id);
    await waitFor('the delivery to be in flight', async () => (await rowOf(id)).status === 'delivering');
    const t0 = Date.now();
    await worker.close();
    expect(Date.now() - t0).toBeLessThan(3000);
    const row = await rowOf(id);
    expect(row).toMatchObject({ status: 'pending', attempt_count: 1, last_error: 'aborted: shutting down' });
    expect(new Date(row.next_attempt_at).getTime()).toBeGreaterThan(Date.now() + 30_000);
    const attempts = await db.dataSource.query(`SELECT outcome, error FROM notification_attempts WHERE notification_id = $1`, [id]);
    expect(attempts).toEqual([{ outcome: 'failed', error: 'aborted: shutting down' }]);
  });
});
