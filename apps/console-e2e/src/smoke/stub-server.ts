/**
 * SMOKE CHECK ONLY — a tiny static server for the built console plus a STUBBED `/api` that
 * answers from canned fixtures (fixtures.ts). It exists so the bundle can be opened in a real
 * browser and screenshotted before the real API runs. It applies no rule and keeps no state
 * beyond the session token; never use it to test behaviour.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import * as fx from './fixtures';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const isProblem = status >= 400;
  res.writeHead(status, { 'Content-Type': isProblem ? 'application/problem+json' : 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function problem(res: ServerResponse, status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  send(res, status, { type: 'about:blank', title: message, status, detail: message, message, code, correlationId: 'smoke-stub', ...extra });
}

function list(res: ServerResponse, url: URL, resource: string, rows: Array<Record<string, unknown>>) {
  const filter = JSON.parse(url.searchParams.get('filter') ?? '{}') as Record<string, unknown>;
  const range = JSON.parse(url.searchParams.get('range') ?? '[0,24]') as [number, number];
  let out = rows;
  for (const [k, v] of Object.entries(filter)) {
    if (k === 'q') {
      const q = String(v).toLowerCase();
      out = out.filter((r) => JSON.stringify(r).toLowerCase().includes(q));
    } else if (k === 'id' && Array.isArray(v)) {
      out = out.filter((r) => v.includes(r.id));
    } else if (k === 'assigneeId' && v === 'me') {
      out = out.filter((r) => r.assigneeId === 'u-ana');
    } else if (!['createdFrom', 'createdTo', 'receivedFrom', 'receivedTo', 'open'].includes(k)) {
      out = out.filter((r) => r[k] === v || (v === null && r[k] == null));
    }
  }
  const page = out.slice(range[0], range[1] + 1);
  send(res, 200, page, {
    'Content-Range': `${resource} ${range[0]}-${range[0] + Math.max(page.length - 1, 0)}/${out.length}`,
    'Access-Control-Expose-Headers': 'Content-Range',
  });
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  try {
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const sessions = new Map<string, string>(); // token -> user id

/** The console's session is the `sn_session` cookie (as the real API sets it); a bearer token works too. */
function caller(req: IncomingMessage) {
  const cookie = /(?:^|;\s*)sn_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  const token = cookie ?? (req.headers.authorization ?? '').replace(/^Bearer /, '');
  const id = sessions.get(token);
  return fx.USERS.find((u) => u.id === id) ?? null;
}

