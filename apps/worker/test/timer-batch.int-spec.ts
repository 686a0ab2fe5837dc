import { generateWebhookSecret } from '@sentinel/domain';
import { TcpProxy } from '@sentinel/testing';
import { auth, TestApp, type TestUser } from '../../api/test/test-app';
import type { BankSandbox } from '../../bank-sandbox/src';
import { startWorker, type WorkerHandle } from '../src/worker';
import { SlaTimerProcessor } from '../src/sla/sla-timer.processor';
import { caseEvents, flushTestRedis, insertBank, insertCase, startClock, startSandbox, waitFor } from './helpers';

/**
 * The timer poll's batches (`TimerProcessor.fireDueBatch`): two workers claiming at once take different cases, one
 * moment per case, and a full claim says so; a moment that throws is rolled back to its savepoint while the rest
 * of its batch commits; hold and regulatory moments are polled from the database too (no Redis jobs, no sweep).
 */
describe('timer poll batches', () => {
  let t: TestApp;
  let workers: WorkerHandle[] = [];
  const quiet = { sweepIntervalMs: 600_000, timerPollMs: 0, freezeNoticeCheckIntervalMs: 0, logLevel: process.env.TEST_LOG_LEVEL ?? 'silent' };

  beforeAll(async () => {
    t = await TestApp.start('worker-batch', { enqueueJobs: false });
    await t.ds.query(`UPDATE sla_policies SET target = 'PT2S', warn_at_percent = 50 WHERE stage = 'freeze'`);
    const cfg = { databaseUrl: t.config.databaseUrl, redisPrefix: t.redisPrefix, ...quiet };
    workers = [await startWorker(cfg), await startWorker(cfg)];
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    if (t) await flushTestRedis(t.redisPrefix);
    await t?.stop();
  }, 60_000);

  /** `n` cases whose freeze clock started a minute ago: their breach is due. */
  async function overdueClocks(n: number): Promise<Array<{ caseId: string; clockId: string }>> {
    const out: Array<{ caseId: string; clockId: string }> = [];
    for (let i = 0; i < n; i++) {
      const caseId = await insertCase(t.ds, null);
      const clock = await startClock(t.ds, caseId, 'freeze', new Date(Date.now() - 60_000));
      out.push({ caseId, clockId: clock.id });
    }
    return out;
  }

  const breachedCount = async (caseIds: string[]) =>
    ((await t.ds.query(`SELECT count(*)::int AS n FROM case_events WHERE action = 'sla.breached' AND case_id = ANY($1)`, [caseIds])) as Array<{ n: number }>)[0].n;

  it('should give two workers claiming at once different cases, one moment each, and say when a claim was full', async () => {
    const clocks = await overdueClocks(12);
    const [a, b] = workers.map((w) => w.app.get(SlaTimerProcessor));
    const [ra, rb] = await Promise.all([a.fireDueBatch(5, { maxMs: Infinity }), b.fireDueBatch(5, { maxMs: Infinity })]);
    for (const r of [ra, rb]) {
      expect(r.full).toBe(true);
      expect(r.failedCaseIds).toEqual([]);
      expect(r.results).toHaveLength(5);
      expect(r.results.every((x) => x.outcome === 'breached')).toBe(true);
    }
    const taken = [...ra.results, ...rb.results].map((x) => x.caseId);
    expect(new Set(taken).size).toBe(10);
    // a batch past its time budget commits what it recorded and says more is due
    const capped = await a.fireDueBatch(5, { maxMs: 0 });
    expect(capped).toMatchObject({ full: true, failedCaseIds: [] });
    expect(capped.results).toHaveLength(1);
    const rest = await a.fireDueBatch(5, { maxMs: Infinity });
    expect(rest).toMatchObject({ full: false, failedCaseIds: [] });
    expect(rest.results).toHaveLength(1);
    expect(await a.fireDueBatch(5)).toEqual({ results: [], failedCaseIds: [], full: false });
    const caseIds = clocks.map((c) => c.caseId);
    expect(await breachedCount(caseIds)).toBe(12);
    for (const id of caseIds) expect(await caseEvents(t.ds, id, 'sla.breached')).toHaveLength(1);
  });

  it('should roll back only the moment that throws and commit the rest of its batch', async () => {
    const clocks = await overdueClocks(4);
    const bad = clocks[1];
    // A real failure inside the write path: PostgreSQL refuses this one clock's update.
    await t.ds.query(`CREATE FUNCTION refuse_clock() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$`);
    await t.ds.query(`CREATE TRIGGER refuse_clock BEFORE UPDATE ON sla_clocks FOR EACH ROW WHEN (OLD.id = '${bad.clockId}') EXECUTE FUNCTION refuse_clock()`);
    try {
      const p = workers[0].app.get(SlaTimerProcessor);
      const r = await p.fireDueBatch(100, { maxMs: Infinity });
      expect(r.failedCaseIds).toEqual([bad.caseId]);
      expect(r.results.map((x) => x.caseId).sort()).toEqual(clocks.filter((c) => c !== bad).map((c) => c.caseId).sort());
      expect(await breachedCount(clocks.map((c) => c.caseId))).toBe(3);
      expect(await caseEvents(t.ds, bad.caseId, 'sla.breached')).toHaveLength(0);
      // excluded, it does not come back; allowed again, it is claimed alone
      expect((await p.fireDueBatch(100, { excludeCaseIds: [bad.caseId] })).results).toEqual([]);
      expect((await p.fireDueBatch(100, { maxMs: Infinity })).failedCaseIds).toEqual([bad.caseId]);
    } finally {
      await t.ds.query(`DROP TRIGGER refuse_clock ON sla_clocks`);
      await t.ds.query(`DROP FUNCTION refuse_clock()`);
    }
    const after = await workers[0].app.get(SlaTimerProcessor).fireDueBatch(100);
    expect(after.results).toMatchObject([{ outcome: 'breached', caseId: bad.caseId }]);
    expect(await breachedCount(clocks.map((c) => c.caseId))).toBe(4);
  });
});

