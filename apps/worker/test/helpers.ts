import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { bullPrefix, jobIds, JOB_NAMES, QUEUE_NAMES } from '@sentinel/contracts';
import { computeClockTimes, emptyPlan, generateWebhookSecret, notificationBody, type ClockPolicy } from '@sentinel/domain';
import { CasesRepository, CaseWriter } from '@sentinel/persistence';
import { QueueFactory, type TypedQueue } from '@sentinel/queues';
import { flushRedisPrefix } from '@sentinel/testing';
import { sealBankSecret, secretBoxFromEnv } from '@sentinel/outbound';
import { startBankSandbox, type BankSandbox } from '../../bank-sandbox/src';

/** The box the worker and API of a test open secrets with (SECRETS_KEY unset: the development key). */
export const testSecretBox = secretBoxFromEnv(process.env, () => undefined);

export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 15_000, intervalMs = 50): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    }
    await sleep(intervalMs);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A simulated bank on loopback (no callbacks unless a callbackUrl is given). */
export async function startSandbox(banks: Array<{ code: string; secret: string; previousSecret?: string; callbackUrl?: string }>): Promise<BankSandbox> {
  const sandbox = await startBankSandbox({ port: 0, quiet: true, callbackDelayMs: 20, callbackRetryDelaysMs: [], banks });
  // Without a callback URL the sandbox would call the default API URL (port 3000): keep it quiet instead.
  for (const b of banks) if (!b.callbackUrl) sandbox.state.setFaults(sandbox.state.getBank(b.code)!, { noCallback: true });
  return sandbox;
}

export async function setFaults(sandbox: BankSandbox, code: string, faults: Record<string, unknown> | null): Promise<void> {
  const res = await fetch(`${sandbox.url}/control/banks/${code}/faults`, {
    method: faults ? 'POST' : 'DELETE',
    headers: { 'content-type': 'application/json' },
    body: faults ? JSON.stringify(faults) : undefined,
  });
  if (!res.ok) throw new Error(`sandbox faults ${code}: ${res.status} ${await res.text()}`);
}

export async function bankStats(sandbox: BankSandbox, code: string): Promise<Record<string, number>> {
  const res = await fetch(`${sandbox.url}/control/banks/${code}/stats`);
  return (await res.json()) as Record<string, number>;
}

