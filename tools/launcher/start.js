#!/usr/bin/env node
'use strict';
/**
 * `npm start`: the whole product on one machine, for demos and development.
 *
 *  a. PostgreSQL: DATABASE_URL, else embedded PostgreSQL in .data/postgres (EMBEDDED_PG_PORT, default 5433)
 *  b. Redis: REDIS_URL, else redis://127.0.0.1:6379, else a local `redis-server` child
 *  c. migrations (libs/persistence runMigrations)
 *  d. console build if needed, then api, worker, bank-sandbox as children with prefixed output
 *  e. wait for GET /api/health
 *  f. demo seed (tools/seed/demo-seed.ts) unless DEMO_SEED=false
 *  g. URLs and demo logins
 * Ctrl-C / SIGTERM stops the children (SIGTERM, SIGKILL after 10 s), then Redis and PostgreSQL if we
 * started them, and exits 0. A child dying on its own stops everything and exits 1.
 */
const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const { Child } = require('./children');
const { startEmbeddedPostgres } = require('./postgres');
const { resolveRedis } = require('./redis');
const u = require('./util');

const ROOT = path.resolve(__dirname, '..', '..');
const rel = (p) => path.join(ROOT, p);
const DEMO_PASSWORD = 'Sentinel-Demo-2026!';
const HEALTH_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;

const state = {
  pg: null, // embedded PostgreSQL handle, when we run it
  redis: null, // redis handle (started: true when we run it)
  children: [], // long-running children
  oneShots: new Set(), // build / seed children
  shuttingDown: false,
};

function config() {
  const env = process.env;
  const port = u.intEnv('PORT', 3000);
  const sandboxPort = u.intEnv('BANK_SANDBOX_PORT', 4010);
  // /metrics on its own ports (docs/api.md): the API's and the worker's, so Prometheus can scrape both without a token.
  const metricsPort = u.intEnv('METRICS_PORT', 9464);
  const workerMetricsPort = u.intEnv('WORKER_METRICS_PORT', metricsPort + 1);
  const adminEmail = env.ADMIN_EMAIL || 'admin@sentinel.local';
  const adminPasswordIsDemo = !env.ADMIN_PASSWORD;
  return {
    port,
    sandboxPort,
    metricsPort,
    workerMetricsPort,
    pgPort: u.intEnv('EMBEDDED_PG_PORT', 5433),
    adminEmail,
    adminPassword: env.ADMIN_PASSWORD || DEMO_PASSWORD,
    adminPasswordIsDemo,
    timeZone: env.DEFAULT_TIME_ZONE || 'Asia/Shanghai',
    demoSeed: (env.DEMO_SEED || 'true').toLowerCase() !== 'false',
    apiUrl: `http://127.0.0.1:${port}`,
    sandboxUrl: `http://127.0.0.1:${sandboxPort}`,
  };
}

function nodeTs(file) {
  return [process.execPath, ['-r', './tools/register.js', file]];
}

// ---------------------------------------------------------------------------------------------- steps

async function resolvePostgres(cfg) {
  if (process.env.DATABASE_URL) {
    u.step(`PostgreSQL: using DATABASE_URL (${u.redactUrl(process.env.DATABASE_URL)})`);
    return process.env.DATABASE_URL;
  }
  u.step(`PostgreSQL: DATABASE_URL is not set, starting embedded PostgreSQL on 127.0.0.1:${cfg.pgPort}`);
  state.pg = await startEmbeddedPostgres({ root: ROOT, port: cfg.pgPort });
  u.ok(`embedded PostgreSQL ${state.pg.reused ? 'reused' : 'ready'} in ${state.pg.ms} ms (data in .data/postgres, log ${path.relative(ROOT, state.pg.logFile)})`);
  return state.pg.url;
}

async function resolveRedisStep() {
  u.step(`Redis: ${process.env.REDIS_URL ? `using REDIS_URL (${u.redactUrl(process.env.REDIS_URL)})` : 'REDIS_URL is not set, trying redis://127.0.0.1:6379'}`);
  state.redis = await resolveRedis({
    root: ROOT,
    onUnexpectedExit: (why, tail) => crash(`${why}\n${tail.text()}`),
  });
  u.ok(state.redis.started ? `started redis-server (${state.redis.url})` : `Redis answers at ${u.redactUrl(state.redis.url)}`);
  return state.redis.url;
}

