import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_CSP, CONSOLE_CSP } from '@sentinel/contracts';
import { parseOrigins } from '../src/config/app-config';
import { auth, expectProblem, TestApp, type TestUser } from './test-app';

/**
 * Browser and HTTP hardening (docs/api.md "Conventions"): no-store on every API answer, CORS same-origin unless
 * CORS_ORIGIN lists origins, `range` bounds, NUL characters refused before PostgreSQL sees them, OpenAPI behind
 * sign-in with OPENAPI_PUBLIC=false, and the console's Content-Security-Policy.
 */
describe('HTTP hardening (API end to end)', () => {
  let t: TestApp;
  let locked: TestApp;
  let intake: TestUser;
  let auditor: TestUser;
  let consoleDir: string;

  beforeAll(async () => {
    consoleDir = mkdtempSync(join(tmpdir(), 'sn-console-'));
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>console</title><script type="module" src="/assets/index.js"></script>');
    writeFileSync(join(consoleDir, 'app.js'), 'export {};');
    [t, locked] = await Promise.all([
      TestApp.start('http-default', { consoleDir }),
      TestApp.start('http-locked', { openapiPublic: false, corsOrigins: ['https://console.bank.example'] }),
    ]);
    [intake, auditor] = await Promise.all([t.createUser('intake'), t.createUser('auditor')]);
  });
  afterAll(async () => {
    await Promise.all([t?.stop(), locked?.stop()]);
    rmSync(consoleDir, { recursive: true, force: true });
  });

  describe('caching and API CSP', () => {
    it('should answer every API call, errors and sign-in included, with Cache-Control: no-store and a CSP that renders nothing', async () => {
      const answers = await Promise.all([
        t.http().get('/api/cases').set(auth(auditor.token)),
        t.http().get('/api/auth/me').set(auth(auditor.token)),
        t.http().post('/api/auth/login').send({ email: auditor.email, password: 'Test-Password-1!' }),
        t.http().get('/api/cases'),
        t.http().get('/api/nope').set(auth(auditor.token)),
        t.http().get('/api/health'),
      ]);
      for (const res of answers) {
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.headers['content-security-policy']).toBe(API_CSP);
      }
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 401, 404, 200]);
    });
  });

  describe('CORS', () => {
    it('should send no CORS headers to any origin when CORS_ORIGIN is unset (same-origin only)', async () => {
      const get = await t.http().get('/api/health').set('Origin', 'https://evil.example');
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
      const pre = await t.http().options('/api/cases').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'GET').set('Access-Control-Request-Headers', 'authorization');
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('should allow exactly the listed origins when CORS_ORIGIN is set', async () => {
      const ok = await locked.http().options('/api/cases').set('Origin', 'https://console.bank.example').set('Access-Control-Request-Method', 'GET');
      expect(ok.headers['access-control-allow-origin']).toBe('https://console.bank.example');
      const get = await locked.http().get('/api/health').set('Origin', 'https://console.bank.example');
      expect(String(get.headers['access-control-expose-headers'])).toMatch(/content-range/i);
      const evil = await locked.http().get('/api/health').set('Origin', 'https://evil.example');
      expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('should refuse a CORS_ORIGIN entry that is not an origin at start', () => {
      expect(parseOrigins('https://a.example, http://localhost:3000/')).toEqual(['https://a.example', 'http://localhost:3000']);
      expect(parseOrigins(undefined)).toEqual([]);
      for (const bad of ['*', 'a.example', 'https://a.example/console', 'ftp://']) expect(() => parseOrigins(bad)).toThrow(/CORS_ORIGIN/);
    });
  });

  describe('range bounds', () => {
    it('should answer range offsets beyond 2^31 − 1 (1e21 included) with 400 REQUEST.MALFORMED, never 500', async () => {
      for (const range of ['[1e21,1e21]', '[0,1e21]', '[9007199254740993,9007199254740999]', '[2147483648,2147483650]']) {
        const res = await t.http().get('/api/cases').set(auth(auditor.token)).query({ range });
        expectProblem(res, 400, 'REQUEST.MALFORMED');
      }
      const edge = await t.http().get('/api/cases').set(auth(auditor.token)).query({ range: '[2147483600,2147483647]' });
      expect(edge.status).toBe(200);
      expect(edge.body).toEqual([]);
    });
  });

  describe('NUL characters', () => {
    it('should refuse U+0000 in the case search q, other filters and path ids with 400 REQUEST.MALFORMED', async () => {
      for (const q of ['PAX\u0000', '\u0000']) {
        const res = await t.http().get('/api/cases').set(auth(auditor.token)).query({ filter: JSON.stringify({ q }) });
        expectProblem(res, 400, 'REQUEST.MALFORMED');
      }
      expectProblem(await t.http().get('/api/reports').set(auth(auditor.token)).query({ filter: JSON.stringify({ sn: 'A\u0000' }) }), 400, 'REQUEST.MALFORMED');
      expectProblem(await t.http().get('/api/banks/ICBC%00').set(auth(auditor.token)), 400, 'REQUEST.MALFORMED');
      expectProblem(await t.http().get('/api/cases?filter=%7B%22q%22%3A%22%00%22%7D').set(auth(auditor.token)), 400, 'REQUEST.MALFORMED');
    });

    it('should refuse U+0000 in any JSON text field (values and keys, at any depth) with 422 naming the field, storing nothing', async () => {
      const [{ n: before }] = await t.ds.query(`SELECT count(*)::int AS n FROM reports`);
      const body = { sn: 'NUL-0000001', channel: 'partner_api', misuseType: 'other', description: 'a\u0000b', reporter: { name: 'x\u0000' } };
      const p = expectProblem(await t.http().post('/api/reports').set(auth(intake.token)).send(body), 422, 'VALIDATION.FAILED');
      expect(p.fieldCodes).toEqual({ description: 'INVALID', 'reporter.name': 'INVALID' });
      const login = expectProblem(await t.http().post('/api/auth/login').send({ email: 'a\u0000@b.c', password: 'x' }), 422, 'VALIDATION.FAILED');
      expect(login.fieldCodes).toEqual({ email: 'INVALID' });
      const key = expectProblem(await t.http().post('/api/reports').set(auth(intake.token)).send({ ...body, description: 'ok', reporter: undefined, ['bad\u0000key']: 1 }), 422, 'VALIDATION.FAILED');
      expect(Object.keys(key.fieldCodes)).toHaveLength(1);
      const [{ n: after }] = await t.ds.query(`SELECT count(*)::int AS n FROM reports`);
      expect(after).toBe(before);
    });
  });

  describe('OpenAPI behind sign-in', () => {
    it('should serve /api/openapi.json and /api/docs publicly by default (development, tests)', async () => {
      expect((await t.http().get('/api/openapi.json')).status).toBe(200);
      expect((await t.http().get('/api/docs/')).status).toBe(200);
    });

    it('should answer 401 without a valid token and the document with one when OPENAPI_PUBLIC=false', async () => {
      for (const path of ['/api/openapi.json', '/api/docs', '/api/docs/', '/api/docs/swagger-ui-init.js']) {
        expectProblem(await locked.http().get(path), 401, 'AUTH.UNAUTHENTICATED');
        expectProblem(await locked.http().get(path).set(auth('sns_not-a-real-token')), 401, 'AUTH.UNAUTHENTICATED');
      }
      const doc = await locked.http().get('/api/openapi.json').set(auth(locked.adminToken));
      expect(doc.status).toBe(200);
      expect(doc.body.openapi).toMatch(/^3\./);
      expect((await locked.http().get('/api/docs/').set(auth(locked.adminToken))).status).toBe(200);
    });
  });

  describe('console CSP', () => {
    it('should serve the console page and its files with the strict CSP (scripts from the origin only, no inline script)', async () => {
      const page = await t.http().get('/cases/123').set('Accept', 'text/html');
      expect(page.status).toBe(200);
      expect(page.headers['content-security-policy']).toBe(CONSOLE_CSP);
      expect(page.headers['cache-control']).toBe('no-cache');
      const file = await t.http().get('/app.js');
      expect(file.status).toBe(200);
      expect(file.headers['content-security-policy']).toBe(CONSOLE_CSP);
      expect(CONSOLE_CSP).toMatch(/(^|; )script-src 'self'(;|$)/);
      expect(CONSOLE_CSP).not.toMatch(/unsafe-eval/);
      expect(CONSOLE_CSP).toMatch(/frame-ancestors 'none'/);
    });

    it('should keep the console page free of inline scripts (the CSP would block them)', () => {
      const html = readFileSync(join(__dirname, '..', '..', 'console', 'index.html'), 'utf8');
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        expect(attrs).toMatch(/\bsrc=/);
        expect(body.trim()).toBe('');
      }
      expect(html).not.toMatch(/\son[a-z]+=/i);
    });
  });
});