export async function insertBank(
  ds: DataSource,
  b: { code: string; webhookUrl: string | null; secret?: string; active?: boolean; previousSecret?: string; previousSecretExpiresAt?: Date },
): Promise<string> {
  const secret = b.secret ?? generateWebhookSecret();
  // Stored as the API stores them: sealed with SECRETS_KEY (the development key in tests), bound to the row.
  const id = randomUUID();
  const seal = (v: string) => sealBankSecret(testSecretBox, id, v);
  await ds.query(
    `INSERT INTO banks (id, code, name, webhook_url, active, secret, previous_secret, previous_secret_expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [id, b.code, `Bank ${b.code}`, b.webhookUrl, b.active ?? true, seal(secret), b.previousSecret ? seal(b.previousSecret) : null, b.previousSecretExpiresAt ?? null],
  );
  return secret;
}

export async function insertSupervisor(ds: DataSource, name = 'sup'): Promise<string> {
  const [u] = await ds.query(`INSERT INTO users (email, name, role) VALUES ($1, $2, 'supervisor') RETURNING id`, [
    `${name}-${randomBytes(3).toString('hex')}@test.local`,
    name,
  ]);
  return u.id;
}

let snSeq = 0;

/** A bare open case in the freeze stage (SQL only; the API's intake is exercised by the suites that boot it). */
export async function insertCase(ds: DataSource, bankCode: string | null): Promise<string> {
  const sn = `SNW${process.pid}${randomBytes(3).toString('hex').toUpperCase()}${++snSeq}`;
  const [t] = await ds.query(`INSERT INTO terminals (sn, bank_code, merchant_id, merchant_name, tid) VALUES ($1, $2, 'MID001', 'Test shop', 'TID001') RETURNING id`, [
    sn,
    bankCode,
  ]);
  const [{ seq }] = await ds.query(`SELECT nextval('case_reference_seq')::bigint AS seq`);
  const [c] = await ds.query(
    `INSERT INTO cases (reference, terminal_id, sn, merchant_id, merchant_name, tid, bank_code, misuse_type, stage, status, priority, priority_rank)
     VALUES ($1, $2, $3, 'MID001', 'Test shop', 'TID001', $4, 'cloned_terminal', 'freeze', 'open', 'p3', 3) RETURNING id`,
    [`SNC-2026-${String(seq).padStart(6, '0')}`, t.id, sn, bankCode],
  );
  return c.id;
}

const cases = new CasesRepository();
const writer = new CaseWriter();

/**
 * A freeze request written the way the write path writes one (the case writer applying an outbox row with its
 * body and the freeze record), without the rules of `request_freeze` (so inactive banks can be set up too).
 */
export async function insertFreezeRequest(ds: DataSource, caseId: string): Promise<string> {
  return ds.transaction(async (tx) => {
    const loaded = await cases.loadState(tx, { id: caseId }, { lock: true });
    if (!loaded?.state.bankCode) throw new Error(`case ${caseId} has no bank to ask`);
    const c = loaded.state;
    const id = randomUUID();
    const now = new Date();
    const body = notificationBody(c, { id, type: 'freeze.requested', bankCode: c.bankCode!, at: now });
    await writer.apply(tx, c, { ...emptyPlan(), outbox: [{ op: 'queue', id, type: 'freeze.requested', bankCode: c.bankCode!, body, at: now }], records: [{ record: 'freeze', patch: { bankCode: c.bankCode, requestedAt: now, notificationId: id } }] }, now);
    return id;
  });
}

/** A stage clock started at `startedAt` on the stage's policy, written by the case writer (as a stage entry would). */
export async function startClock(ds: DataSource, caseId: string, stage: 'freeze', startedAt: Date): Promise<{ id: string; dueAt: Date; warnAt: Date }> {
  return ds.transaction(async (tx) => {
    const loaded = await cases.loadState(tx, { id: caseId }, { lock: true });
    if (!loaded) throw new Error(`no case ${caseId}`);
    const policy: ClockPolicy | undefined = loaded.context(startedAt, randomUUID).policies?.[stage];
    if (!policy) throw new Error(`no SLA policy for ${stage}`);
    const { dueAt, warnAt } = computeClockTimes({ startedAt, target: policy.target, calendar: policy.calendar, warnAtPercent: policy.warnAtPercent });
    const id = randomUUID();
    await writer.apply(
      tx,
      loaded.state,
      {
        ...emptyPlan(),
        clocks: [{ op: 'start', id, clock: { kind: 'stage', stage }, target: policy.target, calendarId: policy.calendar.id, warnAtPercent: policy.warnAtPercent, startedAt, warnAt, dueAt }],
      },
      new Date(),
    );
    return { id, dueAt, warnAt };
  });
}

/** Producer like the API's WakeupPublisher: the same queue factory (libs/queues), queue names, prefix and job ids. */
export class TestPublisher {
  readonly notifications: TypedQueue<'notifications'>;
  readonly slaTimers: TypedQueue<'sla-timers'>;

  constructor(redisPrefix: string) {
    const factory = new QueueFactory({ redisUrl: REDIS_URL, redisPrefix });
    this.notifications = factory.queue(QUEUE_NAMES.notifications);
    this.slaTimers = factory.queue(QUEUE_NAMES.slaTimers);
  }

  deliver(notificationId: string, generation = 1) {
    return this.notifications.add(JOB_NAMES.deliver, { notificationId }, { jobId: jobIds.notification(notificationId, generation) });
  }

  close() {
    return Promise.allSettled([this.notifications.close(), this.slaTimers.close()]);
  }
}

/** Deletes every Redis key of a test prefix, BullMQ's `{prefix}:bull:*` included. */
export async function flushTestRedis(redisPrefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    return (await flushRedisPrefix(redis, bullPrefix(redisPrefix))) + (await flushRedisPrefix(redis, redisPrefix));
  } finally {
    await redis.quit();
  }
}

export async function caseEvents(ds: DataSource, caseId: string, action?: string): Promise<Array<{ action: string; at: Date; data: any; actor_id: string }>> {
  return ds.query(
    `SELECT action, at, data, actor_id FROM case_events WHERE case_id = $1 ${action ? 'AND action = $2' : ''} ORDER BY seq`,
    action ? [caseId, action] : [caseId],
  );
}
