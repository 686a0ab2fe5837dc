import { Secret, TOTP } from 'otpauth';
import { ADMIN, auth, expectProblem, PASSWORD, TestApp, type TestUser } from './test-app';

/**
 * Sign-in security (docs/api.md "Auth"): attempts reserved atomically before the password is checked, a progressive
 * delay per (account, address) instead of a hard lock, TOTP second factor with recovery codes, the caller's own
 * password change, the must-change flag and MFA enrolment required (FORCE_PASSWORD_CHANGE, MFA_REQUIRED), and
 * sessions listed and ended by their user and by admins.
 */
const DELAY = { loginDelayBaseMs: 700, loginDelayMaxMs: 5_000 };
const codeAt = (secret: string, at = Date.now()) => new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Sign-in security (API end to end)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start('signin', DELAY);
  });
  afterAll(() => t?.stop());

  const login = (email: string, password: string, opts: { otp?: string; from?: string } = {}) => {
    const req = t.http().post('/api/auth/login');
    if (opts.from) req.set('X-Forwarded-For', opts.from);
    return req.send({ email, password, ...(opts.otp !== undefined ? { otp: opts.otp } : {}) });
  };

  describe('attempts and the progressive delay', () => {
    it('should delay, not lock: the right password works from another address at once and from the same one after the delay', async () => {
      const victim = await t.createUser('analyst');
      const from = '198.51.100.8';
      for (let i = 0; i < t.config.loginMaxFailuresPerAccount; i++) expectProblem(await login(victim.email, `wrong-${i}`, { from }), 401, 'AUTH.UNAUTHENTICATED');
      const refused = expectProblem(await login(victim.email, PASSWORD, { from }), 429, 'RATE_LIMITED');
      expect(refused.params.retryAfterSeconds).toBeGreaterThan(0);
      expect((await login(victim.email, PASSWORD, { from: '203.0.113.9' })).status).toBe(200);
      await sleep(DELAY.loginDelayBaseMs + 50);
      expect((await login(victim.email, PASSWORD, { from })).status).toBe(200);
      // a success starts the count again: the next wrong password is a plain 401, not a longer delay
      expectProblem(await login(victim.email, 'wrong-again', { from }), 401, 'AUTH.UNAUTHENTICATED');
    });

    it('should double the delay with each further wrong attempt', async () => {
      const victim = await t.createUser('analyst');
      const from = '198.51.100.10';
      for (let i = 0; i < t.config.loginMaxFailuresPerAccount; i++) await login(victim.email, `wrong-${i}`, { from });
      await sleep(DELAY.loginDelayBaseMs + 50);
      expectProblem(await login(victim.email, 'wrong-late', { from }), 401, 'AUTH.UNAUTHENTICATED');
      await sleep(DELAY.loginDelayBaseMs + 50); // the second delay is twice the first: still waiting
      expectProblem(await login(victim.email, PASSWORD, { from }), 429, 'RATE_LIMITED');
      await sleep(DELAY.loginDelayBaseMs);
      expect((await login(victim.email, PASSWORD, { from })).status).toBe(200);
    });
  });

  describe('POST /api/auth/password', () => {
    it('should check the current password and the policy, then end the other sessions and keep this one', async () => {
      const u = await t.createUser('auditor');
      const other = (await t.login(u.email)).token;
      const change = (body: object) => t.http().post('/api/auth/password').set(auth(u.token)).send(body);
      let p = expectProblem(await change({ currentPassword: 'not-it', newPassword: 'a long passphrase of mine' }), 422, 'VALIDATION.FAILED');
      expect(p.fieldCodes).toEqual({ currentPassword: 'INVALID' });
      p = expectProblem(await change({ currentPassword: PASSWORD, newPassword: 'short' }), 422, 'VALIDATION.FAILED');
      expect(p.fieldCodes).toEqual({ newPassword: 'TOO_SHORT' });
      p = expectProblem(await change({ currentPassword: PASSWORD, newPassword: PASSWORD }), 422, 'VALIDATION.FAILED');
      expect(p.fieldCodes).toEqual({ newPassword: 'INVALID' });
      expect((await change({ currentPassword: PASSWORD, newPassword: 'a long passphrase of mine' })).status).toBe(204);
      expectProblem(await t.http().get('/api/auth/me').set(auth(other)), 401, 'AUTH.UNAUTHENTICATED');
      expect((await t.http().get('/api/auth/me').set(auth(u.token))).status).toBe(200);
      expectProblem(await login(u.email, PASSWORD), 401, 'AUTH.UNAUTHENTICATED');
      expect((await login(u.email, 'a long passphrase of mine')).status).toBe(200);
      const [ev] = await t.ds.query(`SELECT data FROM system_events WHERE action = 'auth.password_changed' AND actor_id = $1`, [u.id]);
      expect(ev.data).toEqual({ userId: u.id, sessionsEnded: 1 });
    });
  });

  describe('sessions', () => {
    it('should list the caller\'s own live sessions and let them end one; someone else\'s is 404', async () => {
      const u = await t.createUser('analyst');
      const stranger = await t.createUser('analyst');
      const second = (await t.login(u.email)).token;
      const list = await t.http().get('/api/auth/sessions').set(auth(u.token));
      expect(list.status).toBe(200);
      expect(list.body).toHaveLength(2);
      expect(list.body.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
      const other = list.body.find((s: { current: boolean }) => !s.current);
      expect(other).toMatchObject({ userId: u.id, clientIp: expect.any(String), expiresAt: expect.stringMatching(/Z$/) });
      expectProblem(await t.http().delete(`/api/auth/sessions/${other.id}`).set(auth(stranger.token)), 404, 'NOT_FOUND');
      expect((await t.http().delete(`/api/auth/sessions/${other.id}`).set(auth(u.token))).status).toBe(204);
      expectProblem(await t.http().get('/api/auth/me').set(auth(second)), 401, 'AUTH.UNAUTHENTICATED');
      expect((await t.http().get('/api/auth/sessions').set(auth(u.token))).body).toHaveLength(1);
    });

    it('should let an admin list and end anyone\'s sessions, and nobody else list them', async () => {
      const u = await t.createUser('supervisor');
      expectProblem(await t.http().get(`/api/users/${u.id}/sessions`).set(auth(u.token)), 403, 'AUTH.FORBIDDEN');
      const list = await t.http().get(`/api/users/${u.id}/sessions`).set(auth(t.adminToken));
      expect(list.status).toBe(200);
      expect(list.body).toHaveLength(1);
      expect((await t.http().delete(`/api/auth/sessions/${list.body[0].id}`).set(auth(t.adminToken))).status).toBe(204);
      expectProblem(await t.http().get('/api/auth/me').set(auth(u.token)), 401, 'AUTH.UNAUTHENTICATED');
      const [ev] = await t.ds.query(`SELECT actor_role, data FROM system_events WHERE action = 'auth.session_revoked' AND data->>'userId' = $1`, [u.id]);
      expect(ev).toMatchObject({ actor_role: 'admin', data: { sessionId: list.body[0].id, userId: u.id } });
    });
  });

  describe('TOTP second factor', () => {
    let u: TestUser;
    let secret: string;
    let recovery: string[];

    it('should enrol: a pending secret and otpauth URI, confirmed only by a current code, answering 10 recovery codes once', async () => {
      u = await t.createUser('analyst');
      const enrol = await t.http().post('/api/auth/mfa/enrol').set(auth(u.token));
      expect(enrol.status).toBe(201);
      secret = enrol.body.secret;
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(enrol.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Sentinel%20SN:analyst\d+%40test\.local\?issuer=Sentinel%20SN&secret=[A-Z2-7]+&algorithm=SHA1&digits=6&period=30$/);
      const [row] = await t.ds.query(`SELECT mfa_pending_secret, mfa_secret FROM users WHERE id = $1`, [u.id]);
      expect(row.mfa_secret).toBeNull();
      expect(row.mfa_pending_secret).toMatch(/^sbx1:/);
      expect(row.mfa_pending_secret).not.toContain(secret);
      expect((await login(u.email, PASSWORD)).status).toBe(200); // not on until confirmed
      const wrong = expectProblem(await t.http().post('/api/auth/mfa/confirm').set(auth(u.token)).send({ code: '000000' === codeAt(secret) ? '111111' : '000000' }), 422, 'VALIDATION.FAILED');
      expect(wrong.fieldCodes).toEqual({ code: 'INVALID' });
      const ok = await t.http().post('/api/auth/mfa/confirm').set(auth(u.token)).send({ code: codeAt(secret) });
      expect(ok.status).toBe(201);
      recovery = ok.body.recoveryCodes;
      expect(recovery).toHaveLength(10);
      for (const c of recovery) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
      const hashes = await t.ds.query(`SELECT code_hash FROM mfa_recovery_codes WHERE user_id = $1`, [u.id]);
      expect(hashes).toHaveLength(10);
      expect(hashes.map((h: { code_hash: string }) => h.code_hash)).not.toContain(recovery[0]);
      expectProblem(await t.http().post('/api/auth/mfa/enrol').set(auth(u.token)), 409, 'CONFLICT');
      expect((await t.http().get('/api/auth/me').set(auth(u.token))).body).toMatchObject({ mfaEnabled: true, mfaEnrolmentRequired: false, mustChangePassword: false });
    });

    it('should then need otp at sign-in: 401 AUTH.MFA_REQUIRED without it, each code and recovery code working once', async () => {
      const from = '198.51.100.20';
      expectProblem(await login(u.email, PASSWORD, { from }), 401, 'AUTH.MFA_REQUIRED');
      expectProblem(await login(u.email, PASSWORD, { from, otp: codeAt(secret) }), 401, 'AUTH.UNAUTHENTICATED'); // used at confirm
      const next = codeAt(secret, Date.now() + 30_000);
      expect((await login(u.email, PASSWORD, { from, otp: next })).status).toBe(200);
      expectProblem(await login(u.email, PASSWORD, { from: '198.51.100.21', otp: next }), 401, 'AUTH.UNAUTHENTICATED'); // replay
      expectProblem(await login(u.email, 'wrong-password', { from: '198.51.100.22', otp: recovery[0] }), 401, 'AUTH.UNAUTHENTICATED');
      expect((await login(u.email, PASSWORD, { from: '198.51.100.23', otp: recovery[0].toUpperCase() })).status).toBe(200);
      expectProblem(await login(u.email, PASSWORD, { from: '198.51.100.24', otp: recovery[0] }), 401, 'AUTH.UNAUTHENTICATED');
      const [ev] = await t.ds.query(`SELECT data FROM system_events WHERE action = 'auth.login' AND actor_id = $1 ORDER BY seq DESC LIMIT 1`, [u.id]);
      expect(ev.data.secondFactor).toBe('recovery');
    });

    it('should turn the factor off with the password and a code, and let an admin reset it (sessions end, audited)', async () => {
      const bad = expectProblem(await t.http().post('/api/auth/mfa/disable').set(auth(u.token)).send({ password: 'nope', otp: recovery[1] }), 422, 'VALIDATION.FAILED');
      expect(bad.fieldCodes).toEqual({ password: 'INVALID' });
      expect((await t.http().post('/api/auth/mfa/disable').set(auth(u.token)).send({ password: PASSWORD, otp: recovery[1] })).status).toBe(204);
      const { token } = await t.login(u.email);
      const again = await t.http().post('/api/auth/mfa/enrol').set(auth(token));
      expect((await t.http().post('/api/auth/mfa/confirm').set(auth(token)).send({ code: codeAt(again.body.secret) })).status).toBe(201);
      expectProblem(await t.http().post(`/api/users/${u.id}/mfa/reset`).set(auth(token)).send({ reason: 'lost phone' }), 403, 'AUTH.FORBIDDEN');
      expect((await t.http().post(`/api/users/${u.id}/mfa/reset`).set(auth(t.adminToken)).send({ reason: 'lost phone, identity checked' })).status).toBe(204);
      expectProblem(await t.http().get('/api/auth/me').set(auth(token)), 401, 'AUTH.UNAUTHENTICATED');
      expect((await login(u.email, PASSWORD, { from: '198.51.100.25' })).status).toBe(200);
      const [ev] = await t.ds.query(`SELECT data FROM system_events WHERE action = 'auth.mfa_reset' AND data->>'userId' = $1`, [u.id]);
      expect(ev.data).toEqual({ userId: u.id, wasEnabled: true, reason: 'lost phone, identity checked' });
    });
  });
});

