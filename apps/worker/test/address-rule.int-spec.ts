import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { outboundPolicy } from '@sentinel/outbound';
import { createTestDatabase, testRedisPrefix, type TestDatabase } from '@sentinel/testing';
import { startWorker, type WorkerHandle } from '../src/worker';
import { flushTestRedis, insertBank, insertCase, insertFreezeRequest, TestPublisher, waitFor } from './helpers';

/**
 * The webhook address rule before each connection (docs/api.md "Banks and notifications"), with the rule as in
 * production (no WEBHOOK_ALLOW_PRIVATE): a bank whose host name resolves to a private address, or whose URL is a
 * private literal, gets the failed attempt "address not allowed" and no traffic at all — the resolver is a stub
 * that answers 10.x, and the only server that could be reached (a receiver on loopback) counts what it receives.
 * Also: `lastError` keeps the status and a short reason, never the answer's body.
 */
describe('the worker checks the address of every webhook connection', () => {
  let db: TestDatabase;
  let worker: WorkerHandle;
  let publisher: TestPublisher;
  let receiver: Server;
  let port: number;
  const received: string[] = [];
  const looked: string[] = [];
  const prefix = testRedisPrefix('worker-address');

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      received.push(`${req.headers.host}${req.url}`);
      res.writeHead(500, { 'content-type': 'text/plain' }).end('stack trace: db password is hunter2 at internal.host:5432');
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    port = (receiver.address() as AddressInfo).port;
    db = await createTestDatabase('worker_address');
    // a public-looking name whose DNS answer is private (rebinding), and a private literal
    await insertBank(db.dataSource, { code: 'REBIND', webhookUrl: `https://bank-gw.example:${port}/hooks` });
    await insertBank(db.dataSource, { code: 'LOOP', webhookUrl: `https://127.0.0.1:${port}/hooks` });
    await insertBank(db.dataSource, { code: 'PLAIN', webhookUrl: `http://bank-gw.example:${port}/hooks` });
    publisher = new TestPublisher(prefix);
    worker = await startWorker({
      databaseUrl: db.url,
      redisPrefix: prefix,
      deliveryScheduleMs: [0, 60_000],
      sweepEnabled: false,
      logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
      outboundPolicy: outboundPolicy({}),
      outboundResolver: async (host) => {
        looked.push(host);
        return [{ address: '10.0.0.7', family: 4 }];
      },
    });
  });

  afterAll(async () => {
    await worker?.close();
    await publisher?.close();
    await flushTestRedis(prefix);
    await db?.drop();
    await new Promise<void>((r) => receiver.close(() => r()));
  });

  const rowOf = async (id: string) => (await db.dataSource.query(`SELECT * FROM notifications WHERE id = $1`, [id]))[0];
  const attemptOnce = async (bankCode: string) => {
    const id = await insertFreezeRequest(db.dataSource, await insertCase(db.dataSource, bankCode));
    await publisher.deliver(id);
    return waitFor(`attempt of ${bankCode}`, async () => {
      const r = await rowOf(id);
      return r.attempt_count === 1 ? r : null;
    });
  };

  it('refuses a name that resolves to a private address, before connecting', async () => {
    const row = await attemptOnce('REBIND');
    expect(row).toMatchObject({ status: 'pending', last_status_code: null, last_error: 'address not allowed' });
    expect(looked).toContain('bank-gw.example');
    expect(received).toEqual([]);
  });

  it('refuses a private literal address and a plain http URL without any lookup or traffic', async () => {
    looked.length = 0;
    expect(await attemptOnce('LOOP')).toMatchObject({ last_error: 'address not allowed', last_status_code: null });
    expect(await attemptOnce('PLAIN')).toMatchObject({ last_error: 'must be an https URL', last_status_code: null });
    expect(looked).toEqual([]);
    expect(received).toEqual([]);
  });
});

describe('lastError of a failed delivery', () => {
  let db: TestDatabase;
  let worker: WorkerHandle;
  let publisher: TestPublisher;
  let receiver: Server;
  const prefix = testRedisPrefix('worker-lasterror');

  beforeAll(async () => {
    receiver = createServer((_req, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('stack trace: db password is hunter2 at internal.host:5432'));
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    db = await createTestDatabase('worker_lasterror');
    await insertBank(db.dataSource, { code: 'TALKY', webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks` });
    publisher = new TestPublisher(prefix);
    // the receiver is on loopback, so this worker allows private addresses (WEBHOOK_ALLOW_PRIVATE=true)
    worker = await startWorker({ databaseUrl: db.url, redisPrefix: prefix, deliveryScheduleMs: [0, 60_000], sweepEnabled: false, logLevel: 'silent', outboundPolicy: outboundPolicy({ allowPrivate: true }) });
  });

  afterAll(async () => {
    await worker?.close();
    await publisher?.close();
    await flushTestRedis(prefix);
    await db?.drop();
    await new Promise<void>((r) => receiver.close(() => r()));
  });

  it('keeps the status and a short reason, never the body the far end answered', async () => {
    const id = await insertFreezeRequest(db.dataSource, await insertCase(db.dataSource, 'TALKY'));
    await publisher.deliver(id);
    const row = await waitFor('attempt', async () => {
      const [r] = await db.dataSource.query(`SELECT * FROM notifications WHERE id = $1`, [id]);
      return r.attempt_count === 1 ? r : null;
    });
    expect(row).toMatchObject({ last_status_code: 500, last_error: 'HTTP 500 Internal Server Error' });
    const [attempt] = await db.dataSource.query(`SELECT error FROM notification_attempts WHERE notification_id = $1`, [id]);
    expect(attempt.error).toBe('HTTP 500 Internal Server Error');
    expect(JSON.stringify(row)).not.toContain('hunter2');
  });
});
