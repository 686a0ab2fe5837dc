import { auth, expectProblem, TestApp, type TestUser } from './test-app';
import { caseEvents, createBank, openCase } from './ops-fixtures';

/** GET /api/notifications (+ attempts) and POST /api/notifications/:id/retry (docs/api.md "Banks and notifications"). */
describe('Notifications (API end to end)', () => {
  let t: TestApp;
  let analyst: TestUser;
  let supervisor: TestUser;
  let auditor: TestUser;
  let a: { caseId: string; reference: string; notificationId: string | null };
  let b: { caseId: string; reference: string; notificationId: string | null };

  beforeAll(async () => {
    t = await TestApp.start('notifications');
    [analyst, supervisor, auditor] = await Promise.all([t.createUser('analyst'), t.createUser('supervisor'), t.createUser('auditor')]);
    await createBank(t, 'NBA');
    await createBank(t, 'NBB');
    a = await openCase(t, analyst, 'NBA');
    b = await openCase(t, analyst, 'NBB');
    // b's delivery failed twice and went dead (what the worker records)
    await t.ds.query(
      `INSERT INTO notification_attempts (notification_id, generation, attempt_no, started_at, duration_ms, status_code, error, outcome)
       VALUES ($1, 1, 1, now() - interval '2 minutes', 120, 503, 'HTTP 503', 'failed'), ($1, 1, 2, now() - interval '1 minute', 10000, NULL, 'timeout after 10000 ms', 'failed')`,
      [b.notificationId],
    );
    await t.ds.query(
      `UPDATE notifications SET status = 'dead', attempt_count = 2, dead_at = now(), next_attempt_at = NULL, last_error = 'timeout after 10000 ms', last_status_code = NULL,
              updated_at = now() WHERE id = $1`,
      [b.notificationId],
    );
  });
  afterAll(() => t?.stop());

  const list = (u: TestUser, q: Record<string, string> = {}) => t.http().get('/api/notifications').query(q).set(auth(u.token));

  it('should list notifications with their attempts in ra-data-simple-rest form for every reader', async () => {
    for (const u of [analyst, supervisor, auditor]) {
      const res = await list(u, { sort: JSON.stringify(['createdAt', 'ASC']) }).expect(200);
      expect(res.headers['content-range']).toBe('notifications 0-1/2');
      expect(res.body.map((n: any) => n.id)).toEqual([a.notificationId, b.notificationId]);
    }
    const res = await list(analyst, { filter: JSON.stringify({ status: 'dead' }) }).expect(200);
    expect(res.body).toHaveLength(1);
    const n = res.body[0];
    expect(n).toMatchObject({
      id: b.notificationId,
      caseId: b.caseId,
      caseReference: b.reference,
      bankCode: 'NBB',
      type: 'freeze.requested',
      status: 'dead',
      generation: 1,
      attemptCount: 2,
      nextAttemptAt: null,
      lastError: 'timeout after 10000 ms',
      lastStatusCode: null,
      deliveredAt: null,
      deadAt: expect.any(String),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      payload: expect.objectContaining({ type: 'freeze.requested', notificationId: b.notificationId, caseReference: b.reference, bankCode: 'NBB' }),
    });
    expect(n.attempts).toEqual([
      { attemptNo: 1, generation: 1, startedAt: expect.any(String), durationMs: 120, statusCode: 503, error: 'HTTP 503', outcome: 'failed' },
      { attemptNo: 2, generation: 1, startedAt: expect.any(String), durationMs: 10000, statusCode: null, error: 'timeout after 10000 ms', outcome: 'failed' },
    ]);
  });

  it('should filter by status, bankCode and caseId, sort by status, and fetch many by id', async () => {
    expect((await list(analyst, { filter: JSON.stringify({ status: ['pending', 'delivering'] }) }).expect(200)).body.map((n: any) => n.id)).toEqual([a.notificationId]);
    expect((await list(analyst, { filter: JSON.stringify({ bankCode: 'nbb' }) }).expect(200)).body.map((n: any) => n.id)).toEqual([b.notificationId]);
    expect((await list(analyst, { filter: JSON.stringify({ caseId: a.caseId }) }).expect(200)).body.map((n: any) => n.id)).toEqual([a.notificationId]);
    expect((await list(analyst, { filter: JSON.stringify({ caseId: 'not-a-uuid' }) }).expect(200)).body).toEqual([]);
    const sorted = await list(analyst, { sort: JSON.stringify(['status', 'ASC']) }).expect(200);
    expect(sorted.body.map((n: any) => n.status)).toEqual(['dead', 'pending']);
    const many = await list(analyst, { filter: JSON.stringify({ id: [a.notificationId, b.notificationId] }), range: '[0,0]' }).expect(200);
    expect(many.body).toHaveLength(2);
    const page = await list(analyst, { range: '[1,1]', sort: JSON.stringify(['createdAt', 'ASC']) }).expect(200);
    expect(page.headers['content-range']).toBe('notifications 1-1/2');
    expect(page.body.map((n: any) => n.id)).toEqual([b.notificationId]);
  });

  it('should refuse unknown filters and sorts (400), bad values (400) and other roles (403)', async () => {
    expectProblem(await list(analyst, { filter: JSON.stringify({ bank: 'NBA' }) }), 400, 'REQUEST.UNKNOWN_FIELD');
    expectProblem(await list(analyst, { sort: JSON.stringify(['attemptCount', 'ASC']) }), 400, 'REQUEST.UNKNOWN_FIELD');
    expectProblem(await list(analyst, { filter: JSON.stringify({ status: 'lost' }) }), 400, 'REQUEST.MALFORMED');
    expectProblem(await list(analyst, { nope: '1' }), 400, 'REQUEST.UNKNOWN_FIELD');
    expectProblem(await t.http().get('/api/notifications').set(auth(t.adminToken)), 403, 'AUTH.FORBIDDEN');
    expectProblem(await t.http().get('/api/notifications'), 401, 'AUTH.UNAUTHENTICATED');
  });

  it('should show one notification, 404 for an unknown id', async () => {
    const res = await t.http().get(`/api/notifications/${b.notificationId}`).set(auth(auditor.token)).expect(200);
    expect(res.body).toMatchObject({ id: b.notificationId, status: 'dead', attempts: expect.any(Array) });
    expectProblem(await t.http().get('/api/notifications/00000000-0000-4000-8000-000000000000').set(auth(auditor.token)), 404, 'NOT_FOUND');
    expectProblem(await t.http().get('/api/notifications/nope').set(auth(auditor.token)), 404, 'NOT_FOUND');
  });

  describe('retry', () => {
    const retry = (u: TestUser | string, id: string | null) => t.http().post(`/api/notifications/${id}/retry`).set(auth(typeof u === 'string' ? u : u.token));

    it('should be for supervisors only', async () => {
      expectProblem(await retry(analyst, b.notificationId), 403, 'AUTH.FORBIDDEN');
      expectProblem(await retry(auditor, b.notificationId), 403, 'AUTH.FORBIDDEN');
      expectProblem(await retry(t.adminToken, b.notificationId), 403, 'AUTH.FORBIDDEN');
    });

    it('should refuse a notification that is not dead with 422 CASE.ACTION_NOT_ALLOWED', async () => {
      const body = expectProblem(await retry(supervisor, a.notificationId), 422, 'CASE.ACTION_NOT_ALLOWED');
      expect(body.params).toEqual({ status: 'pending' });
      expectProblem(await retry(supervisor, '00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    });

    it('should restart a dead notification with a fresh schedule and record who retried it', async () => {
      const res = await retry(supervisor, b.notificationId).expect(200);
      expect(res.body).toMatchObject({ id: b.notificationId, status: 'pending', generation: 2, attemptCount: 0, lastError: null, nextAttemptAt: expect.any(String), deadAt: null });
      expect(res.body.attempts).toHaveLength(2); // the history of generation 1 stays
      const ev = (await caseEvents(t, b.caseId)).find((e) => e.action === 'notification.retried')!;
      expect(ev).toMatchObject({ actor_id: supervisor.id, actor_role: 'supervisor', data: { notificationId: b.notificationId, before: { generation: 1 }, after: { generation: 2 } } });
      // now pending: a second retry is refused
      expectProblem(await retry(supervisor, b.notificationId), 422, 'CASE.ACTION_NOT_ALLOWED');
    });
  });
});
