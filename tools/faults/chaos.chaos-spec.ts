import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { generateWebhookSecret } from '@sentinel/domain';
import { freePort, OwnRedis, TcpProxy } from '@sentinel/testing';
import { auth, TestApp, type TestUser } from '../../apps/api/test/test-app';
import { startApiProcess } from '../bench/api-process';
import { insertBank, startSandbox, waitFor } from '../../apps/worker/test/helpers';
import type { BankSandbox } from '../../apps/bank-sandbox/src';

const ROOT = join(__dirname, '..', '..');
/** Reports per second, for this long: the steady load the faults happen under. */
const RATE = 8;
const SEND_MS = 40_000;
const FREEZE_TARGET_S = 6;
/** The supervisor's restart delay for a worker that exited on its own. */
const RESTART_MS = 500;

/**
 * Issue 14 "chaos" (and replicas: two API processes, two worker processes): reports at a steady rate (retried with their idempotency keys on 503 or a dropped connection)
 * while one of two worker processes is SIGKILLed every 8 s, the test's own Redis is SIGKILLed and restarted empty,
 * and PostgreSQL is made unavailable for 5 s through a TCP proxy (API and workers connect through it; the shared
 * server keeps running). Then: 0 reports lost, 0 half-written cases, one freeze request per case, every one
 * delivered (accepted once by the bank), every freeze breach recorded exactly once (lateness p99 printed), the API
 * answering 503 and never 500 while the database was away, and every case's audit chain verifying.
 */
