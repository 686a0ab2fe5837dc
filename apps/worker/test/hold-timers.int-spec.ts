import { generateWebhookSecret } from '@sentinel/domain';
import { auth, TestApp, type TestUser } from '../../api/test/test-app';
import type { BankSandbox } from '../../bank-sandbox/src';
import { startWorker, type WorkerHandle } from '../src/worker';
import { HoldTimerProcessor } from '../src/holds/hold-timer.processor';
import { caseEvents, flushTestRedis, insertBank, sleep, startSandbox, waitFor } from './helpers';

/** Lateness allowed in assertions on these 2-core machines. */
const SLACK_MS = 3000;

/**
 * Issue 11: a hold's alarm (`hold.expiring`, at the lead time before its expiry) and its expiry (`hold.expired`) are
 * recorded once each on the worker's timers, with alerts; after the timer's jobs are lost (Redis flushed) the sweep
 * still records them, once; a timer firing twice records one event; an acquirer hold's `hold.placed` and
 * `hold.released` reach the bank (the sandbox accepts them).
 */
describe('hold timers and sweep', () => {
  let t: TestApp;
  let worker: WorkerHandle;
  let sandbox: BankSandbox;
  let analyst: TestUser;
  let supervisor: TestUser;
  let snSeq = 0;
  const secret = generateWebhookSecret();

  beforeAll(async () => {
    t = await TestApp.start('worker-holds', { enqueueJobs: true, holdStopPaymentLead: 'PT2S' });
    sandbox = await startSandbox([{ code: 'HBANK', secret }]);
    await insertBank(t.ds, { code: 'HBANK', webhookUrl: `${sandbox.url}/webhooks/HBANK`, secret });
    analyst = await t.createUser('analyst');
    supervisor = await t.createUser('supervisor');
    worker = await startWorker({
      databaseUrl: t.config.databaseUrl,
      redisPrefix: t.redisPrefix,
      deliveryScheduleMs: [0, 200, 400],
      sweepIntervalMs: 500,
      freezeNoticeGraceMs: 3_600_000,
      freezeNoticeCheckIntervalMs: 3_600_000,
      logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    });
  });

  afterAll(async () => {
    await worker?.close();
    await sandbox?.close();
    if (t) await flushTestRedis(t.redisPrefix);
    await t?.stop();
  });

  /** A claimed case of the bank, and an acquirer suspension on it expiring `inMs` from now (alarm 2 s before). */
  async function caseWithHold(inMs: number): Promise<{ caseId: string; holdId: string; expiresAt: number; warnAt: number }> {
    const res = await t
      .http()
      .post('/api/reports')
      .set(auth(analyst.token))
      .send({ sn: `SNHOLD${process.pid}${++snSeq}`, channel: 'cardholder', misuseType: 'lost_or_stolen', bankCode: 'HBANK' });
    expect(res.status).toBe(201);
    const caseId = res.body.caseId;
    const { body: c } = await t.http().get(`/api/cases/${caseId}`).set(auth(analyst.token));
    const claimed = await t.http().post(`/api/cases/${caseId}/actions/claim`).set(auth(analyst.token)).send({ version: c.version });
    expect(claimed.status).toBe(200);
    const placed = await t
      .http()
      .post(`/api/cases/${caseId}/actions/place_hold`)
      .set(auth(analyst.token))
      .send({ version: claimed.body.version, kind: 'acquirer_suspension', scope: ['terminal'], placedAt: new Date().toISOString(), expiresAt: new Date(Date.now() + inMs).toISOString() });
    expect(placed.status).toBe(200);
    const [h] = placed.body.holds;
    return { caseId, holdId: h.id, expiresAt: new Date(h.expiresAt).getTime(), warnAt: new Date(h.warnAt).getTime() };
  }

  const alertsOf = (caseId: string) =>
    t.ds.query(`SELECT user_id, type, dedupe_key FROM alerts WHERE case_id = $1 AND type LIKE 'hold.%' ORDER BY type, user_id`, [caseId]) as Promise<any[]>;

  it('should record the alarm and the expiry once each, on time, with alerts, and tell the bank', async () => {
    const { caseId, holdId, expiresAt, warnAt } = await caseWithHold(4000);
    expect(expiresAt - warnAt).toBe(2000);
    const expired = await waitFor('hold.expired', async () => (await caseEvents(t.ds, caseId, 'hold.expired'))[0], 12_000);
    const [warning] = await caseEvents(t.ds, caseId, 'hold.expiring');
    expect(warning).toBeDefined();
    const warnedLate = new Date(warning.at).getTime() - warnAt;
    const expiredLate = new Date(expired.at).getTime() - expiresAt;
    expect(warnedLate).toBeGreaterThanOrEqual(0);
    expect(warnedLate).toBeLessThan(SLACK_MS);
    expect(expiredLate).toBeGreaterThanOrEqual(0);
    expect(expiredLate).toBeLessThan(SLACK_MS);
    expect(warning).toMatchObject({ actor_id: 'system', data: { holdId, kind: 'acquirer_suspension' } });
    expect(expired.data).toMatchObject({ holdId, warningRecorded: true, after: { status: 'expired' } });
    const [h] = await t.ds.query(`SELECT status, warned_at, expired_at FROM holds WHERE id = $1`, [holdId]);
    expect(h.status).toBe('expired');

    await sleep(1200); // further sweeps: still one of each
    expect(await caseEvents(t.ds, caseId, 'hold.expiring')).toHaveLength(1);
    expect(await caseEvents(t.ds, caseId, 'hold.expired')).toHaveLength(1);
    const users = [analyst.id, supervisor.id].sort();
    expect(await alertsOf(caseId)).toEqual([
      ...users.map((u) => ({ user_id: u, type: 'hold.expired', dedupe_key: `hold.expired:${holdId}` })),
      ...users.map((u) => ({ user_id: u, type: 'hold.expiring', dedupe_key: `hold.expiring:${holdId}:${expiresAt}` })),
    ]);
    // hold.placed and hold.released (expired) were delivered to the bank
    const delivered = await waitFor(
      'hold notices delivered',
      async () => {
        const rows = await t.ds.query(`SELECT type, status, payload FROM notifications WHERE case_id = $1 AND type LIKE 'hold.%' ORDER BY created_at`, [caseId]);
        return rows.length === 2 && rows.every((r: any) => r.status === 'delivered') && rows;
      },
      10_000,
    );
    expect(delivered.map((r: any) => r.type)).toEqual(['hold.placed', 'hold.released']);
    expect(delivered[1].payload).toMatchObject({ type: 'hold.released', scope: ['terminal'], hold: { id: holdId, expired: true } });
  });

  it('should still record alarm and expiry through the sweep after the timer jobs are lost', async () => {
    const { caseId, holdId } = await caseWithHold(3000);
    const flushed = await flushTestRedis(t.redisPrefix); // the hold's timers (and the sweep scheduler) are gone
    expect(flushed).toBeGreaterThan(0);
    await waitFor('hold.expired after the flush', async () => (await caseEvents(t.ds, caseId, 'hold.expired'))[0], 12_000);
    await sleep(800);
    expect(await caseEvents(t.ds, caseId, 'hold.expired')).toHaveLength(1);
    expect(await caseEvents(t.ds, caseId, 'hold.expiring')).toHaveLength(1);
    const [h] = await t.ds.query(`SELECT status FROM holds WHERE id = $1`, [holdId]);
    expect(h.status).toBe('expired');
  });

  it('should record one expiry when the timer runs twice and races the sweep; a renewed hold is not expired by its old timer', async () => {
    const { caseId, holdId } = await caseWithHold(60_000);
    const processor = worker.app.get(HoldTimerProcessor);
    await t.ds.query(`UPDATE holds SET expires_at = now() - interval '1 second', warn_at = now() - interval '3 seconds' WHERE id = $1`, [holdId]);
    const results = await Promise.all([processor.fire(holdId, 'due', 'timer'), processor.fire(holdId, 'due', 'timer'), processor.fire(holdId, 'warning', 'sweep')]);
    // The worker's own timer poll and sweep race these three too: at most one of them records it, exactly one overall.
    expect(results.filter((r) => r.outcome === 'expired').length).toBeLessThanOrEqual(1);
    expect(results.filter((r) => r.outcome !== 'expired').every((r) => r.outcome === 'skipped')).toBe(true);
    await sleep(700);
    expect(await caseEvents(t.ds, caseId, 'hold.expired')).toHaveLength(1);
    expect(await processor.fire(holdId, 'due', 'timer')).toMatchObject({ outcome: 'skipped', reason: 'not_active' });

    // Renewed before its expiry: the old expiry's wake-up records nothing and says when.
    const other = await caseWithHold(3000);
    const { body: c } = await t.http().get(`/api/cases/${other.caseId}`).set(auth(analyst.token));
    const renewed = await t
      .http()
      .post(`/api/cases/${other.caseId}/actions/renew_hold`)
      .set(auth(analyst.token))
      .send({ version: c.version, holdId: other.holdId, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(renewed.status).toBe(200);
    await sleep(Math.max(0, other.expiresAt - Date.now()) + 1000);
    expect(await caseEvents(t.ds, other.caseId, 'hold.expired')).toHaveLength(0);
    expect(await processor.fire(other.holdId, 'due', 'timer')).toMatchObject({ outcome: 'not_yet', kind: 'due' });
  });
});
