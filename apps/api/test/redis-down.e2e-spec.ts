import { auth, TestApp, type TestUser } from './test-app';
import { createBank } from './ops-fixtures';

/**
 * docs/architecture.md: "Redis being down must not lose anything: the DB rows are the truth and the sweep re-enqueues
 * what is missing." The API keeps working without Redis: logins (rate limits fall back to memory), intake
 * (the case, its clock, events and outbox row commit; only the wake-ups are not enqueued), and health says so.
 */
describe('API with Redis down', () => {
  let t: TestApp;
  let analyst: TestUser;

  beforeAll(async () => {
    // Nothing listens on port 1: every Redis call fails.
    t = await TestApp.start('redisdown', { redisUrl: 'redis://127.0.0.1:1', enqueueJobs: true });
    analyst = await t.createUser('analyst');
  }, 60_000);
  afterAll(() => t?.stop(), 60_000);

  it('should report the dependency as down with 503', async () => {
    const res = await t.http().get('/api/health');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'degraded', db: 'up', redis: 'down' });
  });

  it('should still log users in and refuse a wrong password with 401, not 500', async () => {
    expect((await t.http().post('/api/auth/login').send({ email: analyst.email, password: 'wrong-password-123' })).status).toBe(401);
  });

  it('should accept a report and commit the case, its clock, events and freeze request for the sweep to deliver', async () => {
    await createBank(t, 'RD', undefined, 'Redis-down bank');
    const res = await t.http().post('/api/reports').set(auth(analyst.token)).send({ sn: 'REDIS-DOWN-0001', channel: 'bank_alert', misuseType: 'other', bankCode: 'RD' });
    expect(res.status).toBe(201);
    const caseId = res.body.caseId;
    const [row] = await t.ds.query(
      `SELECT (SELECT count(*)::int FROM sla_clocks WHERE case_id = $1) AS clocks,
              (SELECT count(*)::int FROM case_events WHERE case_id = $1) AS events,
              (SELECT count(*)::int FROM notifications WHERE case_id = $1 AND status = 'pending') AS pending`,
      [caseId],
    );
    expect(row).toEqual({ clocks: 1, events: 2, pending: 1 });
  });
});
