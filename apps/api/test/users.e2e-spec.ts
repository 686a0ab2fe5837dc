import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ADMIN, auth, expectProblem, PASSWORD, TestApp } from './test-app';

let refSeq = 0;
/** A terminal and a case row written directly (the cases module is not what this suite tests). */
async function insertCase(
  ds: DataSource,
  o: { assigneeId?: string | null; teamId?: string | null; status?: 'open' | 'closed'; stage?: string },
): Promise<string> {
  const n = ++refSeq;
  const sn = `USR-SN-${String(n).padStart(6, '0')}`;
  const [term] = await ds.query(`INSERT INTO terminals (sn) VALUES ($1) RETURNING id`, [sn]);
  const [c] = await ds.query(
    `INSERT INTO cases (reference, terminal_id, sn, team_id, misuse_type, stage, status, priority, priority_rank, assignee_id, sla_state, closed_at)
     VALUES ($1, $2, $3, $4, 'cloned_terminal', $5, $6, 'p3', 3, $7, 'on_track', CASE WHEN $6 = 'closed' THEN now() END) RETURNING id`,
    [`SNC-2026-${String(900000 + n)}`, term.id, sn, o.teamId ?? null, o.stage ?? 'police_report', o.status ?? 'open', o.assigneeId ?? null],
  );
  return c.id;
}

async function systemEvents(ds: DataSource, action: string): Promise<Array<{ actor_id: string; data: any }>> {
  return ds.query(`SELECT actor_id, data FROM system_events WHERE action = $1 ORDER BY seq`, [action]);
}

