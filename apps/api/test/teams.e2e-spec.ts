import { randomUUID } from 'node:crypto';
import { auth, expectProblem, TestApp } from './test-app';

describe('TeamsController (e2e)', () => {
  let t: TestApp;
  const post = (body: object) => t.http().post('/api/teams').set(auth(t.adminToken)).send(body);

  beforeAll(async () => {
    t = await TestApp.start('teams');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('should create a team with upper-cased, de-duplicated bank codes and audit it', async () => {
    const res = await post({ name: 'East desk', bankCodes: ['icbc', 'BOC', 'icbc'] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'East desk',
      bankCodes: ['ICBC', 'BOC'],
      isDefault: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const [ev] = await t.ds.query(`SELECT data FROM system_events WHERE action = 'team.created'`);
    expect(ev.data.after).toEqual({ id: res.body.id, name: 'East desk', bankCodes: ['ICBC', 'BOC'], isDefault: false });
  });

  it('should refuse a duplicate name (409), a bank another team serves and a bad code (422)', async () => {
    expectProblem(await post({ name: 'east DESK' }), 409, 'CONFLICT');
    expect(expectProblem(await post({ name: 'West desk', bankCodes: ['ICBC'] }), 422, 'VALIDATION.FAILED').errors.bankCodes).toMatch(/ICBC.*East desk/);
    expect(expectProblem(await post({ name: 'West desk', bankCodes: ['a'] }), 422, 'VALIDATION.FAILED').errors).toHaveProperty('bankCodes');
    expectProblem(await post({ name: 'West desk', colour: 'red' }), 400, 'REQUEST.UNKNOWN_FIELD');
  });

  it('should start with exactly one default team, made by the migration', async () => {
    const res = await t.http().get('/api/teams').query({ filter: JSON.stringify({ isDefault: true }) }).set(auth(t.adminToken));
    expect(res.status).toBe(200);
    expect(res.body).toEqual([expect.objectContaining({ name: 'Default team', bankCodes: [], isDefault: true })]);
  });

  it('should keep exactly one default team (setting one clears the other)', async () => {
    const [installed] = await t.ds.query(`SELECT id FROM teams WHERE is_default`);
    const a = (await post({ name: 'Default A', isDefault: true })).body;
    let [created] = await t.ds.query(`SELECT data FROM system_events WHERE action = 'team.created' ORDER BY seq DESC LIMIT 1`);
    expect(created.data).toMatchObject({ after: { id: a.id, isDefault: true }, previousDefaultTeamId: installed.id });
    const b = (await post({ name: 'Default B', isDefault: true })).body;
    [created] = await t.ds.query(`SELECT data FROM system_events WHERE action = 'team.created' ORDER BY seq DESC LIMIT 1`);
    expect(created.data.previousDefaultTeamId).toBe(a.id);
    let defaults = await t.ds.query(`SELECT id FROM teams WHERE is_default`);
    expect(defaults).toEqual([{ id: b.id }]);
    const res = await t.http().put(`/api/teams/${a.id}`).set(auth(t.adminToken)).send({ ...a, isDefault: true });
    expect(res.status).toBe(200);
    expect(res.body.isDefault).toBe(true);
    defaults = await t.ds.query(`SELECT id FROM teams WHERE is_default`);
    expect(defaults).toEqual([{ id: a.id }]);
    const [ev] = await t.ds.query(`SELECT data FROM system_events WHERE action = 'team.updated' ORDER BY seq DESC LIMIT 1`);
    expect(ev.data).toMatchObject({ before: { isDefault: false }, after: { isDefault: true }, previousDefaultTeamId: b.id });
    // concurrent "make me default" never breaks the unique index into a 500
    const both = await Promise.all([
      t.http().put(`/api/teams/${a.id}`).set(auth(t.adminToken)).send({ isDefault: true }),
      t.http().put(`/api/teams/${b.id}`).set(auth(t.adminToken)).send({ isDefault: true }),
    ]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM teams WHERE is_default`)).toEqual([{ n: 1 }]);
  });

  it('should refuse to clear or delete the default team (422 on isDefault), changing nothing', async () => {
    const [def] = await t.ds.query(`SELECT id, name FROM teams WHERE is_default`);
    const events = async () => (await t.ds.query(`SELECT count(*)::int AS n FROM system_events WHERE action LIKE 'team.%'`))[0].n;
    const before = await events();

    const unset = expectProblem(await t.http().put(`/api/teams/${def.id}`).set(auth(t.adminToken)).send({ isDefault: false }), 422, 'VALIDATION.FAILED');
    expect(unset.errors.isDefault).toMatch(/always be one default team/);
    // the whole record as the console sends it back, with another change beside it: nothing of it is applied
    const whole = (await t.http().get(`/api/teams/${def.id}`).set(auth(t.adminToken))).body;
    expectProblem(
      await t.http().put(`/api/teams/${def.id}`).set(auth(t.adminToken)).send({ ...whole, name: 'Renamed', isDefault: false }),
      422,
      'VALIDATION.FAILED',
    );
    const removed = expectProblem(await t.http().delete(`/api/teams/${def.id}`).set(auth(t.adminToken)), 422, 'VALIDATION.FAILED');
    expect(removed.errors.isDefault).toMatch(/make another team the default first/);

    expect(await t.ds.query(`SELECT id, name FROM teams WHERE is_default`)).toEqual([def]);
    expect(await events()).toBe(before);
    // leaving it default (or saying so again) is fine
    expect((await t.http().put(`/api/teams/${def.id}`).set(auth(t.adminToken)).send({ ...whole, isDefault: true })).status).toBe(200);
  });

  it('should send a new case of a bank no team serves to the default team, and a served bank’s to its team', async () => {
    const analyst = await t.createUser('analyst');
    const served = (await post({ name: 'Served desk', bankCodes: ['SERVED_BK'] })).body;
    const [def] = await t.ds.query(`SELECT id FROM teams WHERE is_default`);
    const report = async (sn: string, bankCode: string) => {
      const res = await t
        .http()
        .post('/api/reports')
        .set(auth(analyst.token))
        .send({ sn, channel: 'cardholder', misuseType: 'cloned_terminal', bankCode });
      expect(res.status).toBe(201);
      return (await t.http().get(`/api/cases/${res.body.caseId}`).set(auth(analyst.token))).body;
    };
    expect((await report('DEFAULT-TEAM-01', 'UNSERVED_BK')).teamId).toBe(def.id);
    expect((await report('DEFAULT-TEAM-02', 'served_bk')).teamId).toBe(served.id);
  });

  it('should take the record back on PUT and refuse unknown fields', async () => {
    const team = (await post({ name: 'Round trip', bankCodes: ['CCB'] })).body;
    const res = await t
      .http()
      .put(`/api/teams/${team.id}`)
      .set(auth(t.adminToken))
      .send({ ...team, name: 'Round trip 2', bankCodes: ['ccb', 'abc'], updatedAt: 'whatever' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: team.id, name: 'Round trip 2', bankCodes: ['CCB', 'ABC'] });
    expectProblem(await t.http().put(`/api/teams/${team.id}`).set(auth(t.adminToken)).send({ ...team, members: [] }), 400, 'REQUEST.UNKNOWN_FIELD');
    expectProblem(await t.http().put(`/api/teams/${randomUUID()}`).set(auth(t.adminToken)).send({ name: 'x' }), 404, 'NOT_FOUND');
    expectProblem(await t.http().put('/api/teams/nope').set(auth(t.adminToken)).send({ name: 'x' }), 404, 'NOT_FOUND');
  });

  it('should list with filters and sorts, and refuse unknown ones', async () => {
    const analyst = await t.createUser('analyst');
    const res = await t
      .http()
      .get('/api/teams')
      .query({ filter: JSON.stringify({ bankCode: 'ccb' }), sort: JSON.stringify(['name', 'ASC']) })
      .set(auth(analyst.token));
    expect(res.status).toBe(200);
    expect(res.body.map((x: { name: string }) => x.name)).toEqual(['Round trip 2']);
    expect(res.headers['content-range']).toBe('teams 0-0/1');
    const def = await t.http().get('/api/teams').query({ filter: JSON.stringify({ isDefault: true }) }).set(auth(analyst.token));
    expect(def.body).toHaveLength(1);
    const q = await t.http().get('/api/teams').query({ filter: JSON.stringify({ q: 'default' }), range: '[0,0]' }).set(auth(analyst.token));
    expect(q.body).toHaveLength(1);
    expect(q.headers['content-range']).toBe('teams 0-0/3'); // Default team, Default A, Default B
    expectProblem(await t.http().get('/api/teams').query({ filter: '{"colour":"red"}' }).set(auth(analyst.token)), 400, 'REQUEST.UNKNOWN_FIELD');
    expectProblem(await t.http().get('/api/teams').query({ sort: '["bankCodes","ASC"]' }).set(auth(analyst.token)), 400, 'REQUEST.UNKNOWN_FIELD');
  });

  it('should delete only a team no user or open case uses (409 otherwise), with its queues', async () => {
    const team = (await post({ name: 'Short lived' })).body;
    const member = await t.createUser('analyst', { teamId: team.id });
    const conflict = expectProblem(await t.http().delete(`/api/teams/${team.id}`).set(auth(t.adminToken)), 409, 'CONFLICT');
    expect(conflict.params).toEqual({ users: 1, openCases: 0 });

    await t.http().put(`/api/users/${member.id}`).set(auth(t.adminToken)).send({ teamId: null }).expect(200);
    const [term] = await t.ds.query(`INSERT INTO terminals (sn) VALUES ('TEAM-SN-0001') RETURNING id`);
    const [c] = await t.ds.query(
      `INSERT INTO cases (reference, terminal_id, sn, team_id, misuse_type, stage, status, priority, priority_rank)
       VALUES ('SNC-2026-800001', $1, 'TEAM-SN-0001', $2, 'other', 'freeze', 'open', 'p4', 4) RETURNING id`,
      [term.id, team.id],
    );
    expect(expectProblem(await t.http().delete(`/api/teams/${team.id}`).set(auth(t.adminToken)), 409, 'CONFLICT').params).toEqual({ users: 0, openCases: 1 });
    await t.ds.query(`UPDATE cases SET status = 'closed', closed_at = now() WHERE id = $1`, [c.id]);

    const queue = (await t.http().post('/api/queues').set(auth(t.adminToken)).send({ name: 'Team queue', teamId: team.id })).body;
    const res = await t.http().delete(`/api/teams/${team.id}`).set(auth(t.adminToken));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: team.id, name: 'Short lived' });
    expect(await t.ds.query(`SELECT id FROM queues WHERE id = $1`, [queue.id])).toEqual([]);
    const [ev] = await t.ds.query(`SELECT data FROM system_events WHERE action = 'team.deleted'`);
    expect(ev.data).toMatchObject({ before: { id: team.id }, queuesDeleted: [queue.id] });
    expectProblem(await t.http().get(`/api/teams/${team.id}`).set(auth(t.adminToken)), 404, 'NOT_FOUND');
  });
});
