import type { Response } from 'supertest';
import { auth, expectProblem, PASSWORD, TestApp, type TestUser } from './test-app';

/**
 * Browser sessions by cookie (docs/api.md "Auth", issue 12): login sets the HttpOnly `sn_session` (the session token)
 * and the readable `sn_csrf`; the guard takes the cookie when no bearer token is sent, and a cookie-authenticated
 * unsafe request must echo `sn_csrf` in `X-CSRF-Token` (403 `AUTH.CSRF` otherwise); logout clears both; revocation
 * and expiry end the cookie like the token.
 */
interface SetCookie {
  name: string;
  value: string;
  attrs: Record<string, string | true>;
}

function setCookies(res: Response): Record<string, SetCookie> {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  const out: Record<string, SetCookie> = {};
  for (const line of raw ?? []) {
    const [pair, ...rest] = line.split(';').map((p) => p.trim());
    const eq = pair.indexOf('=');
    const attrs: Record<string, string | true> = {};
    for (const a of rest) {
      const i = a.indexOf('=');
      attrs[(i < 0 ? a : a.slice(0, i)).toLowerCase()] = i < 0 ? true : a.slice(i + 1);
    }
    out[pair.slice(0, eq)] = { name: pair.slice(0, eq), value: pair.slice(eq + 1), attrs };
  }
  return out;
}

interface Browser {
  cookie: string;
  csrf: string;
  token: string;
  body: Record<string, unknown>;
}

