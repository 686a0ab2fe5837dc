import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { bullPrefix } from '@sentinel/contracts';
import { createTestDatabase, freePort, OwnRedis, testRedisPrefix } from '@sentinel/testing';
import { hashPassword } from '../../apps/api/src/auth/auth.service';
import { percentile, type Row } from './bench-util';
import { startApiProcess } from './api-process';

const N = Number(process.env.BENCH_SLA_CASES ?? 60);
const TARGET_S = 3;
const SHARED_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SlaBenchOptions {
  /** false: the API enqueues nothing, as if Redis had lost every timer; only the workers' database poll records breaches */
  timerJobs: boolean;
  /** a migrated database to run in (the timer bench's 1M open clocks) instead of a new empty one; it is not dropped */
  databaseUrl?: string;
  /** worker processes (default 1) */
  workers?: number;
  /**
   * Faults while the clocks fall due (needs workers ≥ 2): 300 ms after the first due moment one worker is SIGKILLed
   * and the Redis — a server of the bench's own, on its own port — is restarted empty, losing every timer job.
   */
  faults?: boolean;
  /** what the row's name says about the data set */
  label?: string;
}

/**
 * SLA breach lateness: how long after a clock's due moment its `sla.breached` event is recorded, with the real
 * API and worker processes (timers are BullMQ delayed jobs; the database is re-read when they fire, and each worker
 * polls the database for due moments every TIMER_POLL_MS) — against the lateness of a bare BullMQ delayed job on the
 * same Redis. N fresh cases are opened through the API with a 3 s freeze target; targets: p99 ≤ 1 s, ≤ 2 s when
 * timers ride on the database poll alone (no Redis jobs, or through the faults).
 */
