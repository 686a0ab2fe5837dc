import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { TestApp, type TestUser } from './test-app';

/**
 * Who may do what (docs/api.md "Who may do what"), as one table: every route the Nest app serves (read from its
 * router, so a new route without a row fails here), every caller — each role, an intake user signed in with a
 * password and one with an API key, and no one — and whether it passes the role gate. Requests carry minimal
 * bodies and unknown ids: a 404 or 422 means "allowed past auth"; only 401 / 403 `AUTH.FORBIDDEN` mean refused.
 */

type Caller = 'admin' | 'supervisor' | 'analyst' | 'auditor' | 'intake' | 'intakeKey' | 'anonymous';
/** roles past the gate; `public` = no sign-in needed (the route checks its own credential, if any) */
type Rule = readonly Caller[] | 'public';

const CALLERS: readonly Caller[] = ['admin', 'supervisor', 'analyst', 'auditor', 'intake', 'intakeKey', 'anonymous'];
const READERS: Rule = ['analyst', 'supervisor', 'auditor'];
const SETTINGS_READERS: Rule = ['analyst', 'supervisor', 'auditor', 'admin'];
const CASE_WORKERS: Rule = ['analyst', 'supervisor'];
const HUMANS: Rule = ['analyst', 'supervisor', 'auditor', 'admin'];
const EVERYONE_SIGNED_IN: Rule = ['analyst', 'supervisor', 'auditor', 'admin', 'intake', 'intakeKey'];
const ADMIN: Rule = ['admin'];

