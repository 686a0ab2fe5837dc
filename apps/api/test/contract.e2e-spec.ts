/**
 * Contract acceptance tests, written black-box from docs docs/api.md / docs/domain.md only (as a bank's integration team would).
 * A test marked `it.skip` with `// CONTRACT VIOLATION:` shows where the product does not follow the written contract.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import * as zlib from 'node:zlib';
import canonicalize from 'canonicalize';
import { auth, PASSWORD, TestApp, type TestUser } from './test-app';

const past = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const future = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ZERO_HASH = '0'.repeat(64);

let seq = 0;
const tag = Date.now().toString(36).toUpperCase().slice(-5);
/** A fresh valid SN with a given prefix (prefixes isolate list queries). */
const newSn = (prefix = 'CT') => `${prefix}${tag}-${String(++seq).padStart(4, '0')}`;

/** Full problem+json check as docs/api.md "Errors" describes it. */
function problem(res: any, status: number, code?: string): any {
  if (res.status !== status || (code && res.body?.code !== code)) {
    throw new Error(`expected ${status} ${code ?? ''}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const b = res.body;
  expect(typeof b.type).toBe('string');
  expect(typeof b.title).toBe('string');
  expect(b.status).toBe(status);
  expect(typeof b.detail).toBe('string');
  expect(typeof b.code).toBe('string');
  expect(b.message).toBe(b.detail);
  expect(typeof b.correlationId).toBe('string');
  expect(b.correlationId.length).toBeGreaterThan(0);
  expect(res.headers['x-correlation-id']).toBe(b.correlationId);
  return b;
}

const binary = (res: any, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (d: Buffer) => chunks.push(d));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** A minimal stored (uncompressed) ZIP, enough to be an Office Open XML container. */
function zip(files: Record<string, string>): Buffer {
  const crc = (b: Buffer) => (zlib as any).crc32(b) >>> 0;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const n = Buffer.from(name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0); h.writeUInt16LE(20, 4); h.writeUInt32LE(crc(data), 14);
    h.writeUInt32LE(data.length, 18); h.writeUInt32LE(data.length, 22); h.writeUInt16LE(n.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt32LE(crc(data), 16);
    c.writeUInt32LE(data.length, 20); c.writeUInt32LE(data.length, 24); c.writeUInt16LE(n.length, 28); c.writeUInt32LE(offset, 42);
    locals.push(h, n, data);
    centrals.push(c, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  const count = Object.keys(files).length;
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(count, 8); end.writeUInt16LE(count, 10); end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

function signCallback(secret: string, id: string, ts: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64')}`;
}

describe('docs/api.md contract (black box)', () => {
  let t: TestApp;
  let admin: { id: string; token: string };
  let analyst: TestUser;
  let analyst2: TestUser;
  let supervisor: TestUser; // works cases (claims, waives)
  let reviewer: TestUser; // never works cases: resolves / closes / reopens
  let auditor: TestUser;
  let intake: TestUser;
  let bankSecret: string;
  let bankId: string;
  const BANK = `B${tag}`.slice(0, 8);
  const OTHER_BANK = `O${tag}`.slice(0, 8);

  const http = () => t.http();
  const get = (u: { token: string }, path: string) => http().get(path).set(auth(u.token));
  const post = (u: { token: string }, path: string, body: any = {}) => http().post(path).set(auth(u.token)).send(body);
  const put = (u: { token: string }, path: string, body: any = {}) => http().put(path).set(auth(u.token)).send(body);
  const del = (u: { token: string }, path: string) => http().delete(path).set(auth(u.token));
  const q = (o: any) => encodeURIComponent(JSON.stringify(o));

  const report = (u: { token: string }, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    post(u, '/api/reports', { channel: 'cardholder', misuseType: 'other', ...body }).set(headers);

  /** Opens a case through a report; returns the case as GET /api/cases/:id shows it. */
  async function openCase(body: Record<string, unknown> = {}): Promise<any> {
    const r = await report(analyst, { sn: newSn(), ...body });
    if (r.status !== 201) throw new Error(`report: ${r.status} ${JSON.stringify(r.body)}`);
    return (await get(analyst, `/api/cases/${r.body.caseId}`)).body;
  }
  const showCase = async (id: string) => (await get(supervisor, `/api/cases/${id}`).expect(200)).body;
  /** Posts an action with the case's current version. */
  async function act(u: { token: string }, id: string, action: string, payload: Record<string, unknown> = {}) {
    const c = await showCase(id);
    return post(u, `/api/cases/${id}/actions/${action}`, { version: c.version, ...payload });
  }
  async function upload(u: { token: string }, caseId: string, type: string, bytes: Buffer, name: string) {
    return http().post(`/api/cases/${caseId}/evidence`).set(auth(u.token)).field('type', type).attach('file', bytes, name);
  }
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const CSV = Buffer.from('time,amount\n2026-01-01T01:00:00Z,500.00\n');

  /** Walks a case to review: analyst claims and records every stage. */
  async function caseInReview(worker: TestUser = analyst): Promise<any> {
    const c = await openCase();
    expect((await act(worker, c.id, 'claim')).status).toBe(200);
    expect((await act(worker, c.id, 'confirm_freeze', { bankReference: 'FRZ-1', confirmedAt: past(5), bankCode: BANK })).status).toBe(200);
    expect((await act(worker, c.id, 'record_police_report', { agency: 'Huangpu PSB', reportNumber: 'HP-1', filedAt: past(4) })).status).toBe(200);
    expect((await act(worker, c.id, 'log_merchant_contact', { channel: 'phone', contactedAt: past(3), outcome: 'reached', findings: 'device in shop' })).status).toBe(200);
    expect((await upload(worker, c.id, 'transaction_records', CSV, 'tx.csv')).status).toBe(201);
    expect((await upload(worker, c.id, 'police_receipt', PDF, 'receipt.pdf')).status).toBe(201);
    expect((await act(worker, c.id, 'submit_for_review')).status).toBe(200);
    return showCase(c.id);
  }

  async function notificationsOf(caseId: string): Promise<any[]> {
    const r = await get(supervisor, `/api/notifications?filter=${q({ caseId })}`).expect(200);
    return r.body;
  }

  function sendCallback(code: string, payload: any, opts: { secret?: string; id?: string; ts?: number; signature?: string } = {}) {
    const body = JSON.stringify(payload);
    const id = opts.id ?? `msg_${randomUUID()}`;
    const ts = opts.ts ?? Math.floor(Date.now() / 1000);
    const sig = opts.signature ?? signCallback(opts.secret ?? bankSecret, id, ts, body);
    return http()
      .post(`/api/bank-callbacks/${code}`)
      .set('content-type', 'application/json')
      .set('webhook-id', id)
      .set('webhook-timestamp', String(ts))
      .set('webhook-signature', sig)
      .send(body);
  }

  beforeAll(async () => {
    t = await TestApp.start('contract', { corsOrigins: ['http://localhost:4200'] });
    const me = await get({ token: t.adminToken }, '/api/auth/me');
    admin = { id: me.body.id ?? me.body.user?.id, token: t.adminToken };
    [analyst, analyst2, supervisor, reviewer, auditor, intake] = await Promise.all([
      t.createUser('analyst'),
      t.createUser('analyst'),
      t.createUser('supervisor'),
      t.createUser('supervisor'),
      t.createUser('auditor'),
      t.createUser('intake'),
    ]);
    const b = await post(admin, '/api/banks', { code: BANK, name: 'Contract Bank', webhookUrl: 'http://127.0.0.1:9/hook', active: true });
    if (b.status !== 201) throw new Error(`bank: ${b.status} ${JSON.stringify(b.body)}`);
    bankSecret = b.body.secret;
    bankId = b.body.id;
  });
  afterAll(() => t?.stop());

  // ───────────────────────────── Conventions & errors ─────────────────────────────
  describe('conventions and errors', () => {
    it('answers 401 AUTH.UNAUTHENTICATED problem+json without a token, with correlationId = x-correlation-id', async () => {
      problem(await http().get('/api/cases'), 401, 'AUTH.UNAUTHENTICATED');
      problem(await http().get('/api/cases').set('Authorization', 'Bearer nope'), 401, 'AUTH.UNAUTHENTICATED');
    });

    it('answers 400 REQUEST.MALFORMED for unparseable JSON', async () => {
      const res = await http().post('/api/reports').set(auth(analyst.token)).set('content-type', 'application/json').send('{"sn": ');
      problem(res, 400, 'REQUEST.MALFORMED');
    });

    it('answers 400 for bad query parameters and unknown filter / sort fields (never ignored)', async () => {
      problem(await get(analyst, `/api/cases?filter=${q({ colour: 'red' })}`), 400, 'REQUEST.UNKNOWN_FIELD');
      problem(await get(analyst, `/api/cases?sort=${q(['colour', 'ASC'])}`), 400, 'REQUEST.UNKNOWN_FIELD');
      problem(await get(analyst, `/api/cases?filter=${encodeURIComponent('{not json')}`), 400, 'REQUEST.MALFORMED');
      problem(await get(analyst, `/api/cases?range=${encodeURIComponent('[a,b]')}`), 400, 'REQUEST.MALFORMED');
      problem(await get(analyst, `/api/cases?sort=${q(['createdAt', 'SIDEWAYS'])}`), 400);
    });

    it('answers 400 REQUEST.UNKNOWN_FIELD for an unknown body field', async () => {
      problem(await report(analyst, { sn: newSn(), colour: 'red' }), 400, 'REQUEST.UNKNOWN_FIELD');
    });

    it('answers 404 NOT_FOUND problem+json for unknown ids, never 500 for a malformed id', async () => {
      problem(await get(analyst, `/api/cases/${randomUUID()}`), 404, 'NOT_FOUND');
      const bad = await get(analyst, '/api/cases/not-a-uuid');
      expect([400, 404]).toContain(bad.status);
      problem(bad, bad.status);
      problem(await get(analyst, '/api/no-such-resource'), 404, 'NOT_FOUND');
    });

    it('answers 422 VALIDATION.FAILED with errors keyed by field path', async () => {
      const b = problem(await report(analyst, { sn: 'AB!' }), 422, 'VALIDATION.FAILED');
      expect(b.errors).toEqual({ sn: expect.any(String) });
      const ch = problem(await report(analyst, { sn: newSn(), channel: 'pigeon' }), 422, 'VALIDATION.FAILED');
      expect(ch.errors).toEqual({ channel: expect.any(String) });
      const m = problem(await report(analyst, { sn: newSn(), reporter: { relationship: 'cousin' } }), 422, 'VALIDATION.FAILED');
      expect(Object.keys(m.errors)).toContain('reporter.relationship');
      const missing = problem(await post(analyst, '/api/reports', { channel: 'cardholder', misuseType: 'other' }), 422, 'VALIDATION.FAILED');
      expect(missing.errors.sn).toEqual(expect.any(String));
      problem(await report(analyst, { sn: 'AB' }), 422, 'VALIDATION.FAILED');
      problem(await report(analyst, { sn: 'A'.repeat(33) }), 422, 'VALIDATION.FAILED');
      const miss = problem(await post(analyst, `/api/cases/${(await openCase()).id}/actions/add_note`, { text: 'no version' }), 422, 'VALIDATION.FAILED');
      expect(miss.errors).toHaveProperty('version');
    });

    it('never answers 500 to odd list parameters', async () => {
      for (const qs of [`range=${q([-1, 5])}`, `range=${q([5, 2])}`, `range=${q([0])}`, `filter=${q([])}`, 'sort=createdAt', `sort=${q(['createdAt'])}`, `filter=${q({ stage: 'nope' })}`, `filter=${q({ assigneeId: 'someone' })}`, `filter=${q({ createdFrom: 'yesterday' })}`]) {
        const r = await get(analyst, `/api/cases?${qs}`);
        problem(r, 400);
      }
      const ids = await get(analyst, `/api/cases?filter=${q({ id: ['nope'] })}`);
      expect(ids.status).toBeLessThan(500);
      problem(await post(analyst, `/api/cases/${randomUUID()}/actions/explode`, { version: 1 }), 404);
    });

    // Was a violation (422 "sn is required", body dropped); fixed in bb142f7.
    it('answers 415 to a JSON endpoint sent another media type', async () => {
      problem(await http().post('/api/reports').set(auth(analyst.token)).set('content-type', 'text/plain').send('sn=ABCDEF12'), 415);
      problem(await http().post('/api/reports').set(auth(analyst.token)).type('form').send({ sn: 'ABCDEF12' }), 415);
    });

    it('answers 413 to an oversized JSON body', async () => {
      problem(await report(analyst, { sn: newSn(), description: 'x'.repeat(3_000_000) }), 413);
    });

    it('exposes Content-Range through CORS Access-Control-Expose-Headers (to an origin CORS_ORIGIN lists)', async () => {
      const res = await get(analyst, '/api/cases').set('Origin', 'http://localhost:4200');
      expect(res.status).toBe(200);
      expect(String(res.headers['access-control-expose-headers'] ?? '')).toMatch(/content-range/i);
    });

    it('never serves more than 1000 rows on a page', async () => {
      const res = await get(analyst, `/api/cases?range=${q([0, 4999])}`);
      expect([200, 400]).toContain(res.status);
      if (res.status === 200) expect(res.body.length).toBeLessThanOrEqual(1000);
      else problem(res, 400);
    });
  });

  // ───────────────────────────── Auth ─────────────────────────────
  describe('auth', () => {
    it('logs in with {token, expiresAt, user:{id,email,name,role,locale}} and serves /me with permissions', async () => {
      const res = await http().post('/api/auth/login').send({ email: analyst.email, password: PASSWORD }).expect(200);
      expect(res.body).toEqual(expect.objectContaining({ token: expect.any(String), expiresAt: expect.stringMatching(ISO_Z) }));
      expect(res.body.user).toEqual(expect.objectContaining({ id: analyst.id, email: analyst.email, name: expect.any(String), role: 'analyst' }));
      expect(res.body.user).toHaveProperty('locale');
      expect(res.body.user).not.toHaveProperty('password');
      expect(res.body.user).not.toHaveProperty('passwordHash');
      const me = await get({ token: res.body.token }, '/api/auth/me').expect(200);
      expect(me.body).toEqual(expect.objectContaining({ id: analyst.id, email: analyst.email, role: 'analyst' }));
      expect(Array.isArray(me.body.permissions)).toBe(true);
    });

    it('names the example permissions by role (cases:act, cases:supervise, users:manage, audit:export)', async () => {
      expect((await get(analyst, '/api/auth/me')).body.permissions).toContain('cases:act');
      expect((await get(supervisor, '/api/auth/me')).body.permissions).toEqual(expect.arrayContaining(['cases:act', 'cases:supervise']));
      expect((await get(admin, '/api/auth/me')).body.permissions).toContain('users:manage');
      expect((await get(auditor, '/api/auth/me')).body.permissions).toContain('audit:export');
      expect((await get(auditor, '/api/auth/me')).body.permissions).not.toContain('cases:act');
    });

    it('refuses a wrong password with 401 problem+json', async () => {
      problem(await http().post('/api/auth/login').send({ email: auditor.email, password: 'wrong-password-1' }), 401, 'AUTH.UNAUTHENTICATED');
    });

    it('updates name, locale and timeZone with PUT /api/auth/me', async () => {
      const res = await put(analyst2, '/api/auth/me', { name: 'Li Wei', locale: 'zh-CN', timeZone: 'Asia/Shanghai' });
      expect(res.status).toBe(200);
      const me = (await get(analyst2, '/api/auth/me').expect(200)).body;
      expect(me).toMatchObject({ name: 'Li Wei', locale: 'zh-CN', timeZone: 'Asia/Shanghai' });
    });

    it('revokes the token on logout', async () => {
      const { token } = await t.login(auditor.email);
      await get({ token }, '/api/auth/me').expect(200);
      const out = await post({ token }, '/api/auth/logout');
      expect(out.status).toBeGreaterThanOrEqual(200);
      expect(out.status).toBeLessThan(300);
      problem(await get({ token }, '/api/auth/me'), 401, 'AUTH.UNAUTHENTICATED');
    });

    it('rate limits failed logins per account with 429 RATE_LIMITED and Retry-After', async () => {
      const victim = await t.createUser('analyst');
      let last: any;
      for (let i = 0; i < 12; i++) {
        last = await http().post('/api/auth/login').send({ email: victim.email, password: `wrong-${i}-password` });
        if (last.status === 429) break;
      }
      problem(last, 429, 'RATE_LIMITED');
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  // ───────────────────────────── Users & API keys ─────────────────────────────
  describe('users and api keys', () => {
    let created: any;

    it('lets an admin create a user (password write-only) and list users with Content-Range', async () => {
      const res = await post(admin, '/api/users', { email: `new.${tag.toLowerCase()}@bank.example`, name: 'New Analyst', role: 'analyst', password: 'A-long-password-1' });
      expect(res.status).toBe(201);
      created = res.body;
      expect(created).toEqual(expect.objectContaining({ id: expect.stringMatching(UUID), name: 'New Analyst', role: 'analyst', active: true }));
      expect(JSON.stringify(created)).not.toMatch(/A-long-password-1/);
      expect(created).not.toHaveProperty('password');
      const list = await get(admin, `/api/users?range=${q([0, 1])}`).expect(200);
      expect(list.headers['content-range']).toMatch(/^users 0-1\/\d+$/);
      expect(list.body).toHaveLength(2);
      await http().post('/api/auth/login').send({ email: created.email, password: 'A-long-password-1' }).expect(200);
    });

    it('shows supervisors and auditors only id, name, role, teamId, active', async () => {
      for (const u of [supervisor, auditor]) {
        const res = await get(u, '/api/users').expect(200);
        expect(res.body.length).toBeGreaterThan(0);
        for (const row of res.body) {
          expect(Object.keys(row).sort()).toEqual(['active', 'id', 'name', 'role', 'teamId']);
        }
      }
    });

    it('takes the whole record back on PUT (read-only fields ignored, unknown field 400)', async () => {
      const cur = (await get(admin, `/api/users/${created.id}`).expect(200)).body;
      const res = await put(admin, `/api/users/${created.id}`, { ...cur, name: 'Renamed Analyst', role: 'supervisor', createdAt: '2000-01-01T00:00:00Z' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: created.id, name: 'Renamed Analyst', role: 'supervisor' });
      problem(await put(admin, `/api/users/${created.id}`, { ...cur, colour: 'red' }), 400, 'REQUEST.UNKNOWN_FIELD');
    });

    it('deactivates (never removes) on DELETE, and the user’s tokens stop at once', async () => {
      const victim = await t.createUser('analyst');
      await get(victim, '/api/auth/me').expect(200);
      const res = await del(admin, `/api/users/${victim.id}`);
      expect(res.status).toBeLessThan(300);
      problem(await get(victim, '/api/auth/me'), 401);
      const shown = await get(admin, `/api/users/${victim.id}`).expect(200);
      expect(shown.body.active).toBe(false);
      const listed = await get(admin, `/api/users?filter=${q({ id: [victim.id] })}`).expect(200);
      expect(listed.body).toHaveLength(1);
    });

    it('refuses an admin changing their own role (422 USER.OWN_ROLE) and deactivating the last admin (422 USER.LAST_ADMIN)', async () => {
      const cur = (await get(admin, `/api/users/${admin.id}`).expect(200)).body;
      problem(await put(admin, `/api/users/${admin.id}`, { ...cur, role: 'analyst' }), 422, 'USER.OWN_ROLE');
      problem(await del(admin, `/api/users/${admin.id}`), 422, 'USER.LAST_ADMIN');
    });

    it('issues API keys (201 {id,name,key,bankCodes,channels,createdAt}), scoped to bank codes and channels, revocable', async () => {
      const res = await post(admin, `/api/users/${intake.id}/api-keys`, { name: 'partner gateway', bankCodes: [BANK], channels: ['bank_alert', 'partner_api'] });
      expect(res.status).toBe(201);
      expect(res.body).toEqual(expect.objectContaining({ id: expect.any(String), name: 'partner gateway', key: expect.any(String), bankCodes: [BANK], channels: ['bank_alert', 'partner_api'], createdAt: expect.stringMatching(ISO_Z) }));
      const key = { token: res.body.key };
      const ok = await report(key, { sn: newSn(), bankCode: BANK, channel: 'partner_api' });
      expect(ok.status).toBe(201);
      problem(await report(key, { sn: newSn(), bankCode: OTHER_BANK, channel: 'partner_api' }), 403);
      problem(await report(key, { sn: newSn(), bankCode: BANK, channel: 'cardholder' }), 403);
      problem(await get(key, '/api/cases'), 403, 'AUTH.FORBIDDEN');
      const rev = await del(admin, `/api/api-keys/${res.body.id}`);
      expect(rev.status).toBeLessThan(300);
      problem(await report(key, { sn: newSn(), bankCode: BANK, channel: 'partner_api' }), 401, 'AUTH.UNAUTHENTICATED');
    });

    it('lets an intake client log in and only POST reports', async () => {
      expect((await report(intake, { sn: newSn() })).status).toBe(201);
      await get(intake, '/api/auth/me').expect(200);
      problem(await get(intake, '/api/reports'), 403, 'AUTH.FORBIDDEN');
      problem(await get(intake, '/api/banks'), 403, 'AUTH.FORBIDDEN');
    });
  });

  // ───────────────────────────── Reports ─────────────────────────────
  describe('reports', () => {
    it('opens a case: 201 {id, caseId, caseReference, linkedToExisting}; a second report for the SN links', async () => {
      const sn = newSn();
      const a = await report(analyst, { sn, amountAtRisk: { minor: 1250000, currency: 'CNY' } });
      expect(a.status).toBe(201);
      expect(a.body).toEqual({ id: expect.stringMatching(UUID), caseId: expect.stringMatching(UUID), caseReference: expect.stringMatching(new RegExp(`^SNC-${new Date().getUTCFullYear()}-\\d{6,}$`)), linkedToExisting: false });
      const b = await report(intake, { sn: sn.toLowerCase() });
      expect(b.status).toBe(201);
      expect(b.body).toMatchObject({ caseId: a.body.caseId, caseReference: a.body.caseReference, linkedToExisting: true });
      expect(b.body.id).not.toBe(a.body.id);
    });

    it('normalises the SN (NFKC, whitespace incl. U+3000 removed, upper-case)', async () => {
      const raw = `ｓｎ\u3000${tag.toLowerCase()} ９９-1`;
      const r = await report(analyst, { sn: raw });
      expect(r.status).toBe(201);
      const c = await showCase(r.body.caseId);
      expect(c.sn).toBe(`SN${tag}99-1`);
    });

    it('replays the first response for the same Idempotency-Key and body (canonical JSON), 422 for another body', async () => {
      const key = `idem-${randomUUID()}`;
      const body = { sn: newSn(), channel: 'cardholder', misuseType: 'other', description: 'same' };
      const first = await post(intake, '/api/reports', body).set('Idempotency-Key', key);
      expect(first.status).toBe(201);
      expect(first.headers['idempotent-replayed']).not.toBe('true');
      const reordered = { description: 'same', misuseType: 'other', channel: 'cardholder', sn: body.sn };
      const again = await post(intake, '/api/reports', reordered).set('Idempotency-Key', key);
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      problem(await post(intake, '/api/reports', { ...body, description: 'other' }).set('Idempotency-Key', key), 422, 'IDEMPOTENCY.KEY_REUSED');
      // scoped to the caller: another caller's same key is a new report
      const other = await post(analyst, '/api/reports', body).set('Idempotency-Key', key);
      expect(other.status).toBe(201);
      expect(other.body.id).not.toBe(first.body.id);
      expect(other.headers['idempotent-replayed']).not.toBe('true');
    });

    it('makes a same-key request that arrives while the first runs wait and replay it', async () => {
      const key = `idem-${randomUUID()}`;
      const body = { sn: newSn(), channel: 'cardholder', misuseType: 'other' };
      const [a, b] = await Promise.all([post(intake, '/api/reports', body).set('Idempotency-Key', key), post(intake, '/api/reports', body).set('Idempotency-Key', key)]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body).toEqual(b.body);
      expect([a.headers['idempotent-replayed'], b.headers['idempotent-replayed']]).toContain('true');
    });

    it('refuses a full card number in free text or maskedPan with 422 PAN.DETECTED; identifiers are exempt', async () => {
      problem(await report(analyst, { sn: newSn(), description: 'card 4111 1111 1111 1111 used' }), 422, 'PAN.DETECTED');
      problem(await report(analyst, { sn: newSn(), transactions: [{ at: past(10), amount: { minor: 100, currency: 'CNY' }, maskedPan: '4111111111111111' }] }), 422, 'PAN.DETECTED');
      problem(await report(analyst, { sn: newSn(), reporter: { name: '4111111111111111' } }), 422, 'PAN.DETECTED');
      const ok = await report(analyst, { sn: '4111111111111111', merchantId: '4111111111111111', terminalId: '4111111111111111' });
      expect(ok.status).toBe(201);
      const ok2 = await report(analyst, { sn: newSn(), transactions: [{ at: past(10), amount: { minor: 100, currency: 'CNY' }, maskedPan: '622848******1234', entryMode: 'chip', rrn: '123456789012', authCode: 'A1B2C3' }] });
      expect(ok2.status).toBe(201);
    });

    it('accepts at most 500 transactions (501 → 422)', async () => {
      const tx = (n: number) => Array.from({ length: n }, () => ({ at: past(10), amount: { minor: 100, currency: 'CNY' }, maskedPan: '622848******1234' }));
      problem(await report(analyst, { sn: newSn(), transactions: tx(501) }), 422, 'VALIDATION.FAILED');
      expect((await report(analyst, { sn: newSn(), transactions: tx(500) })).status).toBe(201);
    });

    it('accepts every field of the report body and every channel, misuseType and relationship', async () => {
      const channels = ['merchant_call', 'cardholder', 'bank_alert', 'internal_monitoring', 'partner_api'];
      const types = ['cloned_terminal', 'sn_leak_laundering', 'lost_or_stolen', 'unauthorised_use', 'relocation', 'mcc_tampering', 'skimming_tampering', 'sn_hijack', 'cash_out', 'other'];
      const rels = ['merchant', 'service_provider', 'cardholder', 'issuer', 'police', 'internal'];
      for (let i = 0; i < types.length; i++) {
        const r = await report(supervisor, {
          sn: newSn(), channel: channels[i % channels.length], misuseType: types[i],
          merchantId: '898310058120001', merchantName: 'Lucky Noodles', terminalId: 'T0001', bankCode: OTHER_BANK, terminalModel: 'PAX A920',
          amountAtRisk: { minor: 1250000, currency: 'CNY' },
          reporter: { name: 'Wang', phone: '+86 138 0000 0000', email: 'w@example.com', relationship: rels[i % rels.length] },
          registeredMcc: '5812', observedMcc: '5999', lastKnownLocation: { lat: 31.23, lon: 121.47, address: 'Shanghai' },
          lastGoodTransactionAt: past(600), firstSuspiciousAt: '2026-01-01T10:00:00+08:00', deviceWithMerchant: true, policeReceiptNumber: 'PR-1',
          transactions: [{ at: past(60), amount: { minor: 5000, currency: 'CNY' }, maskedPan: '622848******1234', entryMode: 'chip', rrn: '1', authCode: '2' }],
          description: 'suspicious', occurredAt: '2026-01-01T08:00:00+08:00', receivedAt: past(1),
        });
        expect(r.status).toBe(201);
      }
    });

    it('lists reports with filters caseId, sn, channel, receivedFrom/To and shows one; times out in UTC Z', async () => {
      const sn = newSn();
      const r = await report(analyst, { sn, channel: 'merchant_call', occurredAt: '2026-01-01T08:00:00+08:00', receivedAt: '2026-01-02T09:00:00+08:00' });
      const byCase = await get(auditor, `/api/reports?filter=${q({ caseId: r.body.caseId })}`).expect(200);
      expect(byCase.body.map((x: any) => x.id)).toEqual([r.body.id]);
      expect(byCase.headers['content-range']).toMatch(/^reports 0-0\/1$/);
      const bySn = await get(auditor, `/api/reports?filter=${q({ sn, channel: 'merchant_call' })}`).expect(200);
      expect(bySn.body.map((x: any) => x.id)).toEqual([r.body.id]);
      const byTime = await get(auditor, `/api/reports?filter=${q({ sn, receivedFrom: '2026-01-02T00:00:00Z', receivedTo: '2026-01-03T00:00:00Z' })}`).expect(200);
      expect(byTime.body).toHaveLength(1);
      const none = await get(auditor, `/api/reports?filter=${q({ sn, receivedFrom: '2026-01-03T00:00:00Z' })}`).expect(200);
      expect(none.body).toHaveLength(0);
      const one = await get(auditor, `/api/reports/${r.body.id}`).expect(200);
      expect(one.body).toMatchObject({ id: r.body.id, caseId: r.body.caseId, sn });
      expect(new Date(one.body.occurredAt).toISOString()).toBe('2026-01-01T00:00:00.000Z');
      expect(one.body.receivedAt).toMatch(ISO_Z);
      expect(one.body.createdAt).toMatch(ISO_Z);
      problem(await get(auditor, `/api/reports?filter=${q({ colour: 'x' })}`), 400, 'REQUEST.UNKNOWN_FIELD');
    });
  });

  // Was a violation (report times echoed with the sender's offset); fixed in bb142f7.
  it('serves every report time in UTC Z', async () => {
    const r = await report(analyst, { sn: newSn(), occurredAt: '2026-01-01T08:00:00+08:00', firstSuspiciousAt: '2026-01-01T09:00:00+08:00', lastGoodTransactionAt: '2026-01-01T07:00:00+08:00', transactions: [{ at: '2026-01-01T08:30:00+08:00', amount: { minor: 1, currency: 'CNY' }, maskedPan: '622848******1234' }] });
    const one = (await get(auditor, `/api/reports/${r.body.id}`).expect(200)).body;
    for (const v of [one.occurredAt, one.firstSuspiciousAt, one.lastGoodTransactionAt, one.transactions[0].at]) expect(v).toMatch(ISO_Z);
    const c = await showCase(r.body.caseId);
    expect(c.reports[0].occurredAt).toMatch(ISO_Z);
  });

  // ───────────────────────────── Cases: list and show ─────────────────────────────
  describe('cases list and show', () => {
    const P = `LS${tag}`;
    let c1: any, c2: any, c3: any;
    let team: any;

    beforeAll(async () => {
      team = (await post(admin, '/api/teams', { name: `List team ${tag}`, bankCodes: [OTHER_BANK], isDefault: false }).expect(201)).body;
      c1 = await openCase({ sn: `${P}-0001`, bankCode: BANK, deviceWithMerchant: false, merchantId: 'MID-LS-1' });
      c2 = await openCase({ sn: `${P}-0002`, bankCode: OTHER_BANK });
      c3 = await openCase({ sn: `${P}-0003` });
      await act(analyst, c1.id, 'claim');
      await act(analyst, c1.id, 'confirm_freeze', { bankReference: 'X', confirmedAt: past(1) });
    });

    const list = (u: any, filter: any, extra = '') => get(u, `/api/cases?filter=${q({ q: P, ...filter })}${extra}`);

    it('serves flat rows with every field docs/api.md lists', async () => {
      const res = await list(analyst, {}).expect(200);
      expect(res.body).toHaveLength(3);
      for (const row of res.body) {
        for (const k of ['id', 'reference', 'sn', 'merchantName', 'bankCode', 'teamId', 'stage', 'status', 'outcome', 'priority', 'assigneeId', 'assignee', 'dueAt', 'slaState', 'createdAt', 'updatedAt', 'version']) {
          expect(row).toHaveProperty(k);
        }
        expect(row.createdAt).toMatch(ISO_Z);
        expect(row.dueAt).toMatch(ISO_Z);
        expect(['on_track', 'warning', 'breached']).toContain(row.slaState);
      }
    });

    it('paginates with range and Content-Range "cases a-b/total"; filter id fetches all whatever the page size', async () => {
      const page = await list(analyst, {}, `&range=${q([0, 1])}&sort=${q(['reference', 'ASC'])}`).expect(200);
      expect(page.body).toHaveLength(2);
      expect(page.headers['content-range']).toBe('cases 0-1/3');
      const refs = page.body.map((r: any) => r.reference);
      expect(refs).toEqual([...refs].sort());
      const p2 = await list(analyst, {}, `&range=${q([2, 3])}&sort=${q(['reference', 'ASC'])}`).expect(200);
      expect(p2.body).toHaveLength(1);
      expect(p2.headers['content-range']).toBe('cases 2-2/3');
      const many = await get(analyst, `/api/cases?filter=${q({ id: [c1.id, c2.id, c3.id] })}&range=${q([0, 0])}`).expect(200);
      expect(many.body.map((r: any) => r.id).sort()).toEqual([c1.id, c2.id, c3.id].sort());
    });

    it('sorts by id, createdAt, updatedAt, dueAt, priority and reference in both directions', async () => {
      for (const f of ['id', 'createdAt', 'updatedAt', 'dueAt', 'priority', 'reference']) {
        for (const dir of ['ASC', 'DESC']) {
          const res = await list(analyst, {}, `&sort=${q([f, dir])}`);
          expect(res.status).toBe(200);
          expect(res.body).toHaveLength(3);
        }
      }
      const desc = (await list(analyst, {}, `&sort=${q(['createdAt', 'DESC'])}`)).body.map((r: any) => r.id);
      expect(desc).toEqual([c3.id, c2.id, c1.id]);
      expect((await list(analyst, {}, `&sort=${q(['priority', 'ASC'])}`)).body[0].id).toBe(c1.id);
      expect((await list(analyst, {}, `&sort=${q(['priority', 'DESC'])}`)).body[2].id).toBe(c1.id);
    });

    it('filters by q on reference, SN, MID; stage, status, priority, bankCode, slaState, createdFrom/To', async () => {
      expect((await get(analyst, `/api/cases?filter=${q({ q: c2.reference })}`)).body.map((r: any) => r.id)).toEqual([c2.id]);
      expect((await get(analyst, `/api/cases?filter=${q({ q: 'MID-LS-1' })}`)).body.map((r: any) => r.id)).toEqual([c1.id]);
      expect((await list(analyst, { stage: 'police_report' })).body.map((r: any) => r.id)).toEqual([c1.id]);
      expect((await list(analyst, { status: 'open' })).body).toHaveLength(3);
      expect((await list(analyst, { status: 'closed' })).body).toHaveLength(0);
      expect((await list(analyst, { priority: 'p1' })).body.map((r: any) => r.id)).toEqual([c1.id]);
      expect((await list(analyst, { bankCode: OTHER_BANK })).body.map((r: any) => r.id)).toEqual([c2.id]);
      expect((await list(analyst, { slaState: 'on_track' })).body).toHaveLength(3);
      expect((await list(analyst, { slaState: 'breached' })).body).toHaveLength(0);
      expect((await list(analyst, { createdFrom: past(60), createdTo: future(60) })).body).toHaveLength(3);
      expect((await list(analyst, { createdTo: past(60) })).body).toHaveLength(0);
      expect((await list(analyst, { stage: ['police_report', 'freeze'] })).body).toHaveLength(3);
    });

    it('filters assigneeId "me" and null (unassigned)', async () => {
      expect((await list(analyst, { assigneeId: 'me' })).body.map((r: any) => r.id)).toEqual([c1.id]);
      expect((await list(analyst2, { assigneeId: 'me' })).body).toHaveLength(0);
      expect((await list(analyst, { assigneeId: null })).body.map((r: any) => r.id).sort()).toEqual([c2.id, c3.id].sort());
      expect((await list(analyst, { assigneeId: analyst.id })).body.map((r: any) => r.id)).toEqual([c1.id]);
    });

    it('filters teamId', async () => {
      expect(c2.teamId).toBe(team.id);
      const res = await list(analyst, { teamId: team.id });
      expect(res.status).toBe(200);
      expect(res.body.map((r: any) => r.id)).toEqual([c2.id]);
    });

    it('shows a case with every field docs/api.md lists for GET /api/cases/:id', async () => {
      const c = (await get(analyst, `/api/cases/${c1.id}`).expect(200)).body;
      for (const k of ['id', 'reference', 'sn', 'version', 'stage', 'status', 'outcome', 'priority', 'assigneeId', 'assignee', 'terminal', 'reports', 'freeze', 'policeReport', 'merchantContacts', 'evidence', 'clocks', 'notes', 'headHash', 'lastEventSeq', 'allowedActions', 'exitRule']) {
        expect(c).toHaveProperty(k);
      }
      expect(c.assignee).toEqual(expect.objectContaining({ id: analyst.id, name: expect.any(String) }));
      expect(Array.isArray(c.reports)).toBe(true);
      expect(Array.isArray(c.merchantContacts)).toBe(true);
      expect(Array.isArray(c.evidence)).toBe(true);
      expect(Array.isArray(c.notes)).toBe(true);
      expect(Array.isArray(c.allowedActions)).toBe(true);
      expect(c.exitRule).toEqual({ met: expect.any(Boolean), missing: expect.any(Array) });
      expect(c.headHash).toMatch(/^[0-9a-f]{64}$/);
      expect(Number.isInteger(c.lastEventSeq)).toBe(true);
      expect(c.clocks).toHaveLength(2);
      for (const k of c.clocks) {
        for (const f of ['stage', 'startedAt', 'dueAt', 'pausedMs', 'warnedAt', 'breachedAt', 'metAt', 'state']) expect(k).toHaveProperty(f);
        expect(['on_track', 'warning', 'breached', 'met', 'waived', 'cancelled']).toContain(k.state);
      }
      expect(c.clocks.map((k: any) => [k.stage, k.state])).toEqual([['freeze', 'met'], ['police_report', 'on_track']]);
      expect(c.clocks[0].pausedMs).toBe(0);
      expect(c.exitRule.met).toBe(false);
      expect(c.exitRule.missing.length).toBeGreaterThan(0);
      const u = (await get(analyst, `/api/cases/${c3.id}`)).body;
      expect(u.assigneeId).toBeNull();
      expect(u.outcome).toBeNull();
      expect(u.allowedActions).toContain('claim');
      expect(u.allowedActions).not.toContain('resolve');
      const a = (await get(auditor, `/api/cases/${c3.id}`)).body;
      expect(a.allowedActions).toEqual([]);
    });

    it('serves the case events oldest first as a verifiable hash chain matching headHash / lastEventSeq', async () => {
      const c = (await get(analyst, `/api/cases/${c1.id}`)).body;
      const ev = (await get(auditor, `/api/cases/${c1.id}/events`).expect(200)).body;
      expect(ev.length).toBeGreaterThanOrEqual(3);
      let prev = ZERO_HASH;
      ev.forEach((e: any, i: number) => {
        expect(e.seq).toBe(i + 1);
        expect(e.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        expect(e.actor).toEqual({ id: expect.any(String), role: expect.any(String) });
        expect(e.prevHash).toBe(prev);
        const h = sha256(canonicalize({ caseId: e.caseId, seq: e.seq, at: e.at, actor: e.actor, action: e.action, data: e.data, prevHash: e.prevHash }) as string);
        expect(e.hash).toBe(h);
        prev = e.hash;
      });
      expect(c.headHash).toBe(prev);
      expect(c.lastEventSeq).toBe(ev.length);
    });

    it('answers 405 METHOD.NOT_ALLOWED to POST /api/cases and PUT /api/cases/:id', async () => {
      problem(await post(supervisor, '/api/cases', { sn: newSn() }), 405, 'METHOD.NOT_ALLOWED');
      problem(await put(supervisor, `/api/cases/${c1.id}`, { ...c1 }), 405, 'METHOD.NOT_ALLOWED');
    });
  });

  // ───────────────────────────── Case actions ─────────────────────────────
  describe('case actions', () => {
    it('claim: assigns to self; already assigned → 409 CASE.ALREADY_ASSIGNED; stale version → 409 CASE.VERSION_CONFLICT', async () => {
      const c = await openCase();
      const res = await post(analyst, `/api/cases/${c.id}/actions/claim`, { version: c.version });
      expect(res.status).toBe(200);
      for (const k of ['version', 'stage', 'status', 'clocks', 'allowedActions', 'exitRule', 'reports', 'freeze', 'headHash', 'lastEventSeq']) expect(res.body).toHaveProperty(k);
      expect(res.body).toMatchObject({ id: c.id, assigneeId: analyst.id, assignee: { id: analyst.id } });
      expect(res.body.version).toBeGreaterThan(c.version);
      problem(await post(analyst2, `/api/cases/${c.id}/actions/claim`, { version: res.body.version }), 409, 'CASE.ALREADY_ASSIGNED');
      problem(await post(analyst, `/api/cases/${c.id}/actions/add_note`, { version: c.version, text: 'stale' }), 409, 'CASE.VERSION_CONFLICT');
    });

    it('ownership: an analyst acting on someone else’s case → 403 CASE.NOT_OWNER; auditor/admin/intake → 403 AUTH.FORBIDDEN', async () => {
      const c = await openCase();
      await act(analyst, c.id, 'claim');
      problem(await act(analyst2, c.id, 'add_note', { text: 'hi' }), 403, 'CASE.NOT_OWNER');
      problem(await act(analyst2, c.id, 'release'), 403, 'CASE.NOT_OWNER');
      problem(await act(auditor, c.id, 'add_note', { text: 'hi' }), 403, 'AUTH.FORBIDDEN');
      problem(await act(admin, c.id, 'add_note', { text: 'hi' }), 403, 'AUTH.FORBIDDEN');
      problem(await act(intake, c.id, 'add_note', { text: 'hi' }), 403, 'AUTH.FORBIDDEN');
      expect((await act(supervisor, c.id, 'add_note', { text: 'supervisors act on any case' })).status).toBe(200);
    });

    it('release and assign (null unassigns; assignee must be an active analyst or supervisor)', async () => {
      const c = await openCase();
      await act(analyst, c.id, 'claim');
      const rel = await act(analyst, c.id, 'release');
      expect(rel.status).toBe(200);
      expect(rel.body.assigneeId).toBeNull();
      const as = await act(supervisor, c.id, 'assign', { assigneeId: analyst2.id });
      expect(as.status).toBe(200);
      expect(as.body).toMatchObject({ assigneeId: analyst2.id, assignee: { id: analyst2.id } });
      const un = await act(supervisor, c.id, 'assign', { assigneeId: null });
      expect(un.body.assigneeId).toBeNull();
      const bad = problem(await act(supervisor, c.id, 'assign', { assigneeId: auditor.id }), 422, 'VALIDATION.FAILED');
      expect(bad.errors).toHaveProperty('assigneeId');
      problem(await act(analyst, c.id, 'assign', { assigneeId: analyst.id }), 403, 'AUTH.FORBIDDEN');
    });

    it('request_freeze on an untrusted channel queues freeze.requested; again → 422; trusted channel requests at opening', async () => {
      const c = await openCase({ bankCode: BANK, channel: 'cardholder' });
      expect(await notificationsOf(c.id)).toHaveLength(0);
      await act(analyst, c.id, 'claim');
      const res = await act(analyst, c.id, 'request_freeze', { bankCode: BANK });
      expect(res.status).toBe(200);
      expect(res.body.stage).toBe('freeze');
      const ns = await notificationsOf(c.id);
      expect(ns.map((n: any) => n.type)).toEqual(['freeze.requested']);
      problem(await act(analyst, c.id, 'request_freeze', { bankCode: BANK }), 422);
      for (const channel of ['bank_alert', 'internal_monitoring', 'merchant_call']) {
        const tc = await openCase({ bankCode: BANK, channel });
        expect((await notificationsOf(tc.id)).map((n: any) => n.type)).toEqual(['freeze.requested']);
      }
    });

    it('confirm_freeze → police_report (no prior request needed; a future time → 422); record_freeze_notice recorded', async () => {
      const c = await openCase({ bankCode: BANK });
      await act(analyst, c.id, 'claim');
      problem(await act(analyst, c.id, 'confirm_freeze', { bankReference: 'F-1', confirmedAt: future(30) }), 422);
      const res = await act(analyst, c.id, 'confirm_freeze', { bankReference: 'F-1', confirmedAt: past(2) });
      expect(res.status).toBe(200);
      expect(res.body.stage).toBe('police_report');
      expect(res.body.freeze).toEqual(expect.objectContaining({ bankReference: 'F-1' }));
      const n = await act(analyst, c.id, 'record_freeze_notice', { notifiedAt: past(1), channel: 'phone', notifiedBy: 'us', appealInstructionsGiven: true });
      expect(n.status).toBe(200);
      expect(JSON.stringify(n.body.freeze)).toMatch(/appeal/i);
      problem(await act(analyst, c.id, 'record_freeze_notice', { notifiedAt: past(1), channel: 'phone', notifiedBy: 'them', appealInstructionsGiven: true }), 422, 'VALIDATION.FAILED');
    });

    it('record_freeze_rejection keeps the case in freeze and alerts supervisors', async () => {
      const c = await openCase({ bankCode: BANK });
      await act(analyst, c.id, 'claim');
      const before = (await get(reviewer, '/api/alerts/unread-count').expect(200)).body.count;
      const res = await act(analyst, c.id, 'record_freeze_rejection', { reason: 'account already closed' });
      expect(res.status).toBe(200);
      expect(res.body.stage).toBe('freeze');
      const alerts = (await get(reviewer, `/api/alerts?filter=${q({ caseId: c.id })}`).expect(200)).body;
      expect(alerts.map((a: any) => a.type)).toContain('freeze.rejected');
      expect((await get(reviewer, '/api/alerts/unread-count')).body.count).toBe(before + 1);
    });

    it('record_police_report → merchant_contact; log_merchant_contact reached needs findings, then → evidence', async () => {
      const c = await openCase();
      await act(analyst, c.id, 'claim');
      await act(analyst, c.id, 'confirm_freeze', { bankReference: 'F', confirmedAt: past(5), bankCode: BANK });
      const pr = await act(analyst, c.id, 'record_police_report', { agency: 'PSB', reportNumber: 'R-1', filedAt: past(4), officer: 'Officer Zhang' });
      expect(pr.status).toBe(200);
      expect(pr.body.stage).toBe('merchant_contact');
      expect(pr.body.policeReport).toEqual(expect.objectContaining({ agency: 'PSB', reportNumber: 'R-1' }));
      const na = await act(analyst, c.id, 'log_merchant_contact', { channel: 'sms', contactedAt: past(3), outcome: 'no_answer' });
      expect(na.body.stage).toBe('merchant_contact');
      expect(na.body.merchantContacts).toHaveLength(1);
      problem(await act(analyst, c.id, 'log_merchant_contact', { channel: 'phone', contactedAt: past(2), outcome: 'reached' }), 422);
      const ok = await act(analyst, c.id, 'log_merchant_contact', { channel: 'phone', contactedAt: past(2), outcome: 'reached', findings: 'lent to a cousin' });
      expect(ok.body.stage).toBe('evidence');
      expect(ok.body.exitRule.missing).toEqual(expect.arrayContaining(['transaction_records', 'police_receipt']));
      const later = await act(analyst, c.id, 'log_merchant_contact', { channel: 'email', contactedAt: past(1), outcome: 'refused' });
      expect(later.body.stage).toBe('evidence');
      const b = problem(await act(analyst, c.id, 'submit_for_review'), 422, 'CASE.EXIT_RULE_UNMET');
      expect(b.params.missing).toEqual(expect.arrayContaining(['transaction_records', 'police_receipt']));
    });

    it('waive_stage (supervisor, reason): clock waived, next stage; police waived → no police_receipt needed', async () => {
      const c = await openCase();
      problem(await act(analyst, c.id, 'waive_stage', { reason: 'x' }), 403, 'AUTH.FORBIDDEN');
      let r = await act(supervisor, c.id, 'waive_stage', { reason: 'bank phoned, no system' });
      expect(r.status).toBe(200);
      expect(r.body.stage).toBe('police_report');
      expect(r.body.clocks[0]).toMatchObject({ stage: 'freeze', state: 'waived' });
      r = await act(supervisor, c.id, 'waive_stage', { reason: 'no police needed' });
      r = await act(supervisor, c.id, 'waive_stage', { reason: 'merchant unreachable' });
      expect(r.body.stage).toBe('evidence');
      expect(r.body.exitRule.missing).toEqual(['transaction_records']);
      await act(supervisor, c.id, 'assign', { assigneeId: analyst.id });
      expect((await upload(analyst, c.id, 'transaction_records', CSV, 'tx.csv')).status).toBe(201);
      expect((await showCase(c.id)).exitRule).toEqual({ met: true, missing: [] });
      const s = await act(analyst, c.id, 'submit_for_review');
      expect(s.status).toBe(200);
      expect(s.body.stage).toBe('review');
      problem(await act(reviewer, c.id, 'waive_stage', { reason: 'x' }), 422, 'CASE.STAGE_NOT_WAIVABLE');
    });

    it('resolve: only in review, by a supervisor who did not work it (403 CASE.FOUR_EYES); claim in review → 422', async () => {
      const c = await caseInReview();
      expect(c.stage).toBe('review');
      expect(c.assigneeId).toBe(analyst.id);
      problem(await act(supervisor, c.id, 'claim'), 422);
      problem(await act(analyst, c.id, 'resolve', { outcome: 'confirmed_misuse', summary: 's' }), 403, 'AUTH.FORBIDDEN');
      // a supervisor who waived a stage on the case worked it
      const w = await openCase();
      await act(supervisor, w.id, 'waive_stage', { reason: 'known' });
      problem(await act(supervisor, w.id, 'close_early', { outcome: 'no_misuse', reason: 'r' }), 403, 'CASE.FOUR_EYES');
      const dup = problem(await act(reviewer, c.id, 'resolve', { outcome: 'duplicate', summary: 's' }), 422, 'VALIDATION.FAILED');
      expect(dup.errors).toHaveProperty('duplicateOfCaseId');
      const res = await act(reviewer, c.id, 'resolve', { outcome: 'confirmed_misuse', summary: 'cloned terminal confirmed' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'closed', outcome: 'confirmed_misuse' });
      expect(res.body.clocks.find((k: any) => k.stage === 'review').state).toBe('met');
      const open = await openCase();
      problem(await act(reviewer, open.id, 'resolve', { outcome: 'no_misuse', summary: 's' }), 422, 'CASE.ACTION_NOT_ALLOWED');
    });

    it('the assignee supervisor may not resolve (four eyes)', async () => {
      const c = await caseInReview(supervisor);
      problem(await act(supervisor, c.id, 'resolve', { outcome: 'no_misuse', summary: 's' }), 403, 'CASE.FOUR_EYES');
    });

    it('close_early from any stage; resolve/close as no_misuse after a freeze queues unfreeze.requested; reopen returns to freeze with a new request', async () => {
      const c = await openCase({ bankCode: BANK, channel: 'bank_alert' });
      await act(analyst, c.id, 'claim');
      await act(analyst, c.id, 'confirm_freeze', { bankReference: 'F-9', confirmedAt: past(2) });
      await act(analyst, c.id, 'record_police_report', { agency: 'PSB', reportNumber: 'R-9', filedAt: past(1) });
      problem(await act(reviewer, c.id, 'close_early', { outcome: 'confirmed_misuse', reason: 'r' }), 422);
      const dup = problem(await act(reviewer, c.id, 'close_early', { outcome: 'duplicate', reason: 'r' }), 422, 'VALIDATION.FAILED');
      expect(dup.errors).toHaveProperty('duplicateOfCaseId');
      const closed = await act(reviewer, c.id, 'close_early', { outcome: 'no_misuse', reason: 'merchant lent it' });
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({ status: 'closed', outcome: 'no_misuse' });
      expect(closed.body.clocks.find((k: any) => k.stage === 'merchant_contact').state).toBe('cancelled');
      expect((await notificationsOf(c.id)).map((n: any) => n.type)).toContain('unfreeze.requested');
      // a closed case takes only reopen and add_note
      problem(await act(analyst, c.id, 'log_merchant_contact', { channel: 'phone', contactedAt: past(1), outcome: 'no_answer' }), 422, 'CASE.ACTION_NOT_ALLOWED');
      expect((await act(analyst, c.id, 'add_note', { text: 'closed note' })).status).toBe(200);
      const re = await act(reviewer, c.id, 'reopen', { reason: 'new evidence' });
      expect(re.status).toBe(200);
      expect(re.body).toMatchObject({ status: 'open', stage: 'freeze', outcome: null });
      expect((await notificationsOf(c.id)).filter((n: any) => n.type === 'freeze.requested').length).toBeGreaterThanOrEqual(2);
      expect(re.body.clocks.filter((k: any) => k.stage === 'freeze')).toHaveLength(2);
    });

    it('reopen → back to the stage it closed from; 422 CASE.SN_HAS_OPEN_CASE when the SN has another open case', async () => {
      const sn = newSn();
      const c = await openCase({ sn });
      await act(supervisor, c.id, 'waive_stage', { reason: 'r' });
      await act(reviewer, c.id, 'close_early', { outcome: 'no_misuse', reason: 'r' });
      const re = await act(reviewer, c.id, 'reopen', { reason: 'again' });
      expect(re.body).toMatchObject({ status: 'open', stage: 'police_report' });
      await act(reviewer, c.id, 'close_early', { outcome: 'duplicate', reason: 'r', duplicateOfCaseId: (await openCase()).id });
      const second = await report(analyst, { sn });
      expect(second.body.linkedToExisting).toBe(false);
      problem(await act(reviewer, c.id, 'reopen', { reason: 'again' }), 422, 'CASE.SN_HAS_OPEN_CASE');
    });

    it('set_priority (supervisor, p1–p4, reason) sticks; add_note shows in notes', async () => {
      const c = await openCase();
      problem(await act(analyst, c.id, 'set_priority', { priority: 'p1', reason: 'r' }), 403, 'AUTH.FORBIDDEN');
      const r = await act(supervisor, c.id, 'set_priority', { priority: 'p2', reason: 'large merchant' });
      expect(r.status).toBe(200);
      expect(r.body.priority).toBe('p2');
      problem(await act(supervisor, c.id, 'set_priority', { priority: 'p9', reason: 'r' }), 422, 'VALIDATION.FAILED');
      await act(analyst, c.id, 'claim');
      const n = await act(analyst, c.id, 'add_note', { text: 'called the bank' });
      expect(n.status).toBe(200);
      expect(JSON.stringify(n.body.notes)).toContain('called the bank');
      problem(await act(analyst, c.id, 'add_note', { text: 'pan 4111111111111111' }), 422, 'PAN.DETECTED');
    });

    it('derives priority: p1 when the device is not with the merchant, p4 with no signal, p2 at CNY 50,000.00', async () => {
      expect((await openCase({ deviceWithMerchant: false })).priority).toBe('p1');
      expect((await openCase({ deviceWithMerchant: true })).priority).toBe('p4');
      expect((await openCase({ amountAtRisk: { minor: 5_000_000, currency: 'CNY' } })).priority).toBe('p2');
      expect((await openCase({ misuseType: 'cloned_terminal' })).priority).toBe('p3');
    });

    it('allowedActions lists what passes role, ownership and stage checks', async () => {
      const c = await openCase();
      await act(analyst, c.id, 'claim');
      const mine = (await get(analyst, `/api/cases/${c.id}`)).body.allowedActions;
      expect(mine).toEqual(expect.arrayContaining(['release', 'confirm_freeze', 'add_note']));
      expect(mine).not.toContain('resolve');
      expect(mine).not.toContain('waive_stage');
      expect((await get(analyst2, `/api/cases/${c.id}`)).body.allowedActions).not.toContain('add_note');
      expect((await get(reviewer, `/api/cases/${c.id}`)).body.allowedActions).toEqual(expect.arrayContaining(['waive_stage', 'close_early', 'assign', 'set_priority']));
    });
  });

  // ───────────────────────────── docs/domain.md "Rules in detail" ─────────────────────────────
  describe('rules in detail', () => {
    const noon = '2026-01-05T12:00:00Z'; // a Monday noon UTC: never an off-hours signal
    const tx = (n: number, entryMode = 'chip') => Array.from({ length: n }, (_, i) => ({ at: noon, amount: { minor: 100, currency: 'CNY' }, maskedPan: `622848******${String(1000 + i)}`, entryMode }));

    it('priority: signals (p3 one, p2 two), 5+ distinct cards, raised only upward by a linked report, an override sticks', async () => {
      expect((await openCase({ transactions: tx(1, 'magstripe') })).priority).toBe('p3');
      expect((await openCase({ transactions: tx(5) })).priority).toBe('p3');
      expect((await openCase({ misuseType: 'skimming_tampering', transactions: tx(1, 'magstripe') })).priority).toBe('p2');
      expect((await openCase({ transactions: tx(1) })).priority).toBe('p4');
      const sn = newSn();
      const c = await openCase({ sn, transactions: tx(1) });
      expect(c.priority).toBe('p4');
      await report(intake, { sn, deviceWithMerchant: false });
      expect((await showCase(c.id)).priority).toBe('p1');
      await report(intake, { sn, transactions: tx(1) });
      expect((await showCase(c.id)).priority).toBe('p1');
      const sn2 = newSn();
      const o = await openCase({ sn: sn2 });
      await act(supervisor, o.id, 'set_priority', { priority: 'p4', reason: 'known merchant' });
      await report(intake, { sn: sn2, deviceWithMerchant: false });
      expect((await showCase(o.id)).priority).toBe('p4');
    });

    it('version changes when what the case shows changes (linked report, evidence), not for clocks/notes', async () => {
      const sn = newSn();
      const c = await openCase({ sn });
      await report(intake, { sn });
      const linked = await showCase(c.id);
      expect(linked.reports).toHaveLength(2);
      expect(linked.version).toBeGreaterThan(c.version);
      await act(analyst, c.id, 'claim');
      const v1 = (await showCase(c.id)).version;
      expect((await upload(analyst, c.id, 'other', CSV, 'a.csv')).status).toBe(201);
      const after = await showCase(c.id);
      expect(after.evidence).toHaveLength(1);
      expect(after.version).toBeGreaterThan(v1);
    });

    it('list rows carry dueAt / slaState of the current stage’s clock; the auto freeze request is a system event', async () => {
      const c = await openCase({ bankCode: BANK, channel: 'bank_alert' });
      await act(analyst, c.id, 'claim');
      await act(analyst, c.id, 'confirm_freeze', { bankReference: 'R', confirmedAt: past(1) });
      const shown = await showCase(c.id);
      const row = (await get(analyst, `/api/cases?filter=${q({ id: [c.id] })}`)).body[0];
      const cur = shown.clocks.find((k: any) => k.stage === shown.stage && !k.metAt);
      expect(row.dueAt).toBe(cur.dueAt);
      expect(row.slaState).toBe(cur.state);
      const ev = (await get(auditor, `/api/cases/${c.id}/events`)).body;
      expect(ev.some((e: any) => e.actor.id === 'system' && e.actor.role === 'system')).toBe(true);
      expect(ev[0].prevHash).toBe(ZERO_HASH);
      const w = await openCase();
      await act(supervisor, w.id, 'waive_stage', { reason: 'bank confirmed by phone' });
      const wev = (await get(auditor, `/api/cases/${w.id}/events`)).body;
      expect(wev.some((e: any) => e.data?.reason === 'bank confirmed by phone')).toBe(true);
      problem(await act(supervisor, w.id, 'waive_stage', { reason: 'card 4111111111111111' }), 422, 'PAN.DETECTED');
    });

    it('two claims with the same version: exactly one wins', async () => {
      const c = await openCase();
      const [a, b] = await Promise.all([
        post(analyst, `/api/cases/${c.id}/actions/claim`, { version: c.version }),
        post(analyst2, `/api/cases/${c.id}/actions/claim`, { version: c.version }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
    });

    it('four eyes counts a claim: a supervisor who claimed (then released) may not resolve', async () => {
      const c = await openCase();
      await act(reviewer, c.id, 'claim');
      await act(reviewer, c.id, 'release');
      await act(analyst, c.id, 'claim');
      await act(analyst, c.id, 'confirm_freeze', { bankReference: 'F', confirmedAt: past(5), bankCode: BANK });
      await act(analyst, c.id, 'record_police_report', { agency: 'PSB', reportNumber: 'R', filedAt: past(4) });
      await act(analyst, c.id, 'log_merchant_contact', { channel: 'phone', contactedAt: past(3), outcome: 'reached', findings: 'f' });
      await upload(analyst, c.id, 'transaction_records', CSV, 'tx.csv');
      await upload(analyst, c.id, 'police_receipt', PDF, 'r.pdf');
      expect((await act(analyst, c.id, 'submit_for_review')).status).toBe(200);
      problem(await act(reviewer, c.id, 'resolve', { outcome: 'no_misuse', summary: 's' }), 403, 'CASE.FOUR_EYES');
      problem(await act(reviewer, c.id, 'close_early', { outcome: 'no_misuse', reason: 's' }), 403, 'CASE.FOUR_EYES');
      const other = await t.createUser('supervisor');
      expect((await act(other, c.id, 'resolve', { outcome: 'duplicate', summary: 's', duplicateOfCaseId: (await openCase()).id })).status).toBe(200);
      expect((await showCase(c.id)).outcome).toBe('duplicate');
    });

    it('unfreeze: an undelivered freeze request is cancelled on close (no unfreeze); confirmed_misuse sends none', async () => {
      const c = await openCase({ bankCode: BANK, channel: 'bank_alert' });
      const [n] = await notificationsOf(c.id);
      expect(n.status).toBe('pending');
      await act(reviewer, c.id, 'close_early', { outcome: 'no_misuse', reason: 'test alert' });
      const ns = await notificationsOf(c.id);
      expect(ns.find((x: any) => x.id === n.id).status).toBe('cancelled');
      expect(ns.map((x: any) => x.type)).not.toContain('unfreeze.requested');
      const r = await caseInReview();
      await act(reviewer, r.id, 'resolve', { outcome: 'confirmed_misuse', summary: 'confirmed' });
      expect((await notificationsOf(r.id)).map((x: any) => x.type)).not.toContain('unfreeze.requested');
      const r2 = await caseInReview();
      await act(reviewer, r2.id, 'resolve', { outcome: 'no_misuse', summary: 'false alarm' });
      expect((await notificationsOf(r2.id)).map((x: any) => x.type)).toContain('unfreeze.requested');
    });

    it('unfreeze: none when the bank’s last answer was a rejection', async () => {
      const c = await openCase({ bankCode: BANK, channel: 'bank_alert' });
      const [n] = await notificationsOf(c.id);
      expect((await sendCallback(BANK, { type: 'freeze.rejected', notificationId: n.id, caseReference: c.reference, reason: 'unknown terminal', at: past(1) })).status).toBe(200);
      expect((await showCase(c.id)).stage).toBe('freeze');
      await act(reviewer, c.id, 'close_early', { outcome: 'no_misuse', reason: 'r' });
      expect((await notificationsOf(c.id)).map((x: any) => x.type)).not.toContain('unfreeze.requested');
    });

    it('deactivating a user unassigns their open cases and alerts supervisors (case.unassigned)', async () => {
      const x = await t.createUser('analyst');
      const c = await openCase();
      await act(x, c.id, 'claim');
      await del(admin, `/api/users/${x.id}`).expect(200);
      expect((await showCase(c.id)).assigneeId).toBeNull();
      const alerts = (await get(reviewer, `/api/alerts?filter=${q({ caseId: c.id })}`)).body;
      expect(alerts.map((a: any) => a.type)).toContain('case.unassigned');
      problem(await http().post('/api/auth/login').send({ email: x.email, password: PASSWORD }), 401);
    });

    it('claim-next never takes a case in review', async () => {
      const P = `RV${tag}`;
      const qu = (await post(supervisor, '/api/queues', { name: `rv ${tag}`, filter: { q: P } }).expect(201)).body;
      const c = await openCase({ sn: `${P}-1` });
      await act(supervisor, c.id, 'waive_stage', { reason: 'r' });
      await act(supervisor, c.id, 'waive_stage', { reason: 'r' });
      await act(supervisor, c.id, 'waive_stage', { reason: 'r' });
      await act(supervisor, c.id, 'waive_stage', { reason: 'r' });
      const rv = await showCase(c.id);
      expect(rv.stage).toBe('review');
      expect(rv.assigneeId).toBeNull();
      expect((await post(analyst, '/api/cases/claim-next', { queueId: qu.id })).status).toBe(204);
    });
  });

  // ───────────────────────────── claim-next, bulk, teams, queues ─────────────────────────────
  describe('claim-next, bulk, teams and queues', () => {
    it('claim-next from a queue: priority, then earliest due; 204 when nothing waits', async () => {
      const P = `CN${tag}`;
      const qu = await post(supervisor, '/api/queues', { name: `cn ${tag}`, filter: { q: P } });
      expect(qu.status).toBe(201);
      const low1 = await openCase({ sn: `${P}-1` });
      const low2 = await openCase({ sn: `${P}-2` });
      const high = await openCase({ sn: `${P}-3`, deviceWithMerchant: false });
      const a = await post(analyst, '/api/cases/claim-next', { queueId: qu.body.id });
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({ id: high.id, assigneeId: analyst.id });
      expect((await post(analyst2, '/api/cases/claim-next', { queueId: qu.body.id })).body.id).toBe(low1.id);
      expect((await post(supervisor, '/api/cases/claim-next', { queueId: qu.body.id })).body.id).toBe(low2.id);
      const none = await post(analyst, '/api/cases/claim-next', { queueId: qu.body.id });
      expect(none.status).toBe(204);
      problem(await post(auditor, '/api/cases/claim-next', {}), 403, 'AUTH.FORBIDDEN');
    });

    it('claim-next without a queue takes an open unassigned case, never two callers the same', async () => {
      await openCase();
      await openCase();
      const [a, b] = await Promise.all([post(analyst, '/api/cases/claim-next', {}), post(analyst2, '/api/cases/claim-next', {})]);
      expect([200, 204]).toContain(a.status);
      expect([200, 204]).toContain(b.status);
      if (a.status === 200 && b.status === 200) expect(a.body.id).not.toBe(b.body.id);
      if (a.status === 200) expect(a.body.stage).not.toBe('review');
    });

    it('bulk (supervisor): per-id results [{id, ok, status, detail?}], four eyes per id', async () => {
      const c1 = await openCase();
      const c2 = await openCase();
      const missing = randomUUID();
      const res = await post(supervisor, '/api/cases/bulk', { ids: [c1.id, c2.id, missing], action: 'assign', payload: { assigneeId: analyst2.id } });
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(3);
      const by = Object.fromEntries(res.body.map((r: any) => [r.id, r]));
      expect(by[c1.id]).toMatchObject({ ok: true, status: 200 });
      expect(by[c2.id]).toMatchObject({ ok: true, status: 200 });
      expect(by[missing]).toMatchObject({ ok: false, status: 404 });
      expect((await showCase(c1.id)).assigneeId).toBe(analyst2.id);
      // supervisor worked c3 (waived) → four eyes refuses close_early for it only
      const c3 = await openCase();
      await act(supervisor, c3.id, 'waive_stage', { reason: 'r' });
      const close = await post(supervisor, '/api/cases/bulk', { ids: [c1.id, c3.id], action: 'close_early', payload: { outcome: 'no_misuse', reason: 'spam reports' } });
      expect(close.status).toBe(200);
      const cb = Object.fromEntries(close.body.map((r: any) => [r.id, r]));
      expect(cb[c1.id]).toMatchObject({ ok: true });
      expect(cb[c3.id]).toMatchObject({ ok: false, status: 403 });
      expect(typeof cb[c3.id].detail).toBe('string');
      problem(await post(analyst, '/api/cases/bulk', { ids: [c2.id], action: 'assign', payload: { assigneeId: null } }), 403, 'AUTH.FORBIDDEN');
      const tooMany = Array.from({ length: 501 }, () => randomUUID());
      problem(await post(supervisor, '/api/cases/bulk', { ids: tooMany, action: 'assign', payload: { assigneeId: null } }), 422, 'VALIDATION.FAILED');
    });

    it('teams {id, name, bankCodes, isDefault}: admin writes, others read; users carry teamId', async () => {
      const res = await post(admin, '/api/teams', { name: `Team ${tag}`, bankCodes: ['ZZT1'], isDefault: false });
      expect(res.status).toBe(201);
      expect(res.body).toEqual(expect.objectContaining({ id: expect.any(String), name: `Team ${tag}`, bankCodes: ['ZZT1'], isDefault: false }));
      const list = await get(analyst, '/api/teams').expect(200);
      expect(list.headers['content-range']).toMatch(/^teams \d+-\d+\/\d+$/);
      expect(list.body.map((x: any) => x.id)).toContain(res.body.id);
      const upd = await put(admin, `/api/teams/${res.body.id}`, { ...res.body, name: `Team ${tag} B` });
      expect(upd.status).toBe(200);
      expect(upd.body.name).toBe(`Team ${tag} B`);
      problem(await post(supervisor, '/api/teams', { name: 'x', bankCodes: [], isDefault: false }), 403, 'AUTH.FORBIDDEN');
      const u = await t.createUser('analyst');
      const cur = (await get(admin, `/api/users/${u.id}`)).body;
      const pu = await put(admin, `/api/users/${u.id}`, { ...cur, teamId: res.body.id });
      expect(pu.body.teamId).toBe(res.body.id);
      // a case of a bank the team serves goes to the team
      const c = await openCase({ bankCode: 'ZZT1' });
      expect(c.teamId).toBe(res.body.id);
    });

    it('queues {id, name, teamId?, filter} with counts {open, unassigned, warning, breached}; supervisors and admins write', async () => {
      const P = `QU${tag}`;
      const qu = await post(supervisor, '/api/queues', { name: `q ${tag}`, teamId: null, filter: { q: P } });
      expect(qu.status).toBe(201);
      expect(qu.body).toEqual(expect.objectContaining({ id: expect.any(String), name: `q ${tag}`, filter: { q: P } }));
      const a = await openCase({ sn: `${P}-1` });
      await openCase({ sn: `${P}-2` });
      await act(analyst, a.id, 'claim');
      const one = await get(analyst, `/api/queues/${qu.body.id}`).expect(200);
      expect(one.body.counts).toEqual({ open: 2, unassigned: 1, warning: 0, breached: 0 });
      const list = await get(analyst, `/api/queues?filter=${q({ id: [qu.body.id] })}`).expect(200);
      expect(list.body[0].counts).toEqual({ open: 2, unassigned: 1, warning: 0, breached: 0 });
      problem(await post(analyst, '/api/queues', { name: 'x', filter: {} }), 403, 'AUTH.FORBIDDEN');
      expect((await post(admin, '/api/queues', { name: `admin q ${tag}`, filter: { stage: 'freeze' } })).status).toBe(201);
      problem(await post(supervisor, '/api/queues', { name: 'bad', filter: { colour: 'red' } }), 400, 'REQUEST.UNKNOWN_FIELD');
    });
  });

  // ───────────────────────────── Terminals ─────────────────────────────
  describe('terminals', () => {
    let term: any;
    let caseId: string;

    beforeAll(async () => {
      const sn = newSn('TM');
      const c = await openCase({ sn, merchantId: 'MID-TM-1', terminalModel: 'PAX A920', bankCode: OTHER_BANK });
      caseId = c.id;
      const list = await get(analyst, `/api/terminals?filter=${q({ q: sn })}`).expect(200);
      expect(list.body).toHaveLength(1);
      term = list.body[0];
    });

    it('lists and shows terminals; supervisors and admins PUT master data; personal fields masked ****1234', async () => {
      expect(term).toMatchObject({ id: expect.any(String), sn: expect.stringMatching(/^TM/) });
      problem(await put(analyst, `/api/terminals/${term.id}`, { ...term, merchantName: 'x' }), 403, 'AUTH.FORBIDDEN');
      const res = await put(supervisor, `/api/terminals/${term.id}`, { ...term, settlementAccount: '6217000010001234', merchantCreditCode: '91310000MA1FL0XX5678' });
      expect(res.status).toBe(200);
      const shown = (await get(auditor, `/api/terminals/${term.id}`).expect(200)).body;
      expect(shown.settlementAccount).toBe('****1234');
      expect(shown.merchantCreditCode).toBe('****5678');
      const listed = (await get(analyst, `/api/terminals?filter=${q({ id: [term.id] })}`)).body[0];
      expect(listed.settlementAccount).toBe('****1234');
      expect(JSON.stringify((await get(analyst, `/api/cases/${caseId}`)).body)).not.toContain('6217000010001234');
      const admPut = await put(admin, `/api/terminals/${term.id}`, { ...shown, merchantName: 'Lucky Noodles 2' });
      expect(admPut.status).toBe(200);
    });

    it('reveal → {field, value} for a supervisor or the open case’s assignee, recorded in the system chain', async () => {
      const r = await post(supervisor, `/api/terminals/${term.id}/reveal`, { field: 'settlementAccount', reason: 'bank asked for account' });
      expect(r.status).toBeGreaterThanOrEqual(200);
      expect(r.status).toBeLessThan(300);
      expect(r.body).toEqual({ field: 'settlementAccount', value: '6217000010001234' });
      problem(await post(analyst, `/api/terminals/${term.id}/reveal`, { field: 'settlementAccount', reason: 'curious' }), 403);
      await act(analyst, caseId, 'claim');
      const mine = await post(analyst, `/api/terminals/${term.id}/reveal`, { field: 'merchantCreditCode', reason: 'verify merchant' });
      expect(mine.body).toEqual({ field: 'merchantCreditCode', value: '91310000MA1FL0XX5678' });
      problem(await post(auditor, `/api/terminals/${term.id}/reveal`, { field: 'settlementAccount', reason: 'audit' }), 403);
      problem(await post(supervisor, `/api/terminals/${term.id}/reveal`, { field: 'settlementAccount' }), 422, 'VALIDATION.FAILED');
    });

    it('records reveals in the system chain (audit export scope=system)', async () => {
      const exp = await get(auditor, `/api/audit/export?format=jsonl&scope=system`).buffer(true).parse(binary).expect(200);
      const rows = exp.body.toString('utf8').trim().split('\n').map((l: string) => JSON.parse(l));
      const reveals = rows.filter((e: any) => /reveal/.test(e.action));
      expect(reveals.length).toBeGreaterThanOrEqual(2);
      expect(reveals.every((e: any) => e.caseId === null)).toBe(true);
      expect(JSON.stringify(reveals)).not.toContain('6217000010001234');
    });
  });

  // ───────────────────────────── Evidence ─────────────────────────────
  describe('evidence', () => {
    let c: any;
    let ev: any;
    beforeAll(async () => {
      c = await openCase();
      await act(analyst, c.id, 'claim');
    });

    it('uploads: 201 {id, type, fileName, size, mediaType, sha256, addedBy, addedAt}', async () => {
      const res = await upload(analyst, c.id, 'police_receipt', PDF, 'receipt.pdf');
      expect(res.status).toBe(201);
      ev = res.body;
      expect(ev).toEqual(expect.objectContaining({ id: expect.any(String), type: 'police_receipt', fileName: 'receipt.pdf', size: PDF.length, mediaType: 'application/pdf', sha256: sha256(PDF), addedAt: expect.stringMatching(ISO_Z) }));
      expect(ev).toHaveProperty('addedBy');
      const withDesc = await http().post(`/api/cases/${c.id}/evidence`).set(auth(analyst.token)).field('type', 'transaction_records').field('description', 'bank export').attach('file', CSV, 'tx.csv');
      expect(withDesc.status).toBe(201);
      expect(withDesc.body.mediaType).toMatch(/^text\/csv/);
    });

    it('lists the case evidence and serves the bytes with the same SHA-256 (each download in the system chain)', async () => {
      const list = await get(auditor, `/api/cases/${c.id}/evidence`).expect(200);
      expect(list.body.map((e: any) => e.id)).toContain(ev.id);
      const dl = await get(auditor, `/api/evidence/${ev.id}/content`).buffer(true).parse(binary).expect(200);
      expect(sha256(dl.body)).toBe(ev.sha256);
    });

    it('records each evidence download in the system chain', async () => {
      await get(auditor, `/api/evidence/${ev.id}/content`).buffer(true).parse(binary).expect(200);
      const exp = await get(auditor, `/api/audit/export?format=jsonl&scope=system`).buffer(true).parse(binary).expect(200);
      expect(exp.body.toString('utf8')).toContain(ev.id);
    });

    it('refuses a disallowed media type (judged by content) with 415 EVIDENCE.MEDIA_TYPE and a bad type with 422', async () => {
      problem(await upload(analyst, c.id, 'other', Buffer.from('MZ\x90\x00\x03\x00\x00\x00binary'), 'tool.exe'), 415, 'EVIDENCE.MEDIA_TYPE');
      problem(await upload(analyst, c.id, 'other', Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\xff\xffbinary'), 'photo.png'), 415, 'EVIDENCE.MEDIA_TYPE');
      problem(await upload(analyst, c.id, 'selfie', PDF, 'a.pdf'), 422, 'VALIDATION.FAILED');
      problem(await upload(analyst, c.id, 'other', Buffer.from('card 4111111111111111\n'), 'note.txt'), 422, 'PAN.DETECTED');
    });

    it('accepts every evidence type and the default allow-list (PDF, PNG, JPEG, CSV, text, JSON, XLSX)', async () => {
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR'), Buffer.alloc(17)]);
      const jpg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(32), Buffer.from([0xff, 0xd9])]);
      const xlsx = zip({
        '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        '_rels/.rels': '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
        'xl/workbook.xml': '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
      });
      const files: Array<[string, Buffer, string]> = [
        ['transaction_records', CSV, 'tx.csv'], ['account_statement', PDF, 'st.pdf'], ['police_receipt', jpg, 'r.jpg'],
        ['merchant_statement', Buffer.from('merchant says hi\n'), 'm.txt'], ['terminal_photo', png, 'p.png'],
        ['device_location_log', Buffer.from('{"lat":31.2,"lon":121.4}'), 'loc.json'], ['provider_correspondence', xlsx, 'mail.xlsx'], ['other', PDF, 'o.pdf'],
      ];
      for (const [type, bytes, name] of files) {
        const r = await upload(analyst, c.id, type, bytes, name);
        if (r.status !== 201) throw new Error(`${type} ${name}: ${r.status} ${JSON.stringify(r.body)}`);
        expect(r.body.sha256).toBe(sha256(bytes));
      }
    });

    it('refuses a file over the default 25 MB with 413 EVIDENCE.TOO_LARGE', async () => {
      const big = Buffer.alloc(25 * 1024 * 1024 + 1024, 0x61);
      problem(await upload(analyst, c.id, 'other', big, 'big.txt'), 413, 'EVIDENCE.TOO_LARGE');
    });

    it('removes with POST /api/evidence/:id/remove {reason} (bytes kept); a bare DELETE → 405 pointing to it', async () => {
      const d = problem(await del(analyst, `/api/evidence/${ev.id}`), 405, 'METHOD.NOT_ALLOWED');
      expect(d.detail).toMatch(/remove/);
      const r = await post(analyst, `/api/evidence/${ev.id}/remove`, { reason: 'wrong file' });
      expect(r.status).toBeGreaterThanOrEqual(200);
      expect(r.status).toBeLessThan(300);
      const item = (await get(auditor, `/api/cases/${c.id}/evidence`)).body.find((e: any) => e.id === ev.id);
      expect(item).toBeDefined();
      expect(JSON.stringify(item)).toMatch(/removed/i);
      const dl = await get(auditor, `/api/evidence/${ev.id}/content`).buffer(true).parse(binary);
      expect(dl.status).toBe(200);
      expect(sha256(dl.body)).toBe(ev.sha256);
      const events = (await get(auditor, `/api/cases/${c.id}/events`)).body;
      expect(events.some((e: any) => /remov/.test(e.action))).toBe(true);
    });
  });

  // ───────────────────────────── Banks, notifications, callbacks ─────────────────────────────
  describe('banks, notifications and callbacks', () => {
    it('banks: generated secret whsec_ + base64 of 24–64 bytes returned once; never read back; loopback webhook allowed', async () => {
      expect(bankSecret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      const n = Buffer.from(bankSecret.slice(6), 'base64').length;
      expect(n).toBeGreaterThanOrEqual(24);
      expect(n).toBeLessThanOrEqual(64);
      const one = (await get(analyst, `/api/banks/${bankId}`).expect(200)).body;
      expect(one).toEqual(expect.objectContaining({ code: BANK, name: 'Contract Bank', webhookUrl: 'http://127.0.0.1:9/hook', active: true }));
      const list = await get(auditor, '/api/banks').expect(200);
      expect(list.headers['content-range']).toMatch(/^banks /);
      expect(JSON.stringify(list.body)).not.toContain(bankSecret.slice(6));
      expect(JSON.stringify(one)).not.toContain(bankSecret.slice(6));
      for (const b of list.body) expect(b.secret === undefined || b.secret === null).toBe(true);
      problem(await post(supervisor, '/api/banks', { code: 'NOPE', name: 'x', active: true }), 403, 'AUTH.FORBIDDEN');
      // a given secret is accepted and not echoed back (write-only)
      const given = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
      const b2 = await post(admin, '/api/banks', { code: OTHER_BANK, name: 'Other', webhookUrl: 'http://10.0.0.5/hook', active: true, secret: given });
      expect(b2.status).toBe(201);
      expect(JSON.stringify(b2.body)).not.toContain(given.slice(6));
      problem(await post(admin, '/api/banks', { code: `W${tag}`.slice(0, 8), name: 'weak', active: true, secret: 'whsec_c2hvcnQ=' }), 422, 'VALIDATION.FAILED');
    });

    it('callback freeze.confirmed (HMAC-SHA256 v1 signature) moves the case; actor bank:<code>; replay → 409', async () => {
      const c = await openCase({ bankCode: BANK, channel: 'bank_alert' });
      const [n] = await notificationsOf(c.id);
      expect(n).toMatchObject({ type: 'freeze.requested', status: expect.stringMatching(/^(pending|delivering|delivered|dead|cancelled)$/), bankCode: BANK, caseId: c.id });
      expect(n).toHaveProperty('attempts');
      expect(n).toHaveProperty('lastError');
      const body = { type: 'freeze.confirmed', notificationId: n.id, caseReference: c.reference, bankReference: 'BK-1', at: past(1) };
      const id = `msg_${randomUUID()}`;
      const res = await sendCallback(BANK, body, { id });
      expect(res.status).toBe(200);
      expect(res.body.applied).not.toBe(false);
      const after = await showCase(c.id);
      expect(after.stage).toBe('police_report');
      const ev = (await get(auditor, `/api/cases/${c.id}/events`)).body;
      expect(ev.some((e: any) => e.actor.id === `bank:${BANK}` && e.actor.role === 'bank')).toBe(true);
      problem(await sendCallback(BANK, body, { id }), 409, 'CALLBACK.REPLAY');
      // the same confirmation again (new id) no longer applies → 200 {applied:false}
      const again = await sendCallback(BANK, body);
      expect(again.status).toBe(200);
      expect(again.body.applied).toBe(false);
      // a rejection after the confirmation raises an alert
      const before = (await get(reviewer, '/api/alerts/unread-count')).body.count;
      const rej = await sendCallback(BANK, { type: 'freeze.rejected', notificationId: n.id, caseReference: c.reference, reason: 'changed mind', at: past(0) });
      expect(rej.status).toBe(200);
      expect((await get(reviewer, '/api/alerts/unread-count')).body.count).toBeGreaterThan(before);
    });

    it('callback: bad / missing signature, stale timestamp, unknown or inactive bank → 401 CALLBACK.BAD_SIGNATURE', async () => {
      const c = await openCase({ bankCode: BANK, channel: 'bank_alert' });
      const [n] = await notificationsOf(c.id);
      const body = { type: 'freeze.confirmed', notificationId: n.id, caseReference: c.reference, at: past(1) };
      problem(await sendCallback(BANK, body, { signature: 'v1,AAAA' }), 401, 'CALLBACK.BAD_SIGNATURE');
      problem(await sendCallback(BANK, body, { secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}` }), 401, 'CALLBACK.BAD_SIGNATURE');
      problem(await sendCallback(BANK, body, { ts: Math.floor(Date.now() / 1000) - 6 * 60 }), 401, 'CALLBACK.BAD_SIGNATURE');
      problem(await sendCallback(BANK, body, { ts: Math.floor(Date.now() / 1000) + 6 * 60 }), 401, 'CALLBACK.BAD_SIGNATURE');
      problem(await sendCallback('NOSUCHBANK', body), 401, 'CALLBACK.BAD_SIGNATURE');
      problem(await http().post(`/api/bank-callbacks/${BANK}`).send(body), 401, 'CALLBACK.BAD_SIGNATURE');
      // several space-separated signatures: any one valid passes
      const raw = JSON.stringify(body);
      const id = `msg_${randomUUID()}`;
      const ts = Math.floor(Date.now() / 1000);
      const multi = await http().post(`/api/bank-callbacks/${BANK}`).set('content-type', 'application/json').set('webhook-id', id).set('webhook-timestamp', String(ts)).set('webhook-signature', `v1,AAAA ${signCallback(bankSecret, id, ts, raw)}`).send(raw);
      expect(multi.status).toBe(200);
    });

    it('callback: a notificationId not of this case → 422 CALLBACK.UNKNOWN_NOTIFICATION', async () => {
      const a = await openCase({ bankCode: BANK, channel: 'bank_alert' });
      const b = await openCase({ bankCode: BANK, channel: 'bank_alert' });
      const [na] = await notificationsOf(a.id);
      problem(await sendCallback(BANK, { type: 'freeze.confirmed', notificationId: na.id, caseReference: b.reference, at: past(1) }), 422, 'CALLBACK.UNKNOWN_NOTIFICATION');
      problem(await sendCallback(BANK, { type: 'freeze.confirmed', notificationId: randomUUID(), caseReference: a.reference, at: past(1) }), 422, 'CALLBACK.UNKNOWN_NOTIFICATION');
    });

    it('rotate-secret → {secret, previousSecretExpiresAt}; callbacks verify with either secret', async () => {
      const c = await openCase({ bankCode: BANK, channel: 'bank_alert' });
      const [n] = await notificationsOf(c.id);
      const old = bankSecret;
      const r = await post(admin, `/api/banks/${bankId}/rotate-secret`);
      expect(r.status).toBeLessThan(300);
      expect(r.body).toEqual({ secret: expect.stringMatching(/^whsec_/), previousSecretExpiresAt: expect.stringMatching(ISO_Z) });
      expect(r.body.secret).not.toBe(old);
      const hours = (Date.parse(r.body.previousSecretExpiresAt) - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(23.5);
      expect(hours).toBeLessThanOrEqual(24.1);
      bankSecret = r.body.secret;
      const body = { type: 'freeze.rejected', notificationId: n.id, caseReference: c.reference, reason: 'no such terminal', at: past(1) };
      expect((await sendCallback(BANK, body, { secret: old })).status).toBe(200);
      expect((await sendCallback(BANK, body, { secret: bankSecret })).status).toBe(200);
      problem(await post(supervisor, `/api/banks/${bankId}/rotate-secret`), 403, 'AUTH.FORBIDDEN');
    });

    it('inactive bank → callbacks 401', async () => {
      const code = `I${tag}`.slice(0, 8);
      const b = await post(admin, '/api/banks', { code, name: 'Inactive', active: true });
      const cur = (await get(admin, `/api/banks/${b.body.id}`)).body;
      expect((await put(admin, `/api/banks/${b.body.id}`, { ...cur, active: false })).status).toBe(200);
      problem(await sendCallback(code, { type: 'freeze.confirmed', notificationId: randomUUID(), caseReference: 'SNC-2026-000001', at: past(1) }, { secret: b.body.secret }), 401, 'CALLBACK.BAD_SIGNATURE');
    });

    it('request_freeze for an inactive bank → 422', async () => {
      const code = `J${tag}`.slice(0, 8);
      const b = (await post(admin, '/api/banks', { code, name: 'Soon inactive', active: true }).expect(201)).body;
      await put(admin, `/api/banks/${b.id}`, { ...b, secret: undefined, active: false }).expect(200);
      const c = await openCase({ bankCode: code });
      await act(analyst, c.id, 'claim');
      problem(await act(analyst, c.id, 'request_freeze', { bankCode: code }), 422);
    });

    it('writing `secret` with PUT rotates it: callbacks verify with the old and the new one', async () => {
      const code = `R${tag}`.slice(0, 8);
      const b = (await post(admin, '/api/banks', { code, name: 'Rotating', active: true }).expect(201)).body;
      const old = b.secret;
      const fresh = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
      const cur = (await get(admin, `/api/banks/${b.id}`)).body;
      const r = await put(admin, `/api/banks/${b.id}`, { ...cur, secret: fresh });
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.body)).not.toContain(fresh.slice(6));
      const c = await openCase({ bankCode: code, channel: 'bank_alert' });
      const [n] = await notificationsOf(c.id);
      const body = { type: 'freeze.rejected', notificationId: n.id, caseReference: c.reference, reason: 'r', at: past(1) };
      expect((await sendCallback(code, body, { secret: old })).status).toBe(200);
      expect((await sendCallback(code, body, { secret: fresh })).status).toBe(200);
    });

    it('callback: another bank’s notification → 422; PAN in reason → 422; unfreeze.confirmed; not-applied is recorded', async () => {
      const other = await openCase({ bankCode: OTHER_BANK, channel: 'bank_alert' });
      const [on] = await notificationsOf(other.id);
      expect(on.bankCode).toBe(OTHER_BANK);
      problem(await sendCallback(BANK, { type: 'freeze.confirmed', notificationId: on.id, caseReference: other.reference, at: past(1) }), 422, 'CALLBACK.UNKNOWN_NOTIFICATION');
      const c = await openCase({ bankCode: BANK, channel: 'bank_alert' });
      const [n] = await notificationsOf(c.id);
      problem(await sendCallback(BANK, { type: 'freeze.rejected', notificationId: n.id, caseReference: c.reference, reason: 'card 4111111111111111', at: past(1) }), 422, 'PAN.DETECTED');
      expect((await sendCallback(BANK, { type: 'freeze.confirmed', notificationId: n.id, caseReference: c.reference, bankReference: 'B', at: past(1) })).status).toBe(200);
      await act(reviewer, c.id, 'close_early', { outcome: 'no_misuse', reason: 'false alarm' });
      const un = (await notificationsOf(c.id)).find((x: any) => x.type === 'unfreeze.requested');
      expect(un).toBeDefined();
      const u = await sendCallback(BANK, { type: 'unfreeze.confirmed', notificationId: un.id, caseReference: c.reference, bankReference: 'U', at: past(0) });
      expect(u.status).toBe(200);
      const before = (await showCase(c.id)).lastEventSeq;
      const late = await sendCallback(BANK, { type: 'freeze.rejected', notificationId: n.id, caseReference: c.reference, reason: 'late', at: past(0) });
      expect(late.status).toBe(200);
      expect(late.body.applied).toBe(false);
      expect((await showCase(c.id)).lastEventSeq).toBeGreaterThan(before);
    });

    it('notifications: list filters status / bankCode / caseId; retry (supervisor) starts a fresh schedule', async () => {
      const c = await openCase({ bankCode: BANK, channel: 'bank_alert' });
      const [n] = await notificationsOf(c.id);
      const byBank = await get(auditor, `/api/notifications?filter=${q({ bankCode: BANK, status: 'pending' })}`).expect(200);
      expect(byBank.headers['content-range']).toMatch(/^notifications /);
      expect(byBank.body.map((x: any) => x.id)).toContain(n.id);
      expect(byBank.body.every((x: any) => x.status === 'pending' && x.bankCode === BANK)).toBe(true);
      problem(await post(analyst, `/api/notifications/${n.id}/retry`), 403, 'AUTH.FORBIDDEN');
      problem(await get(admin, '/api/notifications'), 403, 'AUTH.FORBIDDEN');
      await t.ds.query(`UPDATE notifications SET status = 'dead' WHERE id = $1`, [n.id]); // fixture: the schedule ran out
      const r = await post(supervisor, `/api/notifications/${n.id}/retry`);
      expect(r.status).toBeLessThan(300);
      const after = (await get(supervisor, `/api/notifications?filter=${q({ id: [n.id] })}`)).body[0];
      expect(after.status).toBe('pending');
    });
  });

  // ───────────────────────────── SLA, stats, alerts ─────────────────────────────
  describe('SLA, stats and alerts', () => {
    it('sla-policies: one per stage (id = stage); admin PUT re-computes open clocks; bad target 422', async () => {
      const list = await get(analyst, '/api/sla-policies').expect(200);
      expect(list.body.map((p: any) => p.stage)).toEqual(['freeze', 'police_report', 'merchant_contact', 'evidence', 'review']);
      for (const p of list.body) {
        expect(p.id).toBe(p.stage);
        expect(p).toEqual(expect.objectContaining({ target: expect.any(String), calendarId: expect.any(String), warnAtPercent: expect.any(Number) }));
      }
      const freeze = list.body[0];
      expect(freeze).toMatchObject({ target: 'PT1H', calendarId: '24x7', warnAtPercent: 80 });
      const c = await openCase();
      const r = await put(admin, '/api/sla-policies/freeze', { ...freeze, target: 'PT2H' });
      expect(r.status).toBe(200);
      const clk = (await showCase(c.id)).clocks[0];
      expect(Date.parse(clk.dueAt) - Date.parse(clk.startedAt)).toBe(2 * 3600_000);
      await put(admin, '/api/sla-policies/freeze', { ...freeze, target: 'PT1H' }).expect(200);
      const bad = problem(await put(admin, '/api/sla-policies/freeze', { ...freeze, target: 'two hours' }), 422, 'VALIDATION.FAILED');
      expect(bad.errors).toHaveProperty('target');
      problem(await put(supervisor, '/api/sla-policies/freeze', { ...freeze }), 403, 'AUTH.FORBIDDEN');
    });

    it('calendars: built-in 24x7; admin creates a business calendar', async () => {
      const list = await get(auditor, '/api/calendars').expect(200);
      expect(list.body.map((x: any) => x.id)).toContain('24x7');
      const c247 = (await get(analyst, '/api/calendars/24x7').expect(200)).body;
      expect(c247).toEqual(expect.objectContaining({ id: '24x7', name: expect.any(String), timeZone: expect.any(String), workingHours: expect.any(Object), holidays: expect.any(Array) }));
      const cal = { id: `cal-${tag.toLowerCase()}`, name: 'Shanghai office', timeZone: 'Asia/Shanghai', workingHours: { mon: ['09:00', '18:00'], tue: ['09:00', '18:00'], wed: ['09:00', '18:00'], thu: ['09:00', '18:00'], fri: ['09:00', '18:00'] }, holidays: ['2026-10-01'] };
      const res = await post(admin, '/api/calendars', cal);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject(cal);
      problem(await post(supervisor, '/api/calendars', { ...cal, id: 'other-cal' }), 403, 'AUTH.FORBIDDEN');
    });

    it('sla/breaches is a list; sla/summary has {stages:[…], series:[…]} with every field', async () => {
      const br = await get(analyst, '/api/sla/breaches').expect(200);
      expect(Array.isArray(br.body)).toBe(true);
      expect(br.headers['content-range']).toMatch(/\/\d+$/);
      const s = await get(supervisor, '/api/sla/summary').expect(200);
      expect(Array.isArray(s.body.stages)).toBe(true);
      expect(Array.isArray(s.body.series)).toBe(true);
      expect(s.body.stages.length).toBe(5);
      for (const row of s.body.stages) {
        for (const k of ['stage', 'open', 'warning', 'breached', 'met', 'breachRate', 'medianSeconds', 'p90Seconds']) expect(row).toHaveProperty(k);
      }
      const w = await get(auditor, `/api/sla/summary?from=${encodeURIComponent(past(60 * 24 * 7))}&to=${encodeURIComponent(future(5))}&bucket=week`).expect(200);
      for (const row of w.body.series) for (const k of ['bucket', 'stage', 'breached', 'met', 'medianSeconds']) expect(row).toHaveProperty(k);
      const withTeam = await get(auditor, `/api/sla/summary?teamId=${randomUUID()}&bucket=day`);
      expect(withTeam.status).toBe(200);
    });

    it('stats/load → [{assigneeId, name, open, overdue}]', async () => {
      const res = await get(supervisor, '/api/stats/load').expect(200);
      expect(Array.isArray(res.body)).toBe(true);
      const me = res.body.find((r: any) => r.assigneeId === analyst.id);
      expect(me).toEqual(expect.objectContaining({ assigneeId: analyst.id, name: expect.any(String), open: expect.any(Number), overdue: expect.any(Number) }));
      expect(me.open).toBeGreaterThan(0);
    });

    it('alerts: own list with the alert shape, unread-count, read, read-all', async () => {
      const list = await get(reviewer, '/api/alerts').expect(200);
      expect(list.body.length).toBeGreaterThan(0);
      for (const a of list.body) {
        for (const k of ['id', 'type', 'caseId', 'caseReference', 'createdAt', 'readAt']) expect(a).toHaveProperty(k);
        expect(['sla.warning', 'sla.breached', 'notification.dead', 'freeze.rejected', 'freeze_notice.missing', 'case.unassigned']).toContain(a.type);
      }
      const n0 = (await get(reviewer, '/api/alerts/unread-count').expect(200)).body;
      expect(n0).toEqual({ count: expect.any(Number) });
      const first = list.body.find((a: any) => a.readAt === null);
      const r = await post(reviewer, `/api/alerts/${first.id}/read`);
      expect(r.status).toBeLessThan(300);
      expect((await get(reviewer, '/api/alerts/unread-count')).body.count).toBe(n0.count - 1);
      const reread = (await get(reviewer, `/api/alerts?filter=${q({ id: [first.id] })}`)).body[0];
      expect(reread.readAt).toMatch(ISO_Z);
      // another user's alert is not theirs
      problem(await post(auditor, `/api/alerts/${first.id}/read`), 404);
      const all = await post(reviewer, '/api/alerts/read-all');
      expect(all.status).toBeLessThan(300);
      expect((await get(reviewer, '/api/alerts/unread-count')).body.count).toBe(0);
      expect((await get(supervisor, '/api/alerts/unread-count')).body.count).toBeGreaterThan(0);
      problem(await get(intake, '/api/alerts'), 403, 'AUTH.FORBIDDEN');
    });
  });

  // ───────────────────────────── Audit & operations ─────────────────────────────
  describe('audit and operations', () => {
    it('audit verify → {ok, casesChecked, eventsChecked, failures}; export csv / jsonl', async () => {
      const v = await get(auditor, '/api/audit/verify').expect(200);
      expect(v.body).toEqual({ ok: true, casesChecked: expect.any(Number), eventsChecked: expect.any(Number), failures: [] });
      const sys = await get(admin, '/api/audit/verify?scope=system').expect(200);
      expect(sys.body.ok).toBe(true);
      const csv = await get(auditor, '/api/audit/export?format=csv').buffer(true).parse(binary).expect(200);
      const header = csv.body.toString('utf8').split('\n')[0];
      for (const col of ['caseId', 'seq', 'at', 'actorId', 'actorRole', 'action', 'data', 'prevHash', 'hash']) expect(header).toContain(col);
    });

    // NOT YET BUILT: the PDF dossier belongs to the audit-exports issue (verify and CSV/JSONL export exist).
    it.skip('GET /api/cases/:id/dossier.pdf → a PDF', async () => {
      const c = await caseInReview();
      const pdf = await get(auditor, `/api/cases/${c.id}/dossier.pdf`).buffer(true).parse(binary).expect(200);
      expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    });

    it('health is public {status, db, redis}; openapi.json is served', async () => {
      const h = await http().get('/api/health').expect(200);
      expect(h.body.status).toEqual(expect.any(String));
      const spec = await http().get('/api/openapi.json').set(auth(analyst.token));
      expect(spec.status).toBe(200);
      expect(spec.body.openapi).toMatch(/^3\./);
      expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining([
        '/api/auth/login', '/api/auth/logout', '/api/auth/me', '/api/users', '/api/users/{id}', '/api/users/{id}/api-keys', '/api/api-keys/{id}',
        '/api/reports', '/api/reports/{id}', '/api/cases', '/api/cases/{id}', '/api/cases/{id}/events', '/api/cases/{id}/actions/{action}',
        '/api/cases/claim-next', '/api/cases/bulk', '/api/teams', '/api/queues', '/api/terminals', '/api/terminals/{id}', '/api/terminals/{id}/reveal',
        '/api/cases/{id}/evidence', '/api/evidence/{id}/content', '/api/evidence/{id}/remove', '/api/banks', '/api/banks/{id}/rotate-secret',
        '/api/notifications', '/api/notifications/{id}/retry', '/api/bank-callbacks/{bankCode}', '/api/sla-policies', '/api/sla-policies/{stage}',
        '/api/calendars', '/api/sla/breaches', '/api/sla/summary', '/api/stats/load', '/api/alerts', '/api/alerts/unread-count',
        '/api/alerts/{id}/read', '/api/alerts/read-all', '/api/health',
      ]));
    });
  });

  describe('every list (ra-data-simple-rest)', () => {
    const lists: Array<[string, string]> = [
      ['/api/reports', 'analyst'], ['/api/cases', 'analyst'], ['/api/users', 'admin'], ['/api/teams', 'analyst'], ['/api/queues', 'analyst'],
      ['/api/terminals', 'analyst'], ['/api/banks', 'analyst'], ['/api/notifications', 'supervisor'], ['/api/alerts', 'supervisor'],
      ['/api/sla-policies', 'analyst'], ['/api/calendars', 'analyst'], ['/api/sla/breaches', 'analyst'],
    ];
    const who = (r: string): { token: string } => ({ analyst, admin, supervisor } as any)[r];

    it('sorts by id and createdAt, sends Content-Range, answers 400 to unknown sort / filter fields, fetches by id', async () => {
      for (const [path, role] of lists) {
        const u = who(role);
        for (const f of ['id', 'createdAt']) {
          const r = await get(u, `${path}?sort=${q([f, 'DESC'])}&range=${q([0, 9])}`);
          if (r.status !== 200) throw new Error(`${path} sort ${f}: ${r.status} ${JSON.stringify(r.body)}`);
          expect(Array.isArray(r.body)).toBe(true);
          expect(r.headers['content-range']).toMatch(/^[a-z/-]+ (\d+-\d+|\*)\/\d+$/);
        }
        problem(await get(u, `${path}?sort=${q(['colour', 'ASC'])}`), 400, 'REQUEST.UNKNOWN_FIELD');
        problem(await get(u, `${path}?filter=${q({ colour: 'red' })}`), 400, 'REQUEST.UNKNOWN_FIELD');
        const all = (await get(u, `${path}?range=${q([0, 2])}`)).body;
        if (all.length >= 2) {
          const ids = all.slice(0, 2).map((x: any) => x.id);
          const byId = await get(u, `${path}?filter=${q({ id: ids })}&range=${q([0, 0])}`).expect(200);
          expect(byId.body.map((x: any) => x.id).sort()).toEqual([...ids].sort());
        }
      }
    });

    it('names the resource in Content-Range', async () => {
      for (const [path, role] of lists.filter(([p]) => !p.startsWith('/api/sla/'))) {
        const r = await get(who(role), path).expect(200);
        expect(r.headers['content-range'].split(' ')[0]).toBe(path.replace('/api/', ''));
      }
    });
  });

  describe('more input checks', () => {
    it('sla/summary refuses a bad bucket (400); calendars refuse a bad timeZone (422 errors.timeZone)', async () => {
      problem(await get(auditor, '/api/sla/summary?bucket=month'), 400);
      const b = problem(await post(admin, '/api/calendars', { id: `bad-${tag.toLowerCase()}`, name: 'x', timeZone: 'Mars/Olympus', workingHours: { mon: ['09:00', '18:00'] }, holidays: [] }), 422, 'VALIDATION.FAILED');
      expect(b.errors).toHaveProperty('timeZone');
    });

    it('admin-set password is write-only and works; supervisors may not PUT users; last admin cannot be set inactive', async () => {
      const u = await t.createUser('analyst');
      const cur = (await get(admin, `/api/users/${u.id}`)).body;
      const r = await put(admin, `/api/users/${u.id}`, { ...cur, password: 'Another-password-2' });
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.body)).not.toContain('Another-password-2');
      await http().post('/api/auth/login').send({ email: u.email, password: 'Another-password-2' }).expect(200);
      problem(await put(supervisor, `/api/users/${u.id}`, { ...cur, name: 'x' }), 403, 'AUTH.FORBIDDEN');
      const me = (await get(admin, `/api/users/${admin.id}`)).body;
      problem(await put(admin, `/api/users/${admin.id}`, { ...me, active: false }), 422, 'USER.LAST_ADMIN');
    });

    it('evidence: auditors may not upload (403); /metrics is not open on the API port without a token', async () => {
      const c = await openCase();
      problem(await upload(auditor, c.id, 'other', CSV, 'a.csv'), 403, 'AUTH.FORBIDDEN');
      expect((await http().get('/metrics')).status).not.toBe(200);
    });

    it('queues take the record back on PUT (counts ignored)', async () => {
      const qu = (await post(supervisor, '/api/queues', { name: `put ${tag}`, filter: { stage: 'evidence' } }).expect(201)).body;
      const cur = (await get(supervisor, `/api/queues/${qu.id}`)).body;
      const r = await put(supervisor, `/api/queues/${qu.id}`, { ...cur, name: `put ${tag} 2` });
      expect(r.status).toBe(200);
      expect(r.body.name).toBe(`put ${tag} 2`);
    });
  });

  describe('still more contract details', () => {
    it('money and SN validation: currency ISO 4217, integer minor units; SN form after normalisation; maskedPan at most 6+4', async () => {
      problem(await report(analyst, { sn: newSn(), amountAtRisk: { minor: 12.5, currency: 'CNY' } }), 422, 'VALIDATION.FAILED');
      problem(await report(analyst, { sn: newSn(), amountAtRisk: { minor: 100, currency: 'YUAN' } }), 422, 'VALIDATION.FAILED');
      problem(await report(analyst, { sn: 'AB_123456' }), 422, 'VALIDATION.FAILED');
      problem(await report(analyst, { sn: newSn(), transactions: [{ at: past(5), amount: { minor: 1, currency: 'CNY' }, maskedPan: '62284812****1234' }] }), 422);
      const r = await report(analyst, { sn: newSn(), amountAtRisk: { minor: 1250000, currency: 'CNY' } });
      expect((await get(analyst, `/api/reports/${r.body.id}`)).body.amountAtRisk).toEqual({ minor: 1250000, currency: 'CNY' });
    });

    it('compares SNs after normalisation (report filter sn, case search q)', async () => {
      const sn = newSn();
      const r = await report(analyst, { sn });
      const lower = sn.toLowerCase();
      expect((await get(auditor, `/api/reports?filter=${q({ sn: ` ${lower} ` })}`)).body.map((x: any) => x.id)).toEqual([r.body.id]);
      expect((await get(auditor, `/api/cases?filter=${q({ q: lower })}`)).body.map((x: any) => x.id)).toEqual([r.body.caseId]);
    });

    it('record_freeze_notice before the freeze is confirmed → 422; assign to a deactivated analyst → 422', async () => {
      const c = await openCase();
      await act(analyst, c.id, 'claim');
      problem(await act(analyst, c.id, 'record_freeze_notice', { notifiedAt: past(1), channel: 'phone', notifiedBy: 'bank', appealInstructionsGiven: true }), 422);
      const gone = await t.createUser('analyst');
      await del(admin, `/api/users/${gone.id}`).expect(200);
      const b = problem(await act(supervisor, c.id, 'assign', { assigneeId: gone.id }), 422, 'VALIDATION.FAILED');
      expect(b.errors).toHaveProperty('assigneeId');
      problem(await act(supervisor, c.id, 'claim'), 409, 'CASE.ALREADY_ASSIGNED');
    });

    it('reopen is four-eyes too', async () => {
      const c = await openCase();
      await act(supervisor, c.id, 'waive_stage', { reason: 'r' });
      await act(reviewer, c.id, 'close_early', { outcome: 'no_misuse', reason: 'r' });
      problem(await act(supervisor, c.id, 'reopen', { reason: 'r' }), 403, 'CASE.FOUR_EYES');
    });

    it('notification rows carry the bank body: no personal data, scope terminal + settlement', async () => {
      const c = await openCase({ bankCode: BANK, channel: 'bank_alert', merchantId: 'MID-NB-1', terminalId: 'TID-NB-1', merchantName: 'Noodles', amountAtRisk: { minor: 100000, currency: 'CNY' }, reporter: { name: 'Zhang San', phone: '13800000000' } });
      const [n] = await notificationsOf(c.id);
      expect(n.id).toMatch(UUID);
      {
        expect(n.payload).toEqual(expect.objectContaining({ type: 'freeze.requested', notificationId: n.id, caseId: c.id, caseReference: c.reference, bankCode: BANK, sn: c.sn, terminalId: 'TID-NB-1', merchantId: 'MID-NB-1', merchantName: 'Noodles', misuseType: 'other', amountAtRisk: { minor: 100000, currency: 'CNY' }, requestedAt: expect.stringMatching(ISO_Z), scope: ['terminal', 'settlement'] }));
        expect(JSON.stringify(n.payload)).not.toMatch(/Zhang San|13800000000/);
      }
    });

    it('PUT /api/sla-policies/:stage on a business calendar re-computes due times in working hours (holidays skipped)', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const calId = `biz-${tag.toLowerCase()}`;
      const wh = { mon: ['09:00', '18:00'], tue: ['09:00', '18:00'], wed: ['09:00', '18:00'], thu: ['09:00', '18:00'], fri: ['09:00', '18:00'] };
      await post(admin, '/api/calendars', { id: calId, name: 'UTC business', timeZone: 'UTC', workingHours: wh, holidays: [today] }).expect(201);
      const policies = (await get(admin, '/api/sla-policies')).body;
      const pr = policies.find((x: any) => x.stage === 'police_report');
      const c = await openCase();
      await act(supervisor, c.id, 'waive_stage', { reason: 'r' });
      try {
        await put(admin, '/api/sla-policies/police_report', { ...pr, target: 'PT2H', calendarId: calId }).expect(200);
        const clk = (await showCase(c.id)).clocks.find((k: any) => k.stage === 'police_report');
        // expected: 2 working hours from startedAt on Mon–Fri 09–18 UTC, today a holiday
        let at = Date.parse(clk.startedAt);
        let left = 2 * 3600_000;
        const isWorkDay = (d: Date) => d.getUTCDay() >= 1 && d.getUTCDay() <= 5 && d.toISOString().slice(0, 10) !== today;
        while (left > 0) {
          const d = new Date(at);
          const open = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 9);
          const close = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 18);
          if (!isWorkDay(d) || at >= close) { at = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1); continue; }
          if (at < open) at = open;
          const take = Math.min(left, close - at);
          at += take;
          left -= take;
        }
        expect(clk.dueAt).toBe(new Date(at).toISOString());
      } finally {
        await put(admin, '/api/sla-policies/police_report', pr).expect(200);
      }
    });

    it('the freeze.rejected alert from a callback names the notification', async () => {
      const c = await openCase({ bankCode: BANK, channel: 'bank_alert' });
      const [n] = await notificationsOf(c.id);
      await sendCallback(BANK, { type: 'freeze.rejected', notificationId: n.id, caseReference: c.reference, reason: 'no', at: past(1) }).expect(200);
      const [a] = (await get(reviewer, `/api/alerts?filter=${q({ caseId: c.id })}`)).body;
      expect(a).toMatchObject({ type: 'freeze.rejected', caseId: c.id, caseReference: c.reference, readAt: null, createdAt: expect.stringMatching(ISO_Z) });
      expect(a.notificationId).toBe(n.id);
      expect(a.stage).toBe('freeze');
      // one alert per (user, type, notification): the bank saying it again adds none
      await sendCallback(BANK, { type: 'freeze.rejected', notificationId: n.id, caseReference: c.reference, reason: 'still no', at: past(0) }).expect(200);
      expect((await get(reviewer, `/api/alerts?filter=${q({ caseId: c.id })}`)).body).toHaveLength(1);
    });
  });

  describe('teams, recipients and field rules', () => {
    it('claim-next without a queue takes from the caller’s team; any claimer may claim from any queue', async () => {
      const code = `K${tag}`.slice(0, 8);
      const team = (await post(admin, '/api/teams', { name: `Claim team ${tag}`, bankCodes: [code], isDefault: false }).expect(201)).body;
      const member = await t.createUser('analyst', { teamId: team.id });
      const c = await openCase({ bankCode: code });
      expect(c.teamId).toBe(team.id);
      const got = await post(member, '/api/cases/claim-next', {});
      expect(got.status).toBe(200);
      expect(got.body.id).toBe(c.id);
      expect((await post(member, '/api/cases/claim-next', {})).status).toBe(204);
      // a queue of another team
      const P = `XQ${tag}`;
      const qu = (await post(admin, '/api/queues', { name: `xq ${tag}`, teamId: null, filter: { q: P } }).expect(201)).body;
      const x = await openCase({ sn: `${P}-1` });
      const r = await post(member, '/api/cases/claim-next', { queueId: qu.id });
      expect(r.status).toBe(200);
      expect(r.body.id).toBe(x.id);
    });

    it('alerts go to the supervisors of the case’s team (not to other supervisors)', async () => {
      const code = `S${tag}`.slice(0, 8);
      const team = (await post(admin, '/api/teams', { name: `Alert team ${tag}`, bankCodes: [code], isDefault: false }).expect(201)).body;
      const teamSup = await t.createUser('supervisor', { teamId: team.id });
      const c = await openCase({ bankCode: code });
      await act(analyst, c.id, 'claim');
      await act(analyst, c.id, 'record_freeze_rejection', { reason: 'bank refused' });
      expect((await get(teamSup, `/api/alerts?filter=${q({ caseId: c.id })}`)).body.map((a: any) => a.type)).toEqual(['freeze.rejected']);
      expect((await get(reviewer, `/api/alerts?filter=${q({ caseId: c.id })}`)).body).toHaveLength(0);
    });

    it('PUT refuses a change to a field the caller may not change (403): terminal sn, bank code', async () => {
      const sn = newSn('TP');
      await openCase({ sn });
      const term = (await get(supervisor, `/api/terminals?filter=${q({ q: sn })}`)).body[0];
      problem(await put(supervisor, `/api/terminals/${term.id}`, { ...term, sn: newSn('TQ') }), 403);
      problem(await put(supervisor, `/api/terminals/${term.id}`, { ...term, colour: 'red' }), 400, 'REQUEST.UNKNOWN_FIELD');
      const bank = (await get(admin, `/api/banks/${bankId}`)).body;
      problem(await put(admin, `/api/banks/${bankId}`, { ...bank, code: 'ZZZZ' }), 403);
      problem(await put(analyst, '/api/auth/me', { name: 'x', colour: 'red' }), 400, 'REQUEST.UNKNOWN_FIELD');
    });

    it('evidence removal needs a reason (422) without a PAN; admins cannot read events or evidence', async () => {
      const c = await openCase();
      await act(analyst, c.id, 'claim');
      const ev = (await upload(analyst, c.id, 'other', CSV, 'a.csv')).body;
      problem(await post(analyst, `/api/evidence/${ev.id}/remove`, {}), 422, 'VALIDATION.FAILED');
      problem(await post(analyst, `/api/evidence/${ev.id}/remove`, { reason: 'pan 4111111111111111' }), 422, 'PAN.DETECTED');
      problem(await get(admin, `/api/evidence/${ev.id}/content`), 403, 'AUTH.FORBIDDEN');
      problem(await get(admin, `/api/cases/${c.id}/events`), 403, 'AUTH.FORBIDDEN');
      problem(await get(admin, `/api/cases/${c.id}/evidence`), 403, 'AUTH.FORBIDDEN');
    });

    it('callbacks: a timestamp 4 minutes off passes; a signed but invalid body → 422 / unknown field → 400', async () => {
      const c = await openCase({ bankCode: BANK, channel: 'bank_alert' });
      const [n] = await notificationsOf(c.id);
      const ok = await sendCallback(BANK, { type: 'freeze.rejected', notificationId: n.id, caseReference: c.reference, reason: 'r', at: past(4) }, { ts: Math.floor(Date.now() / 1000) - 240 });
      expect(ok.status).toBe(200);
      problem(await sendCallback(BANK, { type: 'freeze.maybe', notificationId: n.id, caseReference: c.reference, at: past(1) }), 422, 'VALIDATION.FAILED');
      problem(await sendCallback(BANK, { type: 'freeze.confirmed', notificationId: n.id, caseReference: c.reference, at: past(1), colour: 'red' }), 400, 'REQUEST.UNKNOWN_FIELD');
    });

    it('bulk refuses an action other than assign / close_early', async () => {
      const c = await openCase();
      const r = await post(supervisor, '/api/cases/bulk', { ids: [c.id], action: 'resolve', payload: {} });
      expect([400, 422]).toContain(r.status);
      problem(r, r.status);
    });

    it('case search q matches the TID', async () => {
      const c = await openCase({ terminalId: `TID${tag}77` });
      expect((await get(analyst, `/api/cases?filter=${q({ q: `TID${tag}77` })}`)).body.map((x: any) => x.id)).toEqual([c.id]);
    });
  });

  describe('stage checks and action times', () => {
    it('an action outside its stage → 422 CASE.ACTION_NOT_ALLOWED; exitRule names facts (merchant_contact.reached)', async () => {
      const c = await openCase();
      await act(analyst, c.id, 'claim');
      problem(await act(analyst, c.id, 'record_police_report', { agency: 'PSB', reportNumber: 'R', filedAt: past(1) }), 422, 'CASE.ACTION_NOT_ALLOWED');
      problem(await act(analyst, c.id, 'submit_for_review'), 422, 'CASE.ACTION_NOT_ALLOWED');
      await act(analyst, c.id, 'confirm_freeze', { bankReference: 'F', confirmedAt: past(3), bankCode: BANK });
      problem(await act(analyst, c.id, 'confirm_freeze', { bankReference: 'F', confirmedAt: past(3) }), 422, 'CASE.ACTION_NOT_ALLOWED');
      await act(analyst, c.id, 'record_police_report', { agency: 'PSB', reportNumber: 'R', filedAt: past(2) });
      expect((await showCase(c.id)).exitRule).toEqual({ met: false, missing: ['merchant_contact.reached'] });
    });

    it('serves action times in UTC Z even when sent with an offset', async () => {
      const c = await openCase();
      await act(analyst, c.id, 'claim');
      const off = (min: number) => new Date(Date.now() - min * 60_000 + 8 * 3600_000).toISOString().replace('Z', '+08:00');
      await act(analyst, c.id, 'confirm_freeze', { bankReference: 'F', confirmedAt: off(5), bankCode: BANK }).then((r) => expect(r.status).toBe(200));
      await act(analyst, c.id, 'record_freeze_notice', { notifiedAt: off(4), channel: 'phone', notifiedBy: 'bank', appealInstructionsGiven: true }).then((r) => expect(r.status).toBe(200));
      await act(analyst, c.id, 'record_police_report', { agency: 'PSB', reportNumber: 'R', filedAt: off(3) }).then((r) => expect(r.status).toBe(200));
      await act(analyst, c.id, 'log_merchant_contact', { channel: 'phone', contactedAt: off(2), outcome: 'no_answer' }).then((r) => expect(r.status).toBe(200));
      const shown = await showCase(c.id);
      expect(shown.freeze.confirmedAt).toMatch(ISO_Z);
      expect(shown.policeReport.filedAt).toMatch(ISO_Z);
      expect(shown.merchantContacts[0].contactedAt).toMatch(ISO_Z);
      expect(JSON.stringify(shown.freeze.notice)).not.toContain('+08:00');
      expect(JSON.stringify(shown)).not.toContain('+08:00');
    });
  });

  // ───────────────────────────── Role table (a sample of every row) ─────────────────────────────
  describe('role table', () => {
    const denied = async (u: { token: string }, method: 'get' | 'post' | 'put', path: string, body: any = {}) => {
      const r = method === 'get' ? await get(u, path) : method === 'post' ? await post(u, path, body) : await put(u, path, body);
      problem(r, 403, 'AUTH.FORBIDDEN');
    };

    it('POST /api/reports: analyst, supervisor, intake yes; auditor, admin no', async () => {
      await denied(auditor, 'post', '/api/reports', { sn: newSn(), channel: 'cardholder', misuseType: 'other' });
      await denied(admin, 'post', '/api/reports', { sn: newSn(), channel: 'cardholder', misuseType: 'other' });
    });

    it('read reports, cases, events, evidence, notifications, terminals: analyst, supervisor, auditor; not admin/intake', async () => {
      for (const p of ['/api/reports', '/api/cases', '/api/notifications']) {
        for (const u of [analyst, supervisor, auditor]) expect((await get(u, p)).status).toBe(200);
        await denied(admin, 'get', p);
        await denied(intake, 'get', p);
      }
      expect((await get(auditor, '/api/terminals')).status).toBe(200);
      await denied(intake, 'get', '/api/terminals');
    });

    it('bulk, notification retry, claim-next: not admin or auditor', async () => {
      const c = await openCase();
      await denied(admin, 'post', '/api/cases/bulk', { ids: [c.id], action: 'assign', payload: { assigneeId: null } });
      await denied(auditor, 'post', '/api/cases/bulk', { ids: [c.id], action: 'assign', payload: { assigneeId: null } });
      await denied(admin, 'post', '/api/cases/claim-next', {});
      await denied(intake, 'post', '/api/cases/claim-next', {});
      const n = (await get(supervisor, '/api/notifications')).body[0];
      await denied(admin, 'post', `/api/notifications/${n.id}/retry`);
      await denied(auditor, 'post', `/api/notifications/${n.id}/retry`);
    });

    it('GET /api/users: supervisor, auditor, admin; not analyst', async () => {
      await denied(analyst, 'get', '/api/users');
      await denied(intake, 'get', '/api/users');
    });

    it('admin-only writes: users, api keys, banks, teams, SLA policies, calendars', async () => {
      await denied(supervisor, 'post', '/api/users', { email: 'x@y.z', name: 'x', role: 'analyst', password: 'A-long-password-1' });
      await denied(supervisor, 'post', `/api/users/${intake.id}/api-keys`, { name: 'k' });
      await denied(auditor, 'post', '/api/teams', { name: 'x', bankCodes: [], isDefault: false });
      await denied(analyst, 'put', '/api/sla-policies/freeze', { target: 'PT1H', calendarId: '24x7', warnAtPercent: 80 });
    });

    it('GET banks, teams, queues, SLA policies, calendars: analyst, supervisor, auditor, admin', async () => {
      for (const p of ['/api/banks', '/api/teams', '/api/queues', '/api/sla-policies', '/api/calendars']) {
        for (const u of [analyst, supervisor, auditor, admin]) expect((await get(u, p)).status).toBe(200);
      }
    });

    it('/api/sla/*, /api/stats/*: analyst, supervisor, auditor; not admin', async () => {
      for (const u of [analyst, auditor]) {
        expect((await get(u, '/api/sla/breaches')).status).toBe(200);
        expect((await get(u, '/api/stats/load')).status).toBe(200);
      }
      await denied(admin, 'get', '/api/sla/summary');
      await denied(admin, 'get', '/api/stats/load');
    });
    it('audit export / verify: auditor, admin; not analyst or supervisor', async () => {
      await denied(analyst, 'get', '/api/audit/verify');
      await denied(supervisor, 'get', '/api/audit/export?format=jsonl');
      expect((await get(admin, '/api/audit/verify')).status).toBe(200);
    });

    it('own alerts for all human roles; /api/auth/me for every role', async () => {
      for (const u of [analyst, supervisor, auditor, admin]) expect((await get(u, '/api/alerts')).status).toBe(200);
      for (const u of [analyst, supervisor, auditor, admin, intake]) expect((await get(u, '/api/auth/me')).status).toBe(200);
    });
  });

  // last: it may block further logins from this address
  describe('login rate limit per client address', () => {
    it('answers 429 RATE_LIMITED with Retry-After after many failed logins from one address', async () => {
      let last: any;
      for (let i = 0; i < 60; i++) {
        last = await http().post('/api/auth/login').send({ email: `nobody${i}.${tag.toLowerCase()}@test.local`, password: 'wrong-password-0' });
        if (last.status === 429) break;
      }
      problem(last, 429, 'RATE_LIMITED');
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    });
  });
});