export async function benchSla(opts: SlaBenchOptions): Promise<Row[]> {
  const own = opts.databaseUrl ? null : await createTestDatabase('benchsla', { poolSize: 2 });
  const url = opts.databaseUrl ?? own!.url;
  const prefix = testRedisPrefix('benchsla');
  const redis = opts.faults ? new OwnRedis(await freePort()) : null;
  await redis?.start();
  const redisUrl = redis?.url ?? SHARED_REDIS_URL;
  const raw = new Client({ connectionString: url });
  await raw.connect();
  const run = Math.random().toString(36).slice(2, 8).toUpperCase();
  const env = { DATABASE_URL: url, REDIS_URL: redisUrl, REDIS_PREFIX: prefix, LOG_LEVEL: 'silent' };
  const api = await startApiProcess({ ...env, ENQUEUE_JOBS: opts.timerJobs ? 'true' : 'false' });
  const workers: ChildProcess[] = [];
  for (let i = 0; i < (opts.workers ?? 1); i++) {
    workers.push(
      spawn(process.execPath, ['-r', './tools/register.js', 'apps/worker/src/main.ts'], {
        cwd: join(__dirname, '..', '..'),
        env: { ...process.env, ...env, SWEEP_INTERVAL_MS: '5000', WORKER_METRICS_PORT: '', WORKER_HEALTH_PORT: '' },
        stdio: ['ignore', 'ignore', 'inherit'],
      }),
    );
  }
  try {
    await raw.query(`UPDATE sla_policies SET target = $1, warn_at_percent = 50 WHERE stage = 'freeze'`, [`PT${TARGET_S}S`]);
    const email = `sla-${run.toLowerCase()}@bench.local`;
    await raw.query(`INSERT INTO users (email, name, role, password_hash) VALUES ($1, 'sla', 'analyst', $2)`, [email, await hashPassword('Bench-Password-1!')]);
    const login = await fetch(`${api.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'Bench-Password-1!' }) });
    const { token } = (await login.json()) as { token: string };
    await sleep(opts.databaseUrl ? 4000 : 1500); // workers up (their start-up sweep over a large data set takes longer)
    const sn = (i: number) => `SLA-${run}-${String(i).padStart(6, '0')}`;
    for (let i = 0; i < N; i++) {
      const r = await fetch(`${api.url}/api/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ sn: sn(i), channel: 'cardholder', misuseType: 'other' }),
      });
      if (r.status !== 201) throw new Error(`report ${r.status}`);
      await sleep(20);
    }
    const ofRun = `JOIN cases c ON c.id = k.case_id AND c.sn LIKE 'SLA-${run}-%'`;
    if (opts.faults) {
      const [{ first }] = (await raw.query<{ first: Date }>(`SELECT min(k.due_at) AS first FROM sla_clocks k ${ofRun}`)).rows;
      await sleep(Math.max(0, first.getTime() + 300 - Date.now()));
      workers[0].kill('SIGKILL');
      await redis!.restart();
    }
    const deadline = Date.now() + (TARGET_S + 15) * 1000;
    let lateness: number[] = [];
    let doubled = 0;
    while (Date.now() < deadline) {
      const { rows } = await raw.query<{ late_ms: string; n: string }>(
        `SELECT extract(epoch FROM (min(e.at) - k.due_at)) * 1000 AS late_ms, count(*) AS n
           FROM sla_clocks k ${ofRun}
           JOIN case_events e ON e.case_id = k.case_id AND e.action = 'sla.breached' AND (e.data->>'clockId')::uuid = k.id
          GROUP BY k.id, k.due_at`,
      );
      lateness = rows.map((r) => Number(r.late_ms));
      doubled = rows.filter((r) => Number(r.n) > 1).length;
      if (lateness.length >= N) break;
      await sleep(500);
    }
    const rawLate = await rawBullMqLateness(redisUrl, prefix);
    const p = (xs: number[], q: number) => percentile(xs, q);
    const limit = opts.timerJobs && !opts.faults ? 1000 : 2000;
    const how = [
      opts.label,
      !opts.timerJobs ? 'no Redis jobs: DB poll' : '',
      (opts.workers ?? 1) > 1 ? `${opts.workers} workers` : '',
      opts.faults ? 'one SIGKILLed and Redis restarted empty at due + 0.3 s' : '',
    ].filter(Boolean);
    const met = p(lateness, 99) <= limit && lateness.length === N && doubled === 0;
    return [
      {
        name: `sla: breach lateness p99 (${lateness.length}/${N} clocks${how.length ? `, ${how.join(', ')}` : ''})`,
        ours: `${p(lateness, 99).toFixed(0)} ms`,
        raw: `${p(rawLate, 99).toFixed(0)} ms`,
        ratio: p(lateness, 99) / Math.max(1, p(rawLate, 99)),
        note: `p50 ${p(lateness, 50).toFixed(0)} ms, p95 ${p(lateness, 95).toFixed(0)} ms, ${doubled} doubled; target p99 ≤ ${limit} ms: ${met ? 'met' : 'NOT met'}`,
      },
    ];
  } finally {
    for (const w of workers) {
      if (w.exitCode !== null || w.signalCode !== null) continue;
      w.kill('SIGTERM');
      await new Promise((r) => w.once('exit', r));
    }
    await api.stop();
    await raw.end();
    await redis?.kill();
    await own?.drop();
  }
}

/** The lateness of bare BullMQ delayed jobs (processedOn − (timestamp + delay)) on the same Redis. */
async function rawBullMqLateness(redisUrl: string, prefix: string): Promise<number[]> {
  const connection = { url: redisUrl };
  const opts = { connection, prefix: bullPrefix(`${prefix}-raw`) };
  const q = new Queue('raw-delay', opts);
  const events = new QueueEvents('raw-delay', opts);
  const late: number[] = [];
  const w = new Worker(
    'raw-delay',
    async (job) => {
      late.push(Date.now() - (job.timestamp + (job.opts.delay ?? 0)));
    },
    opts,
  );
  for (let i = 0; i < N; i++) {
    await q.add('d', {}, { delay: TARGET_S * 1000 });
    await sleep(20);
  }
  const deadline = Date.now() + (TARGET_S + 10) * 1000;
  while (late.length < N && Date.now() < deadline) await sleep(200);
  await w.close();
  await events.close();
  await q.obliterate({ force: true });
  await q.close();
  return late;
}
