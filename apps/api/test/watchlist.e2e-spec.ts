import { auth, expectProblem, TestApp, type TestUser } from './test-app';

/** Issue 11: aftercare — terminal replacement and the watchlist (docs/api.md "Aftercare and watchlist"). */
describe('aftercare and watchlist (API)', () => {
  let t: TestApp;
  let analyst: TestUser;
  let waiver: TestUser;
  let resolver: TestUser;
  let auditor: TestUser;
  let seq = 0;

  beforeAll(async () => {
    t = await TestApp.start('watchlist');
    [analyst, waiver, resolver, auditor] = await Promise.all([t.createUser('analyst'), t.createUser('supervisor'), t.createUser('supervisor'), t.createUser('auditor')]);
  });
  afterAll(() => t?.stop());

  const nextSn = () => `WATCH-${process.pid}-${++seq}`;
  const view = async (id: string, u: TestUser = resolver) => (await t.http().get(`/api/cases/${id}`).set(auth(u.token))).body;
  async function act(id: string, action: string, body: Record<string, unknown>, u: TestUser) {
    const { version } = await view(id, u);
    return t.http().post(`/api/cases/${id}/actions/${action}`).set(auth(u.token)).send({ version, ...body });
  }
  async function ok(id: string, action: string, body: Record<string, unknown>, u: TestUser) {
    const res = await act(id, action, body, u);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  async function report(sn: string, merchantId: string): Promise<string> {
    const res = await t.http().post('/api/reports').set(auth(analyst.token)).send({ sn, channel: 'cardholder', misuseType: 'other', merchantId });
    expect(res.status).toBe(201);
    return res.body.caseId;
  }
  /** A case confirmed as misuse by `resolver` (the stages waived by another supervisor). */
  async function confirmed(sn: string, mid: string): Promise<string> {
    const id = await report(sn, mid);
    await ok(id, 'claim', {}, analyst);
    for (let i = 0; i < 4; i++) await ok(id, 'waive_stage', { reason: 'Handled by the bank' }, waiver);
    expect((await view(id)).stage).toBe('review');
    return id;
  }
  const hitAlerts = (caseId: string) => t.ds.query(`SELECT user_id FROM alerts WHERE case_id = $1 AND type = 'watchlist.hit' ORDER BY user_id`, [caseId]) as Promise<Array<{ user_id: string }>>;

  it('should watch a confirmed case’s SN and MID, open the next report on them at p1 and alert the resolving supervisor', async () => {
    const sn = nextSn();
    const mid = `MID${process.pid}${seq}`;
    const first = await confirmed(sn, mid);
    // the replacement is recorded in review (analyst) and stays readable after closing
    const replaced = await ok(first, 'record_terminal_replacement', { newSn: `${sn}-N`, replacedAt: new Date(Date.now() - 60_000).toISOString() }, analyst);
    expect(replaced.terminal).toMatchObject({ replacedBy: `${sn}-N`, replacedAt: expect.any(String) });
    const closed = await ok(first, 'resolve', { outcome: 'confirmed_misuse', summary: 'Cloned terminal confirmed' }, resolver);
    expect(closed.status).toBe('closed');
    // on the closed case only a supervisor records a replacement
    expectProblem(await act(first, 'record_terminal_replacement', { newSn: `${sn}-M`, replacedAt: new Date().toISOString() }, analyst), 403, 'AUTH.FORBIDDEN');
    const list = await t.http().get('/api/watchlist').query({ filter: JSON.stringify({ caseId: first }) }).set(auth(auditor.token));
    expect(list.status).toBe(200);
    expect(list.body.map((e: any) => [e.kind, e.value, e.active]).sort()).toEqual([['mid', mid, true], ['sn', sn, true]]);
    expect(list.body.map((e: any) => e.caseReference)).toEqual([closed.reference, closed.reference]);
    const days = (new Date(list.body[0].expiresAt).getTime() - new Date(list.body[0].addedAt).getTime()) / 86_400_000;
    expect(days).toBe(90);

    const again = await report(sn, 'SOMEOTHERMID');
    const c = await view(again);
    expect(c.priority).toBe('p1');
    expect(c.watchlistHits).toEqual([expect.objectContaining({ kind: 'sn', value: sn, earlierCaseId: first })]);
    expect((await hitAlerts(again)).map((a) => a.user_id)).toEqual(expect.arrayContaining([resolver.id]));
    const [opened] = await t.ds.query(`SELECT data FROM case_events WHERE case_id = $1 AND action = 'case.opened'`, [again]);
    expect(opened.data.reasons[0]).toBe('watchlist_hit');

    // the MID alone matches too, and a report on an open case raises it to p1 even over a supervisor's override
    const byMid = await report(nextSn(), mid);
    expect((await view(byMid)).priority).toBe('p1');
    await ok(byMid, 'set_priority', { priority: 'p4', reason: 'looks harmless' }, waiver);
    await report((await view(byMid)).sn, mid);
    const raised = await view(byMid);
    expect(raised.priority).toBe('p1');
    expect(raised.watchlistHits.length).toBe(2);

    // the new terminal knows what it replaced
    const terminals = await t.ds.query(`SELECT replaces_sn FROM terminals WHERE sn = $1`, [`${sn}-N`]);
    expect(terminals).toEqual([{ replaces_sn: sn }]);
  });

  it('should not match a removed or an expired entry; supervisors add and remove entries, audited', async () => {
    const sn = nextSn();
    expectProblem(await t.http().post('/api/watchlist').set(auth(analyst.token)).send({ kind: 'sn', value: sn, days: 30, reason: 'x' }), 403, 'AUTH.FORBIDDEN');
    const added = await t.http().post('/api/watchlist').set(auth(waiver.token)).send({ kind: 'sn', value: sn.toLowerCase(), days: 30, reason: 'Police asked us to watch it' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ kind: 'sn', value: sn, caseId: null, caseReference: null, active: true, reason: 'Police asked us to watch it' });
    const removed = await t.http().post(`/api/watchlist/${added.body.id}/remove`).set(auth(waiver.token)).send({ reason: 'Cleared' });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ active: false, removedReason: 'Cleared' });
    expectProblem(await t.http().post(`/api/watchlist/${added.body.id}/remove`).set(auth(waiver.token)).send({ reason: 'again' }), 409, 'CONFLICT');
    const notHit = await report(sn, 'M1');
    expect((await view(notHit)).watchlistHits).toEqual([]);

    const sn2 = nextSn();
    const e2 = await t.http().post('/api/watchlist').set(auth(waiver.token)).send({ kind: 'sn', value: sn2, days: 1, reason: 'Short watch' });
    await t.ds.query(`UPDATE watchlist_entries SET expires_at = now() - interval '1 minute' WHERE id = $1`, [e2.body.id]);
    const expired = await report(sn2, 'M2');
    expect((await view(expired)).watchlistHits).toEqual([]);
    expect(await hitAlerts(expired)).toEqual([]);

    const events = await t.ds.query(`SELECT action FROM system_events WHERE action LIKE 'watchlist.%' ORDER BY seq`);
    expect(events.map((e: any) => e.action)).toEqual(['watchlist.added', 'watchlist.removed', 'watchlist.added']);
  });

  it('should refuse a terminal replacement outside review, and to analysts on a closed case', async () => {
    const id = await report(nextSn(), 'M3');
    await ok(id, 'claim', {}, analyst);
    expectProblem(await act(id, 'record_terminal_replacement', { newSn: 'NEW-SN-0001', replacedAt: new Date().toISOString() }, analyst), 422, 'CASE.ACTION_NOT_ALLOWED');
  });
});
