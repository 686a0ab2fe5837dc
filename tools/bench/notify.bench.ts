import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { bullPrefix, JOB_NAMES, jobIds, QUEUE_NAMES } from '@sentinel/contracts';
import { generateWebhookSecret } from '@sentinel/domain';
import { sealBankSecret, secretBoxFromEnv } from '@sentinel/outbound';
import { createTestDatabase, flushRedisPrefix, testRedisPrefix } from '@sentinel/testing';
import { startBankSandbox } from '../../apps/bank-sandbox/src';
import type { Row } from './bench-util';
import { cpuSecondsOf } from './api-process';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CONCURRENCY = Number(process.env.WORKER_CONCURRENCY ?? 10);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Deliveries per second between the first finished one and the last (process start-up left out on both sides). */
async function rateOf(n: number, count: () => Promise<number>, timeoutMs: number): Promise<{ rate: number; done: number }> {
  const deadline = Date.now() + timeoutMs;
  let first: { at: number; done: number } | null = null;
  for (;;) {
    const done = await count();
    if (!first && done > 0) first = { at: Date.now(), done };
    if (done >= n || Date.now() > deadline) {
      const ms = first ? Date.now() - first.at : 0;
      return { rate: first && ms > 0 ? (done - first.done) / (ms / 1000) : 0, done };
    }
    await sleep(50);
  }
}

/**
 * Bank notification delivery: `n` pending freeze requests (written in SQL, one BullMQ `deliver` job each, as the API
 * enqueues them) delivered by the real worker process (WORKER_CONCURRENCY, default 10) to the bank sandbox (signed,
 * checked, answered 200) — each delivery a claim, a signed POST and the write path's transaction (attempt row,
 * status, `notification.delivered` case event) — against BullMQ no-op jobs on the same Redis and concurrency.
 * Target: ≥ 50% of the no-op rate.
 */
