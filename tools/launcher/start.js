#!/usr/bin/env node
'use strict';
/**
 * `npm start`: the whole product on one machine, for demos and development.
 *
 *  a. ports: PORT (API + console) is 3000 unless given; API metrics, worker metrics, bank sandbox and embedded
 *     PostgreSQL use the port given, else their usual one (9464, 9465, 4010, 5433) when free, else the next free one
 *  b. PostgreSQL: DATABASE_URL, else embedded PostgreSQL in .data/postgres
 *  c. Redis: REDIS_URL, else redis://127.0.0.1:6379, else a local `redis-server` child; keys under REDIS_PREFIX,
 *     by default one per database (`sn-<hash>`), so two instances on one Redis never take each other's jobs
 *  d. migrations (libs/persistence runMigrations)
 *  e. console build if needed, then api, worker, bank-sandbox as supervised children with prefixed, readable output
 *     (JSON log lines shown as one line each; LOG_FORMAT=json shows them raw)
 *  f. wait for GET /api/health
 *  g. demo seed (tools/seed/demo-seed.ts) unless DEMO_SEED=false; its banks' webhooks follow the sandbox's port
 *  h. URLs and demo logins
 * A child that exits is started again after 1 s, 2 s, 4 s … (at most 30 s; back to 1 s after it stayed up a minute)
 * while the others keep running; during start-up, a child that fails three times in a row stops the launcher with its
 * last lines. Ctrl-C / SIGTERM stops the children (SIGTERM, SIGKILL after 10 s; nothing is restarted any more), then
 * Redis and PostgreSQL if we started them and nobody else uses them, and exits 0.
 */
const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const crypto = require('node:crypto');
const { Child } = require('./children');
const { Supervisor, formatDelay, DEFAULT_BACKOFF } = require('./supervisor');
const { formatLogLine } = require('./log-format');
const { pickPort, describePick } = require('./ports');
const { startEmbeddedPostgres } = require('./postgres');
const { resolveRedis } = require('./redis');
const u = require('./util');

const ROOT = path.resolve(__dirname, '..', '..');
const rel = (p) => path.join(ROOT, p);
const DEMO_PASSWORD = 'Sentinel-Demo-2026!';
const HEALTH_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;
/** During start-up, this many failed runs in a row of one child stop the launcher (a config error, not a crash). */
const STARTUP_FAILURES = 3;

const state = {
  pg: null, // embedded PostgreSQL handle, when we run it
  redis: null, // redis handle (started: true when we run it)
  supervisor: null, // long-running children (api, worker, sandbox), restarted when they exit
  oneShots: new Set(), // build / seed children
  lastChild: new Map(), // name → its latest Child (for last lines after it exited)
  ready: false, // the box was printed: from now on a child that exits is only restarted
  shuttingDown: false,
};

function config() {
  const env = process.env;
  const port = u.intEnv('PORT', 3000);
  const adminEmail = env.ADMIN_EMAIL || 'admin@sentinel.local';
  const adminPasswordIsDemo = !env.ADMIN_PASSWORD;
  return {
    port,
    // chosen in choosePorts(): /metrics on their own ports (docs/api.md), so Prometheus scrapes both without a token
    metricsPort: null,
    workerMetricsPort: null,
    sandboxPort: null,
    adminEmail,
    adminPassword: env.ADMIN_PASSWORD || DEMO_PASSWORD,
    adminPasswordIsDemo,
    timeZone: env.DEFAULT_TIME_ZONE || 'Asia/Shanghai',
    demoSeed: (env.DEMO_SEED || 'true').toLowerCase() !== 'false',
    rawLogs: (env.LOG_FORMAT || '').toLowerCase() === 'json',
    apiUrl: `http://127.0.0.1:${port}`,
    sandboxUrl: null,
  };
}

