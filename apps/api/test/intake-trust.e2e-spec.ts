import { auth, expectProblem, TestApp, type TestUser } from './test-app';
import { createBank } from './ops-fixtures';

/** Who may trigger the automatic freeze (docs/api.md "Auth"): trust comes from the credential, never the body. */
describe('Intake trust', () => {
  let t: TestApp;
  let analyst: TestUser;
  let supervisor: TestUser;
  let intake: TestUser;
  let auditor: TestUser;
  let snSeq = 0;

  beforeAll(async () => {
    t = await TestApp.start('intake-trust');
    await Promise.all([createBank(t, 'ITA'), createBank(t, 'ITB')]);
    [analyst, supervisor, intake, auditor] = await Promise.all([t.createUser('analyst'), t.createUser('supervisor'), t.createUser('intake'), t.createUser('auditor')]);
  });
  afterAll(() => t?.stop());

  const nextSn = () => `TRUST-${String(++snSeq).padStart(6, '0')}`;
  const post = (u: { token: string }, body: Record<string, unknown>) =>
    t.http().post('/api/reports').set(auth(u.token)).send({ sn: nextSn(), misuseType: 'cloned_terminal', ...body });
  const freezeRequests = (caseId: string) =>
    t.ds.query(`SELECT bank_code FROM notifications WHERE case_id = $1 AND type = 'freeze.requested'`, [caseId]);
  async function opening(caseId: string) {
    const events = (await t.http().get(`/api/cases/${caseId}/events`).set(auth(auditor.token)).expect(200)).body;
    return { opened: events.find((e: { action: string }) => e.action === 'case.opened'), actions: events.map((e: { action: string }) => e.action) };
  }

  it.each(['bank_alert', 'internal_monitoring', 'partner_api'])('refuses a person reporting on the machine channel %s (422 on channel)', async (channel) => {
    for (const u of [analyst, supervisor]) {
      const p = expectProblem(await post(u, { channel, bankCode: 'ITA' }), 422, 'VALIDATION.FAILED');
      expect(p.fieldCodes).toEqual({ channel: 'NOT_ALLOWED' });
    }
    expect(Number((await t.ds.query(`SELECT count(*) AS n FROM reports WHERE channel = $1`, [channel]))[0].n)).toBe(0);
  });

  it("requests the freeze for a person's merchant call, not for a cardholder report, and records the rule", async () => {
    const call = await post(analyst, { channel: 'merchant_call', bankCode: 'ITA' }).expect(201);
    expect(await freezeRequests(call.body.caseId)).toEqual([{ bank_code: 'ITA' }]);
    expect((await opening(call.body.caseId)).opened.data.autoFreeze).toEqual({ decided: true, rule: 'staff_channel' });

    const card = await post(analyst, { channel: 'cardholder', bankCode: 'ITA' }).expect(201);
    expect(await freezeRequests(card.body.caseId)).toEqual([]);
    const { opened, actions } = await opening(card.body.caseId);
    expect(opened.data.autoFreeze).toEqual({ decided: false, rule: 'none' });
    expect(actions).not.toContain('request_freeze');
  });

  it('never triggers the freeze for an intake user signed in with a password', async () => {
    const res = await post(intake, { channel: 'bank_alert', bankCode: 'ITA' }).expect(201);
    expect(await freezeRequests(res.body.caseId)).toEqual([]);
    expect((await opening(res.body.caseId)).opened.data.autoFreeze).toEqual({ decided: false, rule: 'none' });
  });

  it('keeps a bound key inside its banks and channels (403 outside), and freezes only with autoFreeze', async () => {
    const key = await t.createApiKey({ bankCodes: ['ITA'], channels: ['bank_alert'], autoFreeze: true });
    expectProblem(await post(key, { channel: 'bank_alert', bankCode: 'ITB' }), 403, 'AUTH.FORBIDDEN');
    expectProblem(await post(key, { channel: 'bank_alert' }), 403, 'AUTH.FORBIDDEN');
    expectProblem(await post(key, { channel: 'partner_api', bankCode: 'ITA' }), 403, 'AUTH.FORBIDDEN');
    const ok = await post(key, { channel: 'bank_alert', bankCode: 'ITA' }).expect(201);
    expect(await freezeRequests(ok.body.caseId)).toEqual([{ bank_code: 'ITA' }]);
    expect((await opening(ok.body.caseId)).opened.data.autoFreeze).toEqual({ decided: true, rule: 'key' });

    const quiet = await t.createApiKey({ bankCodes: ['ITA'], channels: ['bank_alert'] });
    const res = await post(quiet, { channel: 'bank_alert', bankCode: 'ITA' }).expect(201);
    expect(await freezeRequests(res.body.caseId)).toEqual([]);
    expect((await opening(res.body.caseId)).opened.data.autoFreeze).toEqual({ decided: false, rule: 'none' });
  });

  it("sends the request to the master-data bank, not the body's — and a key never freezes another bank's terminal", async () => {
    const sn = nextSn();
    await t.ds.query(`INSERT INTO terminals (sn, bank_code) VALUES ($1, 'ITA')`, [sn]);
    const res = await post(analyst, { sn, channel: 'merchant_call', bankCode: 'ITB' }).expect(201);
    expect(await freezeRequests(res.body.caseId)).toEqual([{ bank_code: 'ITA' }]);
    const shown = (await t.http().get(`/api/cases/${res.body.caseId}`).set(auth(analyst.token)).expect(200)).body;
    expect(shown.bankCode).toBe('ITA');

    const other = nextSn();
    await t.ds.query(`INSERT INTO terminals (sn, bank_code) VALUES ($1, 'ITA')`, [other]);
    const keyOfB = await t.createApiKey({ bankCodes: ['ITB'], channels: ['bank_alert'], autoFreeze: true });
    const r = await post(keyOfB, { sn: other, channel: 'bank_alert', bankCode: 'ITB' }).expect(201);
    expect(await freezeRequests(r.body.caseId)).toEqual([]);
    expect((await opening(r.body.caseId)).opened.data.autoFreeze).toEqual({ decided: false, rule: 'none' });
  });

  it('keeps an old key without bindings submitting, never freezing, flagged as unbound', async () => {
    const key = await t.createApiKey({ bankCodes: ['ITA'], channels: ['bank_alert'], autoFreeze: true });
    // as the upgrade leaves a key that had no bindings
    await t.ds.query(`UPDATE api_keys SET bank_codes = NULL, channels = NULL, auto_freeze = false WHERE id = $1`, [key.keyId]);
    const res = await post(key, { channel: 'partner_api', bankCode: 'ITB' }).expect(201);
    expect(await freezeRequests(res.body.caseId)).toEqual([]);
    const listed = (await t.http().get(`/api/api-keys?filter=${encodeURIComponent(JSON.stringify({ id: [key.keyId] }))}`).set(auth(t.adminToken)).expect(200)).body;
    expect(listed).toEqual([expect.objectContaining({ id: key.keyId, bankCodes: null, channels: null, autoFreeze: false, bound: false })]);
    // autoFreeze needs both bindings
    const p = expectProblem(await t.http().put(`/api/api-keys/${key.keyId}`).set(auth(t.adminToken)).send({ ...listed[0], autoFreeze: true }), 422, 'VALIDATION.FAILED');
    expect(p.fieldCodes).toEqual({ autoFreeze: 'NOT_ALLOWED' });
    // an admin binds it and turns the freeze on: audited, and its reports freeze again
    const put = await t.http().put(`/api/api-keys/${key.keyId}`).set(auth(t.adminToken)).send({ ...listed[0], bankCodes: ['ita'], channels: ['bank_alert'], autoFreeze: true }).expect(200);
    expect(put.body).toMatchObject({ bankCodes: ['ITA'], channels: ['bank_alert'], autoFreeze: true, bound: true });
    const [ev] = await t.ds.query(`SELECT data FROM system_events WHERE action = 'api_key.updated' ORDER BY seq DESC LIMIT 1`);
    expect(ev.data).toMatchObject({ id: key.keyId, before: { bankCodes: null, autoFreeze: false }, after: { bankCodes: ['ITA'], autoFreeze: true } });
    const again = await post(key, { channel: 'bank_alert', bankCode: 'ITA' }).expect(201);
    expect(await freezeRequests(again.body.caseId)).toEqual([{ bank_code: 'ITA' }]);
  });

  it('keeps an old key upgraded with bank codes (autoFreeze) freezing for its banks, on any channel', async () => {
    const key = await t.createApiKey({ bankCodes: ['ITA'], channels: ['bank_alert'] });
    // as the upgrade leaves a key that had bank codes and no channels
    await t.ds.query(`UPDATE api_keys SET channels = NULL, auto_freeze = true WHERE id = $1`, [key.keyId]);
    const res = await post(key, { channel: 'partner_api', bankCode: 'ITA' }).expect(201);
    expect(await freezeRequests(res.body.caseId)).toEqual([{ bank_code: 'ITA' }]);
    expectProblem(await post(key, { channel: 'partner_api', bankCode: 'ITB' }), 403, 'AUTH.FORBIDDEN');
  });

  it('requires bankCodes and channels on a new key (422 with field codes)', async () => {
    const owner = await t.createUser('intake');
    const create = (body: Record<string, unknown>) => t.http().post(`/api/users/${owner.id}/api-keys`).set(auth(t.adminToken)).send({ name: 'gw', ...body });
    expect(expectProblem(await create({}), 422, 'VALIDATION.FAILED').fieldCodes).toEqual({ bankCodes: 'REQUIRED', channels: 'REQUIRED' });
    expect(expectProblem(await create({ bankCodes: null, channels: null }), 422).fieldCodes).toEqual({ bankCodes: 'REQUIRED', channels: 'REQUIRED' });
    expect(expectProblem(await create({ bankCodes: [], channels: [] }), 422).fieldCodes).toEqual({ bankCodes: 'TOO_FEW', channels: 'TOO_FEW' });
    expect(expectProblem(await create({ bankCodes: ['ITA'], channels: ['pigeon'], autoFreeze: 'yes' }), 422).fieldCodes).toEqual({ channels: 'NOT_ALLOWED', autoFreeze: 'INVALID_TYPE' });
    const ok = await create({ bankCodes: ['ITA'], channels: ['bank_alert'] }).expect(201);
    expect(ok.body).toMatchObject({ bankCodes: ['ITA'], channels: ['bank_alert'], autoFreeze: false, bound: true });
    // bindings may be changed, never cleared
    expect(expectProblem(await t.http().put(`/api/api-keys/${ok.body.id}`).set(auth(t.adminToken)).send({ bankCodes: null }), 422).fieldCodes).toEqual({ bankCodes: 'REQUIRED' });
    await t.http().delete(`/api/api-keys/${ok.body.id}`).set(auth(t.adminToken)).expect(204);
    expectProblem(await t.http().put(`/api/api-keys/${ok.body.id}`).set(auth(t.adminToken)).send({ name: 'x' }), 409, 'CONFLICT');
  });
});