export async function benchNotifications(n: number): Promise<Row[]> {
  const db = await createTestDatabase('benchnotify', { poolSize: 1 });
  const prefix = testRedisPrefix('benchnotify');
  const secret = generateWebhookSecret();
  const sandbox = await startBankSandbox({ port: 0, quiet: true, callbackDelayMs: 20, callbackRetryDelaysMs: [], maxRecords: 100, banks: [{ code: 'NB', secret }] });
  sandbox.state.setFaults(sandbox.state.getBank('NB')!, { noCallback: true });
  const raw = new Client({ connectionString: db.url });
  await raw.connect();
  const queue = new Queue(QUEUE_NAMES.notifications, { connection: { url: REDIS_URL }, prefix: bullPrefix(prefix) });
  let worker: ReturnType<typeof spawn> | null = null;
  try {
    const bankId = randomUUID();
    await raw.query(`INSERT INTO banks (id, code, name, webhook_url, secret) VALUES ($1, 'NB', 'Notify bank', $2, $3)`, [
      bankId,
      `${sandbox.url}/webhooks/NB`,
      sealBankSecret(secretBoxFromEnv(process.env, () => undefined), bankId, secret),
    ]);
    await raw.query(`INSERT INTO terminals (sn, bank_code, tid, merchant_id, merchant_name) SELECT 'NTF-' || lpad(g::text, 8, '0'), 'NB', 'T' || g, 'M' || g, 'Shop ' || g FROM generate_series(1, $1) g`, [n]);
    await raw.query(
      `INSERT INTO cases (reference, terminal_id, sn, merchant_id, merchant_name, tid, bank_code, misuse_type, stage, status, priority, priority_rank)
       SELECT 'SNC-2024-' || lpad(substr(sn, 5)::int::text, 6, '0'), id, sn, merchant_id, merchant_name, tid, 'NB', 'cloned_terminal', 'freeze', 'open', 'p3', 3 FROM terminals`,
    );
    const ids = (
      await raw.query<{ id: string }>(
        `WITH x AS (SELECT gen_random_uuid() AS id, c.id AS case_id FROM cases c),
         n AS (
           INSERT INTO notifications (id, case_id, bank_code, type, payload, status, next_attempt_at, created_at, updated_at)
           SELECT x.id, c.id, 'NB', 'freeze.requested',
                  jsonb_build_object('type', 'freeze.requested', 'notificationId', x.id, 'caseId', c.id, 'caseReference', c.reference, 'bankCode', 'NB',
                                     'sn', c.sn, 'terminalId', c.tid, 'merchantId', c.merchant_id, 'merchantName', c.merchant_name, 'misuseType', c.misuse_type,
                                     'amountAtRisk', NULL, 'requestedAt', now(), 'scope', jsonb_build_array('terminal', 'settlement')),
                  'pending', now(), now(), now()
             FROM x JOIN cases c ON c.id = x.case_id
           RETURNING id, case_id)
         INSERT INTO case_freezes (case_id, bank_code, requested_at, notification_id) SELECT case_id, 'NB', now(), id FROM n RETURNING notification_id AS id`,
      )
    ).rows.map((r) => r.id);
    for (let i = 0; i < ids.length; i += 1000) {
      await queue.addBulk(ids.slice(i, i + 1000).map((id) => ({ name: JOB_NAMES.deliver, data: { notificationId: id }, opts: { jobId: jobIds.notification(id, 1) } })));
    }
    // BENCH_WORKER_NODE_OPTIONS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the worker process.
    const nodeOptions = (process.env.BENCH_WORKER_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
    worker = spawn(process.execPath, [...nodeOptions, '-r', './tools/register.js', 'apps/worker/src/main.ts'], {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, DATABASE_URL: db.url, REDIS_URL, REDIS_PREFIX: prefix, LOG_LEVEL: 'silent', WEBHOOK_ALLOW_PRIVATE: 'true', SWEEP_INTERVAL_MS: '60000', WORKER_CONCURRENCY: String(CONCURRENCY) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const w = worker;
    const cpu = { at: 0, s: 0 };
    const ours = await rateOf(n, async () => {
      const done = Number((await raw.query(`SELECT count(*) AS n FROM notifications WHERE status = 'delivered'`)).rows[0].n);
      if (done > 0 && !cpu.at) Object.assign(cpu, { at: Date.now(), s: cpuSecondsOf(w.pid!) });
      return done;
    }, 120_000 + n * 50);
    const workerCpu = `worker CPU ${(((cpuSecondsOf(w.pid!) - cpu.s) * 100_000) / Math.max(1, Date.now() - cpu.at)).toFixed(0)}% of one core`;
    const received = sandbox.state.getBank('NB')!.stats;
    const rawRate = await noOpRate(n, `${prefix}-raw`);
    return [
      {
        name: `notifications: deliveries/s (${n.toLocaleString('en')}, concurrency ${CONCURRENCY})`,
        ours: `${ours.rate.toFixed(0)} per s`,
        raw: `${rawRate.toFixed(0)} per s`,
        ratio: rawRate / Math.max(ours.rate, 1e-9),
        note: `${((ours.rate / rawRate) * 100).toFixed(1)}% of BullMQ no-op jobs (target ≥ 50%: ${ours.rate / rawRate >= 0.5 && ours.done === n ? 'met' : 'NOT met'}); ${ours.done}/${n} delivered (sandbox: ${received.accepted} accepted, ${received.badSignature} bad signatures); ${workerCpu}`,
      },
    ];
  } finally {
    if (worker) {
      const w = worker;
      const exited = new Promise((r) => w.once('exit', r));
      w.kill('SIGTERM');
      await exited;
    }
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    const redis = new Redis(REDIS_URL);
    await flushRedisPrefix(redis, bullPrefix(prefix)).catch(() => undefined);
    await flushRedisPrefix(redis, prefix).catch(() => undefined);
    redis.disconnect();
    await sandbox.close();
    await raw.end();
    await db.drop();
  }
}

/** BullMQ jobs that do nothing, `n` of them, on the same Redis and concurrency: the queue's own ceiling. */
async function noOpRate(n: number, prefix: string): Promise<number> {
  const opts = { connection: { url: REDIS_URL }, prefix: bullPrefix(prefix) };
  const q = new Queue('raw-noop', opts);
  let done = 0;
  try {
    for (let i = 0; i < n; i += 1000) await q.addBulk(Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({ name: 'noop', data: { i: i + j } })));
    const w = new Worker('raw-noop', async () => undefined, { ...opts, concurrency: CONCURRENCY });
    w.on('completed', () => done++);
    const { rate } = await rateOf(n, async () => done, 60_000 + n * 10);
    await w.close();
    return rate;
  } finally {
    await q.obliterate({ force: true });
    await q.close();
  }
}

/** Alone: `BENCH_NOTIFICATIONS=1500 node -r ./tools/register.js tools/bench/notify.bench.ts` (WORKER_CONCURRENCY as above). */
if (require.main === module) {
  benchNotifications(Number(process.env.BENCH_NOTIFICATIONS ?? 1500)).then(
    (rows) => console.log(rows),
    (e: Error) => {
      console.error(e);
      process.exit(1);
    },
  );
}