/** The ports of every role but PORT (see the header); prints what was chosen. */
async function choosePorts(cfg) {
  const taken = new Set([cfg.port]);
  const picked = [];
  const pick = async (role, envName, usual) => {
    const p = await pickPort({ role, envName, given: u.intEnv(envName, undefined), usual, taken });
    taken.add(p.port);
    return { port: p.port, text: describePick(role, p) };
  };
  for (const [key, role, envName, usual] of [
    ['metricsPort', 'API metrics', 'METRICS_PORT', 9464],
    ['workerMetricsPort', 'worker metrics', 'WORKER_METRICS_PORT', 9465],
    ['sandboxPort', 'bank sandbox', 'BANK_SANDBOX_PORT', 4010],
  ]) {
    const p = await pick(role, envName, usual);
    cfg[key] = p.port;
    picked.push(p.text);
  }
  cfg.sandboxUrl = `http://127.0.0.1:${cfg.sandboxPort}`;
  u.info(`ports: API and console ${cfg.port}, ${picked.join(', ')}`);
  // Embedded PostgreSQL: chosen only when it has to start (a running cluster of this checkout keeps its port).
  cfg.pgPort = async () => {
    const p = await pick('embedded PostgreSQL', 'EMBEDDED_PG_PORT', 5433);
    u.info(`port: ${p.text}`);
    return p.port;
  };
}

/**
 * One Redis key prefix per database: instances sharing a database share their queues, others never do. An embedded
 * database is also told apart by its checkout (two checkouts may use port 5433 one after the other).
 */
function redisPrefixFor(databaseUrl) {
  if (process.env.REDIS_PREFIX) return process.env.REDIS_PREFIX;
  let id = databaseUrl;
  try {
    const url = new URL(databaseUrl);
    id = `${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    /* not a URL: hash it as it is */
  }
  if (state.pg) id = `${ROOT}|${id}`;
  return `sn-${crypto.createHash('sha256').update(id).digest('hex').slice(0, 8)}`;
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
  u.step('PostgreSQL: DATABASE_URL is not set, using embedded PostgreSQL (127.0.0.1)');
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
  u.step(`Starting processes (a process that exits is restarted after ${formatDelay(DEFAULT_BACKOFF.initialMs)}, ${formatDelay(DEFAULT_BACKOFF.initialMs * 2)}, … at most ${formatDelay(DEFAULT_BACKOFF.maxMs)})`);
  const supervisor = new Supervisor({ stopGraceMs: STOP_GRACE_MS, log: (line) => u.warn(line) });
  state.supervisor = supervisor;
  supervisor.on('start', (name, child, restarts) => {
    state.lastChild.set(name, child);
    if (restarts > 0) u.info(`${name} restarted (pid ${child.proc.pid}, restart ${restarts})`);
  });
  supervisor.on('exit', (name, { failures }) => {
    if (state.ready || failures < STARTUP_FAILURES || state.shuttingDown) return;
    const child = state.lastChild.get(name);
    crash(`${name} ${child ? child.describeExit() : 'exited'}: it failed ${failures} times in a row while starting, so the launcher stops. Its last lines:\n${child ? child.tail.text() : '    (none)'}`);
  });
  const specs = [
    { name: 'api', file: 'apps/api/src/main.ts', env: { PORT: String(cfg.port) } },
    { name: 'worker', file: 'apps/worker/src/main.ts' },
    { name: 'sandbox', file: 'apps/bank-sandbox/src/main.ts' }, // reads BANK_SANDBOX_PORT, SENTINEL_API_URL
  ];
  for (const s of specs) {
    if (!fs.existsSync(rel(s.file))) {
      u.info(`${s.name}: ${s.file} not found, skipped`);
      continue;
    }
    const [cmd, args] = nodeTs(s.file);
    const child = supervisor.add({
      name: s.name,
      cmd,
      args,
      cwd: ROOT,
      env: { ...env, ...(s.env || {}) },
      format: cfg.rawLogs ? undefined : formatLogLine,
    });
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
  const started = Date.now();
  let last = null;
  while (Date.now() - started < HEALTH_TIMEOUT_MS) {
    if (state.shuttingDown) return;
    // the supervisor restarts an API that exited (and the launcher gives up after STARTUP_FAILURES in a row)
    if (state.supervisor.get('api')) last = await getJson(`${cfg.apiUrl}/api/health`);
    if (last && last.status === 200) {
      u.ok(`API healthy in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return;
    }
    await u.sleep(500);
  }
  throw new u.LaunchError(
    `The API did not become healthy within ${HEALTH_TIMEOUT_MS / 1000} s ` +
      `(last answer: ${last && last.status ? `${last.status} ${JSON.stringify(last.json)}` : 'no answer'}).\n` +
      `  Last API log lines:\n${state.lastChild.get('api').tail.text()}`,
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
  const hasSandbox = state.supervisor.services.has('sandbox');
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
    `Redis          ${u.redactUrl(state.redis.url)} (keys under ${cfg.redisPrefix})`,
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
  lines.push('', 'A process that exits is restarted; LOG_LEVEL=debug shows start-up details.', 'Press Ctrl-C to stop everything.');
  const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');
  const width = Math.max(...lines.map((l) => strip(l).length)) + 2;
  const out = [`╭${'─'.repeat(width + 2)}╮`];
  for (const l of lines) out.push(`│ ${l}${' '.repeat(width - strip(l).length)} │`);
  out.push(`╰${'─'.repeat(width + 2)}╯`);
  process.stdout.write(`\n${out.join('\n')}\n\n`);
}

