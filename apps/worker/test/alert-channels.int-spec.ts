import { createHmac, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { JOB_NAMES, QUEUE_NAMES, type AlertChannel, type AlertType, type RobotChannel } from '@sentinel/contracts';
import { emptyPlan, verifyWebhook } from '@sentinel/domain';
import { outboundPolicy, secretBoxFromEnv } from '@sentinel/outbound';
import { AlertPreferencesRepository, CasesRepository, CaseWriter, endpointAad } from '@sentinel/persistence';
import { QueueFactory } from '@sentinel/queues';
import { createTestDatabase, testRedisPrefix, type TestDatabase } from '@sentinel/testing';
import { startWorker, type WorkerHandle } from '../src/worker';
import { flushTestRedis, insertCase, insertSupervisor, REDIS_URL, sleep, waitFor } from './helpers';
import { startReceiver, startSmtp } from './alert-receivers';

const box = secretBoxFromEnv({}, () => undefined);
const prefs = new AlertPreferencesRepository();
const cases = new CasesRepository();
const writer = new CaseWriter();
const WHSEC = `whsec_${Buffer.alloc(32, 5).toString('base64')}`;

async function setPreferences(
  ds: DataSource,
  userId: string,
  p: { digestMinutes?: number; routes: Partial<Record<AlertType, AlertChannel[]>>; robots?: Partial<Record<RobotChannel, { url: string; secret?: string }>> },
) {
  await prefs.save(ds, userId, p.digestMinutes ?? 0, p.routes, new Date());
  for (const [channel, r] of Object.entries(p.robots ?? {}) as Array<[RobotChannel, { url: string; secret?: string }]>) {
    await prefs.upsertEndpoint(
      ds,
      userId,
      channel,
      { urlSealed: box.seal(r.url, endpointAad(userId, channel, 'url')), urlHint: 'x', secret: r.secret ? box.seal(r.secret, endpointAad(userId, channel, 'secret')) : null },
      new Date(),
    );
  }
}

/** Alerts raised the way every plan raises them: the case writer applying AlertDrafts, in one transaction. */
async function raise(ds: DataSource, caseId: string, userId: string, type: AlertType, keys: string[]): Promise<number> {
  return ds.transaction(async (tx) => {
    const loaded = await cases.loadState(tx, { id: caseId }, { lock: true });
    const plan = { ...emptyPlan(), alerts: keys.map((k) => ({ type, recipients: { teamSupervisors: false, users: [userId] }, dedupeKey: k, stage: 'freeze' as const, notificationId: null })) };
    return (await writer.apply(tx, loaded!.state, plan, new Date())).alertsRaised;
  });
}

const deliveriesOf = (ds: DataSource, userId: string) =>
  ds.query(
    `SELECT d.*, (SELECT count(*)::int FROM alert_delivery_items i WHERE i.delivery_id = d.id) AS items FROM alert_deliveries d WHERE user_id = $1 ORDER BY channel, created_at`,
    [userId],
  ) as Promise<Array<Record<string, any>>>;

/**
 * Issue 9 item 5: alerts also go out by e-mail (a real SMTP server on loopback) and to chat robots and a generic
 * webhook (a receiver on loopback, WEBHOOK_ALLOW_PRIVATE), through the worker with retries; a storm becomes one
 * digest; a failing channel never touches the in-console alert.
 */
describe('alert channels (worker)', () => {
  let db: TestDatabase;
  let worker: WorkerHandle;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let rx: Awaited<ReturnType<typeof startReceiver>>;
  let caseId: string;
  const prefix = testRedisPrefix('worker-alertch');
  const factory = new QueueFactory({ redisUrl: REDIS_URL, redisPrefix: prefix });
  const channelsQueue = factory.queue(QUEUE_NAMES.alertChannels);

  beforeAll(async () => {
    db = await createTestDatabase('worker_alertch');
    smtp = await startSmtp();
    rx = await startReceiver({
      '/flaky': (n) => (n < 2 ? { status: 503, body: 'busy' } : { status: 204, body: '' }),
      '/down': () => ({ status: 503, body: 'down' }),
      '/ding-refuses': () => ({ status: 200, body: '{"errcode":310000,"errmsg":"sign not match"}' }),
      '/feishu': () => ({ status: 200, body: '{"code":0,"msg":"success"}' }),
      '/hook': () => ({ status: 200, body: 'ok' }),
    });
    caseId = await insertCase(db.dataSource, null);
    worker = await startWorker({
      databaseUrl: db.url,
      redisPrefix: prefix,
      smtpUrl: smtp.url,
      smtpFrom: 'Sentinel SN <alerts@test.local>',
      consoleUrl: 'https://sn.bank.example',
      outboundPolicy: outboundPolicy({ allowPrivate: true }),
      alertDeliveryScheduleMs: [0, 150, 300],
      deliveryJitter: 0,
      sweepIntervalMs: 300,
      logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    });
  });

  afterAll(async () => {
    await worker?.close();
    await channelsQueue.close();
    await smtp?.close();
    await rx?.close();
    await flushTestRedis(prefix);
    await db?.drop();
  });

  it('should send one breach to e-mail, WeCom, DingTalk (signed), Feishu (signed) and the webhook (signed), each once', async () => {
    const sup = await insertSupervisor(db.dataSource, 'all');
    const [{ email }] = await db.dataSource.query(`SELECT email FROM users WHERE id = $1`, [sup]);
    await setPreferences(db.dataSource, sup, {
      routes: { 'sla.breached': ['email', 'wecom', 'dingtalk', 'feishu', 'webhook'], 'sla.warning': ['email'] },
      robots: {
        wecom: { url: `${rx.url}/wecom?key=k1` },
        dingtalk: { url: `${rx.url}/ding?access_token=t1`, secret: 'SECding' },
        feishu: { url: `${rx.url}/feishu`, secret: 'fsecret' },
        webhook: { url: `${rx.url}/hook`, secret: WHSEC },
      },
    });
    expect(await raise(db.dataSource, caseId, sup, 'sla.breached', ['b1'])).toBe(1);
    await channelsQueue.add(JOB_NAMES.dispatch, {}); // the wake-up the API or worker sends after commit
    const rows = await waitFor('five deliveries delivered', async () => {
      const r = await deliveriesOf(db.dataSource, sup);
      return r.length === 5 && r.every((d) => d.status === 'delivered') && r;
    });
    expect(rows.map((d) => [d.channel, d.kind, d.items, d.attempt_count])).toEqual([
      ['dingtalk', 'alert', 1, 1],
      ['email', 'alert', 1, 1],
      ['feishu', 'alert', 1, 1],
      ['webhook', 'alert', 1, 1],
      ['wecom', 'alert', 1, 1],
    ]);
    const [{ reference }] = await db.dataSource.query(`SELECT reference FROM cases WHERE id = $1`, [caseId]);

    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0].to).toEqual([email]);
    expect(smtp.mails[0].raw).toContain(`Subject: Sentinel SN: SLA breached ${reference}`);
    expect(smtp.mails[0].raw.replace(/=\r?\n/g, '')).toContain(`https://sn.bank.example/#/cases/${caseId}/show`); // quoted-printable soft breaks

    const [wecom] = rx.on('/wecom');
    expect(wecom.url).toBe('/wecom?key=k1');
    expect(JSON.parse(wecom.body)).toMatchObject({ msgtype: 'markdown', markdown: { content: expect.stringContaining(reference) } });

    const [ding] = rx.on('/ding');
    const q = new URL(ding.url, rx.url).searchParams;
    expect(q.get('access_token')).toBe('t1');
    expect(q.get('sign')).toBe(createHmac('sha256', 'SECding').update(`${q.get('timestamp')}\nSECding`).digest('base64'));
    expect(JSON.parse(ding.body)).toMatchObject({ msgtype: 'markdown', markdown: { title: expect.stringContaining('SLA breached') } });

    const feishu = JSON.parse(rx.on('/feishu')[0].body);
    expect(feishu.sign).toBe(createHmac('sha256', `${feishu.timestamp}\nfsecret`).digest('base64'));
    expect(feishu).toMatchObject({ msg_type: 'text', content: { text: expect.stringContaining(reference) } });

    const hook = rx.on('/hook')[0];
    expect(verifyWebhook({ headers: hook.headers as Record<string, string>, body: hook.body, secrets: [WHSEC], nowSeconds: Math.floor(Date.now() / 1000) })).toMatchObject({ ok: true });
    expect(JSON.parse(hook.body)).toMatchObject({ type: 'alerts', kind: 'alert', alerts: [{ type: 'sla.breached', caseId, caseReference: reference }] });

    // routed once: a later dispatch or sweep sends nothing again
    await channelsQueue.add(JOB_NAMES.dispatch, {});
    await sleep(700);
    expect(await deliveriesOf(db.dataSource, sup)).toHaveLength(5);
    expect(smtp.mails).toHaveLength(1);
  });

  it('should make a storm of breaches one digest per channel, sent once at the end of the window', async () => {
    const sup = await insertSupervisor(db.dataSource, 'digest');
    await setPreferences(db.dataSource, sup, { digestMinutes: 15, routes: { 'sla.breached': ['email', 'wecom'] }, robots: { wecom: { url: `${rx.url}/wecom-digest?key=k2` } } });
    const keys = Array.from({ length: 30 }, (_, i) => `storm-${i}`);
    // in three transactions, as breaches of several clocks arrive
    await raise(db.dataSource, caseId, sup, 'sla.breached', keys.slice(0, 10));
    await raise(db.dataSource, caseId, sup, 'sla.breached', keys.slice(10, 20));
    await raise(db.dataSource, caseId, sup, 'sla.breached', keys.slice(20));
    const rows = await waitFor('the storm routed into digests', async () => {
      const [{ unrouted }] = await db.dataSource.query(`SELECT count(*)::int AS unrouted FROM alerts WHERE user_id = $1 AND routed_at IS NULL`, [sup]);
      const r = await deliveriesOf(db.dataSource, sup);
      return unrouted === 0 && r.reduce((n, d) => n + d.items, 0) === 60 && r;
    });
    expect(rows.map((d) => [d.channel, d.kind, d.status, d.items])).toEqual([
      ['email', 'digest', 'pending', 30],
      ['wecom', 'digest', 'pending', 30],
    ]);
    expect(rows[0].next_attempt_at.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    const mailsBefore = smtp.mails.length;
    await sleep(700);
    expect(rx.on('/wecom-digest')).toHaveLength(0);

    // the window ends (moved to now, rather than waiting 15 minutes): the sweep relays the due digests
    await db.dataSource.query(`UPDATE alert_deliveries SET next_attempt_at = now() - interval '1 second' WHERE user_id = $1`, [sup]);
    await waitFor('both digests delivered', async () => (await deliveriesOf(db.dataSource, sup)).every((d) => d.status === 'delivered'));
    expect(rx.on('/wecom-digest')).toHaveLength(1);
    expect(JSON.parse(rx.on('/wecom-digest')[0].body).markdown.content).toContain('30 alerts in the last 15 min');
    expect(smtp.mails.length - mailsBefore).toBe(1);
    expect(smtp.mails.at(-1)!.raw).toContain('Subject: Sentinel SN: 30 alerts in the last 15 min');

    // the next breach opens a new window instead of joining the sent digest
    await raise(db.dataSource, caseId, sup, 'sla.breached', ['after-window']);
    await waitFor('a new digest', async () => (await deliveriesOf(db.dataSource, sup)).filter((d) => d.status === 'pending').length === 2);
  });

  it('should retry a failing channel with backoff and show each attempt; the in-console alert is there from the start', async () => {
    const sup = await insertSupervisor(db.dataSource, 'retry');
    await setPreferences(db.dataSource, sup, { routes: { 'sla.breached': ['webhook'] }, robots: { webhook: { url: `${rx.url}/flaky` } } });
    await raise(db.dataSource, caseId, sup, 'sla.breached', ['r1']);
    const [inbox] = await db.dataSource.query(`SELECT id, read_at FROM alerts WHERE user_id = $1`, [sup]);
    expect(inbox).toMatchObject({ read_at: null });
    const seen = new Set<string>();
    const row = await waitFor('delivered after two failures', async () => {
      const [d] = await deliveriesOf(db.dataSource, sup);
      if (d?.last_error) seen.add(d.last_error);
      return d?.status === 'delivered' && d;
    });
    expect(row).toMatchObject({ attempt_count: 3, last_error: null, last_status_code: 204 });
    expect(seen).toContain('HTTP 503 Service Unavailable');
    expect(rx.on('/flaky')).toHaveLength(3);
    expect(new Set(rx.on('/flaky').map((r) => r.body)).size).toBe(1); // the same message each time
  });

  it('should end dead after the last attempt, with the reason, and never hold the console alert or other channels back', async () => {
    const sup = await insertSupervisor(db.dataSource, 'dead');
    await setPreferences(db.dataSource, sup, {
      routes: { 'sla.breached': ['webhook', 'dingtalk', 'email'] },
      robots: { webhook: { url: `${rx.url}/down` }, dingtalk: { url: `${rx.url}/ding-refuses?access_token=t` } },
    });
    await raise(db.dataSource, caseId, sup, 'sla.breached', ['d1']);
    const rows = await waitFor('two dead, one delivered', async () => {
      const r = await deliveriesOf(db.dataSource, sup);
      return r.length === 3 && r.filter((d) => d.status === 'dead').length === 2 && r.some((d) => d.status === 'delivered') && r;
    });
    expect(rows.map((d) => [d.channel, d.status, d.attempt_count, d.last_error])).toEqual([
      ['dingtalk', 'dead', 3, 'dingtalk refused: code 310000 sign not match'],
      ['email', 'delivered', 1, null],
      ['webhook', 'dead', 3, 'HTTP 503 Service Unavailable'],
    ]);
    expect(rx.on('/down')).toHaveLength(3);
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM alerts WHERE user_id = $1 AND read_at IS NULL`, [sup]);
    expect(n).toBe(1);
  });
});

describe('alert channels under the production address rule (worker)', () => {
  let db: TestDatabase;
  let worker: WorkerHandle;
  let rx: Awaited<ReturnType<typeof startReceiver>>;
  const lookedUp: string[] = [];
  const prefix = testRedisPrefix('worker-alertch-rule');

  beforeAll(async () => {
    db = await createTestDatabase('worker_alertch_rule');
    rx = await startReceiver();
    worker = await startWorker({
      databaseUrl: db.url,
      redisPrefix: prefix,
      outboundPolicy: outboundPolicy({ allowPrivate: false }),
      // robot.example resolves to the loopback receiver: the rule must refuse it at connect time
      outboundResolver: async (host) => {
        lookedUp.push(host);
        return [{ address: '127.0.0.1', family: 4 }];
      },
      alertDeliveryScheduleMs: [0, 100],
      sweepIntervalMs: 300,
      logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    });
  });

  afterAll(async () => {
    await worker?.close();
    await rx?.close();
    await flushTestRedis(prefix);
    await db?.drop();
  });

  it('should refuse a robot whose name resolves to a private address, without sending anything there', async () => {
    const caseId = await insertCase(db.dataSource, null);
    const sup = await insertSupervisor(db.dataSource, 'rule');
    const port = new URL(rx.url).port;
    await setPreferences(db.dataSource, sup, { routes: { 'sla.breached': ['wecom'] }, robots: { wecom: { url: `https://robot.example:${port}/cgi-bin/webhook/send?key=${randomUUID()}` } } });
    await raise(db.dataSource, caseId, sup, 'sla.breached', ['p1']);
    const [row] = await waitFor('dead by the rule', async () => {
      const r = await deliveriesOf(db.dataSource, sup);
      return r[0]?.status === 'dead' && r;
    });
    expect(row).toMatchObject({ attempt_count: 2, last_error: 'address not allowed', last_status_code: null });
    expect(lookedUp).toContain('robot.example');
    expect(rx.requests).toHaveLength(0);
  });
});
