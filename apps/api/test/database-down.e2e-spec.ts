import { TcpProxy } from '@sentinel/testing';
import { auth, expectProblem, TestApp, type TestUser } from './test-app';

/**
 * docs/api.md "Conventions": while the database is away the API answers 503 `DEPENDENCY.UNAVAILABLE` with
 * `Retry-After`, never 500, and nothing is half-written; clients retry with their idempotency keys. PostgreSQL is
 * made unavailable through a TCP proxy this suite controls (the shared server keeps running for the others).
 */
describe('API with PostgreSQL away', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let analyst: TestUser;
  const report = (sn: string) => ({ sn, channel: 'cardholder', misuseType: 'other' });

  beforeAll(async () => {
    proxy = await TcpProxy.start('127.0.0.1', 5432);
    t = await TestApp.start('dbdown', { databaseConnectTimeoutMs: 800 }, { databaseVia: (url) => proxy.url(url) });
    analyst = await t.createUser('analyst');
  }, 60_000);
  afterAll(async () => {
    proxy?.set('up');
    await t?.stop();
    await proxy?.stop();
  }, 60_000);

  afterEach(() => proxy.set('up'));

  const expectUnavailable = (res: import('supertest').Response) => {
    const body = expectProblem(res, 503, 'DEPENDENCY.UNAVAILABLE');
    expect(res.headers['retry-after']).toMatch(/^[1-9][0-9]*$/);
    expect(body.params).toMatchObject({ dependency: 'database' });
  };

  it('should go through the proxy while it is up', async () => {
    const before = proxy.forwarded;
    const res = await t.http().get('/api/cases').set(auth(analyst.token));
    expect(res.status).toBe(200);
    expect(proxy.forwarded).toBeGreaterThanOrEqual(before);
    expect(proxy.forwarded).toBeGreaterThan(0);
  });

  it('should answer 503 with Retry-After, never 500, while the server refuses connections', async () => {
    proxy.set('refuse');
    expectUnavailable(await t.http().post('/api/reports').set(auth(analyst.token)).set('Idempotency-Key', 'down-1').send(report('DB-DOWN-0001')));
    expectUnavailable(await t.http().get('/api/cases').set(auth(analyst.token)));
    expectUnavailable(await t.http().post('/api/auth/login').send({ email: analyst.email, password: 'whatever-password-1' }));
    const health = await t.http().get('/api/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ db: 'down' });
  });

  it('should answer 503 when the pool cannot connect in time (a partition: connections hang)', async () => {
    proxy.set('blackhole');
    const started = Date.now();
    expectUnavailable(await t.http().post('/api/reports').set(auth(analyst.token)).set('Idempotency-Key', 'down-2').send(report('DB-DOWN-0002')));
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('should have written nothing while away, and accept the retried requests once it is back', async () => {
    proxy.set('refuse');
    expectUnavailable(await t.http().post('/api/reports').set(auth(analyst.token)).set('Idempotency-Key', 'down-3').send(report('DB-DOWN-0003')));
    proxy.set('up');
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM reports WHERE sn LIKE 'DB-DOWN-%'`);
    expect(n).toBe(0);
    let res = await t.http().post('/api/reports').set(auth(analyst.token)).set('Idempotency-Key', 'down-3').send(report('DB-DOWN-0003'));
    // The pool may still hand out a connection cut while away once; the client retries with its key.
    for (let i = 0; i < 3 && res.status === 503; i++) res = await t.http().post('/api/reports').set(auth(analyst.token)).set('Idempotency-Key', 'down-3').send(report('DB-DOWN-0003'));
    expect(res.status).toBe(201);
    const again = await t.http().post('/api/reports').set(auth(analyst.token)).set('Idempotency-Key', 'down-3').send(report('DB-DOWN-0003'));
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const [row] = await t.ds.query(`SELECT count(*)::int AS reports, count(DISTINCT case_id)::int AS cases FROM reports WHERE sn LIKE 'DB-DOWN-%'`);
    expect(row).toEqual({ reports: 1, cases: 1 });
  });
});
