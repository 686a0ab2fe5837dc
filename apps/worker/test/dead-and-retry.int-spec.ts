import { DomainError, generateWebhookSecret } from '@sentinel/domain';
import { CaseWriter } from '@sentinel/persistence';
import { createTestDatabase, testRedisPrefix, type TestDatabase } from '@sentinel/testing';
import type { BankSandbox } from '../../bank-sandbox/src';
import { startWorker, type WorkerHandle } from '../src/worker';
import {
  caseEvents,
  flushTestRedis,
  insertBank,
  insertCase,
  insertFreezeRequest,
  insertSupervisor,
  setFaults,
  startSandbox,
  TestPublisher,
  waitFor,
} from './helpers';

/**
 * Issue 4: a bank that always fails ends `dead`, raises an alert, and a supervisor retry re-delivers. Also: an
 * inactive bank counts as a failed attempt, and the relay delivers rows that were never enqueued.
 * Rows are created with SQL and the case writer (no API needed).
 */
describe('dead notifications, retry and relay', () => {
  let db: TestDatabase;
  let sandbox: BankSandbox;
  let worker: WorkerHandle;
  let publisher: TestPublisher;
  let supervisorId: string;
  const prefix = testRedisPrefix('worker-dead');
  const secret = generateWebhookSecret();

  beforeAll(async () => {
    db = await createTestDatabase('worker_dead');
    sandbox = await startSandbox([{ code: 'DBANK', secret }]);
    await insertBank(db.dataSource, { code: 'DBANK', webhookUrl: `${sandbox.url}/webhooks/DBANK`, secret });
    await insertBank(db.dataSource, { code: 'OFFBANK', webhookUrl: `${sandbox.url}/webhooks/DBANK`, secret, active: false });
    await insertBank(db.dataSource, { code: 'NOURL', webhookUrl: null });
    supervisorId = await insertSupervisor(db.dataSource);
    publisher = new TestPublisher(prefix);
    worker = await startWorker({
      databaseUrl: db.url,
      redisPrefix: prefix,
      deliveryScheduleMs: [0, 100, 200],
      sweepIntervalMs: 300,
      logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    });
  });

  afterAll(async () => {
    await worker?.close();
    await publisher?.close();
    await sandbox?.close();
    await flushTestRedis(prefix);
    await db?.drop();
  });

  const rowOf = async (id: string) => (await db.dataSource.query(`SELECT * FROM notifications WHERE id = $1`, [id]))[0];
  const writer = new CaseWriter();
  const retry = (id: string) =>
    db.dataSource.transaction((tx) =>
      writer.change(tx, { notificationId: id }, { kind: 'notification_retry', notificationId: id, actor: { id: supervisorId, role: 'supervisor' } }, new Date()),
    );
  const attemptsOf = (id: string) =>
    db.dataSource.query(`SELECT generation, attempt_no, status_code, outcome, error FROM notification_attempts WHERE notification_id = $1 ORDER BY started_at`, [id]);

  it('should end dead after the last attempt, alert the supervisors, and re-deliver on retry', async () => {
    await setFaults(sandbox, 'DBANK', { alwaysFail: true, failStatus: 503 });
    const caseId = await insertCase(db.dataSource, 'DBANK');
    const id = await insertFreezeRequest(db.dataSource, caseId);
    await publisher.deliver(id);

    const dead = await waitFor('dead', async () => ((await rowOf(id)).status === 'dead' ? rowOf(id) : null));
    expect(dead).toMatchObject({ attempt_count: 3, generation: 1, last_status_code: 503, next_attempt_at: null });
    expect(dead.last_error).toMatch(/^HTTP 503/);
    expect(dead.dead_at).not.toBeNull();
    expect((await attemptsOf(id)).map((a: any) => [a.generation, a.attempt_no, a.status_code, a.outcome])).toEqual([
      [1, 1, 503, 'failed'],
      [1, 2, 503, 'failed'],
      [1, 3, 503, 'failed'],
    ]);
    const deadEvents = await caseEvents(db.dataSource, caseId, 'notification.dead');
    expect(deadEvents).toHaveLength(1);
    expect(deadEvents[0]).toMatchObject({ actor_id: 'system', data: { notificationId: id, attempts: 3, lastStatusCode: 503 } });
    const alerts = await db.dataSource.query(`SELECT user_id, type, case_id, notification_id, dedupe_key FROM alerts WHERE type = 'notification.dead'`);
    expect(alerts).toEqual([{ user_id: supervisorId, type: 'notification.dead', case_id: caseId, notification_id: id, dedupe_key: `notification.dead:${id}:1` }]);

    // Supervisor retry (the API's POST /api/notifications/:id/retry runs the same change through the write path).
    await setFaults(sandbox, 'DBANK', { alwaysFail: false });
    const retried = await retry(id);
    expect(retried).toMatchObject({ plan: { result: { kind: 'retry', generation: 2 } }, applied: { wakeups: { notificationIds: [{ id, generation: 2 }] } } });
    expect(await rowOf(id)).toMatchObject({ status: 'pending', generation: 2, attempt_count: 0, dead_at: null });
    await publisher.deliver(id, 2);

    const delivered = await waitFor('re-delivered', async () => ((await rowOf(id)).status === 'delivered' ? rowOf(id) : null));
    expect(delivered).toMatchObject({ generation: 2, attempt_count: 1, last_status_code: 200 });
    const attempts = await attemptsOf(id);
    expect(attempts.slice(3).map((a: any) => [a.generation, a.attempt_no, a.outcome])).toEqual([[2, 1, 'delivered']]);
    expect(sandbox.state.queryDeliveries({ webhookId: id, outcome: 'accepted' })).toHaveLength(1);
    const actions = (await caseEvents(db.dataSource, caseId)).map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('notification.'))).toEqual(['notification.dead', 'notification.retried', 'notification.delivered']);
    const [retryEvent] = await caseEvents(db.dataSource, caseId, 'notification.retried');
    expect(retryEvent).toMatchObject({ actor_id: supervisorId, data: { before: { status: 'dead', generation: 1 }, after: { status: 'pending', generation: 2 } } });

    // Only dead rows can be retried.
    const again = await retry(id).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(DomainError);
    expect(again).toMatchObject({ code: 'CASE.ACTION_NOT_ALLOWED', params: { status: 'delivered' } });
    expect(await retry('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('should count an inactive bank, or one without a webhook URL, as failed attempts with a clear error', async () => {
    const offCase = await insertCase(db.dataSource, 'OFFBANK');
    const off = await insertFreezeRequest(db.dataSource, offCase);
    const noUrlCase = await insertCase(db.dataSource, 'NOURL');
    const noUrl = await insertFreezeRequest(db.dataSource, noUrlCase);
    await publisher.deliver(off);
    await publisher.deliver(noUrl);
    await waitFor('both dead', async () => (await rowOf(off)).status === 'dead' && (await rowOf(noUrl)).status === 'dead');
    const offAttempts = await attemptsOf(off);
    expect(offAttempts).toHaveLength(3);
    expect(offAttempts.every((a: any) => a.outcome === 'failed' && a.status_code === null && a.error === 'bank OFFBANK is inactive')).toBe(true);
    expect((await rowOf(noUrl)).last_error).toBe('bank NOURL has no webhook URL');
  });

  it('should deliver, through the relay, a pending row whose job never reached Redis', async () => {
    const caseId = await insertCase(db.dataSource, 'DBANK');
    const id = await insertFreezeRequest(db.dataSource, caseId); // not enqueued: as if Redis was down at commit
    const row = await waitFor('relay delivery', async () => ((await rowOf(id)).status === 'delivered' ? rowOf(id) : null), 5000);
    expect(row.enqueued_at).not.toBeNull();
    expect(sandbox.state.queryDeliveries({ webhookId: id }).map((d) => d.outcome)).toEqual(['accepted']);
  });

  it('should skip a job for a row that is already delivered (idempotent)', async () => {
    const [{ id }] = await db.dataSource.query(`SELECT id FROM notifications WHERE status = 'delivered' LIMIT 1`);
    const before = sandbox.state.queryDeliveries({ webhookId: id }).length;
    const { BankNotificationProcessor } = await import('../src/bank-notifications/bank-notification.processor');
    const result = await worker.app.get(BankNotificationProcessor).process({ notificationId: id });
    expect(result).toEqual({ outcome: 'skipped', reason: 'delivered' });
    expect(sandbox.state.queryDeliveries({ webhookId: id })).toHaveLength(before);
  });
});
