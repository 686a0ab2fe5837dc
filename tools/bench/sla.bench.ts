import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { bullPrefix } from '@sentinel/contracts';
import { createTestDatabase, testRedisPrefix } from '@sentinel/testing';
import { hashPassword } from '../../apps/api/src/auth/auth.service';
import { percentile, type Row } from './bench-util';
import { startApiProcess } from './api-process';

const N = Number(process.env.BENCH_SLA_CASES ?? 60);
const TARGET_S = 3;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * SLA breach lateness: how long after a clock's due moment its `sla.breached` event is recorded, with the real
 * API and worker processes (timers are BullMQ delayed jobs; the database is re-read when they fire) — against
 * the lateness of a bare BullMQ delayed job on the same Redis. Target: p95 ≤ 1 s.
 */
export async function benchSla(opts: { timerJobs: boolean } = { timerJobs: true }): Promise<Row[]> {
  const db = await createTestDatabase('benchsla', { poolSize: 2 });
  const prefix = testRedisPrefix('benchsla');
  const raw = new Client({ connectionString: db.url });
  await raw.connect();
  const env = { DATABASE_URL: db.url, REDIS_URL, REDIS_PREFIX: prefix, LOG_LEVEL: 'silent' };
  // timerJobs false: the API enqueues nothing, as if Redis had lost every timer; only the workers' database poll records breaches.
  const api = await startApiProcess({ ...env, ENQUEUE_JOBS: opts.timerJobs ? 'true' : 'false' });
  const worker = spawn(process.execPath, ['-r', './tools/register.js', 'apps/worker/src/main.ts'], {
    cwd: join(__dirname, '..', '..'),
    env: { ...process.env, ...env, SWEEP_INTERVAL_MS: '5000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await raw.query(`UPDATE sla_policies SET target = $1, warn_at_percent = 50 WHERE stage = 'freeze'`, [`PT${TARGET_S}S`]);
    await raw.query(`INSERT INTO users (email, name, role, password_hash) VALUES ('sla@bench.local', 'sla', 'analyst', $1)`, [await hashPassword('Bench-Password-1!')]);
    const login = await fetch(`${api.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'sla@bench.local', password: 'Bench-Password-1!' }) });
    const { token } = (await login.json()) as { token: string };
    await new Promise((r) => setTimeout(r, 1500)); // worker up
    for (let i = 0; i < N; i++) {
      const r = await fetch(`${api.url}/api/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ sn: `SLA-BENCH-${String(i).padStart(6, '0')}`, channel: 'partner_api', misuseType: 'other' }),
      });
      if (r.status !== 201) throw new Error(`report ${r.status}`);
      await new Promise((res) => setTimeout(res, 20));
    }
    const deadline = Date.now() + (TARGET_S + 15) * 1000;
    let lateness: number[] = [];
    while (Date.now() < deadline) {
      const { rows } = await raw.query(
        `SELECT extract(epoch FROM (e.at - k.due_at)) * 1000 AS late_ms
           FROM sla_clocks k JOIN case_events e ON e.case_id = k.case_id AND e.action = 'sla.breached' AND (e.data->>'clockId')::uuid = k.id`,
      );
      lateness = rows.map((r) => Number(r.late_ms));
      if (lateness.length >= N) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const rawLate = await rawBullMqLateness(prefix);
    const p = (xs: number[], q: number) => percentile(xs, q);
    return [
      {
        name: `sla: breach lateness p99 (${lateness.length}/${N} clocks${opts.timerJobs ? '' : ', no Redis jobs: DB poll'})`,
        ours: `${p(lateness, 99).toFixed(0)} ms`,
        raw: `${p(rawLate, 99).toFixed(0)} ms`,
        ratio: p(lateness, 99) / Math.max(1, p(rawLate, 99)),
        note: `p50 ${p(lateness, 50).toFixed(0)} ms, p95 ${p(lateness, 95).toFixed(0)} ms; target p99 ≤ ${opts.timerJobs ? 1000 : 2000} ms: ${p(lateness, 99) <= (opts.timerJobs ? 1000 : 2000) && lateness.length === N ? 'met' : 'NOT met'}`,
      },
    ];
  } finally {
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    await api.stop();
    await raw.end();
    await db.drop();
  }
}

/** The lateness of bare BullMQ delayed jobs (processedOn − (timestamp + delay)) on the same Redis. */
async function rawBullMqLateness(prefix: string): Promise<number[]> {
  const connection = { url: REDIS_URL };
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
    await new Promise((r) => setTimeout(r, 20));
  }
  const deadline = Date.now() + (TARGET_S + 10) * 1000;
  while (late.length < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  await w.close();
  await events.close();
  await q.obliterate({ force: true });
  await q.close();
  return late;
}