async function migrate(databaseUrl) {
  u.step('Migrations: running pending migrations');
  require('../register.js');
  const { runMigrations } = require('../../libs/persistence/src/data-source.ts');
  const started = Date.now();
  try {
    const { ran } = await runMigrations(process.env.MIGRATION_DATABASE_URL || databaseUrl);
    if (ran.length === 0) u.ok(`schema up to date (${Date.now() - started} ms)`);
    else u.ok(`ran ${ran.join(', ')} (${Date.now() - started} ms)`);
  } catch (e) {
    throw new u.LaunchError(`Migrations failed: ${e.message}`);
  }
}

async function runOneShot(name, cmd, args, opts) {
  const child = new Child(name, cmd, args, { cwd: ROOT, ...opts });
  state.oneShots.add(child);
  const { code, signal } = await child.done;
  state.oneShots.delete(child);
  return { ok: code === 0, code, signal, child };
}

async function buildConsoleIfNeeded() {
  const viteConfig = rel('apps/console/vite.config.ts');
  const dist = rel('apps/console/dist/index.html');
  if (fs.existsSync(dist)) {
    u.info('console already built (apps/console/dist); delete that folder to rebuild');
    return;
  }
  if (!fs.existsSync(viteConfig)) {
    u.warn('apps/console/vite.config.ts not found: the console is not available yet (API only)');
    return;
  }
  u.step('Console: building apps/console with Vite (first run only)…');
  const started = Date.now();
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const r = await runOneShot('vite', npx, ['vite', 'build', '--config', 'apps/console/vite.config.ts'], {
    env: { ...process.env, NODE_ENV: 'production' },
    quiet: true,
  });
  if (state.shuttingDown) return;
  if (!r.ok) {
    // Not fatal: the API, worker and sandbox are still useful; the box says the console is missing.
    u.warn(`Console build FAILED (${r.child.describeExit()}); continuing without the console. Last lines:\n${r.child.tail.text()}`);
    return;
  }
  u.ok(`console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function startChildren(cfg, env) {
  const api = rel('apps/api/src/main.ts');
  if (!fs.existsSync(api)) {
    throw new u.LaunchError(
      'apps/api/src/main.ts does not exist yet, so there is no API to start.\n' +
        '  PostgreSQL, Redis and migrations are fine; the launcher stops here until the API is written.',
    );
  }
  u.step('Starting processes');
  const specs = [
    { name: 'api', file: 'apps/api/src/main.ts', env: { PORT: String(cfg.port) } },
    { name: 'worker', file: 'apps/worker/src/main.ts', optional: true },
    { name: 'sandbox', file: 'apps/bank-sandbox/src/main.ts', optional: true }, // reads BANK_SANDBOX_PORT, SENTINEL_API_URL
  ];
  for (const s of specs) {
    if (!fs.existsSync(rel(s.file))) {
      u.info(`${s.name}: ${s.file} not found, skipped`);
      continue;
    }
    const [cmd, args] = nodeTs(s.file);
    const child = new Child(s.name, cmd, args, { cwd: ROOT, env: { ...env, ...(s.env || {}) } });
    child.done.then(() => {
      if (!state.shuttingDown && !child.stopping) {
        crash(`${s.name} ${child.describeExit()} unexpectedly. Its last lines:\n${child.tail.text()}`);
      }
    });
    state.children.push(child);
    u.info(`${s.name}: node -r ./tools/register.js ${s.file} (pid ${child.proc.pid})`);
  }
}

function getJson(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => {
        let json = null;
        try {
          json = JSON.parse(body);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode, json });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, json: null }));
  });
}

async function waitForHealth(cfg) {
  u.step(`Waiting for the API (${cfg.apiUrl}/api/health)…`);
  const api = state.children.find((c) => c.name === 'api');
  const started = Date.now();
  let last = null;
  while (Date.now() - started < HEALTH_TIMEOUT_MS) {
    if (state.shuttingDown) return;
    if (api.exited) return; // crash() reports it
    last = await getJson(`${cfg.apiUrl}/api/health`);
    if (last.status === 200) {
      u.ok(`API healthy in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return;
    }
    await u.sleep(500);
  }
  throw new u.LaunchError(
    `The API did not become healthy within ${HEALTH_TIMEOUT_MS / 1000} s ` +
      `(last answer: ${last && last.status ? `${last.status} ${JSON.stringify(last.json)}` : 'no answer'}).\n` +
      `  Last API log lines:\n${api.tail.text()}`,
  );
}

