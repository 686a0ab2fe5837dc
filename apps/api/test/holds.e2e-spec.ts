import { createBank } from './ops-fixtures';
import { auth, expectProblem, TestApp, type TestUser } from './test-app';

const H = 3_600_000;
const iso = (ms: number) => new Date(Date.now() + ms).toISOString();
const police = { instructionNumber: 'HP-ZF-2026-0107', issuingAuthority: 'Huangpu PSB' };

/** Issue 11: holds and police orders through the case actions and GET /api/holds (docs/api.md "Holds and police orders"). */
describe('holds and police orders (API)', () => {
  let t: TestApp;
  let analyst: TestUser;
  let boss: TestUser;
  let auditor: TestUser;
  let seq = 0;

  beforeAll(async () => {
    t = await TestApp.start('holds');
    [analyst, boss, auditor] = await Promise.all([t.createUser('analyst'), t.createUser('supervisor'), t.createUser('auditor')]);
    await createBank(t, 'HB', undefined, 'Hold Bank');
  });
  afterAll(() => t?.stop());

  async function claimedCase(): Promise<string> {
    const res = await t.http().post('/api/reports').set(auth(analyst.token)).send({ sn: `HOLDS-${process.pid}-${++seq}`, channel: 'cardholder', misuseType: 'other', bankCode: 'HB' });
    expect(res.status).toBe(201);
    const c = await view(res.body.caseId);
    expect((await act(res.body.caseId, 'claim', { version: c.version })).status).toBe(200);
    return res.body.caseId;
  }
  const view = async (id: string, u: TestUser = analyst) => (await t.http().get(`/api/cases/${id}`).set(auth(u.token))).body;
  const act = (id: string, action: string, body: Record<string, unknown>, u: TestUser = analyst) =>
    t.http().post(`/api/cases/${id}/actions/${action}`).set(auth(u.token)).send(body);
  async function ok(id: string, action: string, body: Record<string, unknown>, u: TestUser = analyst) {
    const { version } = await view(id, u);
    const res = await act(id, action, { version, ...body }, u);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  async function refused(id: string, action: string, body: Record<string, unknown>, status: number, code: string, u: TestUser = analyst) {
    const { version } = await view(id, u);
    return expectProblem(await act(id, action, { version, ...body }, u), status, code);
  }

  it('should place a stop-payment for 48 h, renew it once, and refuse the second renewal (HOLD.RENEWAL_LIMIT)', async () => {
    const id = await claimedCase();
    const placedAt = iso(-H);
    let c = await ok(id, 'place_hold', { kind: 'police_stop_payment', scope: ['settlement'], placedAt, ...police });
    const [h] = c.holds;
    expect(h).toMatchObject({ kind: 'police_stop_payment', basis: 'police_instruction', status: 'active', scope: ['settlement'], placedBy: analyst.id, renewals: [], ...police });
    expect(new Date(h.expiresAt).getTime() - new Date(placedAt).getTime()).toBe(48 * H);
    expect(new Date(h.expiresAt).getTime() - new Date(h.warnAt).getTime()).toBe(12 * H);
    expect(c.priority).toBe('p1');
    const over = await refused(id, 'renew_hold', { holdId: h.id, expiresAt: new Date(new Date(h.expiresAt).getTime() + 48 * H + 1000).toISOString() }, 422, 'VALIDATION.FAILED');
    expect(over.fieldCodes).toEqual({ expiresAt: 'OUT_OF_RANGE' });
    c = await ok(id, 'renew_hold', { holdId: h.id, instructionNumber: 'HP-ZF-2026-0131' });
    expect(c.holds[0].renewals).toEqual([{ at: expect.any(String), by: analyst.id, expiresAt: new Date(new Date(h.expiresAt).getTime() + 48 * H).toISOString(), instructionNumber: 'HP-ZF-2026-0131' }]);
    await refused(id, 'renew_hold', { holdId: h.id }, 422, 'HOLD.RENEWAL_LIMIT');
    // police orders are not sent to the bank
    expect(await t.ds.query(`SELECT type FROM notifications WHERE case_id = $1 AND type LIKE 'hold.%'`, [id])).toEqual([]);
    const events = await t.ds.query(`SELECT action FROM case_events WHERE case_id = $1 AND action LIKE '%hold%' ORDER BY seq`, [id]);
    expect(events.map((e: any) => e.action)).toEqual(['place_hold', 'renew_hold']);
  });

  it('should refuse a police freeze without an expiry or beyond 6 months, and a police order without its instruction number', async () => {
    const id = await claimedCase();
    let p = await refused(id, 'place_hold', { kind: 'police_freeze', scope: ['settlement'], placedAt: iso(-H), ...police }, 422, 'VALIDATION.FAILED');
    expect(p.fieldCodes).toEqual({ expiresAt: 'REQUIRED' });
    p = await refused(id, 'place_hold', { kind: 'police_freeze', scope: ['settlement'], placedAt: iso(-H), expiresAt: iso(200 * 24 * H), ...police }, 422, 'VALIDATION.FAILED');
    expect(p.fieldCodes).toEqual({ expiresAt: 'OUT_OF_RANGE' });
    p = await refused(id, 'place_hold', { kind: 'police_stop_payment', scope: ['terminal'], placedAt: iso(-H), issuingAuthority: 'PSB' }, 422, 'VALIDATION.FAILED');
    expect(p.fieldCodes).toEqual({ instructionNumber: 'REQUIRED' });
    p = await refused(id, 'place_hold', { kind: 'police_freeze', scope: ['nowhere'], placedAt: iso(-H) }, 422, 'VALIDATION.FAILED');
    expect(Object.keys(p.fieldCodes)).toEqual(['scope']);
    const c = await ok(id, 'place_hold', { kind: 'police_freeze', scope: ['settlement'], placedAt: iso(-H), expiresAt: iso(90 * 24 * H), ...police });
    expect(new Date(c.holds[0].expiresAt).getTime() - new Date(c.holds[0].warnAt).getTime()).toBe(14 * 24 * H);
  });

  it('should release an acquirer hold (hold.placed / hold.released to the bank) and refuse renewing it afterwards (HOLD.NOT_ACTIVE)', async () => {
    const id = await claimedCase();
    let c = await ok(id, 'place_hold', { kind: 'settlement_delay', scope: ['settlement'], placedAt: iso(-60_000) });
    const [h] = c.holds;
    expect(h).toMatchObject({ basis: 'acquirer_control', expiresAt: null, warnAt: null });
    c = await ok(id, 'release_hold', { holdId: h.id, reason: 'Merchant cleared by the bank' });
    expect(c.holds[0]).toMatchObject({ status: 'released', releasedBy: analyst.id, releaseReason: 'Merchant cleared by the bank', releasedAt: expect.any(String) });
    await refused(id, 'renew_hold', { holdId: h.id, expiresAt: iso(H) }, 422, 'HOLD.NOT_ACTIVE');
    await refused(id, 'release_hold', { holdId: h.id, reason: 'again' }, 422, 'HOLD.NOT_ACTIVE');
    const sent = await t.ds.query(`SELECT type, payload FROM notifications WHERE case_id = $1 AND type LIKE 'hold.%' ORDER BY created_at`, [id]);
    expect(sent.map((n: any) => n.type)).toEqual(['hold.placed', 'hold.released']);
    expect(sent[0].payload).toMatchObject({ type: 'hold.placed', bankCode: 'HB', scope: ['settlement'], hold: { id: h.id, kind: 'settlement_delay', expiresAt: null } });
  });

  it('should keep holds on a closed case: renew and release still work, place is refused', async () => {
    const id = await claimedCase();
    const c = await ok(id, 'place_hold', { kind: 'police_freeze', scope: ['terminal', 'settlement'], placedAt: iso(-H), expiresAt: iso(30 * 24 * H), ...police });
    const holdId = c.holds[0].id;
    const closed = await ok(id, 'close_early', { outcome: 'no_misuse', reason: 'The merchant lent the terminal' }, boss);
    expect(closed.status).toBe('closed');
    expect(closed.holds[0].status).toBe('active'); // closing releases nothing
    await refused(id, 'place_hold', { kind: 'settlement_delay', scope: ['settlement'], placedAt: iso(-H) }, 422, 'CASE.ACTION_NOT_ALLOWED');
    const renewed = await ok(id, 'renew_hold', { holdId });
    expect(renewed.holds[0].renewals).toHaveLength(1);
    const released = await ok(id, 'release_hold', { holdId, reason: 'Court lifted the order' }, boss);
    expect(released.holds[0].status).toBe('released');
  });

  it('should list holds for readers, filtered and sorted by expiry', async () => {
    const id = await claimedCase();
    await ok(id, 'place_hold', { kind: 'police_stop_payment', scope: ['settlement'], placedAt: iso(-H), ...police });
    await ok(id, 'place_hold', { kind: 'acquirer_suspension', scope: ['terminal'], placedAt: iso(-H), expiresAt: iso(5 * H) });
    const res = await t.http().get('/api/holds').query({ filter: JSON.stringify({ caseId: id, status: 'active' }), sort: JSON.stringify(['expiresAt', 'ASC']) }).set(auth(auditor.token));
    expect(res.status).toBe(200);
    expect(res.headers['content-range']).toBe('holds 0-1/2');
    expect(res.body.map((h: any) => h.kind)).toEqual(['acquirer_suspension', 'police_stop_payment']);
    expect(res.body[0]).toMatchObject({ caseId: id, caseReference: expect.stringMatching(/^SNC-/) });
    const soon = await t.http().get('/api/holds').query({ filter: JSON.stringify({ caseId: id, expiresBefore: iso(10 * H) }) }).set(auth(boss.token));
    expect(soon.body.map((h: any) => h.kind)).toEqual(['acquirer_suspension']);
    const kinds = await t.http().get('/api/holds').query({ filter: JSON.stringify({ caseId: id, kind: ['police_stop_payment'] }) }).set(auth(analyst.token));
    expect(kinds.body).toHaveLength(1);
    expectProblem(await t.http().get('/api/holds').query({ filter: JSON.stringify({ status: 'gone' }) }).set(auth(boss.token)), 400, 'REQUEST.MALFORMED');
  });
});