describe('UsersController (e2e)', () => {
  let t: TestApp;
  let adminId: string;

  beforeAll(async () => {
    t = await TestApp.start('users');
    [{ id: adminId }] = await t.ds.query(`SELECT id FROM users WHERE email = $1`, [ADMIN.email]);
  });
  afterAll(async () => {
    await t?.stop();
  });

  describe('POST /api/users', () => {
    it('should create a user, hash the password and never return it', async () => {
      const res = await t
        .http()
        .post('/api/users')
        .set(auth(t.adminToken))
        .send({ email: 'new.analyst@test.local', name: 'New Analyst', role: 'analyst', password: 'Long-enough-1' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        email: 'new.analyst@test.local',
        name: 'New Analyst',
        role: 'analyst',
        teamId: null,
        active: true,
        locale: 'en',
        timeZone: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const [row] = await t.ds.query(`SELECT password_hash FROM users WHERE id = $1`, [res.body.id]);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      await t.login('new.analyst@test.local', 'Long-enough-1');
      const [ev] = (await systemEvents(t.ds, 'user.created')).filter((e) => e.data.after.id === res.body.id);
      expect(ev.actor_id).toBe(adminId);
      expect(ev.data.after.email).toBe('n***@test.local');
      expect(JSON.stringify(ev.data)).not.toContain('argon2');
    });

    it('should refuse a duplicate email (case-insensitive) with 409', async () => {
      const res = await t.http().post('/api/users').set(auth(t.adminToken)).send({ email: 'NEW.ANALYST@test.local', name: 'Dup', role: 'analyst' });
      expectProblem(res, 409, 'CONFLICT');
    });

    it('should refuse a short password, a bad role and an unknown team with 422 errors', async () => {
      const res = await t
        .http()
        .post('/api/users')
        .set(auth(t.adminToken))
        .send({ email: 'x@test.local', name: 'X', role: 'boss', password: 'short' });
      const body = expectProblem(res, 422, 'VALIDATION.FAILED');
      expect(Object.keys(body.errors).sort()).toEqual(['password', 'role']);
      const res2 = await t.http().post('/api/users').set(auth(t.adminToken)).send({ email: 'x@test.local', name: 'X', role: 'analyst', teamId: randomUUID() });
      expect(expectProblem(res2, 422, 'VALIDATION.FAILED').errors).toEqual({ teamId: expect.any(String) });
    });

    it('should refuse an unknown field with 400', async () => {
      const res = await t.http().post('/api/users').set(auth(t.adminToken)).send({ email: 'y@test.local', name: 'Y', role: 'analyst', isRoot: true });
      expect(expectProblem(res, 400, 'REQUEST.UNKNOWN_FIELD').params).toEqual({ fields: ['isRoot'] });
    });
  });

  describe('GET /api/users', () => {
    it('should show supervisors and auditors only id, name, role, teamId, active', async () => {
      const sup = await t.createUser('supervisor');
      const res = await t.http().get('/api/users').set(auth(sup.token));
      expect(res.status).toBe(200);
      expect(res.headers['content-range']).toMatch(/^users 0-\d+\/\d+$/);
      for (const u of res.body) expect(Object.keys(u).sort()).toEqual(['active', 'id', 'name', 'role', 'teamId']);
      const one = await t.http().get(`/api/users/${adminId}`).set(auth(sup.token));
      expect(Object.keys(one.body).sort()).toEqual(['active', 'id', 'name', 'role', 'teamId']);
    });

    it('should filter by role, active and q, and sort by name', async () => {
      await t.createUser('auditor', { name: 'Zed Auditor' });
      await t.createUser('auditor', { name: 'Amy Auditor' });
      const res = await t
        .http()
        .get('/api/users')
        .query({ filter: JSON.stringify({ role: 'auditor', active: true }), sort: JSON.stringify(['name', 'DESC']) })
        .set(auth(t.adminToken));
      expect(res.status).toBe(200);
      expect(res.body.map((u: { name: string }) => u.name)).toEqual(['Zed Auditor', 'Amy Auditor']);
      const q = await t.http().get('/api/users').query({ filter: JSON.stringify({ q: 'amy' }) }).set(auth(t.adminToken));
      expect(q.body.map((u: { name: string }) => u.name)).toEqual(['Amy Auditor']);
      const byEmail = await t.http().get('/api/users').query({ filter: JSON.stringify({ q: 'admin@' }) }).set(auth(t.adminToken));
      expect(byEmail.body.map((u: { id: string }) => u.id)).toEqual([adminId]);
    });

    it('should match emails in q only for admins (others cannot probe addresses)', async () => {
      const sup = await t.createUser('supervisor');
      const res = await t.http().get('/api/users').query({ filter: JSON.stringify({ q: 'admin@' }) }).set(auth(sup.token));
      expect(res.status).toBe(200);
      expect(res.body).toEqual([]);
      // LIKE wildcards in q are matched literally
      const wild = await t.http().get('/api/users').query({ filter: JSON.stringify({ q: '%' }) }).set(auth(t.adminToken));
      expect(wild.body).toEqual([]);
    });

    it('should filter by teamId (ids, null for none) and match nobody for an empty list', async () => {
      const team = (await t.http().post('/api/teams').set(auth(t.adminToken)).send({ name: 'Filter team' }).expect(201)).body;
      const member = await t.createUser('analyst', { teamId: team.id });
      const list = (filter: object) => t.http().get('/api/users').query({ filter: JSON.stringify(filter), range: '[0,999]' }).set(auth(t.adminToken));
      const ofTeam = await list({ teamId: [team.id] });
      expect(ofTeam.body.map((u: { id: string }) => u.id)).toEqual([member.id]);
      const withNone = await list({ teamId: [team.id, null] });
      expect(withNone.body.map((u: { id: string }) => u.id)).toContain(member.id);
      expect(withNone.body.some((u: { teamId: string | null }) => u.teamId === null)).toBe(true);
      expect(new Set(withNone.body.map((u: { teamId: string | null }) => u.teamId))).toEqual(new Set([team.id, null]));
      const none = await list({ teamId: [] });
      expect(none.status).toBe(200);
      expect(none.body).toEqual([]);
      expect(none.headers['content-range']).toBe('users */0');
    });

    it('should return every id of filter={"id":[...]} whatever the range', async () => {
      const a = await t.createUser('analyst');
      const b = await t.createUser('analyst');
      const res = await t
        .http()
        .get('/api/users')
        .query({ filter: JSON.stringify({ id: [a.id, b.id, adminId, 'not-a-uuid'] }), range: '[0,0]' })
        .set(auth(t.adminToken));
      expect(res.status).toBe(200);
      expect(res.body.map((u: { id: string }) => u.id).sort()).toEqual([a.id, b.id, adminId].sort());
    });

    it('should refuse unknown filter and sort fields and bad filter values with 400', async () => {
      expectProblem(await t.http().get('/api/users').query({ filter: '{"password":"x"}' }).set(auth(t.adminToken)), 400, 'REQUEST.UNKNOWN_FIELD');
      expectProblem(await t.http().get('/api/users').query({ sort: '["email","ASC"]' }).set(auth(t.adminToken)), 400, 'REQUEST.UNKNOWN_FIELD');
      expectProblem(await t.http().get('/api/users').query({ filter: '{"active":"maybe"}' }).set(auth(t.adminToken)), 400, 'REQUEST.MALFORMED');
      expectProblem(await t.http().get('/api/users').query({ filter: '{"teamId":"nope"}' }).set(auth(t.adminToken)), 400, 'REQUEST.MALFORMED');
    });

    it('should answer 404 for an id that is not a UUID or does not exist', async () => {
      expectProblem(await t.http().get('/api/users/123').set(auth(t.adminToken)), 404, 'NOT_FOUND');
      expectProblem(await t.http().get(`/api/users/${randomUUID()}`).set(auth(t.adminToken)), 404, 'NOT_FOUND');
    });
  });

  describe('PUT /api/users/:id', () => {
    it('should take the record back as react-admin sends it (read-only fields ignored)', async () => {
      const team = (await t.http().post('/api/teams').set(auth(t.adminToken)).send({ name: 'Users team' })).body;
      const u = await t.createUser('analyst');
      const record = (await t.http().get(`/api/users/${u.id}`).set(auth(t.adminToken))).body;
      const res = await t
        .http()
        .put(`/api/users/${u.id}`)
        .set(auth(t.adminToken))
        .send({ ...record, name: 'Renamed', teamId: team.id, timeZone: 'Asia/Shanghai', createdAt: '2000-01-01T00:00:00Z', id: randomUUID() });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: u.id, name: 'Renamed', teamId: team.id, timeZone: 'Asia/Shanghai', createdAt: record.createdAt });
      const [ev] = (await systemEvents(t.ds, 'user.updated')).filter((e) => e.data.userId === u.id);
      expect(ev.data.before).toEqual({ name: record.name, teamId: null, timeZone: null });
      expect(ev.data.after).toEqual({ name: 'Renamed', teamId: team.id, timeZone: 'Asia/Shanghai' });
    });

    it('should refuse an unknown field with 400 and a null name with 422', async () => {
      const u = await t.createUser('analyst');
      expectProblem(await t.http().put(`/api/users/${u.id}`).set(auth(t.adminToken)).send({ name: 'A', passwordHash: 'x' }), 400, 'REQUEST.UNKNOWN_FIELD');
      const body = expectProblem(await t.http().put(`/api/users/${u.id}`).set(auth(t.adminToken)).send({ name: null }), 422, 'VALIDATION.FAILED');
      expect(body.errors).toHaveProperty('name');
    });

    it('should refuse an admin changing their own role with 422 USER.OWN_ROLE', async () => {
      const res = await t.http().put(`/api/users/${adminId}`).set(auth(t.adminToken)).send({ role: 'supervisor' });
      expectProblem(res, 422, 'USER.OWN_ROLE');
      // sending their own role back unchanged is fine
      expect((await t.http().put(`/api/users/${adminId}`).set(auth(t.adminToken)).send({ role: 'admin' })).status).toBe(200);
    });

    it('should refuse deactivating or demoting the last active admin with 422 USER.LAST_ADMIN', async () => {
      expectProblem(await t.http().put(`/api/users/${adminId}`).set(auth(t.adminToken)).send({ active: false }), 422, 'USER.LAST_ADMIN');
      expectProblem(await t.http().delete(`/api/users/${adminId}`).set(auth(t.adminToken)), 422, 'USER.LAST_ADMIN');
      const other = await t.createUser('admin');
      // with two admins, the other may be demoted; then the first is the last again
      expect((await t.http().put(`/api/users/${other.id}`).set(auth(t.adminToken)).send({ role: 'auditor' })).status).toBe(200);
      expectProblem(await t.http().put(`/api/users/${adminId}`).set(auth(t.adminToken)).send({ active: false }), 422, 'USER.LAST_ADMIN');
    });

    it('should let only one of the last two admins deactivating each other at the same time succeed', async () => {
      const other = await t.createUser('admin');
      await t.ds.query(`UPDATE users SET active = false WHERE role = 'admin' AND id NOT IN ($1, $2)`, [other.id, adminId]);
      const race = await Promise.all([
        t.http().delete(`/api/users/${adminId}`).set(auth(other.token)),
        t.http().delete(`/api/users/${other.id}`).set(auth(t.adminToken)),
      ]);
      const statuses = race.map((r) => r.status).sort();
      // one wins (200); the other is refused as the last admin (422), or has just lost its session (401)
      expect(statuses[0]).toBe(200);
      expect([401, 422]).toContain(statuses[1]);
      const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND active`);
      expect(n).toBe(1);
      // restore the bootstrap admin for the rest of the suite
      await t.ds.query(`UPDATE users SET active = true WHERE id = $1`, [adminId]);
      t.adminToken = (await t.login(ADMIN.email, ADMIN.password)).token;
    });

    it('should change a password (write-only) and log the user out everywhere', async () => {
      const u = await t.createUser('analyst');
      const res = await t.http().put(`/api/users/${u.id}`).set(auth(t.adminToken)).send({ password: 'Brand-New-Password-2' });
      expect(res.status).toBe(200);
      expect(res.body).not.toHaveProperty('password');
      expectProblem(await t.http().get('/api/auth/me').set(auth(u.token)), 401, 'AUTH.UNAUTHENTICATED');
      await t.login(u.email, 'Brand-New-Password-2');
      expect((await t.http().post('/api/auth/login').send({ email: u.email, password: PASSWORD })).status).toBe(401);
    });

    it('should refuse a duplicate email on update with 409', async () => {
      const u = await t.createUser('analyst');
      expectProblem(await t.http().put(`/api/users/${u.id}`).set(auth(t.adminToken)).send({ email: ADMIN.email.toUpperCase() }), 409, 'CONFLICT');
    });
  });

  describe('deactivation', () => {
    it('should revoke sessions, unassign open cases (case events, version) and alert supervisors at once', async () => {
      const team = (await t.http().post('/api/teams').set(auth(t.adminToken)).send({ name: 'Deactivation team' })).body;
      const teamSup = await t.createUser('supervisor', { teamId: team.id });
      const [{ id: otherTeamId }] = await t.ds.query(`INSERT INTO teams (name) VALUES ('Other team') RETURNING id`);
      const otherSup = await t.createUser('supervisor', { teamId: otherTeamId });
      const analyst = await t.createUser('analyst', { teamId: team.id });
      const inTeam = await insertCase(t.ds, { assigneeId: analyst.id, teamId: team.id });
      const noTeam = await insertCase(t.ds, { assigneeId: analyst.id, teamId: null, stage: 'review' });
      const closed = await insertCase(t.ds, { assigneeId: analyst.id, teamId: team.id, status: 'closed' });
      // every active supervisor, for the case without a team
      const allSups: Array<{ id: string }> = await t.ds.query(`SELECT id FROM users WHERE role = 'supervisor' AND active`);

      const res = await t.http().delete(`/api/users/${analyst.id}`).set(auth(t.adminToken));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: analyst.id, active: false });
      expectProblem(await t.http().get('/api/auth/me').set(auth(analyst.token)), 401, 'AUTH.UNAUTHENTICATED');
      expect((await t.http().post('/api/auth/login').send({ email: analyst.email, password: PASSWORD })).status).toBe(401);

      const cases = await t.ds.query(`SELECT id, assignee_id, version, last_event_seq FROM cases WHERE id = ANY($1) ORDER BY id`, [[inTeam, noTeam, closed]]);
      const byId = Object.fromEntries(cases.map((c: { id: string }) => [c.id, c]));
      expect(byId[inTeam]).toMatchObject({ assignee_id: null, version: 2, last_event_seq: 1 });
      expect(byId[noTeam]).toMatchObject({ assignee_id: null, version: 2, last_event_seq: 1 });
      expect(byId[closed]).toMatchObject({ assignee_id: analyst.id, version: 1, last_event_seq: 0 });

      const [ev] = await t.ds.query(`SELECT seq, actor_id, actor_role, action, data FROM case_events WHERE case_id = $1`, [inTeam]);
      expect(ev).toEqual({
        seq: 1,
        actor_id: adminId,
        actor_role: 'admin',
        action: 'case.unassigned',
        data: { before: { assigneeId: analyst.id }, after: { assigneeId: null }, reason: 'user deactivated' },
      });

      const alerts = await t.ds.query(`SELECT user_id, case_id, dedupe_key FROM alerts WHERE type = 'case.unassigned' ORDER BY case_id, user_id`);
      expect(alerts.filter((a: { case_id: string }) => a.case_id === inTeam)).toEqual([
        { user_id: teamSup.id, case_id: inTeam, dedupe_key: `case.unassigned:${inTeam}:1` },
      ]);
      expect(alerts.filter((a: { case_id: string }) => a.case_id === noTeam).map((a: { user_id: string }) => a.user_id).sort()).toEqual(
        allSups.map((s) => s.id).sort(),
      );
      expect(allSups.map((s) => s.id)).toContain(otherSup.id);

      const [sys] = (await systemEvents(t.ds, 'user.deactivated')).filter((e) => e.data.userId === analyst.id);
      expect(sys.data).toMatchObject({ before: { active: true }, after: { active: false }, sessionsRevoked: 1 });
      expect(sys.data.casesUnassigned.sort()).toEqual([inTeam, noTeam].sort());

      // deactivating again changes nothing and records nothing
      expect((await t.http().delete(`/api/users/${analyst.id}`).set(auth(t.adminToken))).status).toBe(200);
      expect((await systemEvents(t.ds, 'user.deactivated')).filter((e) => e.data.userId === analyst.id)).toHaveLength(1);
    });

    it('should unassign open cases when the role changes to one that may not hold cases', async () => {
      const analyst = await t.createUser('analyst');
      const c = await insertCase(t.ds, { assigneeId: analyst.id });
      const res = await t.http().put(`/api/users/${analyst.id}`).set(auth(t.adminToken)).send({ role: 'auditor' });
      expect(res.status).toBe(200);
      const [row] = await t.ds.query(`SELECT assignee_id FROM cases WHERE id = $1`, [c]);
      expect(row.assignee_id).toBeNull();
      const [ev] = await t.ds.query(`SELECT data FROM case_events WHERE case_id = $1`, [c]);
      expect(ev.data.reason).toBe('user role changed');
      // the session stays (the role is read on every request), now as an auditor
      const me = await t.http().get('/api/auth/me').set(auth(analyst.token));
      expect(me.body.role).toBe('auditor');
    });

    it('should reactivate a user', async () => {
      const u = await t.createUser('analyst');
      await t.http().delete(`/api/users/${u.id}`).set(auth(t.adminToken)).expect(200);
      const res = await t.http().put(`/api/users/${u.id}`).set(auth(t.adminToken)).send({ active: true });
      expect(res.body.active).toBe(true);
      const [row] = await t.ds.query(`SELECT deactivated_at FROM users WHERE id = $1`, [u.id]);
      expect(row.deactivated_at).toBeNull();
      await t.login(u.email);
    });
  });

  describe('API keys', () => {
    it('should give keys only to intake users (422 errors.userId otherwise)', async () => {
      const analyst = await t.createUser('analyst');
      const res = await t.http().post(`/api/users/${analyst.id}/api-keys`).set(auth(t.adminToken)).send({ name: 'nope', bankCodes: ['ICBC'], channels: ['bank_alert'] });
      expect(expectProblem(res, 422, 'VALIDATION.FAILED').errors).toEqual({ userId: expect.any(String) });
      expectProblem(await t.http().post(`/api/users/${randomUUID()}/api-keys`).set(auth(t.adminToken)).send({ name: 'x', bankCodes: ['ICBC'], channels: ['bank_alert'] }), 404, 'NOT_FOUND');
    });

    it('should show a key once, authenticate with it, list it without the key and revoke it at once', async () => {
      const intake = await t.createUser('intake');
      const res = await t
        .http()
        .post(`/api/users/${intake.id}/api-keys`)
        .set(auth(t.adminToken))
        .send({ name: 'Bank gateway', bankCodes: ['icbc'], channels: ['bank_alert'] });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name: 'Bank gateway', bankCodes: ['ICBC'], channels: ['bank_alert'], createdAt: expect.any(String) });
      const key: string = res.body.key;
      expect(key).toMatch(/^snk_/);
      expect(res.body.keyPrefix).toBe(key.slice(0, 8));
      const [row] = await t.ds.query(`SELECT key_hash FROM api_keys WHERE id = $1`, [res.body.id]);
      expect(row.key_hash).not.toContain(key);

      const me = await t.http().get('/api/auth/me').set(auth(key));
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: intake.id, role: 'intake', permissions: ['reports:create'] });
      expectProblem(await t.http().get('/api/users').set(auth(key)), 403, 'AUTH.FORBIDDEN');

      const list = await t.http().get(`/api/users/${intake.id}/api-keys`).set(auth(t.adminToken));
      expect(list.status).toBe(200);
      expect(list.headers['content-range']).toBe('api-keys 0-0/1');
      expect(list.body[0]).toMatchObject({ id: res.body.id, keyPrefix: key.slice(0, 8), revokedAt: null, lastUsedAt: expect.any(String) });
      expectProblem(await t.http().get(`/api/users/${randomUUID()}/api-keys`).set(auth(t.adminToken)), 404, 'NOT_FOUND');
      expect(list.body[0]).not.toHaveProperty('key');
      expect(JSON.stringify(list.body)).not.toContain(key);

      expect((await t.http().delete(`/api/api-keys/${res.body.id}`).set(auth(t.adminToken))).status).toBe(204);
      expectProblem(await t.http().get('/api/auth/me').set(auth(key)), 401, 'AUTH.UNAUTHENTICATED');
      expect((await t.http().delete(`/api/api-keys/${res.body.id}`).set(auth(t.adminToken))).status).toBe(204);
      expectProblem(await t.http().delete(`/api/api-keys/${randomUUID()}`).set(auth(t.adminToken)), 404, 'NOT_FOUND');

      const created = (await systemEvents(t.ds, 'api_key.created')).find((e) => e.data.after.id === res.body.id)!;
      expect(JSON.stringify(created.data)).not.toContain(key);
      expect((await systemEvents(t.ds, 'api_key.revoked')).filter((e) => e.data.before.id === res.body.id)).toHaveLength(1);
    });

    it('should refuse bad bank codes and channels with 422', async () => {
      const intake = await t.createUser('intake');
      const res = await t
        .http()
        .post(`/api/users/${intake.id}/api-keys`)
        .set(auth(t.adminToken))
        .send({ name: 'x', bankCodes: ['not a code'], channels: ['fax'] });
      expect(Object.keys(expectProblem(res, 422, 'VALIDATION.FAILED').errors).sort()).toEqual(['bankCodes', 'channels']);
    });

    it('should revoke the keys of a deactivated or re-roled user', async () => {
      const intake = await t.createUser('intake');
      const { key } = (await t.http().post(`/api/users/${intake.id}/api-keys`).set(auth(t.adminToken)).send({ name: 'k1', bankCodes: ['ICBC'], channels: ['bank_alert'] })).body;
      expect((await t.http().get('/api/auth/me').set(auth(key))).status).toBe(200);
      await t.http().put(`/api/users/${intake.id}`).set(auth(t.adminToken)).send({ role: 'analyst' }).expect(200);
      expectProblem(await t.http().get('/api/auth/me').set(auth(key)), 401, 'AUTH.UNAUTHENTICATED');

      const intake2 = await t.createUser('intake');
      const k2 = (await t.http().post(`/api/users/${intake2.id}/api-keys`).set(auth(t.adminToken)).send({ name: 'k2', bankCodes: ['ICBC'], channels: ['bank_alert'] })).body.key;
      await t.http().delete(`/api/users/${intake2.id}`).set(auth(t.adminToken)).expect(200);
      expectProblem(await t.http().get('/api/auth/me').set(auth(k2)), 401, 'AUTH.UNAUTHENTICATED');
    });

    it('should stop an expired key with 401, show expiresAt and lastUsedAt, and write lastUsedAt at most once a minute', async () => {
      const intake = await t.createUser('intake');
      const bound = { bankCodes: ['ICBC'], channels: ['bank_alert'] };
      const create = (body: object) => t.http().post(`/api/users/${intake.id}/api-keys`).set(auth(t.adminToken)).send({ ...bound, ...body });
      const soon = new Date(Date.now() + 3_600_000).toISOString();
      const res = await create({ name: 'expiring', expiresAt: soon }).expect(201);
      expect(res.body).toMatchObject({ expiresAt: soon, lastUsedAt: null });
      const never = await create({ name: 'forever' }).expect(201);
      expect(never.body.expiresAt).toBeNull();

      // lastUsedAt: written on use, then not again within the minute
      await t.http().get('/api/auth/me').set(auth(res.body.key)).expect(200);
      const [first] = await t.ds.query(`SELECT last_used_at FROM api_keys WHERE id = $1`, [res.body.id]);
      expect(first.last_used_at).not.toBeNull();
      await t.http().get('/api/auth/me').set(auth(res.body.key)).expect(200);
      const [second] = await t.ds.query(`SELECT last_used_at FROM api_keys WHERE id = $1`, [res.body.id]);
      expect(second.last_used_at.getTime()).toBe(first.last_used_at.getTime());
      await t.ds.query(`UPDATE api_keys SET last_used_at = now() - interval '2 minutes' WHERE id = $1`, [res.body.id]);
      await t.http().get('/api/auth/me').set(auth(res.body.key)).expect(200);
      const [third] = await t.ds.query(`SELECT last_used_at FROM api_keys WHERE id = $1`, [res.body.id]);
      expect(Date.now() - third.last_used_at.getTime()).toBeLessThan(30_000);
      const listed = (await t.http().get(`/api/users/${intake.id}/api-keys`).set(auth(t.adminToken)).expect(200)).body;
      expect(listed.find((k: { id: string }) => k.id === res.body.id)).toMatchObject({ expiresAt: soon, lastUsedAt: expect.any(String) });

      // once past its expiry the key is refused like a revoked one, and no longer listed as active
      await t.ds.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [res.body.id]);
      expectProblem(await t.http().get('/api/auth/me').set(auth(res.body.key)), 401, 'AUTH.UNAUTHENTICATED');
      await t.http().get('/api/auth/me').set(auth(never.body.key)).expect(200);
      const active = await t.http().get('/api/api-keys').query({ filter: JSON.stringify({ userId: intake.id, active: true }) }).set(auth(t.adminToken));
      expect(active.body.map((k: { name: string }) => k.name)).toEqual(['forever']);
      const inactive = await t.http().get('/api/api-keys').query({ filter: JSON.stringify({ userId: intake.id, active: false }) }).set(auth(t.adminToken));
      expect(inactive.body.map((k: { name: string }) => k.name)).toEqual(['expiring']);

      // an expiry must be a future time, at most 5 years ahead
      for (const expiresAt of [new Date(Date.now() - 60_000).toISOString(), new Date(Date.now() + 6 * 366 * 86_400_000).toISOString()]) {
        const p = expectProblem(await create({ name: 'bad', expiresAt }), 422, 'VALIDATION.FAILED');
        expect(p.fieldCodes).toEqual({ expiresAt: 'OUT_OF_RANGE' });
      }
      expect(expectProblem(await create({ name: 'bad', expiresAt: 'next week' }), 422, 'VALIDATION.FAILED').errors).toHaveProperty('expiresAt');
      const created = (await systemEvents(t.ds, 'api_key.created')).find((e) => e.data.after.id === res.body.id)!;
      expect(created.data.after.expiresAt).toBe(soon);
    });

    it('should list keys across users with filters (GET /api/api-keys)', async () => {
      const intake = await t.createUser('intake');
      await t.http().post(`/api/users/${intake.id}/api-keys`).set(auth(t.adminToken)).send({ name: 'active one', bankCodes: ['ICBC'], channels: ['bank_alert'] }).expect(201);
      const res = await t
        .http()
        .get('/api/api-keys')
        .query({ filter: JSON.stringify({ userId: intake.id, active: true }) })
        .set(auth(t.adminToken));
      expect(res.status).toBe(200);
      expect(res.body.map((k: { name: string }) => k.name)).toEqual(['active one']);
      expectProblem(await t.http().get('/api/api-keys').query({ filter: '{"keyHash":"x"}' }).set(auth(t.adminToken)), 400, 'REQUEST.UNKNOWN_FIELD');
    });
  });
});
