import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { generateWebhookSecret } from '@sentinel/domain';
import { sealBankSecret, secretBoxFromEnv } from '@sentinel/outbound';
import { Queue } from 'bullmq';
import { SingleBar, Presets } from 'cli-progress';
import { bullPrefix, QUEUE_NAMES } from '@sentinel/contracts';
import { createTestDatabase, flushRedisPrefix, testRedisPrefix } from '@sentinel/testing';
import Redis from 'ioredis';
import { hashPassword } from '../../apps/api/src/auth/auth.service';
import { memoryOf, startApiProcess } from './api-process';
import { percentile, pool, type Row } from './bench-util';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PER_REQUEST = 1000;

/**
 * Burst: `n` reports through `POST /api/reports/batch` (1,000 per request, `conc` requests in flight) on a bank
 * alert channel (each opens a case with an automatic freeze request), against raw multi-row INSERTs of the same
 * case-opening rows (case, report, event, outbox; 100 per transaction). Checks every freeze request is queued
 * (one outbox row and one BullMQ delivery job per case). Also the API's idle and peak resident memory.
 */
export async function benchBurst(n: number, conc: number): Promise<{ rows: Row[]; idleMb: number; peakMb: number }> {
  const db = await createTestDatabase('benchburst', { poolSize: 2 });
  const prefix = testRedisPrefix('benchburst');
  const api = await startApiProcess({ DATABASE_URL: db.url, REDIS_URL, REDIS_PREFIX: prefix, LOG_LEVEL: 'silent', ENQUEUE_JOBS: 'true' });
  const raw = new Client({ connectionString: db.url });
  await raw.connect();
  const queue = new Queue(QUEUE_NAMES.notifications, { connection: { url: REDIS_URL }, prefix: bullPrefix(prefix) });
  try {
    // Stored as the API stores it: sealed with SECRETS_KEY (the development key outside production), bound to the row.
    const bankId = randomUUID();
    const sealed = sealBankSecret(secretBoxFromEnv(process.env, () => undefined), bankId, generateWebhookSecret());
    await raw.query(`INSERT INTO banks (id, code, name, webhook_url, secret) VALUES ($1, 'BB', 'Burst bank', 'http://127.0.0.1:9/none', $2)`, [bankId, sealed]);
    await raw.query(`INSERT INTO users (email, name, role, password_hash) VALUES ('burst@bench.local', 'burst', 'intake', $1)`, [await hashPassword('Bench-Password-1!')]);
    const login = await fetch(`${api.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'burst@bench.local', password: 'Bench-Password-1!' }) });
    const { token } = (await login.json()) as { token: string };
    await new Promise((r) => setTimeout(r, 1000));
    const idleMb = memoryOf(api.pid).rssMb;

    const requests = Math.ceil(n / PER_REQUEST);
    const bar = new SingleBar({ format: 'burst  [{bar}] {value}/{total} reports | {duration}s', hideCursor: true }, Presets.shades_classic);
    bar.start(n, 0);
    const ours = await pool(requests, conc, async (r) => {
      const from = r * PER_REQUEST;
      const reports = Array.from({ length: Math.min(PER_REQUEST, n - from) }, (_, i) => ({
        idempotencyKey: `burst-${from + i}`,
        sn: `BURST-${String(from + i).padStart(8, '0')}`,
        channel: 'bank_alert',
        misuseType: 'sn_leak_laundering',
        bankCode: 'BB',
        amountAtRisk: { minor: 10000 + i, currency: 'CNY' },
      }));
      const res = await fetch(`${api.url}/api/reports/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ reports }) });
      if (res.status !== 200) throw new Error(`batch ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { results: Array<{ status: number }> };
      const bad = body.results.filter((x) => x.status !== 201);
      if (bad.length) throw new Error(`batch items refused: ${JSON.stringify(bad.slice(0, 3))}`);
      bar.increment(reports.length);
    });
    bar.stop();
    const peakMb = memoryOf(api.pid).peakMb;
    const [check] = (
      await raw.query(
        `SELECT (SELECT count(*)::int FROM reports) AS reports, (SELECT count(*)::int FROM cases) AS cases,
                (SELECT count(*)::int FROM notifications WHERE type = 'freeze.requested' AND status = 'pending') AS freeze_requests,
                (SELECT count(DISTINCT case_id)::int FROM notifications WHERE type = 'freeze.requested') AS cases_with_request`,
      )
    ).rows;
    const counts = await queue.getJobCounts('waiting', 'delayed', 'prioritized', 'active');
    const jobs = counts.waiting + counts.delayed + counts.prioritized + counts.active;
    const complete = check.reports === n && check.cases === n && check.freeze_requests === n && check.cases_with_request === n && jobs === n;

    // raw: the same case-opening rows as multi-row INSERTs, 100 per transaction
    await raw.query(`CREATE TABLE bb_cases (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), sn text UNIQUE, stage text, at timestamptz DEFAULT now())`);
    await raw.query(`CREATE TABLE bb_reports (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), case_id uuid, sn text, idem text UNIQUE, payload jsonb)`);
    await raw.query(`CREATE TABLE bb_events (id bigserial PRIMARY KEY, case_id uuid, seq int, data jsonb)`);
    await raw.query(`CREATE TABLE bb_outbox (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), case_id uuid, body jsonb)`);
    const clients = await Promise.all(Array.from({ length: conc }, async () => {
      const c = new Client({ connectionString: db.url });
      await c.connect();
      return c;
    }));
    const chunks = Math.ceil(n / 100);
    const base = await pool(chunks, conc, async (k, w) => {
      const c = clients[w];
      const sns = Array.from({ length: Math.min(100, n - k * 100) }, (_, i) => `RAW-${k * 100 + i}`);
      await c.query('BEGIN');
      await c.query(
        `WITH c AS (INSERT INTO bb_cases (sn, stage) SELECT s, 'freeze' FROM unnest($1::text[]) s RETURNING id, sn),
              r AS (INSERT INTO bb_reports (case_id, sn, idem, payload) SELECT id, sn, 'k-' || sn, jsonb_build_object('sn', sn, 'channel', 'bank_alert') FROM c),
              e AS (INSERT INTO bb_events (case_id, seq, data) SELECT id, 1, '{}' FROM c)
         INSERT INTO bb_outbox (case_id, body) SELECT id, jsonb_build_object('type', 'freeze.requested') FROM c`,
        [sns],
      );
      await c.query('COMMIT');
    });
    for (const c of clients) await c.end();
    const oursRate = n / (ours.totalMs / 1000);
    const rawRate = n / (base.totalMs / 1000);
    return {
      idleMb,
      peakMb,
      rows: [
        {
          name: `burst: ${n.toLocaleString('en')} reports via /api/reports/batch`,
          ours: `${oursRate.toFixed(0)} per s`,
          raw: `${rawRate.toFixed(0)} per s`,
          ratio: rawRate / oursRate,
          note: `${(ours.totalMs / 1000).toFixed(1)} s total (100k target ≤ 120 s → needs ≥ 834/s: ${oursRate >= 834 ? 'met' : 'NOT met'}); p95 per 1,000-item request ${percentile(ours.latencies, 95).toFixed(0)} ms; every freeze request queued: ${complete ? 'yes' : `NO (${JSON.stringify({ ...check, jobs })})`}`,
        },
      ],
    };
  } finally {
    await queue.close();
    await raw.end();
    await api.stop();
    await db.drop();
    const redis = new Redis(REDIS_URL);
    await flushRedisPrefix(redis, bullPrefix(prefix)).catch(() => undefined);
    await flushRedisPrefix(redis, prefix).catch(() => undefined);
    redis.disconnect();
  }
}