// ------------------------------------------------------------------------------------------ shutdown

function allChildren() {
  return [...(state.supervisor ? state.supervisor.children() : []), ...state.oneShots];
}

async function stopAll() {
  const running = allChildren().filter((c) => !c.exited);
  if (running.length) u.step(`Stopping ${running.map((c) => c.name).join(', ')}…`);
  await Promise.all([state.supervisor ? state.supervisor.stop() : null, ...[...state.oneShots].map((c) => c.stop(STOP_GRACE_MS))]);
  const leftRunning = (what, r) => {
    if (r && !r.stopped && r.others) u.info(`${what} left running: ${r.others} other connection(s) still use it (another npm start?)`);
  };
  if (state.redis && state.redis.started) {
    u.step('Stopping the redis-server we started…');
    leftRunning('redis-server', await state.redis.stop().catch((e) => u.warn(`redis: ${e.message}`)));
  }
  if (state.pg) {
    u.step('Stopping embedded PostgreSQL…');
    leftRunning('embedded PostgreSQL', await state.pg.stop().catch((e) => u.warn(`postgres: ${e.message}`)));
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
    for (const c of allChildren()) c.signal('SIGKILL');
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
  for (const c of allChildren()) c.signal('SIGKILL');
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
    throw new u.LaunchError(
      `Port ${cfg.port} (PORT, the API and console) is taken by ${u.describePortHolder(cfg.port)}. Stop it, or start this instance on another port: PORT=${cfg.port + 1} npm start`,
    );
  }
  await choosePorts(cfg);

  const databaseUrl = await resolvePostgres(cfg);
  if (state.shuttingDown) return;
  const redisUrl = await resolveRedisStep();
  if (state.shuttingDown) return;
  await migrate(databaseUrl);
  if (state.shuttingDown) return;
  cfg.redisPrefix = redisPrefixFor(databaseUrl);

  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV || 'development',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: cfg.redisPrefix,
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
    // The demo banks' webhooks are the bank sandbox on loopback (docs/api.md "Banks and notifications").
    WEBHOOK_ALLOW_PRIVATE: process.env.WEBHOOK_ALLOW_PRIVATE || 'true',
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
  state.ready = true;
}

main().catch((e) => {
  if (state.shuttingDown) return;
  const msg = e instanceof u.LaunchError ? e.message : `Unexpected launcher error: ${e && e.stack ? e.stack : String(e)}`;
  void shutdown(1, msg);
});