describe('timer poll: holds and regulatory clocks without Redis jobs', () => {
  let t: TestApp;
  let worker: WorkerHandle;
  let sandbox: BankSandbox;
  let analyst: TestUser;
  let seq = 0;
  const secret = generateWebhookSecret();

  beforeAll(async () => {
    t = await TestApp.start('worker-poll-kinds', { enqueueJobs: false, holdStopPaymentLead: 'PT3S' });
    await t.ds.query(`UPDATE regulatory_policies SET target = 'PT6S', calendar_id = '24x7', warn_at_percent = 50`);
    sandbox = await startSandbox([{ code: 'PBANK', secret }]);
    await insertBank(t.ds, { code: 'PBANK', webhookUrl: `${sandbox.url}/webhooks/PBANK`, secret });
    analyst = await t.createUser('analyst');
    worker = await startWorker({
      databaseUrl: t.config.databaseUrl,
      redisPrefix: t.redisPrefix,
      sweepIntervalMs: 600_000,
      timerPollMs: 1000,
      freezeNoticeGraceMs: 3_600_000,
      freezeNoticeCheckIntervalMs: 0,
      logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    });
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await sandbox?.close();
    if (t) await flushTestRedis(t.redisPrefix);
    await t?.stop();
  }, 60_000);

  async function act(id: string, action: string, body: Record<string, unknown>) {
    const { body: c } = await t.http().get(`/api/cases/${id}`).set(auth(analyst.token));
    const res = await t.http().post(`/api/cases/${id}/actions/${action}`).set(auth(analyst.token)).send({ version: c.version, ...body });
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  it('should record a hold alarm and expiry and a regulatory warning and breach once each, from the database alone', async () => {
    const res = await t.http().post('/api/reports').set(auth(analyst.token)).send({ sn: `SNPOLL${process.pid}${++seq}`, channel: 'cardholder', misuseType: 'lost_or_stolen', bankCode: 'PBANK' });
    expect(res.status).toBe(201);
    const caseId: string = res.body.caseId;
    await act(caseId, 'claim', {});
    await act(caseId, 'start_regulatory_clock', { kind: 'mastercard_adc' });
    const placed = await act(caseId, 'place_hold', {
      kind: 'acquirer_suspension',
      scope: ['terminal'],
      placedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 6000).toISOString(), // alarm 3 s before: a poll window of 3 s for each moment
    });
    expect(placed.holds[0].expiresAt).toBeDefined();
    await waitFor('hold.expired and regulatory.breached', async () => (await caseEvents(t.ds, caseId, 'hold.expired')).length && (await caseEvents(t.ds, caseId, 'regulatory.breached')).length, 20_000, 200);
    await new Promise((r) => setTimeout(r, 1500)); // another poll: nothing may be recorded twice
    for (const action of ['hold.expiring', 'hold.expired', 'regulatory.warning', 'regulatory.breached']) expect(await caseEvents(t.ds, caseId, action)).toHaveLength(1);
  }, 60_000);
});

describe('timer poll through a database outage', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let worker: WorkerHandle;

  beforeAll(async () => {
    t = await TestApp.start('worker-poll-outage', { enqueueJobs: false });
    await t.ds.query(`UPDATE sla_policies SET target = 'PT4S', warn_at_percent = 50 WHERE stage = 'freeze'`);
    proxy = await TcpProxy.start('127.0.0.1', 5432);
    worker = await startWorker({
      databaseUrl: proxy.url(t.config.databaseUrl),
      redisPrefix: t.redisPrefix,
      sweepIntervalMs: 600_000,
      timerPollMs: 1000,
      freezeNoticeCheckIntervalMs: 0,
      logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    });
  }, 60_000);

  afterAll(async () => {
    proxy?.set('up');
    await worker?.close();
    await proxy?.stop();
    if (t) await flushTestRedis(t.redisPrefix);
    await t?.stop();
  }, 60_000);

  it('should record the breaches due while the database was away soon after it is back, once each', async () => {
    const n = 60;
    const caseIds: string[] = [];
    for (let i = 0; i < n; i++) {
      const caseId = await insertCase(t.ds, null);
      await startClock(t.ds, caseId, 'freeze', new Date());
      caseIds.push(caseId);
    }
    proxy.set('refuse'); // every breach falls due while the worker cannot reach the database
    await new Promise((r) => setTimeout(r, 5000));
    proxy.set('up');
    const back = Date.now();
    await waitFor('every breach', async () => (await breachedOf(caseIds)) === n, 30_000, 100);
    const late: Array<{ ms: number }> = await t.ds.query(
      `SELECT (extract(epoch FROM e.at - to_timestamp($2 / 1000.0)) * 1000)::int AS ms FROM case_events e WHERE e.action = 'sla.breached' AND e.case_id = ANY($1) ORDER BY 1`,
      [caseIds, back],
    );
    console.log(`timer poll after a 5 s database outage (1 worker, ${n} breaches due during it): recorded after the return p50 ${late[n >> 1].ms} ms, max ${late[n - 1].ms} ms`);
    for (const id of caseIds) expect(await caseEvents(t.ds, id, 'sla.breached')).toHaveLength(1);
  }, 60_000);

  const breachedOf = async (caseIds: string[]) =>
    ((await t.ds.query(`SELECT count(*)::int AS n FROM case_events WHERE action = 'sla.breached' AND case_id = ANY($1)`, [caseIds])) as Array<{ n: number }>)[0].n;
});