/** `METHOD path` as the router holds it (ALL = a catch-all of every method) → who passes. */
const TABLE: Record<string, Rule> = {
  // auth and health
  'POST /api/auth/login': 'public',
  'GET /api/auth/me': EVERYONE_SIGNED_IN,
  'PUT /api/auth/me': EVERYONE_SIGNED_IN,
  'POST /api/auth/logout': EVERYONE_SIGNED_IN,
  'POST /api/auth/password': EVERYONE_SIGNED_IN,
  'GET /api/auth/sessions': EVERYONE_SIGNED_IN,
  'DELETE /api/auth/sessions/:id': EVERYONE_SIGNED_IN,
  'POST /api/auth/mfa/enrol': HUMANS,
  'POST /api/auth/mfa/confirm': HUMANS,
  'POST /api/auth/mfa/disable': HUMANS,
  'GET /api/health': 'public',
  // the OpenAPI document and its UI
  'GET /api/openapi.json': 'public',
  'GET /api/docs-yaml': 'public',
  'GET /api/docs': 'public',
  'GET /api/docs/': 'public',
  'GET /api/docs/index.html': 'public',
  'GET /api/docs/LICENSE': 'public',
  'GET /api/docs/swagger-ui-init.js': 'public',
  'GET /api/docs/docs/swagger-ui-init.js': 'public',
  // users and API keys
  'GET /api/users': ['supervisor', 'auditor', 'admin'],
  'GET /api/users/:id': ['supervisor', 'auditor', 'admin'],
  'POST /api/users': ADMIN,
  'PUT /api/users/:id': ADMIN,
  'DELETE /api/users/:id': ADMIN,
  'GET /api/users/:id/sessions': ADMIN,
  'POST /api/users/:id/mfa/reset': ADMIN,
  'POST /api/users/:id/api-keys': ADMIN,
  'GET /api/users/:id/api-keys': ADMIN,
  'GET /api/api-keys': ADMIN,
  'PUT /api/api-keys/:id': ADMIN,
  'DELETE /api/api-keys/:id': ADMIN,
  // settings
  'GET /api/teams': SETTINGS_READERS,
  'GET /api/teams/:id': SETTINGS_READERS,
  'POST /api/teams': ADMIN,
  'PUT /api/teams/:id': ADMIN,
  'DELETE /api/teams/:id': ADMIN,
  'GET /api/banks': SETTINGS_READERS,
  'GET /api/banks/:id': SETTINGS_READERS,
  'POST /api/banks': ADMIN,
  'PUT /api/banks/:id': ADMIN,
  'POST /api/banks/:id/rotate-secret': ADMIN,
  'DELETE /api/banks/:id': ADMIN,
  'GET /api/queues': SETTINGS_READERS,
  'GET /api/queues/:id': SETTINGS_READERS,
  'POST /api/queues': ['supervisor', 'admin'],
  'PUT /api/queues/:id': ['supervisor', 'admin'],
  'DELETE /api/queues/:id': ['supervisor', 'admin'],
  'GET /api/sla-policies': SETTINGS_READERS,
  'GET /api/sla-policies/:stage': SETTINGS_READERS,
  'PUT /api/sla-policies/:stage': ADMIN,
  'GET /api/calendars': SETTINGS_READERS,
  'GET /api/calendars/:id': SETTINGS_READERS,
  'POST /api/calendars': ADMIN,
  'PUT /api/calendars/:id': ADMIN,
  'DELETE /api/calendars/:id': ADMIN,
  // terminals (admins read what they edit)
  'GET /api/terminals': [...READERS, 'admin'],
  'GET /api/terminals/:id': [...READERS, 'admin'],
  'PUT /api/terminals/:id': ['supervisor', 'admin'],
  'POST /api/terminals/:id/reveal': CASE_WORKERS,
  // reports (intake only submits)
  'POST /api/reports': ['analyst', 'supervisor', 'intake', 'intakeKey'],
  'POST /api/reports/batch': ['analyst', 'supervisor', 'intake', 'intakeKey'],
  'GET /api/reports': READERS,
  'GET /api/reports/:id': READERS,
  'POST /api/reports/:id/reveal': READERS,
  // cases (POST /api/cases and PUT/PATCH … answer 405 to everyone: cases change only through reports and actions)
  'GET /api/cases': READERS,
  'POST /api/cases': 'public',
  'ALL /api/cases': 'public',
  'ALL /api/cases/:id': 'public',
  'POST /api/cases/claim-next': CASE_WORKERS,
  'POST /api/cases/bulk': ['supervisor'],
  'GET /api/cases/:id': READERS,
  'GET /api/cases/:id/events': READERS,
  'POST /api/cases/:id/actions/:action': CASE_WORKERS,
  // evidence (a bare DELETE answers 405 to everyone)
  'POST /api/cases/:id/evidence': CASE_WORKERS,
  'GET /api/cases/:id/evidence': READERS,
  'GET /api/evidence/:id': READERS,
  'GET /api/evidence/:id/content': READERS,
  'POST /api/evidence/:id/remove': CASE_WORKERS,
  'DELETE /api/evidence/:id': 'public',
  // banks calling back (checked by signature) and notifications
  'POST /api/bank-callbacks/:bankCode': 'public',
  'GET /api/notifications': READERS,
  'GET /api/notifications/:id': READERS,
  'POST /api/notifications/:id/retry': ['supervisor'],
  // SLA, stats, alerts
  'GET /api/sla/breaches': READERS,
  'GET /api/sla/summary': READERS,
  'GET /api/stats/load': READERS,
  'GET /api/alerts': HUMANS,
  'GET /api/alerts/unread-count': HUMANS,
  'POST /api/alerts/read-all': HUMANS,
  'GET /api/alerts/:id': HUMANS,
  'POST /api/alerts/:id/read': HUMANS,
  // holds, regulatory clocks, watchlist (the actions themselves go through POST /api/cases/:id/actions/:action)
  'GET /api/holds': READERS,
  'GET /api/regulatory-clocks': READERS,
  'GET /api/regulatory-policies': SETTINGS_READERS,
  'GET /api/regulatory-policies/:kind': SETTINGS_READERS,
  'PUT /api/regulatory-policies/:kind': ADMIN,
  'GET /api/watchlist': READERS,
  'POST /api/watchlist': ['supervisor'],
  'POST /api/watchlist/:id/remove': ['supervisor'],
  // alert channels: each person's own preferences, robots and deliveries
  'GET /api/me/alert-preferences': HUMANS,
  'PUT /api/me/alert-preferences': HUMANS,
  'PUT /api/me/alert-channels/:channel': HUMANS,
  'DELETE /api/me/alert-channels/:channel': HUMANS,
  'POST /api/me/alert-channels/:channel/test': HUMANS,
  'GET /api/me/alert-deliveries': HUMANS,
  // audit
  'GET /api/audit/verify': ['auditor', 'admin'],
  'GET /api/audit/export': ['auditor', 'admin'],
  'GET /api/audit/public-key': ['auditor', 'admin'],
  'GET /api/audit/checkpoints': ['auditor', 'admin'],
  'GET /api/audit/checkpoints/:id': ['auditor', 'admin'],
  'GET /api/audit/checkpoints/:id/leaves': ['auditor', 'admin'],
  'POST /api/audit/checkpoints': ADMIN,
  'GET /api/cases/:id/dossier.pdf': ['auditor', 'admin'],
  // operations: Prometheus (its own port or a scrape token), the Bull Board session cookie, the 404 of unknown paths
  'GET /metrics': 'public',
  'ALL /metrics': 'public',
  'ALL /metrics/': 'public',
  'POST /api/admin/queues-session': ADMIN,
  // historical import
  'POST /api/imports': ADMIN,
  'GET /api/imports/:id': ADMIN,
  'ALL /api': 'public',
  'ALL /api/{*splat}': 'public',
};