describe('FORCE_PASSWORD_CHANGE and MFA_REQUIRED (API end to end)', () => {
  let t: TestApp;
  const NEW_ADMIN_PASSWORD = 'a long one, chosen by me';

  beforeAll(async () => {
    t = await TestApp.start('signin-forced', { ...DELAY, forcePasswordChange: true, mfaRequired: true });
  });
  afterAll(() => t?.stop());

  it('should make the bootstrap admin change the password, then enrol a second factor, before anything else', async () => {
    const first = await t.http().post('/api/auth/login').send(ADMIN);
    expect(first.body).toMatchObject({ mustChangePassword: true, mfaEnrolmentRequired: true });
    const token = first.body.token;
    expectProblem(await t.http().get('/api/users').set(auth(token)), 403, 'AUTH.PASSWORD_CHANGE_REQUIRED');
    expect((await t.http().get('/api/auth/me').set(auth(token))).body).toMatchObject({ mustChangePassword: true, mfaEnrolmentRequired: true, mfaEnabled: false });
    expect((await t.http().post('/api/auth/password').set(auth(token)).send({ currentPassword: ADMIN.password, newPassword: NEW_ADMIN_PASSWORD })).status).toBe(204);
    expectProblem(await t.http().get('/api/users').set(auth(token)), 403, 'AUTH.MFA_ENROLMENT_REQUIRED');
    const enrol = await t.http().post('/api/auth/mfa/enrol').set(auth(token));
    expect((await t.http().post('/api/auth/mfa/confirm').set(auth(token)).send({ code: codeAt(enrol.body.secret) })).status).toBe(201);
    expect((await t.http().get('/api/users').set(auth(token))).status).toBe(200);
    const disable = expectProblem(await t.http().post('/api/auth/mfa/disable').set(auth(token)).send({ password: NEW_ADMIN_PASSWORD, otp: codeAt(enrol.body.secret, Date.now() + 30_000) }), 422, 'VALIDATION.FAILED');
    expect(disable.fieldCodes).toEqual({ otp: 'NOT_ALLOWED' });
    t.adminToken = token;
  });

  it('should refuse every other call of a user whose password an admin set until they change it; intake users and analysts need no second factor', async () => {
    const create = (role: string, email: string) =>
      t.http().post('/api/users').set(auth(t.adminToken)).send({ email, name: role, role, password: 'admin-set-password-1' });
    expect((await create('analyst', 'new.analyst@test.local')).status).toBe(201);
    expect((await create('intake', 'new.intake@test.local')).status).toBe(201);
    const analyst = await t.http().post('/api/auth/login').send({ email: 'new.analyst@test.local', password: 'admin-set-password-1' });
    expect(analyst.body.mustChangePassword).toBe(true);
    expect(analyst.body.mfaEnrolmentRequired).toBeUndefined();
    const token = analyst.body.token;
    for (const [method, path] of [['get', '/api/cases'], ['get', '/api/auth/sessions'], ['put', '/api/auth/me'], ['post', '/api/reports']] as const) {
      expectProblem(await t.http()[method](path).set(auth(token)).send({}), 403, 'AUTH.PASSWORD_CHANGE_REQUIRED');
    }
    expect((await t.http().post('/api/auth/password').set(auth(token)).send({ currentPassword: 'admin-set-password-1', newPassword: 'my very own passphrase' })).status).toBe(204);
    expect((await t.http().get('/api/cases').set(auth(token))).status).toBe(200);
    const intake = await t.http().post('/api/auth/login').send({ email: 'new.intake@test.local', password: 'admin-set-password-1' });
    expect(intake.body.mustChangePassword).toBeUndefined();
    // an admin setting the password again sets the flag again
    const [{ id }] = await t.ds.query(`SELECT id FROM users WHERE email = 'new.analyst@test.local'`);
    const user = (await t.http().get(`/api/users/${id}`).set(auth(t.adminToken))).body;
    expect((await t.http().put(`/api/users/${id}`).set(auth(t.adminToken)).send({ ...user, password: 'admin-reset-password-2' })).status).toBe(200);
    const again = await t.http().post('/api/auth/login').send({ email: 'new.analyst@test.local', password: 'admin-reset-password-2' });
    expect(again.body.mustChangePassword).toBe(true);
  });

  it('should make a supervisor enrol before anything else', async () => {
    const sup = await t.createUser('supervisor');
    expectProblem(await t.http().get('/api/cases').set(auth(sup.token)), 403, 'AUTH.MFA_ENROLMENT_REQUIRED');
    const enrol = await t.http().post('/api/auth/mfa/enrol').set(auth(sup.token));
    expect((await t.http().post('/api/auth/mfa/confirm').set(auth(sup.token)).send({ code: codeAt(enrol.body.secret) })).status).toBe(201);
    expect((await t.http().get('/api/cases').set(auth(sup.token))).status).toBe(200);
  });
});

describe('Sign-in attempts under a parallel burst (API end to end)', () => {
  let t: TestApp;

  // A delay far longer than the burst takes on a loaded machine: only the reservation can let attempts through.
  beforeAll(async () => {
    t = await TestApp.start('signin-burst', { loginDelayBaseMs: 120_000, loginDelayMaxMs: 600_000 });
  });
  afterAll(() => t?.stop());

  const login = (app: TestApp, email: string, password: string, opts: { from: string }) =>
    app.http().post('/api/auth/login').set('X-Forwarded-For', opts.from).send({ email, password });

    it('should give a parallel burst of 40 wrong passwords at most the limit of password checks (reserved before checking)', async () => {
      const victim = await t.createUser('analyst');
      const limit = t.config.loginMaxFailuresPerAccount;
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login(t, victim.email, `wrong-${i}`, { from: '198.51.100.7' })));
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(limit);
      expect(statuses.filter((s) => s === 429)).toHaveLength(40 - limit);
      for (const r of answers.filter((a) => a.status === 429)) expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM system_events WHERE action = 'auth.login_failed' AND actor_id = $1`, [victim.id]);
      expect(n).toBe(limit);
    });

});
