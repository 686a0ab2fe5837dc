import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import Redis from 'ioredis';
import { bullPrefix } from '@sentinel/contracts';
import { flushRedisPrefix, testDatabaseName, testRedisPrefix } from '@sentinel/testing';
import { dropDatabase, testDatabaseAdminUrl, urlFor, withAdmin } from '../../libs/testing/src/admin';

// The build script is plain CommonJS (it runs before anything is compiled).
const { buildTarget } = require('./build.js') as {
  buildTarget(name: string, opts: { out: string }): Promise<{ main: string; files: number }>;
};

const ROOT = resolve(__dirname, '..', '..');
/** Inside the repository (git-ignored tmp/), so the built files find node_modules as they do under /app. */
const OUT = join(ROOT, 'tmp', `build-test-${process.pid}`);

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Run {
  proc: ChildProcess;
  output: () => string;
  exit: Promise<Exit>;
}

function run(main: string, env: NodeJS.ProcessEnv, args: string[] = []): Run {
  const proc = spawn(process.execPath, ['--enable-source-maps', main, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exit = new Promise<Exit>((ok) => proc.on('exit', (code, signal) => ok({ code, signal })));
  return { proc, output: () => out, exit };
}

/** Polls `url` until it answers `status` (or the process dies, or 30 s pass). */
async function waitFor(url: string, r: Run, status = 200): Promise<Response> {
  const deadline = Date.now() + 30_000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (r.proc.exitCode !== null) throw new Error(`exited with ${r.proc.exitCode} before ${url} answered:\n${r.output()}`);
    try {
      const res = await fetch(url);
      if (res.status === status) return res;
      last = `${res.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((ok) => setTimeout(ok, 200));
  }
  throw new Error(`${url} did not answer ${status} within 30 s (last: ${last}):\n${r.output()}`);
}

/** SIGTERM, SIGKILL after 15 s; a clean stop is exit 0, or dying of the SIGTERM itself after draining (Nest re-raises it). */
async function stop(r: Run): Promise<Exit> {
  if (r.proc.exitCode === null) r.proc.kill('SIGTERM');
  const timer = setTimeout(() => r.proc.kill('SIGKILL'), 15_000);
  const code = await r.exit;
  clearTimeout(timer);
  return code;
}

/**
 * The production artifacts (`npm run build`, the Docker image): the built migration runner migrates an empty
 * database, then the built API, worker and bank sandbox start from plain JavaScript — no TypeScript hook — and answer.
 */
describe('tools/build (built server apps)', () => {
  const database = testDatabaseName('build');
  const databaseUrl = urlFor(testDatabaseAdminUrl(), database);
  const redisPrefix = testRedisPrefix('build');
  const running: Run[] = [];
  const built: Record<string, string> = {};

  beforeAll(async () => {
    for (const target of ['migrate', 'api', 'worker', 'bank-sandbox']) built[target] = (await buildTarget(target, { out: OUT })).main;
    await withAdmin((c) => c.query(`CREATE DATABASE "${database}"`));
  });

  afterAll(async () => {
    await Promise.all(running.map(stop));
    await dropDatabase(database);
    const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    await flushRedisPrefix(redis, redisPrefix);
    await flushRedisPrefix(redis, bullPrefix(redisPrefix));
    redis.disconnect();
    rmSync(OUT, { recursive: true, force: true });
  });

  it('should migrate an empty database with the built runner', async () => {
    const r = run(built.migrate, { MIGRATION_DATABASE_URL: databaseUrl });
    expect(await r.exit).toEqual({ code: 0, signal: null });
    expect(r.output()).toMatch(/migrate: ran InitialSchema1764000000000/);
    expect(r.output()).toMatch(/migrate: ran DefaultTeam1765000000000/);
  });

  it('should start the built API: health 200, validation and sign-in work, SIGTERM stops it cleanly', async () => {
    const port = await freePort();
    const api = run(built.api, {
      DATABASE_URL: databaseUrl,
      REDIS_PREFIX: redisPrefix,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_EMAIL: 'admin@build.test',
      ADMIN_PASSWORD: 'Build-Test-Password-1',
      LOG_LEVEL: 'warn',
      METRICS_PORT: '',
    });
    running.push(api);
    const base = `http://127.0.0.1:${port}/api`;
    const health = await waitFor(`${base}/health`, api);
    expect(await health.json()).toMatchObject({ status: 'ok', db: 'up', redis: 'up' });
    // class-validator decorators and their metadata survived the build: a bad body is a 422 problem, not a 500
    const bad = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":5}' });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@build.test', password: 'Build-Test-Password-1' }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const teams = await fetch(`${base}/teams`, { headers: { authorization: `Bearer ${token}` } });
    expect(teams.status).toBe(200);
    expect(await teams.json()).toEqual([expect.objectContaining({ name: 'Default team', isDefault: true })]);
    expect([{ code: 0, signal: null }, { code: null, signal: 'SIGTERM' }]).toContainEqual(await stop(api));
    expect(api.output()).not.toMatch(/"level":(50|60)/);
  });

  it('should start the built worker (health 200 on its ops port) and stop it cleanly', async () => {
    const port = await freePort();
    const worker = run(built.worker, {
      DATABASE_URL: databaseUrl,
      REDIS_PREFIX: redisPrefix,
      WORKER_METRICS_PORT: String(port),
      WORKER_OPS_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    });
    running.push(worker);
    expect(await (await waitFor(`http://127.0.0.1:${port}/health`, worker)).json()).toMatchObject({ status: 'ok', db: 'up', redis: 'up' });
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
    expect(await stop(worker)).toEqual({ code: 0, signal: null });
  });

  it('should start the built bank sandbox', async () => {
    const port = await freePort();
    const sandbox = run(built['bank-sandbox'], { BANK_SANDBOX_PORT: String(port), BANK_SANDBOX_HOST: '127.0.0.1' });
    running.push(sandbox);
    await waitFor(`http://127.0.0.1:${port}/health`, sandbox);
    expect(await stop(sandbox)).toEqual({ code: 0, signal: null });
  });
});
