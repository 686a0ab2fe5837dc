import { randomUUID } from 'node:crypto';
import { ModulesContainer } from '@nestjs/core';
import { PATH_METADATA } from '@nestjs/common/constants';
import { ROLE_PERMISSIONS, ROLES, type Role } from '@sentinel/contracts';
import { PUBLIC_KEY, ROLES_KEY } from '../src/auth/auth.decorators';
import { ADMIN_MODULES } from '../src/admin-modules';
import { AuthService, toActor, type UserRow } from '../src/auth/auth.service';
import { ProblemException } from '../src/common/problem.exception';
import { ADMIN, auth, expectProblem, PASSWORD, TestApp, type TestUser } from './test-app';

const ghostUser: UserRow = { id: '', email: 'ghost@test.local', name: 'Ghost', role: 'analyst', team_id: null, active: true, locale: 'en', time_zone: null };

describe('Auth (e2e)', () => {
  let t: TestApp;
  const users = {} as Record<Role, TestUser>;

  beforeAll(async () => {
    t = await TestApp.start('auth');
    for (const role of ROLES) users[role] = await t.createUser(role);
  });
  afterAll(async () => {
    await t?.stop();
  });

  describe('POST /api/auth/login', () => {
    it('should log in and return a token, its expiry and the user', async () => {
      const res = await t.http().post('/api/auth/login').send({ email: users.analyst.email, password: PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        token: expect.stringMatching(/^sns_/),
        expiresAt: expect.stringMatching(/Z$/),
        user: expect.objectContaining({ id: users.analyst.id, email: users.analyst.email, role: 'analyst', locale: 'en' }),
      });
      const [ev] = await t.ds.query(`SELECT actor_id FROM system_events WHERE action = 'auth.login' AND actor_id = $1 LIMIT 1`, [users.analyst.id]);
      expect(ev).toBeDefined();
    });

    it('should refuse a wrong password with 401 problem+json', async () => {
      const res = await t.http().post('/api/auth/login').send({ email: users.auditor.email, password: 'wrong-password' });
      expectProblem(res, 401, 'AUTH.UNAUTHENTICATED');
      expect(res.headers['x-correlation-id']).toBe(res.body.correlationId);
      const [ev] = await t.ds.query(`SELECT data FROM system_events WHERE action = 'auth.login_failed' ORDER BY seq DESC LIMIT 1`);
      expect(ev.data).toMatchObject({ reason: 'bad_password', email: 'a***@test.local' });
    });

    it('should rate limit repeated failures with 429 and Retry-After, even for the right password', async () => {
      const victim = await t.createUser('analyst');
      for (let i = 0; i < t.config.loginMaxFailuresPerAccount; i++) {
        expectProblem(await t.http().post('/api/auth/login').send({ email: victim.email, password: `wrong-${i}` }), 401, 'AUTH.UNAUTHENTICATED');
      }
      const res = await t.http().post('/api/auth/login').send({ email: victim.email, password: PASSWORD });
      expectProblem(res, 429, 'RATE_LIMITED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      // the address still works for other accounts
      expect((await t.http().post('/api/auth/login').send({ email: users.auditor.email, password: PASSWORD })).status).toBe(200);
    });

    it('should refuse a malformed body with 400 and a missing field with 422', async () => {
      expectProblem(await t.http().post('/api/auth/login').set('content-type', 'application/json').send('{"email":'), 400, 'REQUEST.MALFORMED');
      expectProblem(await t.http().post('/api/auth/login').send({ email: 'x@test.local' }), 422, 'VALIDATION.FAILED');
    });
  });

  describe('sessions', () => {
    it('should refuse a missing or unknown token with 401', async () => {
      expectProblem(await t.http().get('/api/auth/me'), 401, 'AUTH.UNAUTHENTICATED');
      expectProblem(await t.http().get('/api/auth/me').set(auth('sns_not-a-real-token')), 401, 'AUTH.UNAUTHENTICATED');
      expectProblem(await t.http().get('/api/auth/me').set(auth('snk_not-a-real-key')), 401, 'AUTH.UNAUTHENTICATED');
    });

    it('should revoke the token on logout', async () => {
      const { token } = await t.login(users.supervisor.email);
      expect((await t.http().post('/api/auth/logout').set(auth(token))).status).toBe(204);
      expectProblem(await t.http().get('/api/auth/me').set(auth(token)), 401, 'AUTH.UNAUTHENTICATED');
      // other sessions of the same user are unaffected
      expect((await t.http().get('/api/auth/me').set(auth(users.supervisor.token))).status).toBe(200);
    });

    it("should stop a deactivated user's token at once", async () => {
      const u = await t.createUser('analyst');
      expect((await t.http().get('/api/auth/me').set(auth(u.token))).status).toBe(200);
      await t.http().put(`/api/users/${u.id}`).set(auth(t.adminToken)).send({ active: false }).expect(200);
      expectProblem(await t.http().get('/api/auth/me').set(auth(u.token)), 401, 'AUTH.UNAUTHENTICATED');
      const [s] = await t.ds.query(`SELECT count(*)::int AS live FROM sessions WHERE user_id = $1 AND revoked_at IS NULL`, [u.id]);
      expect(s.live).toBe(0);
    });
  });

  describe('/api/auth/me', () => {
    it('should answer 401 when the user row is gone (never a TypeError)', async () => {
      // The guard's lookup joins users, so over HTTP this is only the race of a row removed after it; ask the service.
      const me = t.app.get(AuthService).me(toActor({ ...ghostUser, id: randomUUID() }));
      await expect(me).rejects.toBeInstanceOf(ProblemException);
      await expect(me).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED', status: 401 });
    });

    it.each(ROLES)('should list the permissions of the %s role', async (role) => {
      const res = await t.http().get('/api/auth/me').set(auth(users[role].token));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: users[role].id, role, permissions: [...ROLE_PERMISSIONS[role]] });
      expect(res.body).not.toHaveProperty('passwordHash');
    });

    it('should let a user change their name, locale and time zone', async () => {
      const u = await t.createUser('analyst');
      const res = await t.http().put('/api/auth/me').set(auth(u.token)).send({ name: 'Wang Fang', locale: 'zh-CN', timeZone: 'Asia/Shanghai' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: 'Wang Fang', locale: 'zh-CN', timeZone: 'Asia/Shanghai', role: 'analyst' });
      expect(expectProblem(await t.http().put('/api/auth/me').set(auth(u.token)).send({ timeZone: 'Mars/Olympus' }), 422, 'VALIDATION.FAILED').errors).toHaveProperty('timeZone');
      expectProblem(await t.http().put('/api/auth/me').set(auth(u.token)).send({ role: 'admin' }), 400, 'REQUEST.UNKNOWN_FIELD');
    });
  });

  describe('who may do what', () => {
    it('should give every route of the admin modules @Roles or @Public (deny by default)', () => {
      const modules = [...t.app.get(ModulesContainer).values()].filter((m) => ADMIN_MODULES.includes(m.metatype as never));
      expect(modules).toHaveLength(ADMIN_MODULES.length);
      let routes = 0;
      for (const m of modules) {
        for (const wrapper of m.controllers.values()) {
          const proto = (wrapper.metatype as { prototype: Record<string, unknown> }).prototype;
          for (const name of Object.getOwnPropertyNames(proto)) {
            const handler = proto[name];
            if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
            routes++;
            const roles = Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, wrapper.metatype as object);
            const isPublic = Reflect.getMetadata(PUBLIC_KEY, handler);
            expect({ route: `${wrapper.name}.${name}`, guarded: !!(roles?.length || isPublic) }).toEqual({ route: `${wrapper.name}.${name}`, guarded: true });
          }
        }
      }
      expect(routes).toBeGreaterThanOrEqual(29);
    });

    const id = randomUUID();
    const A: Role[] = ['admin'];
    const SETTINGS: Role[] = ['analyst', 'supervisor', 'auditor', 'admin'];
    // [method, path, roles allowed] — docs/api.md "Who may do what". Bodies are empty or ids unknown: an allowed
    // caller gets 200/404/422, never a change; everyone else 403 AUTH.FORBIDDEN; no token 401.
    const TABLE: Array<[string, string, Role[]]> = [
      ['get', '/api/users', ['supervisor', 'auditor', 'admin']],
      ['get', `/api/users/${id}`, ['supervisor', 'auditor', 'admin']],
      ['post', '/api/users', A],
      ['put', `/api/users/${id}`, A],
      ['delete', `/api/users/${id}`, A],
      ['post', `/api/users/${id}/api-keys`, A],
      ['get', `/api/users/${id}/api-keys`, A],
      ['get', '/api/api-keys', A],
      ['delete', `/api/api-keys/${id}`, A],
      ['get', '/api/teams', SETTINGS],
      ['get', `/api/teams/${id}`, SETTINGS],
      ['post', '/api/teams', A],
      ['put', `/api/teams/${id}`, A],
      ['delete', `/api/teams/${id}`, A],
      ['get', '/api/banks', SETTINGS],
      ['get', `/api/banks/${id}`, SETTINGS],
      ['post', '/api/banks', A],
      ['put', `/api/banks/${id}`, A],
      ['delete', `/api/banks/${id}`, A],
      ['post', `/api/banks/${id}/rotate-secret`, A],
      ['get', '/api/queues', SETTINGS],
      ['get', `/api/queues/${id}`, SETTINGS],
      ['post', '/api/queues', ['supervisor', 'admin']],
      ['put', `/api/queues/${id}`, ['supervisor', 'admin']],
      ['delete', `/api/queues/${id}`, ['supervisor', 'admin']],
      ['get', '/api/terminals', ['analyst', 'supervisor', 'auditor', 'admin']],
      ['get', `/api/terminals/${id}`, ['analyst', 'supervisor', 'auditor', 'admin']],
      ['put', `/api/terminals/${id}`, ['supervisor', 'admin']],
      ['post', `/api/terminals/${id}/reveal`, ['analyst', 'supervisor']],
      ['get', '/api/auth/me', [...ROLES]],
    ];
    const cases = TABLE.flatMap(([method, path, allowed]) => ROLES.map((role) => [method, path, role, allowed.includes(role)] as const));

    it.each(cases)('%s %s as %s → allowed: %s', async (method, path, role, allowed) => {
      const res = await (t.http() as any)[method](path).set(auth(users[role].token)).send({});
      if (allowed) {
        expect([200, 404, 422]).toContain(res.status);
      } else {
        expectProblem(res, 403, 'AUTH.FORBIDDEN');
      }
    });

    it.each(TABLE.map(([m, p]) => [m, p]))('%s %s without a token → 401', async (method, path) => {
      expectProblem(await (t.http() as any)[method](path).send({}), 401, 'AUTH.UNAUTHENTICATED');
    });

    it('should let an API key of an intake user do nothing but /api/auth/me here', async () => {
      const { key } = (await t.http().post(`/api/users/${users.intake.id}/api-keys`).set(auth(t.adminToken)).send({ name: 'table', bankCodes: ['ICBC'], channels: ['bank_alert'] })).body;
      expect((await t.http().get('/api/auth/me').set(auth(key))).status).toBe(200);
      for (const [method, path, allowed] of TABLE) {
        if (allowed.includes('intake')) continue;
        expectProblem(await (t.http() as any)[method](path).set(auth(key)).send({}), 403, 'AUTH.FORBIDDEN');
      }
    });
  });

  it('should keep the bootstrap admin usable', async () => {
    expect((await t.login(ADMIN.email, ADMIN.password)).token).toMatch(/^sns_/);
  });
});
