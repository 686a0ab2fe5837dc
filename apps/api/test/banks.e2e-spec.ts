import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { openBankSecret, outboundPolicy, SecretBox } from '@sentinel/outbound';
import { auth, expectProblem, TestApp } from './test-app';

const secretOf = (bytes: number) => `whsec_${randomBytes(bytes).toString('base64')}`;

describe('BanksController (e2e)', () => {
  let t: TestApp;
  let analystToken: string;
  const post = (body: object) => t.http().post('/api/banks').set(auth(t.adminToken)).send(body);
  const raw = async (id: string) => (await t.ds.query(`SELECT secret, previous_secret, previous_secret_expires_at FROM banks WHERE id = $1`, [id]))[0];
  /** The stored secrets, opened with the app's key (they are sealed at rest). */
  const stored = async (id: string) => {
    const r = await raw(id);
    const open = (v: string | null) => (v === null ? null : openBankSecret(t.config.secretBox, id, v));
    return { ...r, secret: open(r.secret), previous_secret: open(r.previous_secret) };
  };
  // The address rule as in production (no WEBHOOK_ALLOW_PRIVATE); names resolve through this stub, never the network.
  const resolved: string[] = [];
  const names: Record<string, string[]> = {
    'icbc.example': ['93.184.215.14'],
    'ccb.example': ['93.184.215.15'],
    'rebind.example': ['93.184.215.16', '10.0.0.7'],
    'gw.bank.example': ['10.20.0.4'],
  };
  const resolver = async (host: string) => {
    resolved.push(host);
    if (!names[host]) throw Object.assign(new Error(`no such host ${host}`), { code: 'ENOTFOUND' });
    return names[host].map((address) => ({ address, family: 4 }));
  };

  beforeAll(async () => {
    t = await TestApp.start('banks', { outboundPolicy: outboundPolicy({ allowedCidrs: ['10.20.0.0/16'] }), outboundResolver: resolver });
    analystToken = (await t.createUser('analyst')).token;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('should generate a secret when none is given and return it once', async () => {
    const res = await post({ code: 'icbc', name: 'ICBC', webhookUrl: 'https://icbc.example/hooks/icbc' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      code: 'ICBC',
      name: 'ICBC',
      webhookUrl: 'https://icbc.example/hooks/icbc',
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
    expect((await post({ code: 'X24', name: 'X', secret: secretOf(24), webhookUrl: 'https://icbc.example:8443/hook' })).status).toBe(201);
    expectProblem(await post({ code: 'Icbc', name: 'Again' }), 409, 'CONFLICT');
    expectProblem(await post({ code: 'NEW', name: 'X', previousSecret: 'x' }), 400, 'REQUEST.UNKNOWN_FIELD');
  });

  it('should store secrets sealed (never in clear), bound to their bank, and refuse a clear one in the database', async () => {
    const secret = secretOf(32);
    const bank = (await post({ code: 'ENC1', name: 'Sealed', secret })).body;
    const r = await raw(bank.id);
    expect(SecretBox.isSealed(r.secret)).toBe(true);
    expect(r.secret).not.toContain(secret.slice('whsec_'.length, 20));
    expect(openBankSecret(t.config.secretBox, bank.id, r.secret)).toBe(secret);
    // copied to another bank's row it does not open
    const other = (await post({ code: 'ENC2', name: 'Other' })).body;
    expect(() => openBankSecret(t.config.secretBox, other.id, r.secret)).toThrow();
    await expect(t.ds.query(`UPDATE banks SET secret = $2 WHERE id = $1`, [bank.id, secret])).rejects.toThrow(/ck_bank_secret_sealed/);
    await expect(t.ds.query(`UPDATE banks SET previous_secret = $2 WHERE id = $1`, [bank.id, secret])).rejects.toThrow(/ck_bank_previous_secret_sealed/);
  });

  it('should check webhook URLs by the address rule when saved: https, public addresses, allowed ranges (422 on webhookUrl)', async () => {
    const refused: Array<[string, RegExp]> = [
      ['http://icbc.example/hook', /https/],
      ['https://10.0.0.5/hook', /address not allowed/],
      ['https://127.0.0.1:8443/hook', /address not allowed/],
      ['https://[::1]/hook', /address not allowed/],
      ['https://169.254.169.254/latest/meta-data', /address not allowed/],
      ['https://localhost:8443/hook', /address not allowed/],
      // a public-looking name that resolves to a private address now
      ['https://rebind.example/hook', /address not allowed/],
    ];
    for (const [url, reason] of refused) {
      const p = expectProblem(await post({ code: 'URLX', name: 'X', webhookUrl: url }), 422, 'VALIDATION.FAILED');
      expect(p.errors.webhookUrl).toMatch(reason);
      expect(p.fieldCodes.webhookUrl).toBe('NOT_ALLOWED');
    }
    expect((await t.ds.query(`SELECT 1 FROM banks WHERE code = 'URLX'`)).length).toBe(0);
    // inside WEBHOOK_ALLOWED_CIDRS (a gateway on a private network), or a name that does not resolve yet
    expect((await post({ code: 'GW', name: 'Gateway', webhookUrl: 'https://gw.bank.example/hook' })).status).toBe(201);
    expect((await post({ code: 'LATER', name: 'Later', webhookUrl: 'https://not-yet.example/hook' })).status).toBe(201);
    expect((await post({ code: 'LIT', name: 'Literal', webhookUrl: 'https://10.20.0.9/hook' })).status).toBe(201);
    // a PUT is checked the same way when it changes the URL
    const bank = (await post({ code: 'MOVE', name: 'Move', webhookUrl: 'https://icbc.example/a' })).body;
    const p = expectProblem(await t.http().put(`/api/banks/${bank.id}`).set(auth(t.adminToken)).send({ webhookUrl: 'https://192.168.1.10/b' }), 422, 'VALIDATION.FAILED');
    expect(p.errors.webhookUrl).toBe('address not allowed');
    expect((await t.http().get(`/api/banks/${bank.id}`).set(auth(t.adminToken))).body.webhookUrl).toBe('https://icbc.example/a');
    resolved.length = 0;
    await t.http().put(`/api/banks/${bank.id}`).set(auth(t.adminToken)).send({ ...bank, name: 'Moved' }).expect(200);
    expect(resolved).toEqual([]); // an unchanged URL is not looked up again
  });

  it('should end every older secret at once on an emergency rotation', async () => {
    const first = secretOf(32);
    const bank = (await post({ code: 'LEAK', name: 'Leaked', secret: first, secretGraceHours: 48 })).body;
    const normal = await t.http().post(`/api/banks/${bank.id}/rotate-secret`).set(auth(t.adminToken)).send({}).expect(200);
    expect(normal.body.previousSecretExpiresAt).not.toBeNull();
    expect((await stored(bank.id)).previous_secret).toBe(first);

    const res = await t.http().post(`/api/banks/${bank.id}/rotate-secret`).set(auth(t.adminToken)).send({ emergency: true }).expect(200);
    expect(res.body).toEqual({ secret: expect.stringMatching(/^whsec_/), previousSecretExpiresAt: null });
    expect(await stored(bank.id)).toMatchObject({ secret: res.body.secret, previous_secret: null, previous_secret_expires_at: null });
    expect((await t.http().get(`/api/banks/${bank.id}`).set(auth(t.adminToken))).body).toMatchObject({ hasPreviousSecret: false, secretGraceHours: 48 });
    const [ev] = await t.ds.query(`SELECT data FROM system_events WHERE action = 'bank.secret_rotated' AND data->>'bankId' = $1 ORDER BY seq DESC LIMIT 1`, [bank.id]);
    expect(ev.data).toMatchObject({ emergency: true, previousSecretsEnded: true, previousSecretExpiresAt: null });
    expect(JSON.stringify(ev.data)).not.toMatch(/whsec_/);
    expectProblem(await t.http().post(`/api/banks/${bank.id}/rotate-secret`).set(auth(t.adminToken)).send({ emergency: 'yes' }), 422, 'VALIDATION.FAILED');
    expectProblem(await t.http().post(`/api/banks/${bank.id}/rotate-secret`).set(auth(t.adminToken)).send({ now: true }), 400, 'REQUEST.UNKNOWN_FIELD');
  });

  it('should rotate on PUT with a secret, keeping the previous one for secretGraceHours', async () => {
    const first = secretOf(32);
    const bank = (await post({ code: 'CCB', name: 'CCB', secret: first, webhookUrl: 'https://ccb.example/hook' })).body;
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
