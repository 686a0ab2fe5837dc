import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret } from '@sentinel/domain';
import { auth, TestApp } from '../../api/test/test-app';
import type { BankSandbox } from '../../bank-sandbox/src';
import { startWorker, type WorkerHandle } from '../src/worker';
import { BANK_ENDPOINT_TTL_MS } from '../src/bank-notifications/bank-endpoint-cache';
import { caseEvents, flushTestRedis, insertBank, sleep, startSandbox, setFaults, waitFor } from './helpers';

/**
 * Issue 4: a report's freeze request reaches the (simulated) bank signed; the bank fails twice, the third attempt
 * is delivered; every attempt is recorded. API booted in-process (it enqueues after commit), worker in-process.
 */
describe('bank notification delivery (API → worker → bank sandbox)', () => {
  let t: TestApp;
  let sandbox: BankSandbox;
  let worker: WorkerHandle;
  let analystToken: string;
  const secret = generateWebhookSecret();
  const oldSecret = generateWebhookSecret();

  beforeAll(async () => {
    t = await TestApp.start('worker-delivery', { enqueueJobs: true });
    sandbox = await startSandbox([
      { code: 'WBANK', secret, callbackUrl: `${t.url}/api/bank-callbacks/WBANK` },
      // A bank in the middle of a secret rotation that still only knows the previous secret.
      { code: 'RBANK', secret: oldSecret },
    ]);
    await insertBank(t.ds, { code: 'WBANK', webhookUrl: `${sandbox.url}/webhooks/WBANK`, secret });
    await insertBank(t.ds, {
      code: 'RBANK',
      webhookUrl: `${sandbox.url}/webhooks/RBANK`,
      secret: generateWebhookSecret(),
      previousSecret: oldSecret,
      previousSecretExpiresAt: new Date(Date.now() + 3_600_000),
    });
    analystToken = (await t.createUser('analyst')).token;
    worker = await startWorker({
      databaseUrl: t.config.databaseUrl,
      redisPrefix: t.redisPrefix,
      deliveryScheduleMs: [0, 200, 400],
      sweepIntervalMs: 500,
      metricsPort: 0,
      opsHost: '127.0.0.1',
      logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    });
  });

  afterAll(async () => {
    await worker?.close();
    await sandbox?.close();
    if (t) await flushTestRedis(t.redisPrefix);
    await t?.stop();
  });

  async function report(sn: string, bankCode: string): Promise<{ caseId: string; notificationId: string }> {
    const res = await t
      .http()
      .post('/api/reports')
      .set(auth(analystToken))
      .send({ sn, channel: 'merchant_call', misuseType: 'cloned_terminal', bankCode, merchantId: 'M100200300', terminalId: 'T0001' });
    expect(res.status).toBe(201);
    const [n] = await t.ds.query(`SELECT id FROM notifications WHERE case_id = $1 AND type = 'freeze.requested'`, [res.body.caseId]);
    expect(n).toBeDefined();
    return { caseId: res.body.caseId, notificationId: n.id };
  }

  it('should deliver the freeze request signed, after two failures, recording every attempt', async () => {
    await setFaults(sandbox, 'WBANK', { failNext: 2 });
    const started = Date.now();
    const { caseId, notificationId } = await report('SNWORKER0001', 'WBANK');

    const row = await waitFor('delivered', async () => {
      const [r] = await t.ds.query(`SELECT * FROM notifications WHERE id = $1`, [notificationId]);
      return r.status === 'delivered' ? r : null;
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(row).toMatchObject({ attempt_count: 3, generation: 1, last_status_code: 200, last_error: null });

    const attempts = await t.ds.query(
      `SELECT attempt_no, generation, status_code, outcome, error, duration_ms, started_at FROM notification_attempts WHERE notification_id = $1 ORDER BY attempt_no`,
      [notificationId],
    );
    expect(attempts.map((a: any) => [a.attempt_no, a.generation, a.status_code, a.outcome])).toEqual([
      [1, 1, 500, 'failed'],
      [2, 1, 500, 'failed'],
      [3, 1, 200, 'delivered'],
    ]);
    expect(attempts[0].error).toBe('HTTP 500 Internal Server Error');
    // Backoff per the schedule (200 ms, then 200 ms more, ±10% jitter), not immediate retries.
    expect(new Date(attempts[1].started_at).getTime() - new Date(attempts[0].started_at).getTime()).toBeGreaterThanOrEqual(170);

    // What the bank saw: three deliveries with the same webhook-id; the last accepted and verified (standardwebhooks).
    const seen = sandbox.state.queryDeliveries({ webhookId: notificationId });
    expect(seen.map((d) => d.outcome)).toEqual(['injected_failure', 'injected_failure', 'accepted']);
    const accepted = seen[2];
    expect(accepted.verified).toBe(true);
    expect(accepted.headers['content-type']).toBe('application/json');
    expect(accepted.headers['webhook-timestamp']).toMatch(/^\d+$/);
    expect(accepted.body).toMatchObject({ type: 'freeze.requested', notificationId, caseId, bankCode: 'WBANK', sn: 'SNWORKER0001', scope: ['terminal', 'settlement'] });
    // Independently: the stored payload, as sent, verifies with the reference library.
    const body = JSON.stringify(row.payload);
    expect(() => new Webhook(secret).verify(body, accepted.headers)).not.toThrow();

    const events = await caseEvents(t.ds, caseId, 'notification.delivered');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_id: 'system', data: { notificationId, attemptNo: 3, statusCode: 200, generation: 1 } });

    // The bank's signed callback (freeze.confirmed) completes the freeze stage through the API.
    const advanced = await waitFor('the case to leave freeze', async () => {
      const [c] = await t.ds.query(`SELECT stage FROM cases WHERE id = $1`, [caseId]);
      return c.stage === 'police_report' ? c : null;
    }, 5000);
    expect(advanced.stage).toBe('police_report');

    const metrics = await (await fetch(`http://127.0.0.1:${worker.ports.metrics}/metrics`)).text();
    expect(metrics).toMatch(/sn_notification_delivery_attempts_total\{outcome="failed"\} 2/);
    expect(metrics).toMatch(/sn_notification_delivery_attempts_total\{outcome="delivered"\} 1/);
    expect(metrics).toMatch(/sn_notification_delivery_latency_seconds_count\{type="freeze.requested"\} 1/);
    expect(metrics).toMatch(/sn_worker_queue_jobs\{queue="notifications",state="waiting"\}/);
    const health = await fetch(`http://127.0.0.1:${worker.ports.health}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', db: 'up', redis: 'up', queues: { notifications: expect.any(Object) } });
  });

  it('should sign with the previous secret too while its grace period lasts', async () => {
    const { notificationId } = await report('SNWORKER0002', 'RBANK');
    await waitFor('delivered', async () => {
      const [r] = await t.ds.query(`SELECT status FROM notifications WHERE id = $1`, [notificationId]);
      return r.status === 'delivered';
    });
    const [d] = sandbox.state.queryDeliveries({ webhookId: notificationId });
    expect(d).toMatchObject({ outcome: 'accepted', verified: true, verifiedWith: 'current' });
    expect(d.headers['webhook-signature'].split(' ')).toHaveLength(2);
  });

  it('should sign with the current secret only once the previous one expired', async () => {
    await t.ds.query(`UPDATE banks SET previous_secret_expires_at = now() - interval '1 minute' WHERE code = 'RBANK'`);
    // The worker reads a bank's endpoint at most once per TTL: the change applies once the last read is that old.
    await sleep(BANK_ENDPOINT_TTL_MS);
    const { notificationId } = await report('SNWORKER0003', 'RBANK');
    const [att] = await waitFor('first attempt', () =>
      t.ds.query(`SELECT status_code, outcome FROM notification_attempts WHERE notification_id = $1`, [notificationId]).then((r: any[]) => (r.length ? r : null)),
    );
    expect(att).toMatchObject({ status_code: 401, outcome: 'failed' });
    const [d] = sandbox.state.queryDeliveries({ webhookId: notificationId });
    expect(d.headers['webhook-signature'].split(' ')).toHaveLength(1);
  });
});
