import { createHash } from 'node:crypto';
import type { Client } from 'pg';
import { percentile, pool, type Row } from './bench-util';

/**
 * Intake: `POST /api/reports` through the whole API (validation, dedupe lock, case, clock, events with their chain
 * hash, outbox) against the raw intake-shaped transaction of the same report on the same server — the case, the
 * report, the clock, the `case.opened` event with its SHA-256 chain hash, the outbox row, one INSERT each in one
 * transaction — at `concurrency` clients each (every client its own token and connection). Target: ≥ 40% of raw
 * at 1 and at 8 clients.
 */
export async function benchIntake(opts: { apiUrl: string; tokens: string[]; clients: Client[]; n: number; concurrency: number; tag: string }): Promise<Row> {
  const { apiUrl, tokens, clients, n, concurrency, tag } = opts;
  const report = (i: number) => ({
    sn: `BENCH-${tag}-${String(i).padStart(8, '0')}`,
    channel: 'cardholder', // people report on merchant_call and cardholder (docs/api.md "Auth")
    misuseType: 'cloned_terminal',
    merchantName: 'Bench Merchant',
    amountAtRisk: { minor: 100000 + i, currency: 'CNY' },
    transactions: [{ at: new Date().toISOString(), amount: { minor: 5000, currency: 'CNY' }, maskedPan: '622848******1234' }],
  });
  const ours = await pool(n, concurrency, async (i, w) => {
    const r = await fetch(`${apiUrl}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[w % tokens.length]}` },
      body: JSON.stringify(report(i)),
    });
    if (r.status !== 201) throw new Error(`intake ${r.status} ${await r.text()}`);
    await r.arrayBuffer();
  });
  const c0 = clients[0];
  await c0.query(`CREATE TABLE IF NOT EXISTS bench_cases (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), sn text UNIQUE, stage text, at timestamptz DEFAULT now())`);
  await c0.query(`CREATE TABLE IF NOT EXISTS bench_reports (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), case_id uuid, sn text, payload jsonb, at timestamptz DEFAULT now())`);
  await c0.query(`CREATE TABLE IF NOT EXISTS bench_clocks (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), case_id uuid, stage text, due_at timestamptz)`);
  await c0.query(`CREATE TABLE IF NOT EXISTS bench_events (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), case_id uuid, seq int, data jsonb, prev_hash text, hash text)`);
  await c0.query(`CREATE TABLE IF NOT EXISTS bench_outbox (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), case_id uuid, type text, payload jsonb)`);
  const raw = await pool(n, concurrency, async (i, w) => {
    const c = clients[w];
    const body = report(i);
    const sn = `RAW-${tag}-${i}`;
    await c.query('BEGIN');
    const [k] = (await c.query<{ id: string }>(`INSERT INTO bench_cases (sn, stage) VALUES ($1, 'freeze') RETURNING id`, [sn])).rows;
    await c.query(`INSERT INTO bench_reports (case_id, sn, payload) VALUES ($1, $2, $3)`, [k.id, sn, JSON.stringify(body)]);
    await c.query(`INSERT INTO bench_clocks (case_id, stage, due_at) VALUES ($1, 'freeze', now() + interval '4 hours')`, [k.id]);
    const data = JSON.stringify({ sn, misuseType: body.misuseType });
    const hash = createHash('sha256').update(`${k.id}|1|${'0'.repeat(64)}|${data}`).digest('hex');
    await c.query(`INSERT INTO bench_events (case_id, seq, data, prev_hash, hash) VALUES ($1, 1, $2, $3, $4)`, [k.id, data, '0'.repeat(64), hash]);
    await c.query(`INSERT INTO bench_outbox (case_id, type, payload) VALUES ($1, 'freeze.requested', $2)`, [k.id, JSON.stringify({ sn })]);
    await c.query('COMMIT');
  });
  const oursRate = n / (ours.totalMs / 1000);
  const rawRate = n / (raw.totalMs / 1000);
  return {
    name: `intake: reports/s (HTTP, full case opening, ${concurrency} client${concurrency > 1 ? 's' : ''})`,
    ours: `${oursRate.toFixed(1)} per s`,
    raw: `${rawRate.toFixed(1)} per s`,
    ratio: rawRate / oursRate,
    note: `${((oursRate / rawRate) * 100).toFixed(0)}% of the raw case-opening transaction (target ≥ 40%: ${oursRate / rawRate >= 0.4 ? 'met' : 'NOT met'}); p95 ${percentile(ours.latencies, 95).toFixed(1)} ms vs ${percentile(raw.latencies, 95).toFixed(1)} ms`,
  };
}
