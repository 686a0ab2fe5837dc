import request from 'supertest';
import { MetricsServer } from '../src/metrics/metrics-server';
import { auth, expectProblem, TestApp, type TestUser } from './test-app';
import { createBank, openCase } from './ops-fixtures';

/** GET /api/stats/load, and the operations endpoints: /metrics (token or own port) and the Bull Board. */
describe('Stats and operations (API end to end)', () => {
  let t: TestApp;
  let an1: TestUser;
  let an2: TestUser;
  let sup: TestUser;
  let auditor: TestUser;
  let teamId: string;

  beforeAll(async () => {
    t = await TestApp.start('stats', { metricsToken: 'scrape-secret-1' });
    [{ id: teamId }] = await t.ds.query(`INSERT INTO teams (name) VALUES ('Load desk') RETURNING id`);
    [an1, an2, sup, auditor] = await Promise.all([
      t.createUser('analyst', { name: 'Ann', teamId }),
      t.createUser('analyst', { name: 'Bob' }),
      t.createUser('supervisor', { name: 'Sue', teamId }),
      t.createUser('auditor'),
    ]);
  });
  afterAll(() => t?.stop());

  describe('GET /api/stats/load', () => {
    beforeAll(async () => {
      const [c1, c2, c3, c4] = [await openCase(t, an1, null), await openCase(t, an1, null), await openCase(t, an1, null), await openCase(t, an1, null)];
      await t.ds.query(`UPDATE cases SET assignee_id = $2 WHERE id = ANY($1)`, [[c1.caseId, c2.caseId, c3.caseId], an1.id]);
      await t.ds.query(`UPDATE cases SET due_at = now() - interval '5 minutes' WHERE id = $1`, [c2.caseId]); // overdue by time
      await t.ds.query(`UPDATE cases SET status = 'closed', closed_at = now() WHERE id = $1`, [c3.caseId]); // closed: not counted
      await t.ds.query(`UPDATE cases SET assignee_id = $2, sla_state = 'breached' WHERE id = $1`, [c4.caseId, sup.id]); // breached
      const [{ id: gone }] = await t.ds.query(`INSERT INTO users (email, name, role, active) VALUES ('gone@test.local', 'Gone', 'analyst', false) RETURNING id`);
      expect(gone).toBeTruthy();
    });

    it('should count open and overdue cases per active analyst and supervisor, zero rows included', async () => {
      const res = await t.http().get('/api/stats/load').set(auth(sup.token)).expect(200);
      expect(res.body).toEqual([
        { assigneeId: an1.id, name: 'Ann', open: 2, overdue: 1 },
        { assigneeId: sup.id, name: 'Sue', open: 1, overdue: 1 },
        { assigneeId: an2.id, name: 'Bob', open: 0, overdue: 0 },
      ]);
      const team = await t.http().get('/api/stats/load').query({ teamId }).set(auth(auditor.token)).expect(200);
      expect(team.body.map((r: any) => r.name)).toEqual(['Ann', 'Sue']);
    });

    it('should refuse unknown parameters (400) and roles without /api/stats (403)', async () => {
      expectProblem(await t.http().get('/api/stats/load').query({ team: teamId }).set(auth(an1.token)), 400, 'REQUEST.UNKNOWN_FIELD');
      expectProblem(await t.http().get('/api/stats/load').query({ teamId: 'x' }).set(auth(an1.token)), 400, 'REQUEST.MALFORMED');
      expectProblem(await t.http().get('/api/stats/load').set(auth(t.adminToken)), 403, 'AUTH.FORBIDDEN');
    });
  });

  describe('/metrics', () => {
    it('should need the scrape token on the API port', async () => {
      expectProblem(await t.http().get('/metrics'), 401, 'AUTH.UNAUTHENTICATED');
      expectProblem(await t.http().get('/metrics').set('Authorization', 'Bearer wrong'), 401, 'AUTH.UNAUTHENTICATED');
      expectProblem(await t.http().get('/metrics').set(auth(t.adminToken)), 401, 'AUTH.UNAUTHENTICATED');
      expectProblem(await t.http().get('/api/metrics').set('Authorization', 'Bearer scrape-secret-1'), 404, 'NOT_FOUND');
    });

    it('should expose HTTP durations by route, process metrics, queue depths, breaches and notifications', async () => {
      await createBank(t, 'MTB');
      await openCase(t, an1, 'MTB'); // one pending notification
      await t.ds.query(`UPDATE sla_clocks SET breached_at = now(), state = 'breached' WHERE id = (SELECT id FROM sla_clocks ORDER BY started_at LIMIT 1)`);
      await t.http().get('/api/cases/00000000-0000-4000-8000-000000000000').set(auth(an1.token)).expect(404);
      const res = await t.http().get('/metrics').set('Authorization', 'Bearer scrape-secret-1').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      const text = res.text;
      expect(text).toMatch(/sentinel_http_request_duration_seconds_count\{[^}]*route="\/api\/cases\/:id"[^}]*status_code="404"[^}]*\} 1/);
      expect(text).toMatch(/sentinel_http_request_duration_seconds_count\{[^}]*method="POST"[^}]*route="\/api\/reports"[^}]*status_code="201"/);
      expect(text).not.toMatch(/route="\/api\/cases\/00000000/); // patterns, never raw URLs
      expect(text).toContain('process_cpu_user_seconds_total');
      expect(text).toMatch(/sentinel_queue_jobs\{[^}]*queue="notifications"[^}]*state="waiting"[^}]*\} 0/);
      expect(text).toMatch(/sentinel_sla_breaches_total\{[^}]*stage="freeze"[^}]*\} 1/);
      expect(text).toMatch(/sentinel_notifications\{[^}]*status="pending"[^}]*\} 1/);
    });

    it('should be served only on METRICS_PORT when set (404 on the API port), and not at all without port or token', async () => {
      const t2 = await TestApp.start('metrics-port', { metricsPort: 0 });
      try {
        expectProblem(await t2.http().get('/metrics'), 404, 'NOT_FOUND');
        const port = t2.app.get(MetricsServer).port;
        expect(port).toBeGreaterThan(0);
        const res = await request(`http://127.0.0.1:${port}`).get('/metrics').expect(200);
        expect(res.text).toContain('sentinel_http_request_duration_seconds');
        await request(`http://127.0.0.1:${port}`).get('/other').expect(404);
      } finally {
        await t2.stop();
      }
      const t3 = await TestApp.start('metrics-none', { metricsPort: undefined, metricsToken: undefined });
      try {
        expectProblem(await t3.http().get('/metrics').set('Authorization', 'Bearer anything'), 404, 'NOT_FOUND');
      } finally {
        await t3.stop();
      }
    });
  });

  describe('Bull Board at /api/admin/queues', () => {
    it('should be for admins only, by bearer token', async () => {
      expectProblem(await t.http().get('/api/admin/queues'), 401, 'AUTH.UNAUTHENTICATED');
      expectProblem(await t.http().get('/api/admin/queues').set(auth(sup.token)), 403, 'AUTH.FORBIDDEN');
      const res = await t.http().get('/api/admin/queues').set(auth(t.adminToken)).expect(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      const api = await t.http().get('/api/admin/queues/api/queues').set(auth(t.adminToken)).expect(200);
      expect(api.body.queues.map((q: any) => q.name).sort()).toEqual(['alert-channels', 'hold-timers', 'maintenance', 'notifications', 'regulatory-timers', 'sla-timers']);
    });

    it('should open in the browser by a cookie bound to the admin session, never a token in the URL, ending with the session', async () => {
      expectProblem(await t.http().post('/api/admin/queues-session').set(auth(sup.token)), 403, 'AUTH.FORBIDDEN');
      const admin = await t.createUser('admin');
      const opened = await t.http().post('/api/admin/queues-session').set(auth(admin.token)).expect(200);
      expect(opened.body).toEqual({ url: '/api/admin/queues', expiresAt: expect.any(String) });
      const cookie = String(opened.headers['set-cookie']);
      expect(cookie).toMatch(/^sn_board=[^;]+; Path=\/api\/admin\/queues; HttpOnly; SameSite=Strict; Max-Age=1800/);
      const jar = cookie.split(';')[0];
      await t.http().get('/api/admin/queues').set('Cookie', jar).expect(200);
      await t.http().get('/api/admin/queues/api/queues').set('Cookie', jar).expect(200);
      expectProblem(await t.http().get('/api/admin/queues').set('Cookie', 'sn_board=forged'), 401, 'AUTH.UNAUTHENTICATED');
      // tokens in the URL are not accepted any more (they end up in history, proxies and referrers)
      expectProblem(await t.http().get(`/api/admin/queues?token=${admin.token}`), 401, 'AUTH.UNAUTHENTICATED');
      expect((await t.http().post('/api/admin/queues-link').set(auth(admin.token))).status).toBe(404);

      // logging out ends the board cookie at once
      await t.http().post('/api/auth/logout').set(auth(admin.token)).expect(204);
      expectProblem(await t.http().get('/api/admin/queues').set('Cookie', jar), 401, 'AUTH.UNAUTHENTICATED');
      expectProblem(await t.http().get('/api/admin/queues/api/queues').set('Cookie', jar), 401, 'AUTH.UNAUTHENTICATED');

      // so does revoking the session (or deactivating the user), and a role change refuses it
      const other = await t.createUser('admin');
      const jar2 = String((await t.http().post('/api/admin/queues-session').set(auth(other.token)).expect(200)).headers['set-cookie']).split(';')[0];
      await t.http().get('/api/admin/queues').set('Cookie', jar2).expect(200);
      await t.http().put(`/api/users/${other.id}`).set(auth(t.adminToken)).send({ role: 'supervisor' }).expect(200);
      expectProblem(await t.http().get('/api/admin/queues').set('Cookie', jar2), 403, 'AUTH.FORBIDDEN');
      await t.ds.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1`, [other.id]);
      expectProblem(await t.http().get('/api/admin/queues').set('Cookie', jar2), 401, 'AUTH.UNAUTHENTICATED');
    });
  });
});