describe('chaos: steady reports through worker kills, a Redis restart and a database outage', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let redis: OwnRedis;
  let sandbox: BankSandbox;
  let analyst: TestUser; // reports come from a bound intake key (machine channels belong to keys)
  const workers: ChildProcess[] = [];
  let stopping = false;
  /** Workers that exited on their own (and were restarted by the supervisor). */
  let selfExits = 0;
  const output: string[] = [];
  let workerEntry: string;
  /** A second API replica (the built JavaScript, its own process) on the same database and Redis. */
  let api2: { url: string; stop(): Promise<void> } | undefined;

  function spawnWorker(slot: number): ChildProcess {
    const child = spawn(process.execPath, [workerEntry], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: t.config.databaseUrl, // through the proxy
        REDIS_URL: redis.url,
        REDIS_PREFIX: t.redisPrefix,
        WORKER_CONCURRENCY: '8',
        DELIVERY_TIMEOUT_MS: '2000',
        DELIVERY_STUCK_MARGIN_MS: '1000',
        DELIVERY_SCHEDULE: '0,500ms,1s,2s,4s,7s,10s,15s,20s,30s,45s,60s',
        SWEEP_INTERVAL_MS: '1000',
        TIMER_POLL_MS: '1000',
        FREEZE_NOTICE_CHECK_INTERVAL_MS: '0',
        LOG_LEVEL: process.env.CHAOS_WORKER_LOG_LEVEL ?? process.env.TEST_LOG_LEVEL ?? 'error',
        WORKER_METRICS_PORT: '',
        WORKER_HEALTH_PORT: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: unknown) => {
      output.push(String(d));
      if (process.env.CHAOS_WORKER_LOG) appendFileSync(process.env.CHAOS_WORKER_LOG, `${slot} ${String(d)}`);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    // The supervisor (systemd, Kubernetes): a worker that exits on its own — it does at start when PostgreSQL is
    // unreachable — is started again after RESTART_MS. The test's own SIGKILLs are restarted by the timeline.
    child.once('exit', (_code, signal) => {
      if (stopping || signal === 'SIGKILL' || workers[slot] !== child) return;
      selfExits++;
      setTimeout(() => {
        if (!stopping && workers[slot] === child) spawnWorker(slot);
      }, RESTART_MS);
    });
    workers[slot] = child;
    return child;
  }

  const kill = (c: ChildProcess | undefined) =>
    new Promise<void>((resolve) => {
      if (!c || c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });

  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'tools', 'build', 'build.js'), 'worker'], { cwd: ROOT, stdio: 'ignore' });
    workerEntry = join(ROOT, 'dist', 'worker', 'apps', 'worker', 'src', 'main.js');
    redis = new OwnRedis(await freePort());
    await redis.start();
    proxy = await TcpProxy.start('127.0.0.1', 5432);
    t = await TestApp.start('chaos', { redisUrl: redis.url, enqueueJobs: true, databaseConnectTimeoutMs: 3000, apiKeyRatePerMinute: 1_000_000 }, { databaseVia: (url) => proxy.url(url) });
    await t.ds.query(`UPDATE sla_policies SET target = $1, warn_at_percent = 50 WHERE stage = 'freeze'`, [`PT${FREEZE_TARGET_S}S`]);
    const secret = generateWebhookSecret();
    sandbox = await startSandbox([{ code: 'CHAOS', secret }]);
    await insertBank(t.ds, { code: 'CHAOS', webhookUrl: `${sandbox.url}/webhooks/CHAOS`, secret });
    analyst = await t.createApiKey({ bankCodes: ['CHAOS'], channels: ['bank_alert'], autoFreeze: true }); // the bank's alerting gateway
    api2 = await startApiProcess({
      DATABASE_URL: t.config.databaseUrl,
      REDIS_URL: redis.url,
      REDIS_PREFIX: t.redisPrefix,
      LOG_LEVEL: 'silent',
      ENQUEUE_JOBS: 'true',
      DATABASE_CONNECT_TIMEOUT_MS: '3000',
      API_KEY_RATE_PER_MINUTE: '1000000',
    });
    spawnWorker(0);
    spawnWorker(1);
  }, 120_000);

  afterAll(async () => {
    stopping = true;
    for (const w of workers) await kill(w);
    proxy?.set('up');
    await api2?.stop();
    await sandbox?.close();
    await t?.stop();
    await proxy?.stop();
    await redis?.kill();
  }, 60_000);

  it('should lose nothing, double nothing and answer 503 (never 500) while the database is away', async () => {
    const started = Date.now();
    const statuses = new Map<number, number>();
    const seen = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);
    let networkErrors = 0;
    let completed = 0;
    let lastUnavailable = '';
    const progress = setInterval(async () => {
      const [r] = await t.ds.query(
        `SELECT (SELECT json_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM notifications GROUP BY status) s) AS notifications,
                (SELECT count(*)::int FROM sla_clocks WHERE stage = 'freeze' AND breached_at IS NOT NULL) AS breached`,
      ).catch(() => [null]);
      process.stderr.write(`chaos ${Math.round((Date.now() - started) / 1000)}s: reports done ${completed}, statuses ${JSON.stringify(Object.fromEntries(statuses))}, connection errors ${networkErrors}, proxy ${proxy.current} (${proxy.forwarded} forwarded), db ${JSON.stringify(r)}, last 503 ${lastUnavailable}\n`);
    }, 5_000);
    const sendOne = async (i: number): Promise<void> => {
      const body = { sn: `CHAOS-${String(i).padStart(6, '0')}`, channel: 'bank_alert', misuseType: 'cloned_terminal', bankCode: 'CHAOS' };
      for (;;) {
        try {
          // Two API replicas behind a client that alternates between them (what a load balancer does).
          const res = await fetch(`${i % 2 === 0 ? t.url : api2!.url}/api/reports`, {
            signal: AbortSignal.timeout(15_000),
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': `chaos-${i}`, ...auth(analyst.token) },
            body: JSON.stringify(body),
          });
          seen(res.status);
          const text = await res.text();
          if (res.status === 503) lastUnavailable = text.slice(0, 300);
          if (res.status === 201) {
            completed++;
            return;
          }
          if (res.status !== 503) throw new Error(`report ${i}: ${res.status}`);
        } catch (e) {
          if ((e as Error).message.startsWith('report ')) throw e;
          networkErrors++;
        }
        await new Promise((r) => setTimeout(r, 1000)); // a client backs off (Retry-After says 5 s; the test is impatient)
      }
    };

    // Faults on a timeline while the reports arrive.
    const outage = { from: 0, to: 0 };
    const faults = (async () => {
      const at = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, started + ms - Date.now())));
      let slot = 0;
      for (let ms = 8_000; ms < SEND_MS; ms += 8_000) {
        await at(ms);
        await kill(workers[slot]);
        spawnWorker(slot);
        slot = 1 - slot;
        if (ms === 16_000) await redis.restart(); // every job, timer and scheduler gone
        if (ms === 24_000) {
          outage.from = Date.now();
          proxy.set('refuse');
          await new Promise((r) => setTimeout(r, 5_000));
          proxy.set('up');
          outage.to = Date.now();
        }
      }
    })();
    const n = Math.floor((SEND_MS / 1000) * RATE);
    const sends: Promise<void>[] = [];
    for (let i = 0; i < n; i++) {
      sends.push(sendOne(i));
      await new Promise((r) => setTimeout(r, Math.max(0, started + ((i + 1) * 1000) / RATE - Date.now())));
    }
    await Promise.all(sends);
    await faults;
    process.stderr.write(`chaos: all ${n} reports accepted after ${Math.round((Date.now() - started) / 1000)} s\n`);

    await waitFor(
      'every freeze request delivered and every freeze breach recorded',
      async () => {
        const [r] = await t.ds.query(
          `SELECT (SELECT count(*)::int FROM notifications WHERE status <> 'delivered') AS undelivered,
                  (SELECT count(*)::int FROM sla_clocks WHERE stage = 'freeze' AND breached_at IS NULL) AS unbreached`,
        );
        return r.undelivered === 0 && r.unbreached === 0;
      },
      90_000,
      500,
    ).finally(() => clearInterval(progress)).catch(async (e) => {
      const [r] = await t.ds.query(`SELECT (SELECT json_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM notifications GROUP BY status) s) AS notifications,
                                           (SELECT count(*)::int FROM sla_clocks WHERE stage = 'freeze' AND breached_at IS NULL) AS unbreached`);
      throw new Error(`${(e as Error).message}: ${JSON.stringify(r)}\nworker output:\n${output.join('').slice(-3000)}`);
    });

    // 0 lost, 0 half-written, one freeze request per case
    const [c] = await t.ds.query(
      `SELECT (SELECT count(*)::int FROM reports) AS reports,
              (SELECT count(DISTINCT idempotency_key)::int FROM reports) AS keys,
              (SELECT count(*)::int FROM cases) AS cases,
              (SELECT count(*)::int FROM cases k WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.case_id = k.id)
                  OR NOT EXISTS (SELECT 1 FROM sla_clocks s WHERE s.case_id = k.id)
                  OR NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = k.id AND e.action = 'case.opened')) AS half_written,
              (SELECT count(*)::int FROM (SELECT case_id FROM notifications WHERE type = 'freeze.requested' GROUP BY case_id HAVING count(*) = 1) x) AS one_request,
              (SELECT count(*)::int FROM notifications WHERE type = 'freeze.requested') AS requests`,
    );
    expect(c).toEqual({ reports: n, keys: n, cases: n, half_written: 0, one_request: n, requests: n });

    // every notification accepted once by the bank (redeliveries after a kill are duplicates the bank ignores)
    const ids: Array<{ id: string }> = await t.ds.query(`SELECT id FROM notifications`);
    const notAcceptedOnce = ids.filter((x) => sandbox.state.queryDeliveries({ webhookId: x.id, outcome: 'accepted' }).length !== 1);
    expect(notAcceptedOnce).toEqual([]);

    // breaches: exactly one per freeze clock, lateness printed
    // late_ms: after the due moment; back_ms: after the later of the due moment and the database's return (a breach
    // due while the database was away cannot be recorded before it is back: this is the part the workers own).
    const late: Array<{ n: number; late_ms: number; back_ms: number; due_s: number }> = await t.ds.query(
      `SELECT count(e.*)::int AS n, (extract(epoch FROM min(e.at) - k.due_at) * 1000)::int AS late_ms,
              floor(extract(epoch FROM k.due_at) - $2 / 1000.0)::int AS due_s,
              (extract(epoch FROM min(e.at) - greatest(k.due_at, to_timestamp($1 / 1000.0))) * 1000)::int AS back_ms
         FROM sla_clocks k LEFT JOIN case_events e ON e.case_id = k.case_id AND e.action = 'sla.breached' AND (e.data->>'clockId')::uuid = k.id
        WHERE k.stage = 'freeze' GROUP BY k.id`,
      [outage.to, started],
    );
    expect(late.filter((x) => x.n !== 1)).toEqual([]);
    const pcts = (values: number[]) => {
      const ms = [...values].sort((a, b) => a - b);
      const pct = (p: number) => ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)];
      return `p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms, max ${ms[ms.length - 1]} ms`;
    };
    const byDueTime = (rows: Array<{ late_ms: number; due_s: number }>) => {
      const worst = new Map<number, number>();
      for (const r of rows) {
        const bucket = Math.floor(r.due_s / 4) * 4;
        worst.set(bucket, Math.max(worst.get(bucket) ?? 0, r.late_ms));
      }
      return [...worst].sort((a, b) => a[0] - b[0]).map(([from, ms]) => `${from}-${from + 4}: ${ms}`).join(', ');
    };
    console.log(
      `chaos: ${n} reports at ${RATE}/s; statuses ${JSON.stringify(Object.fromEntries(statuses))}, connection errors ${networkErrors}; ` +
        `breach lateness ${pcts(late.map((x) => x.late_ms))} (database away 5 s, Redis restarted, a worker SIGKILLed every 8 s); ` +
        `counted from the database's return for breaches due while it was away: ${pcts(late.map((x) => x.back_ms))}; ` +
        `workers that exited on their own and were restarted ${selfExits}; worst lateness by due time (s after the start: ms) ${byDueTime(late)}; load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`,
    );

    // the API answered 503 while the database was away, never 500
    expect(statuses.get(500) ?? 0).toBe(0);
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0);

    // audit: every case's chain verifies against its head
    const auditor = await t.createUser('auditor');
    const verify = await t.http().get('/api/audit/verify').set(auth(auditor.token));
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true, casesChecked: n, failures: [] });
  }, 240_000);
});
