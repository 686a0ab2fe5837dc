import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { auth, expectProblem, TestApp, type TestUser } from './test-app';

let seq = 0;
async function insertCase(
  ds: DataSource,
  o: { teamId?: string | null; assigneeId?: string | null; stage?: string; status?: string; priority?: string; slaState?: string; bankCode?: string },
): Promise<string> {
  const n = ++seq;
  const sn = `QUEUE-SN-${String(n).padStart(4, '0')}`;
  const [term] = await ds.query(`INSERT INTO terminals (sn) VALUES ($1) RETURNING id`, [sn]);
  const priority = o.priority ?? 'p3';
  const [c] = await ds.query(
    `INSERT INTO cases (reference, terminal_id, sn, team_id, bank_code, misuse_type, stage, status, priority, priority_rank, assignee_id, sla_state, closed_at)
     VALUES ($1, $2, $3, $4, $5, 'other', $6, $7, $8, $9, $10, $11, CASE WHEN $7 = 'closed' THEN now() END) RETURNING id`,
    [`SNC-2026-${700000 + n}`, term.id, sn, o.teamId ?? null, o.bankCode ?? null, o.stage ?? 'freeze', o.status ?? 'open', priority, Number(priority.slice(1)), o.assigneeId ?? null, o.slaState ?? 'on_track'],
  );
  return c.id;
}