/** Routes that take multipart (a JSON body is refused by media type before the role gate is reached). */
const MULTIPART = new Set(['POST /api/cases/:id/evidence', 'POST /api/imports']);

/** The routes the app serves, as `METHOD path` (catch-alls as ALL; the console's static fallback, a RegExp, left out). */
function servedRoutes(t: TestApp): string[] {
  const router = (t.app.getHttpAdapter().getInstance() as { router: { stack: Array<{ route?: { path: unknown; methods: Record<string, boolean> } }> } }).router;
  const out = new Set<string>();
  for (const layer of router.stack) {
    if (!layer.route || typeof layer.route.path !== 'string') continue;
    const methods = Object.keys(layer.route.methods);
    if (methods.length > 3) out.add(`ALL ${layer.route.path}`);
    else for (const m of methods.filter((x) => x !== 'head' && x !== '_all')) out.add(`${m.toUpperCase()} ${layer.route.path}`);
  }
  return [...out];
}

/** A concrete URL for a route pattern: unknown ids, so nothing is found and nothing changes. */
function concrete(path: string): string {
  return path
    .replace(':action', 'claim')
    .replace(':stage', 'freeze')
    .replace(':bankCode', 'NOPE')
    .replace('{*splat}', 'no-such-thing')
    .replace(/:[a-zA-Z]+/g, () => randomUUID());
}

describe('Who may do what: every route × every caller', () => {
  let t: TestApp;
  const tokens = {} as Record<Caller, string | null>;

  beforeAll(async () => {
    t = await TestApp.start('role-table');
    const users = await Promise.all((['supervisor', 'analyst', 'auditor', 'intake'] as const).map((r) => t.createUser(r)));
    users.forEach((u: TestUser) => (tokens[u.role as Caller] = u.token));
    tokens.admin = t.adminToken;
    tokens.intakeKey = (await t.createApiKey({ bankCodes: ['RTB'], channels: ['bank_alert'] })).token;
    tokens.anonymous = null;
  });
  afterAll(() => t?.stop());

  it('has one row per route the app serves, and no row for a route it does not', () => {
    const served = servedRoutes(t).sort();
    expect(served.filter((r) => !(r in TABLE))).toEqual([]);
    expect(Object.keys(TABLE).filter((r) => !served.includes(r))).toEqual([]);
  });

  it('lets exactly the listed callers past the role gate (401 without a credential, 403 AUTH.FORBIDDEN for other roles)', async () => {
    const failures: string[] = [];
    // logout last: it ends the sessions the other rows use
    const rows = Object.entries(TABLE).sort(([a], [b]) => Number(a.endsWith('/logout')) - Number(b.endsWith('/logout')));
    for (const [route, rule] of rows) {
      const [method, path] = route.split(' ');
      const url = concrete(path);
      for (const caller of CALLERS) {
        const verb = (method === 'ALL' ? 'patch' : method.toLowerCase()) as 'get' | 'post' | 'put' | 'delete' | 'patch';
        let req = t.http()[verb](url);
        if (tokens[caller]) req = req.set('Authorization', `Bearer ${tokens[caller]}`);
        const res: Response = verb === 'get' || verb === 'delete' ? await req : MULTIPART.has(route) ? await req.field('type', 'other') : await req.send({});
        const code = (res.body as { code?: string } | undefined)?.code;
        const refused = res.status === 401 ? code === 'AUTH.UNAUTHENTICATED' : res.status === 403 && code === 'AUTH.FORBIDDEN';
        const expected =
          rule === 'public'
            ? !refused && res.status < 500
            : caller === 'anonymous'
              ? res.status === 401 && code === 'AUTH.UNAUTHENTICATED'
              : rule.includes(caller)
                ? !refused && res.status < 500
                : res.status === 403 && code === 'AUTH.FORBIDDEN';
        if (!expected) failures.push(`${route} as ${caller}: ${res.status} ${code ?? ''} (${rule === 'public' ? 'public' : rule.includes(caller) ? 'should pass' : 'should be refused'})`);
      }
    }
    expect(failures).toEqual([]);
  });
});