async function seed(cfg, env) {
  if (!cfg.demoSeed) {
    u.info('DEMO_SEED=false: no demo data');
    return null;
  }
  const file = 'tools/seed/demo-seed.ts';
  if (!fs.existsSync(rel(file))) {
    u.info(`${file} not found yet: no demo data`);
    return null;
  }
  u.step('Demo data: running tools/seed/demo-seed.ts (idempotent)…');
  let demoLogins = null;
  const [cmd, args] = nodeTs(file);
  const r = await runOneShot('seed', cmd, args, {
    env: { ...env, API_URL: cfg.apiUrl, BANK_SANDBOX_URL: cfg.sandboxUrl },
    onLine: (line) => {
      const t = line.trim();
      if (!t.startsWith('{') || !t.includes('"demoLogins"')) return;
      try {
        const parsed = JSON.parse(t);
        if (Array.isArray(parsed.demoLogins)) demoLogins = parsed.demoLogins;
      } catch {
        /* not our line */
      }
    },
  });
  if (state.shuttingDown) return null;
  if (r.ok) u.ok('demo data ready');
  else u.warn(`demo seed failed (${r.child.describeExit()}); the app runs without (complete) demo data. Last lines:\n${r.child.tail.text()}`);
  return demoLogins;
}

function printBox(cfg, demoLogins) {
  const hasConsole = fs.existsSync(rel('apps/console/dist/index.html'));
  const hasSandbox = state.children.some((c) => c.name === 'sandbox');
  const lines = [
    u.color.bold('Sentinel SN is running'),
    '',
    `Console        ${hasConsole ? `http://localhost:${cfg.port}/` : '(not built)'}`,
    `API docs       http://localhost:${cfg.port}/api/docs`,
    `Health         http://localhost:${cfg.port}/api/health`,
    `Metrics        http://localhost:${cfg.metricsPort}/metrics (API), http://localhost:${cfg.workerMetricsPort}/metrics (worker)`,
    `Queues (admin) http://localhost:${cfg.port}/api/admin/queues`,
    `Bank sandbox   ${hasSandbox ? `http://localhost:${cfg.sandboxPort}/` : '(not running)'}`,
    `Database       ${state.pg ? `embedded, ${u.redactUrl(state.pg.url)}` : u.redactUrl(process.env.DATABASE_URL)}`,
    '',
  ];
  if (demoLogins && demoLogins.length) {
    lines.push('Demo logins (demo data only, never use these passwords for real):');
    for (const l of demoLogins) {
      const role = l.role ? String(l.role).padEnd(11) : '';
      // The seed never echoes ADMIN_PASSWORD; the launcher shows it only when it is the fixed demo password.
      const password = l.role === 'admin' && cfg.adminPasswordIsDemo ? cfg.adminPassword : l.password;
      lines.push(`  ${role}${l.email || l.username || JSON.stringify(l)}${password ? `  /  ${password}` : ''}`);
    }
  } else {
    lines.push('Admin login:');
    lines.push(`  ${cfg.adminEmail}  /  ${cfg.adminPassword}`);
    if (cfg.adminPasswordIsDemo) lines.push(u.color.yellow('  (fixed DEMO password: set ADMIN_PASSWORD for anything but a local demo)'));
  }
  lines.push('', 'Press Ctrl-C to stop everything.');
  const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');
  const width = Math.max(...lines.map((l) => strip(l).length)) + 2;
  const out = [`╭${'─'.repeat(width + 2)}╮`];
  for (const l of lines) out.push(`│ ${l}${' '.repeat(width - strip(l).length)} │`);
  out.push(`╰${'─'.repeat(width + 2)}╯`);
  process.stdout.write(`\n${out.join('\n')}\n\n`);
}

// ------------------------------------------------------------------------------------------ shutdown

async function stopAll() {
  const all = [...state.children, ...state.oneShots];
  if (all.some((c) => !c.exited)) {
    u.step(`Stopping ${all.filter((c) => !c.exited).map((c) => c.name).join(', ')}…`);
  }
  await Promise.all(all.map((c) => c.stop(STOP_GRACE_MS)));
  if (state.redis && state.redis.started) {
    u.step('Stopping the redis-server we started…');
    await state.redis.stop().catch((e) => u.warn(`redis: ${e.message}`));
  }
  if (state.pg) {
    u.step('Stopping embedded PostgreSQL…');
    await state.pg.stop().catch((e) => u.warn(`postgres: ${e.message}`));
  }
}