describe('QueuesController (e2e)', () => {
  let t: TestApp;
  let sup: TestUser;
  let analyst: TestUser;
  let teamA: string;
  let teamB: string;

  beforeAll(async () => {
    t = await TestApp.start('queues');
    [{ id: teamA }] = await t.ds.query(`INSERT INTO teams (name) VALUES ('A') RETURNING id`);
    [{ id: teamB }] = await t.ds.query(`INSERT INTO teams (name) VALUES ('B') RETURNING id`);
    sup = await t.createUser('supervisor', { teamId: teamA });
    analyst = await t.createUser('analyst', { teamId: teamA });
    // team A: 5 open freeze cases (2 unassigned, 1 warning, 2 breached), 1 in police_report, 1 closed; team B: 1 open freeze
    await insertCase(t.ds, { teamId: teamA, priority: 'p1', slaState: 'breached' });
    await insertCase(t.ds, { teamId: teamA, priority: 'p1', slaState: 'breached', assigneeId: analyst.id });
    await insertCase(t.ds, { teamId: teamA, priority: 'p2', slaState: 'warning', assigneeId: analyst.id });
    await insertCase(t.ds, { teamId: teamA, priority: 'p3', assigneeId: sup.id });
    await insertCase(t.ds, { teamId: teamA, priority: 'p4', bankCode: 'ICBC' });
    await insertCase(t.ds, { teamId: teamA, stage: 'police_report', slaState: 'breached' });
    await insertCase(t.ds, { teamId: teamA, status: 'closed', slaState: 'breached' });
    await insertCase(t.ds, { teamId: teamB, slaState: 'breached' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('should create a queue (supervisor) with counts over its team and filter, and audit it', async () => {
    const res = await t.http().post('/api/queues').set(auth(sup.token)).send({ name: 'A freeze', teamId: teamA, filter: { stage: ['freeze'] } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'A freeze',
      teamId: teamA,
      filter: { stage: ['freeze'] },
      counts: { open: 5, unassigned: 2, warning: 1, breached: 2 },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const [ev] = await t.ds.query(`SELECT actor_id, data FROM system_events WHERE action = 'queue.created'`);
    expect(ev).toEqual({ actor_id: sup.id, data: { after: { id: res.body.id, name: 'A freeze', teamId: teamA, filter: { stage: ['freeze'] } } } });
  });

  it('should count every team for a queue without one, and honour priority, bank and "me" filters', async () => {
    const all = (await t.http().post('/api/queues').set(auth(t.adminToken)).send({ name: 'All open' })).body;
    expect(all.counts).toEqual({ open: 7, unassigned: 4, warning: 1, breached: 4 });
    const p1 = (await t.http().post('/api/queues').set(auth(t.adminToken)).send({ name: 'P1', filter: { priority: ['p1'] } })).body;
    expect(p1.counts).toEqual({ open: 2, unassigned: 1, warning: 0, breached: 2 });
    const bank = (await t.http().post('/api/queues').set(auth(t.adminToken)).send({ name: 'ICBC', filter: { bankCode: 'icbc' } })).body;
    expect(bank.counts).toEqual({ open: 1, unassigned: 1, warning: 0, breached: 0 });
    const mine = (await t.http().post('/api/queues').set(auth(sup.token)).send({ name: 'Mine', filter: { assigneeId: 'me' } })).body;
    // "me" is whoever looks: the supervisor has one case, the analyst two
    expect(mine.counts.open).toBe(1);
    const asAnalyst = await t.http().get(`/api/queues/${mine.id}`).set(auth(analyst.token));
    expect(asAnalyst.body.counts.open).toBe(2);
  });

  it('should list queues with counts in one page, with filters and sorts', async () => {
    const res = await t.http().get('/api/queues').query({ sort: '["name","ASC"]' }).set(auth(analyst.token));
    expect(res.status).toBe(200);
    expect(res.body.map((q: { name: string }) => q.name)).toEqual(['A freeze', 'All open', 'ICBC', 'Mine', 'P1']);
    expect(res.body.every((q: { counts: unknown }) => q.counts !== null)).toBe(true);
    expect(res.headers['content-range']).toBe('queues 0-4/5');
    const teamOnly = await t.http().get('/api/queues').query({ filter: JSON.stringify({ teamId: teamA }) }).set(auth(analyst.token));
    expect(teamOnly.body.map((q: { name: string }) => q.name)).toEqual(['A freeze']);
    const noTeam = await t.http().get('/api/queues').query({ filter: JSON.stringify({ teamId: null }) }).set(auth(analyst.token));
    expect(noTeam.body).toHaveLength(4);
    // An empty list of teams selects nothing (it once reached SQL as "()" and answered 500).
    const none = await t.http().get('/api/queues').query({ filter: JSON.stringify({ teamId: [] }) }).set(auth(analyst.token));
    expect(none.status).toBe(200);
    expect(none.body).toEqual([]);
    expectProblem(await t.http().get('/api/queues').query({ filter: '{"stage":"freeze"}' }).set(auth(analyst.token)), 400, 'REQUEST.UNKNOWN_FIELD');
    expectProblem(await t.http().get('/api/queues').query({ sort: '["counts","ASC"]' }).set(auth(analyst.token)), 400, 'REQUEST.UNKNOWN_FIELD');
  });

  it('should refuse unknown filter keys with 400 and bad filter values with 422', async () => {
    const unknown = expectProblem(
      await t.http().post('/api/queues').set(auth(sup.token)).send({ name: 'Bad', filter: { stage: 'freeze', colour: 'red' } }),
      400,
      'REQUEST.UNKNOWN_FIELD',
    );
    expect(unknown.params).toEqual({ fields: ['filter.colour'] });
    const bad = expectProblem(await t.http().post('/api/queues').set(auth(sup.token)).send({ name: 'Bad', filter: { stage: 'frozen' } }), 422, 'VALIDATION.FAILED');
    expect(bad.errors).toEqual({ 'filter.stage': expect.stringContaining('freeze') });
    expect(expectProblem(await t.http().post('/api/queues').set(auth(sup.token)).send({ name: 'Bad', filter: { teamId: 'x' } }), 422).errors).toHaveProperty(['filter.teamId']);
    expect(expectProblem(await t.http().post('/api/queues').set(auth(sup.token)).send({ name: 'Bad', filter: { q: { $ne: 1 } } }), 422).errors).toHaveProperty(['filter.q']);
    expect(expectProblem(await t.http().post('/api/queues').set(auth(sup.token)).send({ name: 'Bad', filter: ['stage'] }), 422).errors).toHaveProperty('filter');
    expect(expectProblem(await t.http().post('/api/queues').set(auth(sup.token)).send({ name: 'Bad', teamId: randomUUID() }), 422).errors).toHaveProperty('teamId');
    expectProblem(await t.http().post('/api/queues').set(auth(analyst.token)).send({ name: 'Nope' }), 403, 'AUTH.FORBIDDEN');
  });

  it('should take the record back on PUT (counts ignored), refuse unknown fields and delete', async () => {
    const q = (await t.http().post('/api/queues').set(auth(sup.token)).send({ name: 'Edit me', teamId: teamB })).body;
    expect(q.counts).toEqual({ open: 1, unassigned: 1, warning: 0, breached: 1 });
    const res = await t
      .http()
      .put(`/api/queues/${q.id}`)
      .set(auth(sup.token))
      .send({ ...q, name: 'Edited', teamId: null, filter: { slaState: ['breached'] }, counts: { open: 999 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Edited', teamId: null, filter: { slaState: ['breached'] }, counts: { open: 4, breached: 4 } });
    const [ev] = await t.ds.query(`SELECT data FROM system_events WHERE action = 'queue.updated'`);
    expect(ev.data).toMatchObject({ before: { name: 'Edit me', teamId: teamB, filter: {} }, after: { name: 'Edited', teamId: null } });
    expectProblem(await t.http().put(`/api/queues/${q.id}`).set(auth(sup.token)).send({ ...q, owner: 'me' }), 400, 'REQUEST.UNKNOWN_FIELD');
    expectProblem(await t.http().put('/api/queues/42').set(auth(sup.token)).send({ name: 'x' }), 404, 'NOT_FOUND');

    const del = await t.http().delete(`/api/queues/${q.id}`).set(auth(t.adminToken));
    expect(del.status).toBe(200);
    expect(del.body.id).toBe(q.id);
    expectProblem(await t.http().get(`/api/queues/${q.id}`).set(auth(sup.token)), 404, 'NOT_FOUND');
    expect((await t.ds.query(`SELECT count(*)::int AS n FROM system_events WHERE action = 'queue.deleted'`))[0].n).toBe(1);
  });
});
