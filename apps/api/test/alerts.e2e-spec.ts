import { auth, expectProblem, TestApp, type TestUser } from './test-app';
import { openCase } from './ops-fixtures';

/** The caller's alert inbox (docs/api.md "SLA": Alerts): list, unread count, read, read-all, isolation between users. */
describe('Alerts (API end to end)', () => {
  let t: TestApp;
  let sup1: TestUser;
  let sup2: TestUser;
  let analyst: TestUser;
  let auditor: TestUser;
  let intake: TestUser;
  let caseA: string;
  let caseB: string;
  const ids: Record<string, string> = {};

  const alert = async (user: TestUser, key: string, type: string, caseId: string, minutesAgo: number, read = false) => {
    const [row] = await t.ds.query(
      `INSERT INTO alerts (user_id, type, case_id, case_reference, stage, notification_id, dedupe_key, created_at, read_at)
       SELECT $1, $2, c.id, c.reference, c.stage, NULL, $3, now() - make_interval(mins => $4), CASE WHEN $5 THEN now() END FROM cases c WHERE c.id = $6
       RETURNING id`,
      [user.id, type, key, minutesAgo, read, caseId],
    );
    ids[key] = row.id;
  };

  beforeAll(async () => {
    t = await TestApp.start('alerts');
    [sup1, sup2, analyst, auditor, intake] = await Promise.all([
      t.createUser('supervisor'),
      t.createUser('supervisor'),
      t.createUser('analyst'),
      t.createUser('auditor'),
      t.createUser('intake'),
    ]);
    caseA = (await openCase(t, analyst, null)).caseId;
    caseB = (await openCase(t, analyst, null)).caseId;
    await alert(sup1, 's1-breach', 'sla.breached', caseA, 30);
    await alert(sup1, 's1-warn', 'sla.warning', caseA, 40);
    await alert(sup1, 's1-dead', 'notification.dead', caseB, 20);
    await alert(sup1, 's1-old', 'sla.warning', caseB, 90, true);
    await alert(sup2, 's2-breach', 'sla.breached', caseA, 30);
    await alert(analyst, 'an-warn', 'sla.warning', caseA, 40);
  });
  afterAll(() => t?.stop());

  const get = (u: TestUser, path = '/api/alerts', q: Record<string, string> = {}) => t.http().get(path).query(q).set(auth(u.token));

  it("should list only the caller's alerts, newest first, in ra-data-simple-rest form", async () => {
    const res = await get(sup1).expect(200);
    expect(res.headers['content-range']).toBe('alerts 0-3/4');
    expect(res.body.map((a: any) => a.id)).toEqual([ids['s1-dead'], ids['s1-breach'], ids['s1-warn'], ids['s1-old']]);
    expect(res.body[1]).toEqual({ id: ids['s1-breach'], type: 'sla.breached', caseId: caseA, caseReference: expect.stringMatching(/^SNC-/), stage: 'freeze', notificationId: null, createdAt: expect.any(String), readAt: null });
    expect((await get(sup2).expect(200)).body.map((a: any) => a.id)).toEqual([ids['s2-breach']]);
    expect((await get(analyst).expect(200)).body.map((a: any) => a.id)).toEqual([ids['an-warn']]);
    expect((await get(auditor).expect(200)).body).toEqual([]);
    expect((await t.http().get('/api/alerts').set(auth(t.adminToken)).expect(200)).body).toEqual([]);
    expectProblem(await get(intake), 403, 'AUTH.FORBIDDEN');
  });

  it('should filter by type, unread and caseId, and sort by createdAt', async () => {
    const f = (filter: object, sort?: [string, string]) => get(sup1, '/api/alerts', { filter: JSON.stringify(filter), ...(sort ? { sort: JSON.stringify(sort) } : {}) }).expect(200);
    expect((await f({ type: 'sla.warning' })).body.map((a: any) => a.id)).toEqual([ids['s1-warn'], ids['s1-old']]);
    expect((await f({ type: ['sla.breached', 'notification.dead'] })).body).toHaveLength(2);
    expect((await f({ unread: false })).body.map((a: any) => a.id)).toEqual([ids['s1-old']]);
    expect((await f({ unread: true, caseId: caseA })).body.map((a: any) => a.id)).toEqual([ids['s1-breach'], ids['s1-warn']]);
    expect((await f({}, ['createdAt', 'ASC'])).body[0].id).toBe(ids['s1-old']);
    expectProblem(await get(sup1, '/api/alerts', { filter: JSON.stringify({ userId: sup2.id }) }), 400, 'REQUEST.UNKNOWN_FIELD');
    expectProblem(await get(sup1, '/api/alerts', { filter: JSON.stringify({ type: 'sla.late' }) }), 400, 'REQUEST.MALFORMED');
    // fetching someone else's alert by id finds nothing
    expect((await f({ id: [ids['s2-breach'], ids['s1-breach']] })).body.map((a: any) => a.id)).toEqual([ids['s1-breach']]);
  });

  it('should count unread alerts and mark one read (idempotent); another user\'s alert is 404', async () => {
    expect((await get(sup1, '/api/alerts/unread-count').expect(200)).body).toEqual({ count: 3 });
    expectProblem(await t.http().post(`/api/alerts/${ids['s2-breach']}/read`).set(auth(sup1.token)), 404, 'NOT_FOUND');
    expectProblem(await get(sup1, `/api/alerts/${ids['s2-breach']}`), 404, 'NOT_FOUND');
    expectProblem(await t.http().post('/api/alerts/not-an-id/read').set(auth(sup1.token)), 404, 'NOT_FOUND');

    const read = await t.http().post(`/api/alerts/${ids['s1-breach']}/read`).set(auth(sup1.token)).expect(200);
    expect(read.body).toMatchObject({ id: ids['s1-breach'], readAt: expect.any(String) });
    const again = await t.http().post(`/api/alerts/${ids['s1-breach']}/read`).set(auth(sup1.token)).expect(200);
    expect(again.body.readAt).toBe(read.body.readAt);
    expect((await get(sup1, '/api/alerts/unread-count').expect(200)).body).toEqual({ count: 2 });
    expect((await get(sup1, `/api/alerts/${ids['s1-breach']}`).expect(200)).body.readAt).toBe(read.body.readAt);
    // sup2's copy of the same breach is still unread
    expect((await get(sup2, '/api/alerts/unread-count').expect(200)).body).toEqual({ count: 1 });
  });

  it("should mark all the caller's alerts read and nobody else's", async () => {
    const res = await t.http().post('/api/alerts/read-all').set(auth(sup1.token)).expect(200);
    expect(res.body).toEqual({ updated: 2 });
    expect((await get(sup1, '/api/alerts/unread-count').expect(200)).body).toEqual({ count: 0 });
    expect((await t.http().post('/api/alerts/read-all').set(auth(sup1.token)).expect(200)).body).toEqual({ updated: 0 });
    expect((await get(sup2, '/api/alerts/unread-count').expect(200)).body).toEqual({ count: 1 });
    expect((await get(analyst, '/api/alerts/unread-count').expect(200)).body).toEqual({ count: 1 });
  });
});
