import type { Response } from 'supertest';
import { priorityRank, verifyChain } from '@sentinel/domain';
import type { Priority } from '@sentinel/contracts';
import { auth, expectProblem, TestApp, type TestUser } from './test-app';

/** Claim-next atomicity and order, and optimistic locking under concurrent actions. */
describe('Concurrency: claim-next and versions (API end to end)', () => {
  let t: TestApp;
  let analysts: TestUser[];
  let supervisors: TestUser[];
  let intake: TestUser;
  let auditor: TestUser;
  let snSeq = 0;

  beforeAll(async () => {
    t = await TestApp.start('concurrency');
    analysts = await Promise.all(Array.from({ length: 10 }, () => t.createUser('analyst')));
    supervisors = await Promise.all(Array.from({ length: 3 }, () => t.createUser('supervisor')));
    [intake, auditor] = await Promise.all([t.createUser('intake'), t.createUser('auditor')]);
  });
  afterAll(() => t?.stop());

  const nextSn = () => `CONC-${String(++snSeq).padStart(6, '0')}`;
  const all = <T>(n: number, f: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => f(i)));

  async function open(): Promise<string> {
    const res = await t.http().post('/api/reports').set(auth(intake.token)).send({ sn: nextSn(), channel: 'partner_api', misuseType: 'other' });
    if (res.status !== 201) throw new Error(`report: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.caseId;
  }
  const view = async (id: string) => (await t.http().get(`/api/cases/${id}`).set(auth(auditor.token)).expect(200)).body;
  const events = async (id: string) => (await t.http().get(`/api/cases/${id}/events`).set(auth(auditor.token)).expect(200)).body;
  const claimNext = (u: TestUser, body: Record<string, unknown> = {}) => t.http().post('/api/cases/claim-next').set(auth(u.token)).send(body);
  const act = (u: TestUser, id: string, action: string, body: Record<string, unknown>) =>
    t.http().post(`/api/cases/${id}/actions/${action}`).set(auth(u.token)).send(body);

  /** Sets the claim-next sort keys of a case directly (the SLA worker keeps them in production). */
  async function rank(id: string, o: { breached?: boolean; priority?: Priority; dueInMinutes?: number; teamId?: string | null }) {
    const p = o.priority ?? 'p4';
    await t.ds.query(
      `UPDATE cases SET sla_rank = $2, sla_state = $3, priority = $4, priority_rank = $5, due_at = now() + make_interval(mins => $6), team_id = $7 WHERE id = $1`,
      [id, o.breached ? 0 : 1, o.breached ? 'breached' : 'on_track', p, priorityRank(p), o.dueInMinutes ?? 60, o.teamId ?? null],
    );
  }

  /** A case in review nobody holds: a supervisor waived its way there without claiming. */
  async function unassignedInReview(): Promise<string> {
    const id = await open();
    for (let i = 0; i < 4; i++) {
      const { version } = await view(id);
      const r = await act(supervisors[2], id, 'waive_stage', { version, reason: 'Handled elsewhere' });
      if (r.status !== 200) throw new Error(JSON.stringify(r.body));
    }
    const c = await view(id);
    expect(c).toMatchObject({ stage: 'review', assigneeId: null, status: 'open' });
    return id;
  }

  it('should give 30 concurrent claim-next calls over 20 waiting cases 20 distinct cases, and 204 to the other 10', async () => {
    const ids = await all(20, () => open());
    const review = await unassignedInReview();
    const res: Response[] = await all(30, (i) => claimNext(analysts[i % 10]).then((r) => Object.assign(r, { claimer: analysts[i % 10] })));
    const claimed = res.filter((r) => r.status === 200);
    const empty = res.filter((r) => r.status === 204);
    expect(claimed).toHaveLength(20);
    expect(empty).toHaveLength(10);
    for (const r of empty) expect(r.text).toBe('');
    const claimedIds = claimed.map((r) => r.body.id);
    expect(new Set(claimedIds).size).toBe(20);
    expect([...claimedIds].sort()).toEqual([...ids].sort());
    expect(claimedIds).not.toContain(review);

    const rows: Array<{ id: string; assignee_id: string; version: number }> = await t.ds.query(
      `SELECT id, assignee_id, version FROM cases WHERE id = ANY($1)`,
      [ids],
    );
    const assignee = new Map(rows.map((r) => [r.id, r.assignee_id]));
    for (const r of claimed) {
      const claimer = (r as Response & { claimer: TestUser }).claimer;
      expect(r.body.assigneeId).toBe(claimer.id);
      expect(assignee.get(r.body.id)).toBe(claimer.id);
    }
    // one claim event per case, chains intact
    for (const id of ids.slice(0, 5)) {
      const ev = await events(id);
      expect(ev.filter((e: { action: string }) => e.action === 'claim')).toHaveLength(1);
      const c = await view(id);
      expect(verifyChain(ev, { lastSeq: c.lastEventSeq, headHash: c.headHash }).ok).toBe(true);
    }
    expect((await view(review)).assigneeId).toBeNull();
    expect((await claimNext(analysts[0])).status).toBe(204);
  });

  it('should claim breached first, then by priority, then earliest due, never a case in review', async () => {
    const [a, b, c, d, e, f] = await all(6, () => open());
    await rank(a, { priority: 'p4', dueInMinutes: 10 });
    await rank(b, { breached: true, priority: 'p4', dueInMinutes: 50 });
    await rank(c, { priority: 'p1', dueInMinutes: 60 });
    await rank(d, { priority: 'p2', dueInMinutes: 5 });
    await rank(e, { priority: 'p2', dueInMinutes: 30 });
    await rank(f, { priority: 'p4', dueInMinutes: 2 });
    const review = await unassignedInReview();
    await rank(review, { breached: true, priority: 'p1', dueInMinutes: -100 });

    const order: string[] = [];
    for (;;) {
      const r = await claimNext(analysts[0]);
      if (r.status === 204) break;
      expect(r.status).toBe(200);
      expect(r.body.stage).not.toBe('review');
      order.push(r.body.id);
    }
    expect(order).toEqual([b, c, d, e, f, a]);
  });

  it('should claim from a queue only what its team and filter select', async () => {
    const [{ id: teamId }] = await t.ds.query(`INSERT INTO teams (name, bank_codes) VALUES ('East', '{}') RETURNING id`);
    const [{ id: queueId }] = await t.ds.query(`INSERT INTO queues (name, team_id, filter) VALUES ('East urgent', $1, $2) RETURNING id`, [
      teamId,
      JSON.stringify({ priority: ['p1', 'p2'] }),
    ]);
    const [inQueueLater, inQueueFirst, teamButP4, otherTeam] = await all(4, () => open());
    await rank(inQueueLater, { priority: 'p2', dueInMinutes: 30, teamId });
    await rank(inQueueFirst, { priority: 'p1', dueInMinutes: 90, teamId });
    await rank(teamButP4, { breached: true, priority: 'p4', teamId });
    await rank(otherTeam, { breached: true, priority: 'p1' });

    const teamAnalyst = await t.createUser('analyst', { teamId });
    expect((await claimNext(analysts[1], { queueId })).body.id).toBe(inQueueFirst);
    expect((await claimNext(analysts[1], { queueId })).body.id).toBe(inQueueLater);
    expect((await claimNext(analysts[1], { queueId })).status).toBe(204);
    // without a queue: the caller's team only
    expect((await claimNext(teamAnalyst)).body.id).toBe(teamButP4);
    expect((await claimNext(teamAnalyst)).status).toBe(204);
    // a user without a team takes from every team
    expect((await claimNext(analysts[2])).body.id).toBe(otherTeam);

    expectProblem(await claimNext(analysts[1], { queueId: '00000000-0000-4000-8000-000000000000' }), 404, 'NOT_FOUND');
    expectProblem(await claimNext(analysts[1], { queueId: 'not-a-uuid' }), 422, 'VALIDATION.FAILED');
    expectProblem(await claimNext(analysts[1], { queue: queueId }), 400, 'REQUEST.UNKNOWN_FIELD');
  });

  it('should let only one of two concurrent actions with the same version through (one 200, one 409), losing no update', async () => {
    const id = await open();
    const before = await view(id);
    const beforeEvents = (await events(id)).length;
    const [r1, r2] = await Promise.all([
      act(supervisors[0], id, 'set_priority', { version: before.version, priority: 'p1', reason: 'Amount' }),
      act(supervisors[1], id, 'set_priority', { version: before.version, priority: 'p2', reason: 'Cards' }),
    ]);
    const statuses = [r1.status, r2.status].sort();
    expect(statuses).toEqual([200, 409]);
    const winner = r1.status === 200 ? r1 : r2;
    const loser = r1.status === 200 ? r2 : r1;
    const p = expectProblem(loser, 409, 'CASE.VERSION_CONFLICT');
    expect(p.params).toMatchObject({ sentVersion: before.version, currentVersion: before.version + 1 });

    const after = await view(id);
    expect(after.version).toBe(before.version + 1);
    expect(after.priority).toBe(winner.body.priority);
    expect(winner.body.version).toBe(after.version);
    const ev = await events(id);
    expect(ev).toHaveLength(beforeEvents + 1);
    expect(ev.at(-1)).toMatchObject({ action: 'set_priority', data: { after: { priority: after.priority } } });
    expect(verifyChain(ev, { lastSeq: after.lastEventSeq, headHash: after.headHash }).ok).toBe(true);
  });

  it('should let exactly one of 10 analysts claim a case with the same version (the others 409)', async () => {
    const id = await open();
    const { version } = await view(id);
    const res: Response[] = await all(10, (i) => act(analysts[i], id, 'claim', { version }));
    expect(res.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of res.filter((x) => x.status !== 200)) expectProblem(r, 409, 'CASE.VERSION_CONFLICT');
    const winner = res.find((r) => r.status === 200)!;
    const c = await view(id);
    expect(c.assigneeId).toBe(winner.body.assigneeId);
    expect(c.version).toBe(version + 1);
    expect((await events(id)).filter((e: { action: string }) => e.action === 'claim')).toHaveLength(1);
  });

  it('should append every one of 10 concurrent notes (they do not change the version) to one unbroken chain', async () => {
    const id = await open();
    const { version } = await view(id);
    const res: Response[] = await all(10, (i) => act(supervisors[i % 2], id, 'add_note', { version, text: `note ${i}` }));
    for (const r of res) expect(r.status).toBe(200);
    const c = await view(id);
    expect(c.version).toBe(version);
    expect(c.notes).toHaveLength(10);
    const ev = await events(id);
    expect(ev.map((e: { seq: number }) => e.seq)).toEqual(Array.from({ length: ev.length }, (_, i) => i + 1));
    expect(ev.filter((e: { action: string }) => e.action === 'add_note')).toHaveLength(10);
    expect(verifyChain(ev, { lastSeq: c.lastEventSeq, headHash: c.headHash }).ok).toBe(true);
  });
});
