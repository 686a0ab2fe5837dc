import { auth, TestApp, type TestUser } from '../../api/test/test-app';
import { startWorker, type WorkerHandle } from '../src/worker';
import { caseEvents, flushTestRedis, sleep, waitFor } from './helpers';

/**
 * Issue 11: regulatory clocks on the worker's timers (docs/api.md "Regulatory clocks") — a clock met by its filing
 * records no breach; a breached one alerts once; a CNY amount at risk at the threshold opens the case with the PBoC
 * clock; a closed case's clock keeps running (and is recovered by the sweep after its jobs are lost).
 */
describe('regulatory clocks and their timers', () => {
  let t: TestApp;
  let worker: WorkerHandle;
  let analyst: TestUser;
  let supervisor: TestUser;
  let seq = 0;

  beforeAll(async () => {
    t = await TestApp.start('worker-regulatory', { enqueueJobs: true, regulatoryMajorEventMinor: 5_000_000 });
    await t.ds.query(`UPDATE regulatory_policies SET target = 'PT3S', calendar_id = '24x7', warn_at_percent = 50`);
    analyst = await t.createUser('analyst');
    supervisor = await t.createUser('supervisor');
    worker = await startWorker({
      databaseUrl: t.config.databaseUrl,
      redisPrefix: t.redisPrefix,
      sweepIntervalMs: 500,
      freezeNoticeGraceMs: 3_600_000,
      freezeNoticeCheckIntervalMs: 3_600_000,
      logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    });
  });

  afterAll(async () => {
    await worker?.close();
    if (t) await flushTestRedis(t.redisPrefix);
    await t?.stop();
  });

  async function claimedCase(extra: Record<string, unknown> = {}): Promise<string> {
    const res = await t.http().post('/api/reports').set(auth(analyst.token)).send({ sn: `SNREG${process.pid}${++seq}`, channel: 'cardholder', misuseType: 'lost_or_stolen', ...extra });
    expect(res.status).toBe(201);
    const c = await view(res.body.caseId);
    expect((await t.http().post(`/api/cases/${res.body.caseId}/actions/claim`).set(auth(analyst.token)).send({ version: c.version })).status).toBe(200);
    return res.body.caseId;
  }
  const view = async (id: string) => (await t.http().get(`/api/cases/${id}`).set(auth(analyst.token))).body;
  async function act(id: string, action: string, body: Record<string, unknown>, u: TestUser = analyst) {
    const { version } = await view(id);
    const res = await t.http().post(`/api/cases/${id}/actions/${action}`).set(auth(u.token)).send({ version, ...body });
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  const alertsOf = (caseId: string) =>
    t.ds.query(`SELECT user_id, type, dedupe_key FROM alerts WHERE case_id = $1 AND type LIKE 'regulatory.%' ORDER BY type, user_id`, [caseId]) as Promise<any[]>;

  it('should record no breach for a clock met by its filing', async () => {
    const id = await claimedCase();
    const c = await act(id, 'start_regulatory_clock', { kind: 'mastercard_adc' });
    const [k] = c.regulatoryClocks;
    expect(k).toMatchObject({ kind: 'mastercard_adc', state: 'on_track', automatic: false, startedBy: analyst.id, target: 'PT3S' });
    const filed = await act(id, 'record_regulatory_filing', { clockId: k.id, filedAt: new Date().toISOString(), reference: 'MC-ADC-2026-0001' });
    expect(filed.regulatoryClocks[0]).toMatchObject({ state: 'met', reference: 'MC-ADC-2026-0001', filedBy: analyst.id });
    await sleep(4000);
    expect(await caseEvents(t.ds, id, 'regulatory.breached')).toHaveLength(0);
    expect(await caseEvents(t.ds, id, 'regulatory.warning')).toHaveLength(0);
    const list = await t.http().get('/api/regulatory-clocks').query({ filter: JSON.stringify({ caseId: id, state: 'met' }) }).set(auth(supervisor.token));
    expect(list.status).toBe(200);
    expect(list.body.map((r: any) => r.id)).toEqual([k.id]);
  });

  it('should warn and breach once each, with alerts, and start the PBoC clock by itself at the amount threshold', async () => {
    const id = await claimedCase({ amountAtRisk: { minor: 5_000_000, currency: 'CNY' } });
    const [k] = (await view(id)).regulatoryClocks;
    expect(k).toMatchObject({ kind: 'pboc_major_event', automatic: true, startedBy: 'system', state: 'on_track' });
    const [started] = await caseEvents(t.ds, id, 'start_regulatory_clock');
    expect(started).toMatchObject({ actor_id: 'system', data: { kind: 'pboc_major_event', automatic: true } });
    const breached = await waitFor('regulatory.breached', async () => (await caseEvents(t.ds, id, 'regulatory.breached'))[0], 12_000);
    expect(new Date(breached.at).getTime() - new Date(k.dueAt).getTime()).toBeLessThan(3000);
    await sleep(1200);
    expect(await caseEvents(t.ds, id, 'regulatory.breached')).toHaveLength(1);
    expect(await caseEvents(t.ds, id, 'regulatory.warning')).toHaveLength(1);
    const users = [analyst.id, supervisor.id].sort();
    expect(await alertsOf(id)).toEqual([
      { user_id: supervisor.id, type: 'regulatory.breached', dedupe_key: `regulatory.breached:${k.id}` },
      ...users.map((u) => ({ user_id: u, type: 'regulatory.warning', dedupe_key: `regulatory.warning:${k.id}` })),
    ]);
    expect((await view(id)).regulatoryClocks[0].state).toBe('breached');
    // a below-threshold or non-CNY amount opens no clock
    const small = await claimedCase({ amountAtRisk: { minor: 4_999_999, currency: 'CNY' } });
    const usd = await claimedCase({ amountAtRisk: { minor: 90_000_000, currency: 'USD' } });
    expect((await view(small)).regulatoryClocks).toEqual([]);
    expect((await view(usd)).regulatoryClocks).toEqual([]);
  });

  it('should keep a closed case’s clock running: breached after closing, through the sweep after its jobs are lost', async () => {
    const id = await claimedCase();
    const c = await act(id, 'start_regulatory_clock', { kind: 'visa_compromise' });
    const clockId = c.regulatoryClocks[0].id;
    const closed = await act(id, 'close_early', { outcome: 'no_misuse', reason: 'The merchant lent the terminal to a relative' }, supervisor);
    expect(closed.status).toBe('closed');
    expect(closed.regulatoryClocks[0].state).toBe('on_track');
    expect(await flushTestRedis(t.redisPrefix)).toBeGreaterThan(0); // its timers are gone
    const breached = await waitFor('regulatory.breached on the closed case', async () => (await caseEvents(t.ds, id, 'regulatory.breached'))[0], 12_000);
    expect(breached.data).toMatchObject({ clockId, caseStatus: 'closed' });
    await sleep(800);
    expect(await caseEvents(t.ds, id, 'regulatory.breached')).toHaveLength(1);
    // still owed: the filing is recorded on the closed case
    const filed = await act(id, 'record_regulatory_filing', { clockId, filedAt: new Date().toISOString(), reference: 'VISA-CAMS-2026-9' });
    expect(filed.regulatoryClocks[0]).toMatchObject({ state: 'met', breachedAt: expect.any(String) });
  });
});