let exitCode = null;
async function shutdown(code, message) {
  if (state.shuttingDown) return;
  state.shuttingDown = true;
  exitCode = code;
  if (message) u.fail(message);
  try {
    await stopAll();
  } catch (e) {
    u.warn(`while stopping: ${e.message}`);
  }
  u.step(code === 0 ? 'Stopped.' : 'Stopped after an error.');
  process.exit(code);
}

function crash(message) {
  void shutdown(1, message);
}

function onSignal(sig) {
  if (state.shuttingDown) {
    // Second Ctrl-C: do not wait any longer.
    process.stdout.write(`\n${u.color.yellow('!')} ${sig} again: killing everything now\n`);
    for (const c of [...state.children, ...state.oneShots]) c.signal('SIGKILL');
    if (state.redis) state.redis.stopSync();
    if (state.pg) state.pg.stopSync();
    process.exit(exitCode ?? 130);
  }
  process.stdout.write(`\n`);
  u.step(`${sig} received, shutting down`);
  void shutdown(0);
}

process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));
process.on('SIGHUP', () => onSignal('SIGHUP'));
// Last resort (uncaught error, process.exit elsewhere): nothing we started may outlive us.
process.on('exit', () => {
  for (const c of [...state.children, ...state.oneShots]) c.signal('SIGKILL');
  if (state.redis) state.redis.stopSync();
  if (state.pg && !state.shuttingDown) state.pg.stopSync();
});

// ---------------------------------------------------------------------------------------------- main

async function main() {
  const cfg = config();
  process.chdir(ROOT);
  u.step(`Sentinel SN launcher (node ${process.version}, ${ROOT})`);

  const apiPortFree = await u.isPortFree(cfg.port);
  if (!apiPortFree) {
    throw new u.LaunchError(`Port ${cfg.port} (PORT, the API and console) is taken by ${u.describePortHolder(cfg.port)}. Stop it or set PORT.`);
  }
  if (fs.existsSync(rel('apps/bank-sandbox/src/main.ts')) && !(await u.isPortFree(cfg.sandboxPort))) {
    throw new u.LaunchError(
      `Port ${cfg.sandboxPort} (BANK_SANDBOX_PORT) is taken by ${u.describePortHolder(cfg.sandboxPort)}. Stop it or set BANK_SANDBOX_PORT.`,
    );
  }

  const databaseUrl = await resolvePostgres(cfg);
  if (state.shuttingDown) return;
  const redisUrl = await resolveRedisStep();
  if (state.shuttingDown) return;
  await migrate(databaseUrl);
  if (state.shuttingDown) return;

  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV || 'development',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    ADMIN_EMAIL: cfg.adminEmail,
    ADMIN_PASSWORD: cfg.adminPassword,
    DEFAULT_TIME_ZONE: cfg.timeZone,
    DEMO_SEED: cfg.demoSeed ? 'true' : 'false',
    BANK_SANDBOX_PORT: String(cfg.sandboxPort),
    METRICS_PORT: String(cfg.metricsPort),
    WORKER_METRICS_PORT: String(cfg.workerMetricsPort),
    BANK_SANDBOX_URL: cfg.sandboxUrl,
    API_URL: cfg.apiUrl,
    SENTINEL_API_URL: cfg.apiUrl,
  };

  if (!fs.existsSync(rel('apps/api/src/main.ts'))) startChildren(cfg, env); // throws the clear "missing API" error
  await buildConsoleIfNeeded();
  if (state.shuttingDown) return;
  if (!process.env.CONSOLE_DIR && fs.existsSync(rel('apps/console/dist/index.html'))) env.CONSOLE_DIR = rel('apps/console/dist');
  startChildren(cfg, env);
  await waitForHealth(cfg);
  if (state.shuttingDown) return;
  const demoLogins = await seed(cfg, env);
  if (state.shuttingDown) return;
  printBox(cfg, demoLogins);
}

main().catch((e) => {
  if (state.shuttingDown) return;
  const msg = e instanceof u.LaunchError ? e.message : `Unexpected launcher error: ${e && e.stack ? e.stack : String(e)}`;
  void shutdown(1, msg);
});