async function api(req: IncomingMessage, res: ServerResponse, url: URL) {
  const path = url.pathname.replace(/^\/api/, '');
  const method = req.method ?? 'GET';
  if (path === '/auth/login' && method === 'POST') {
    const body = await readBody(req);
    const user = fx.USERS.find((u) => u.email === body.email);
    if (!user || body.password !== 'demo') return problem(res, 401, 'AUTH.UNAUTHENTICATED', 'Invalid email or password');
    const token = `smoke-${user.id}-${Date.now()}`;
    sessions.set(token, user.id);
    res.setHeader('Set-Cookie', [`sn_session=${token}; Path=/api; HttpOnly; SameSite=Strict`, `sn_csrf=smoke-csrf; Path=/; SameSite=Strict`]);
    return send(res, 200, { expiresAt: new Date(Date.now() + 8 * 3600_000).toISOString(), user });
  }
  const me = caller(req);
  if (!me) return problem(res, 401, 'AUTH.UNAUTHENTICATED', 'Not signed in');
  if (path === '/auth/me' && method === 'GET') return send(res, 200, { ...me, permissions: fx.PERMISSIONS[me.role] });
  if (path === '/auth/me' && method === 'PUT') return send(res, 200, { ...me, ...(await readBody(req)) });
  if (path === '/auth/logout') return send(res, 204);

  const caseView = () => ({ ...fx.CASE_MAIN, allowedActions: fx.ALLOWED_BY_ROLE[me.role] ?? [] });
  const m = /^\/cases\/([^/]+)(?:\/(events|actions\/([a-z_]+)))?$/.exec(path);
  if (path === '/cases/claim-next' && method === 'POST') return send(res, 204);
  if (m && method === 'GET' && !m[2]) {
    if (m[1] === fx.CASE_MAIN.id) return send(res, 200, caseView());
    const r = fx.CASE_ROWS.find((c) => c.id === m[1]);
    if (!r) return problem(res, 404, 'NOT_FOUND', 'Case not found');
    return send(res, 200, { ...caseView(), ...r, reports: [], evidence: [], clocks: [], notes: [], merchantContacts: [], policeReport: null, allowedActions: me.role === 'analyst' && !r.assigneeId ? ['claim'] : [] });
  }
  if (m && m[2] === 'events') return send(res, 200, fx.EVENTS);
  if (m && m[3] && method === 'POST') {
    const body = await readBody(req);
    if (body.version !== fx.CASE_MAIN.version) return problem(res, 409, 'CASE.VERSION_CONFLICT', 'The case has changed');
    if (m[3] === 'submit_for_review') {
      return problem(res, 422, 'CASE.EXIT_RULE_UNMET', 'Missing evidence: police_receipt', { params: { missing: ['police_receipt'] } });
    }
    return send(res, 200, caseView());
  }

  const tables: Record<string, Array<Record<string, unknown>>> = {
    cases: fx.CASE_ROWS,
    queues: fx.QUEUES,
    notifications: fx.NOTIFICATIONS,
    alerts: fx.ALERTS,
    banks: fx.BANKS,
    teams: fx.TEAMS,
    users: fx.USERS,
    calendars: fx.CALENDARS,
    'sla-policies': fx.SLA_POLICIES,
    reports: fx.REPORTS as unknown as Array<Record<string, unknown>>,
    terminals: fx.TERMINALS,
  };
  const keys = /^\/users\/([^/]+)\/api-keys$/.exec(path);
  if (keys && method === 'GET') return send(res, 200, fx.API_KEYS);
  if (keys && method === 'POST') {
    const body = await readBody(req);
    return send(res, 201, { id: 'k-new', name: body.name, key: 'snk_live_Q3vX9pL2mR8tW4yZ6aB1cD5eF7gH0jK', bankCodes: body.bankCodes ?? null, channels: body.channels ?? null, createdAt: new Date().toISOString() });
  }
  if (/^\/banks\/[^/]+\/rotate-secret$/.test(path) && method === 'POST') {
    return send(res, 200, { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', previousSecretExpiresAt: new Date(Date.now() + 24 * 3600_000).toISOString() });
  }
  if (path === '/alerts/unread-count') return send(res, 200, { count: fx.ALERTS.filter((a) => !a.readAt).length });
  if (path === '/sla/summary') return send(res, 200, fx.slaSummary());
  if (path === '/sla/breaches') return list(res, url, 'sla-breaches', fx.BREACHES);
  if (path === '/stats/load') return send(res, 200, fx.LOAD);
  const one = /^\/([a-z-]+)(?:\/([^/]+))?$/.exec(path);
  if (one && tables[one[1]] && method === 'GET') {
    if (!one[2]) return list(res, url, one[1], tables[one[1]]);
    const rec = tables[one[1]].find((r) => String(r.id) === decodeURIComponent(one[2]));
    return rec ? send(res, 200, rec) : problem(res, 404, 'NOT_FOUND', 'Not found');
  }
  return problem(res, 404, 'NOT_FOUND', `Smoke stub has no ${method} ${path}`);
}

export async function startSmokeServer(distDir: string, port = 0): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const root = resolve(distDir);
  if (!existsSync(join(root, 'index.html'))) throw new Error(`No built console at ${root}: run "npx vite build --config apps/console/vite.config.ts" first.`);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/')) {
      api(req, res, url).catch((e: unknown) => problem(res, 500, 'INTERNAL', String(e)));
      return;
    }
    const candidate = normalize(join(root, decodeURIComponent(url.pathname)));
    const file = candidate.startsWith(root) && existsSync(candidate) && statSync(candidate).isFile() ? candidate : join(root, 'index.html');
    res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  const { port: actual } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${actual}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
