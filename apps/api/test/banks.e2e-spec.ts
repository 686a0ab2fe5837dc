import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { auth, expectProblem, TestApp } from './test-app';

const secretOf = (bytes: number) => `whsec_${randomBytes(bytes).toString('base64')}`;

describe('BanksController (e2e)', () => {
  let t: TestApp;
  let analystToken: string;
  const post = (body: object) => t.http().post('/api/banks').set(auth(t.adminToken)).send(body);
  const stored = async (id: string) => (await t.ds.query(`SELECT secret, previous_secret, previous_secret_expires_at FROM banks WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    t = await TestApp.start('banks');
    analystToken = (await t.createUser('analyst')).token;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('should generate a secret when none is given and return it once', async () => {
    const res = await post({ code: 'icbc', name: 'ICBC', webhookUrl: 'http://127.0.0.1:4010/hooks/icbc' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      code: 'ICBC',
      name: 'ICBC',
      webhookUrl: 'http://127.0.0.1:4010/hooks/icbc',
      active: true,
      secretGraceHours: 24,
      hasPreviousSecret: false,
      previousSecretExpiresAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      secret: expect.stringMatching(/^whsec_/),
    });
    expect((await stored(res.body.id)).secret).toBe(res.body.secret);
    // the generated secret works with the reference Standard Webhooks library
    const wh = new Webhook(res.body.secret.slice('whsec_'.length));
    const body = '{"type":"freeze.requested"}';
    const sig = wh.sign('msg_1', new Date(), body);
    expect(sig).toMatch(/^v1,/);

    const one = await t.http().get(`/api/banks/${res.body.id}`).set(auth(analystToken));
    expect(one.status).toBe(200);
    expect(one.body).not.toHaveProperty('secret');
    const list = await t.http().get('/api/banks').set(auth(analystToken));
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
    expect(JSON.stringify(one.body)).not.toContain('whsec_');
  });

  it('should store a given secret without echoing it', async () => {
    const secret = secretOf(32);
    const res = await post({ code: 'BOC', name: 'Bank of China', secret, secretGraceHours: 2 });
    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty('secret');
    expect(res.body.webhookUrl).toBeNull();
    expect((await stored(res.body.id)).secret).toBe(secret);
  });

  it('should refuse bad codes, secrets and URLs (422), duplicates (409) and unknown fields (400)', async () => {
    const errors = expectProblem(
      await post({ code: 'a', name: 'X', secret: `whsec_${randomBytes(8).toString('base64')}`, webhookUrl: 'ftp://bank.example/x' }),
      422,
      'VALIDATION.FAILED',
    ).errors;
    expect(Object.keys(errors).sort()).toEqual(['code', 'secret', 'webhookUrl']);
    expect(expectProblem(await post({ code: 'X1', name: 'X', secret: 'not-a-secret' }), 422).errors).toHaveProperty('secret');
    expect(expectProblem(await post({ code: 'X1', name: 'X', secret: secretOf(65) }), 422).errors).toHaveProperty('secret');
    expect((await post({ code: 'X24', name: 'X', secret: secretOf(24), webhookUrl: 'https://localhost:8443/hook' })).status).toBe(201);
    expectProblem(await post({ code: 'Icbc', name: 'Again' }), 409, 'CONFLICT');
    expectProblem(await post({ code: 'NEW', name: 'X', previousSecret: 'x' }), 400, 'REQUEST.UNKNOWN_FIELD');
  });

  it('should rotate on PUT with a secret, keeping the previous one for secretGraceHours', async () => {
    const first = secretOf(32);
    const bank = (await post({ code: 'CCB', name: 'CCB', secret: first, webhookUrl: 'http://10.0.0.5/hook' })).body;
    const next = secretOf(32);
    const before = Date.now();
    const res = await t.http().put(`/api/banks/${bank.id}`).set(auth(t.adminToken)).send({ ...bank, name: 'China Construction Bank', secret: next });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'China Construction Bank', hasPreviousSecret: true });
    expect(res.body).not.toHaveProperty('secret');
    const expires = new Date(res.body.previousSecretExpiresAt).getTime();
    expect(expires).toBeGreaterThanOrEqual(before + 24 * 3600_000 - 5000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 24 * 3600_000 + 5000);
    expect(await stored(bank.id)).toMatchObject({ secret: next, previous_secret: first });

    // writing the current secret again is not a rotation
    await t.http().put(`/api/banks/${bank.id}`).set(auth(t.adminToken)).send({ secret: next }).expect(200);
    expect((await stored(bank.id)).previous_secret).toBe(first);

    const [ev] = await t.ds.query(`SELECT data FROM system_events WHERE action = 'bank.updated' AND data->'after'->>'id' = $1 ORDER BY seq LIMIT 1`, [bank.id]);
    expect(ev.data).toMatchObject({ secretRotated: true, before: { name: 'CCB' }, after: { name: 'China Construction Bank' } });
  });

  it('should rotate with POST /rotate-secret, returning the new secret once', async () => {
    const bank = (await post({ code: 'ABC', name: 'ABC' })).body;
    const res = await t.http().post(`/api/banks/${bank.id}/rotate-secret`).set(auth(t.adminToken));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ secret: expect.stringMatching(/^whsec_/), previousSecretExpiresAt: expect.any(String) });
    expect(res.body.secret).not.toBe(bank.secret);
    expect(await stored(bank.id)).toMatchObject({ secret: res.body.secret, previous_secret: bank.secret });
    const shown = (await t.http().get(`/api/banks/${bank.id}`).set(auth(t.adminToken))).body;
    expect(shown).toMatchObject({ hasPreviousSecret: true, previousSecretExpiresAt: res.body.previousSecretExpiresAt });

    // a grace of 0 hours drops the previous secret at once
    await t.http().put(`/api/banks/${bank.id}`).set(auth(t.adminToken)).send({ secretGraceHours: 0 }).expect(200);
    const again = await t.http().post(`/api/banks/${bank.id}/rotate-secret`).set(auth(t.adminToken));
    expect(again.body.previousSecretExpiresAt).toBeNull();
    expect((await stored(bank.id)).previous_secret).toBeNull();
    expectProblem(await t.http().post(`/api/banks/${randomUUID()}/rotate-secret`).set(auth(t.adminToken)), 404, 'NOT_FOUND');
  });

  it('should never put a secret into the audit chain', async () => {
    const events: Array<{ action: string; data: unknown }> = await t.ds.query(`SELECT action, data FROM system_events WHERE action LIKE 'bank.%'`);
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['bank.created', 'bank.updated', 'bank.secret_rotated']));
    for (const e of events) expect(JSON.stringify(e.data)).not.toMatch(/whsec_/);
  });

  it('should refuse changing the code (403) and deactivate on DELETE', async () => {
    const bank = (await post({ code: 'PSBC', name: 'PSBC' })).body;
    expectProblem(await t.http().put(`/api/banks/${bank.id}`).set(auth(t.adminToken)).send({ ...bank, code: 'PSBC2' }), 403, 'AUTH.FORBIDDEN');
    // the same code (any case) is fine
    expect((await t.http().put(`/api/banks/${bank.id}`).set(auth(t.adminToken)).send({ ...bank, code: 'psbc' })).status).toBe(200);
    const del = await t.http().delete(`/api/banks/${bank.id}`).set(auth(t.adminToken));
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ id: bank.id, active: false });
    const inactive = await t.http().get('/api/banks').query({ filter: JSON.stringify({ active: false }) }).set(auth(t.adminToken));
    expect(inactive.body.map((b: { code: string }) => b.code)).toEqual(['PSBC']);
  });

  it('should list with filters, sorts and ids, and refuse unknown ones', async () => {
    const res = await t.http().get('/api/banks').query({ sort: '["code","DESC"]', range: '[0,1]' }).set(auth(analystToken));
    expect(res.status).toBe(200);
    expect(res.body.map((b: { code: string }) => b.code)).toEqual(['X24', 'PSBC']);
    expect(res.headers['content-range']).toMatch(/^banks 0-1\/\d+$/);
    const q = await t.http().get('/api/banks').query({ filter: JSON.stringify({ q: 'bank of' }) }).set(auth(analystToken));
    expect(q.body.map((b: { code: string }) => b.code)).toEqual(['BOC']);
    const ids = [res.body[0].id, res.body[1].id];
    const many = await t.http().get('/api/banks').query({ filter: JSON.stringify({ id: ids }), range: '[0,0]' }).set(auth(analystToken));
    expect(many.body).toHaveLength(2);
    expectProblem(await t.http().get('/api/banks').query({ filter: '{"secret":"x"}' }).set(auth(analystToken)), 400, 'REQUEST.UNKNOWN_FIELD');
    expectProblem(await t.http().get('/api/banks').query({ sort: '["webhookUrl","ASC"]' }).set(auth(analystToken)), 400, 'REQUEST.UNKNOWN_FIELD');
    expectProblem(await t.http().get('/api/banks/ICBC').set(auth(analystToken)), 404, 'NOT_FOUND');
  });
});