describe('Cookie sessions (API end to end)', () => {
  let t: TestApp;
  let analyst: TestUser;

  beforeAll(async () => {
    t = await TestApp.start('cookiesession');
    analyst = await t.createUser('analyst');
  });
  afterAll(() => t?.stop());

  /** Signs in as a browser does and keeps its cookie jar. */
  async function browserLogin(email: string, headers: Record<string, string> = {}): Promise<Browser> {
    const res = await t.http().post('/api/auth/login').set(headers).send({ email, password: PASSWORD }).expect(200);
    const c = setCookies(res);
    return { cookie: `sn_session=${c.sn_session.value}; sn_csrf=${c.sn_csrf.value}`, csrf: c.sn_csrf.value, token: c.sn_session.value, body: res.body };
  }

  it('should set sn_session (HttpOnly) and sn_csrf (readable) with the right attributes, and keep the JSON answer', async () => {
    const res = await t.http().post('/api/auth/login').send({ email: analyst.email, password: PASSWORD }).expect(200);
    expect(res.body).toEqual({ token: expect.stringMatching(/^sns_/), expiresAt: expect.any(String), user: expect.objectContaining({ id: analyst.id }) });
    const c = setCookies(res);
    const maxAge = String(t.config.sessionMaxHours * 3600);
    expect(c.sn_session.value).toBe(res.body.token);
    expect(c.sn_session.attrs).toMatchObject({ path: '/api', httponly: true, samesite: 'Strict', 'max-age': maxAge });
    expect(c.sn_session.attrs.secure).toBeUndefined();
    expect(c.sn_csrf.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(c.sn_csrf.value).not.toContain(res.body.token);
    // readable by the console's page at / (document.cookie shows only cookies whose path covers the page)
    expect(c.sn_csrf.attrs).toMatchObject({ path: '/', samesite: 'Strict', 'max-age': maxAge });
    expect(c.sn_csrf.attrs.httponly).toBeUndefined();
  });

  it('should mark both cookies Secure when the request came over https', async () => {
    const res = await t.http().post('/api/auth/login').set('X-Forwarded-Proto', 'https').send({ email: analyst.email, password: PASSWORD }).expect(200);
    const c = setCookies(res);
    expect(c.sn_session.attrs.secure).toBe(true);
    expect(c.sn_csrf.attrs.secure).toBe(true);
  });

  it('should leave the token out of the answer for X-Session-Mode: cookie, and the cookie works', async () => {
    const b = await browserLogin(analyst.email, { 'X-Session-Mode': 'cookie' });
    expect(b.body).toEqual({ expiresAt: expect.any(String), user: expect.objectContaining({ id: analyst.id }) });
    expect(b.token).toMatch(/^sns_/);
    const me = await t.http().get('/api/auth/me').set('Cookie', b.cookie).expect(200);
    expect(me.body.id).toBe(analyst.id);
  });

  it('should answer reads by cookie and refuse a write without or with the wrong X-CSRF-Token (403 AUTH.CSRF)', async () => {
    const b = await browserLogin(analyst.email);
    expect((await t.http().get('/api/cases').set('Cookie', b.cookie)).status).toBe(200);
    expect((await t.http().get('/api/auth/me').set('Cookie', `sn_session=${b.token}`)).status).toBe(200);

    const rename = (name: string) => t.http().put('/api/auth/me').set('Cookie', b.cookie).send({ name });
    const p = expectProblem(await rename('Forged'), 403, 'AUTH.CSRF');
    expect(p.detail).toMatch(/X-CSRF-Token/);
    expectProblem(await rename('Forged').set('X-CSRF-Token', 'not-it'), 403, 'AUTH.CSRF');
    const other = await browserLogin(analyst.email);
    expectProblem(await rename('Forged').set('X-CSRF-Token', other.csrf), 403, 'AUTH.CSRF'); // another session's value
    expectProblem(await t.http().post('/api/auth/logout').set('Cookie', b.cookie), 403, 'AUTH.CSRF');
    expect((await t.http().get('/api/auth/me').set('Cookie', b.cookie).expect(200)).body.name).not.toBe('Forged');

    const ok = await rename('Renamed by cookie').set('X-CSRF-Token', b.csrf).expect(200);
    expect(ok.body.name).toBe('Renamed by cookie');
  });

  it('should let the bearer token take precedence and need no CSRF header', async () => {
    const other = await t.createUser('analyst');
    const b = await browserLogin(other.email);
    const res = await t.http().put('/api/auth/me').set(auth(analyst.token)).set('Cookie', b.cookie).send({ name: 'Bearer wins' }).expect(200);
    expect(res.body.id).toBe(analyst.id);
    // a bad bearer token is not rescued by a good cookie
    expectProblem(await t.http().get('/api/auth/me').set(auth('sns_nope')).set('Cookie', b.cookie), 401, 'AUTH.UNAUTHENTICATED');
  });

  it('should refuse a forged cookie and an API key carried as a cookie', async () => {
    expectProblem(await t.http().get('/api/auth/me').set('Cookie', 'sn_session=sns_forged'), 401, 'AUTH.UNAUTHENTICATED');
    const key = await t.createApiKey({ bankCodes: ['ICBC'], channels: ['bank_alert'] });
    expect((await t.http().get('/api/auth/me').set(auth(key.token))).status).toBe(200);
    expectProblem(await t.http().get('/api/auth/me').set('Cookie', `sn_session=${key.token}`), 401, 'AUTH.UNAUTHENTICATED');
  });

  it('should clear both cookies on logout (same attributes, Max-Age=0) and refuse the cookie afterwards', async () => {
    const b = await browserLogin(analyst.email);
    const res = await t.http().post('/api/auth/logout').set('Cookie', b.cookie).set('X-CSRF-Token', b.csrf).expect(204);
    const c = setCookies(res);
    for (const [name, path] of [['sn_session', '/api'], ['sn_csrf', '/']]) {
      expect(c[name].value).toBe('');
      expect(c[name].attrs).toMatchObject({ path, samesite: 'Strict', 'max-age': '0' });
    }
    expect(c.sn_session.attrs.httponly).toBe(true);
    expectProblem(await t.http().get('/api/auth/me').set('Cookie', b.cookie), 401, 'AUTH.UNAUTHENTICATED');
    expectProblem(await t.http().get('/api/auth/me').set(auth(b.token)), 401, 'AUTH.UNAUTHENTICATED');
    const [ev] = await t.ds.query(`SELECT data FROM system_events WHERE action = 'auth.logout' AND actor_id = $1 ORDER BY seq DESC LIMIT 1`, [analyst.id]);
    expect(ev).toBeDefined();
  });

  it('should make a revoked or expired session\'s cookie useless', async () => {
    const b = await browserLogin(analyst.email);
    const [{ id }] = await t.ds.query(`SELECT id FROM sessions WHERE token_hash = encode(sha256($1::bytea), 'hex')`, [b.token]);
    await t.http().delete(`/api/auth/sessions/${id}`).set(auth(analyst.token)).expect(204);
    expectProblem(await t.http().get('/api/auth/me').set('Cookie', b.cookie), 401, 'AUTH.UNAUTHENTICATED');
    // a revoked session's write is refused as unauthenticated once its CSRF value is right
    expectProblem(await t.http().put('/api/auth/me').set('Cookie', b.cookie).set('X-CSRF-Token', b.csrf).send({ name: 'x' }), 401, 'AUTH.UNAUTHENTICATED');

    const e = await browserLogin(analyst.email);
    await t.ds.query(`UPDATE sessions SET idle_expires_at = now() - interval '1 second' WHERE token_hash = encode(sha256($1::bytea), 'hex')`, [e.token]);
    expectProblem(await t.http().get('/api/auth/me').set('Cookie', e.cookie), 401, 'AUTH.UNAUTHENTICATED');
  });

  it('should open the queue board from a cookie session (with the CSRF header, like any write)', async () => {
    const admin = await t.createUser('admin');
    const b = await browserLogin(admin.email);
    expectProblem(await t.http().post('/api/admin/queues-session').set('Cookie', b.cookie).send({}), 403, 'AUTH.CSRF');
    const opened = await t.http().post('/api/admin/queues-session').set('Cookie', b.cookie).set('X-CSRF-Token', b.csrf).send({}).expect(200);
    expect(opened.body.url).toBe('/api/admin/queues');
    const board = setCookies(opened).sn_board;
    expect(board.attrs).toMatchObject({ path: '/api/admin/queues', httponly: true, samesite: 'Strict' });
    // the browser then sends both cookies to the board
    const jar = `sn_board=${board.value}; ${b.cookie}`;
    const page = await t.http().get('/api/admin/queues').set('Cookie', jar).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    await t.http().post('/api/auth/logout').set('Cookie', b.cookie).set('X-CSRF-Token', b.csrf).expect(204);
    expectProblem(await t.http().get('/api/admin/queues').set('Cookie', jar), 401, 'AUTH.UNAUTHENTICATED');
  });
});
