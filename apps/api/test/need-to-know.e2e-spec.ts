import { auth, expectProblem, TestApp, type TestUser } from './test-app';

/**
 * Need-to-know (docs/api.md "Who may do what", `CASE_VISIBILITY`): with `team`, analysts list, read and claim only
 * their team's cases and the evidence, reports and terminals of those cases; reporters' phone and e-mail are masked
 * for auditors unless revealed. With `all` (the default) analysts read every team's cases.
 */
describe.each(['team', 'all'] as const)('Need-to-know with CASE_VISIBILITY=%s', (visibility) => {
  let t: TestApp;
  let teamA: string;
  let teamB: string;
  let analystA: TestUser;
  let analystB: TestUser;
  let loner: TestUser;
  let supervisor: TestUser;
  let auditor: TestUser;
  let snSeq = 0;
  const team = visibility === 'team';
  const REPORTER = { name: 'Wang Fang', phone: '+86 138 0013 8000', email: 'wang.fang@example.com', relationship: 'merchant' };

  beforeAll(async () => {
    t = await TestApp.start(`ntk-${visibility}`, { caseVisibility: visibility });
    [{ id: teamA }] = await t.ds.query(`INSERT INTO teams (name, bank_codes) VALUES ('East', '{NTA}') RETURNING id`);
    [{ id: teamB }] = await t.ds.query(`INSERT INTO teams (name, bank_codes) VALUES ('South', '{NTB}') RETURNING id`);
    [analystA, analystB, loner, supervisor, auditor] = await Promise.all([
      t.createUser('analyst', { teamId: teamA }),
      t.createUser('analyst', { teamId: teamB }),
      t.createUser('analyst'),
      t.createUser('supervisor'),
      t.createUser('auditor'),
    ]);
  });
  afterAll(() => t?.stop());

  const get = (u: TestUser, path: string) => t.http().get(path).set(auth(u.token));
  async function open(bankCode: string): Promise<{ caseId: string; reportId: string; sn: string }> {
    const sn = `NTK-${visibility.toUpperCase()}-${String(++snSeq).padStart(5, '0')}`;
    const res = await t.http().post('/api/reports').set(auth(supervisor.token)).send({ sn, channel: 'cardholder', misuseType: 'other', bankCode, reporter: REPORTER }).expect(201);
    return { caseId: res.body.caseId, reportId: res.body.id, sn };
  }
  const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id);
  const allRows = async (u: TestUser, resource: string) => (await get(u, `/api/${resource}?range=${encodeURIComponent('[0,999]')}`).expect(200)).body;

  it(team ? "keeps an analyst to their team's cases, reports, evidence and terminals (404 outside)" : "lets analysts read every team's cases", async () => {
    const a = await open('NTA');
    const b = await open('NTB');
    const evidence = await t
      .http()
      .post(`/api/cases/${b.caseId}/evidence`)
      .set(auth(supervisor.token))
      .field('type', 'other')
      .attach('file', Buffer.from('merchant letter\n'), { filename: 'letter.txt', contentType: 'text/plain' })
      .expect(201);
    const [{ id: terminalB }] = await t.ds.query(`SELECT id FROM terminals WHERE sn = $1`, [b.sn]);
    const [{ id: terminalA }] = await t.ds.query(`SELECT id FROM terminals WHERE sn = $1`, [a.sn]);

    const cases = ids(await allRows(analystA, 'cases'));
    const reports = ids(await allRows(analystA, 'reports'));
    const terminals = ids(await allRows(analystA, 'terminals'));
    expect(cases).toContain(a.caseId);
    expect(reports).toContain(a.reportId);
    expect(terminals).toContain(terminalA);
    await get(analystA, `/api/cases/${a.caseId}`).expect(200);

    const reads = [`/api/cases/${b.caseId}`, `/api/cases/${b.caseId}/events`, `/api/cases/${b.caseId}/evidence`, `/api/evidence/${evidence.body.id}`, `/api/evidence/${evidence.body.id}/content`, `/api/reports/${b.reportId}`, `/api/terminals/${terminalB}`];
    if (team) {
      expect(cases).not.toContain(b.caseId);
      expect(reports).not.toContain(b.reportId);
      expect(terminals).not.toContain(terminalB);
      for (const path of reads) expectProblem(await get(analystA, path), 404, 'NOT_FOUND');
      const claim = await t.http().post(`/api/cases/${b.caseId}/actions/claim`).set(auth(analystA.token)).send({ version: 1 });
      expectProblem(claim, 404, 'NOT_FOUND');
      // an analyst without a team sees no team's cases; supervisors and auditors see every team's
      expect(await allRows(loner, 'cases')).toEqual([]);
      expectProblem(await get(loner, `/api/cases/${a.caseId}`), 404, 'NOT_FOUND');
    } else {
      expect(cases).toContain(b.caseId);
      expect(reports).toContain(b.reportId);
      expect(terminals).toContain(terminalB);
      for (const path of reads) expect((await get(analystA, path)).status).toBe(200);
    }
    for (const u of [supervisor, auditor]) expect(ids(await allRows(u, 'cases'))).toEqual(expect.arrayContaining([a.caseId, b.caseId]));
    await get(analystB, `/api/cases/${b.caseId}`).expect(200);
  });

  it(team ? "lets claim-next take only the team's cases, and refuses another team's queue (403)" : 'lets claim-next take from any queue', async () => {
    // only other teams' cases are waiting, in a queue of team B and a queue of no team
    await t.ds.query(`UPDATE cases SET assignee_id = $1 WHERE status = 'open' AND assignee_id IS NULL`, [supervisor.id]);
    const b = await open('NTB');
    const [{ id: queueB }] = await t.ds.query(`INSERT INTO queues (name, team_id, filter) VALUES ('South all', $1, '{}') RETURNING id`, [teamB]);
    const [{ id: anyTeam }] = await t.ds.query(`INSERT INTO queues (name, team_id, filter) VALUES ('Every team', NULL, '{}') RETURNING id`);
    const claimNext = (u: TestUser, body: Record<string, unknown> = {}) => t.http().post('/api/cases/claim-next').set(auth(u.token)).send(body);
    if (team) {
      expectProblem(await claimNext(analystA, { queueId: queueB }), 403, 'AUTH.FORBIDDEN');
      expect((await claimNext(analystA, { queueId: anyTeam })).status).toBe(204);
      expect((await claimNext(loner)).status).toBe(204);
      const a = await open('NTA');
      const mine = await claimNext(analystA, { queueId: anyTeam }).expect(200);
      expect(mine.body.id).toBe(a.caseId);
      expect((await claimNext(analystB, { queueId: queueB }).expect(200)).body.id).toBe(b.caseId);
    } else {
      expect((await claimNext(analystA, { queueId: queueB }).expect(200)).body.id).toBe(b.caseId);
    }
  });

  it("masks reporters' phone and e-mail for auditors unless revealed (recorded like terminal reveals)", async () => {
    const c = await open('NTA');
    const masked = (await get(auditor, `/api/reports/${c.reportId}`).expect(200)).body.reporter;
    expect(masked).toEqual({ name: 'Wang Fang', phone: '****8000', email: 'w***@example.com', relationship: 'merchant' });
    expect((await get(auditor, `/api/cases/${c.caseId}`).expect(200)).body.reports[0].reporter).toEqual(masked);
    const listed = (await get(auditor, `/api/reports?filter=${encodeURIComponent(JSON.stringify({ caseId: c.caseId }))}`).expect(200)).body;
    expect(listed[0].reporter).toEqual(masked);
    // the case's team analyst and supervisors see them as sent
    expect((await get(analystA, `/api/reports/${c.reportId}`).expect(200)).body.reporter).toEqual(REPORTER);
    expect((await get(supervisor, `/api/cases/${c.caseId}`).expect(200)).body.reports[0].reporter).toEqual(REPORTER);

    const reveal = (u: TestUser, body: Record<string, unknown>) => t.http().post(`/api/reports/${c.reportId}/reveal`).set(auth(u.token)).send(body);
    expect((await reveal(auditor, { field: 'phone', reason: 'Checking the complaint record' }).expect(200)).body).toEqual({ field: 'phone', value: REPORTER.phone });
    expect((await reveal(auditor, { field: 'email', reason: 'Checking the complaint record' }).expect(200)).body).toEqual({ field: 'email', value: REPORTER.email });
    const [ev] = await t.ds.query(`SELECT actor_id, data FROM system_events WHERE action = 'report.revealed' ORDER BY seq DESC LIMIT 1`);
    expect(ev).toEqual({ actor_id: auditor.id, data: { reportId: c.reportId, caseId: c.caseId, field: 'email', reason: 'Checking the complaint record' } });
    expect(JSON.stringify(ev.data)).not.toContain(REPORTER.email);
    expect(expectProblem(await reveal(auditor, { field: 'name', reason: 'x' }), 422, 'VALIDATION.FAILED').fieldCodes).toEqual({ field: 'NOT_ALLOWED', reason: 'TOO_SHORT' });
    expectProblem(await t.http().post(`/api/reports/${c.reportId}/reveal`).set(auth(t.adminToken)).send({ field: 'phone', reason: 'curious admin' }), 403, 'AUTH.FORBIDDEN');
    if (team) expectProblem(await reveal(analystB, { field: 'phone', reason: 'Not my team' }), 404, 'NOT_FOUND');
  });
});
