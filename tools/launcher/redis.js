'use strict';
// Redis for `npm start`: REDIS_URL, else redis://127.0.0.1:6379, else a local redis-server child.
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { LaunchError, sleep, which, isPortFree, describePortHolder, Tail, info } = require('./util');

const DEFAULT_URL = 'redis://127.0.0.1:6379';

/** PING once: short timeout, no retries, no offline queue. Resolves true on PONG. */
async function ping(url, timeoutMs = 1000) {
  const Redis = require('ioredis');
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    reconnectOnError: () => false,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Connected clients other than the one asking (CLIENT LIST has one line per client). */
async function otherClients(url) {
  const Redis = require('ioredis');
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const list = String(await client.client('LIST'));
    return Math.max(0, list.split('\n').filter((l) => l.trim()).length - 1);
  } catch {
    return 0;
  } finally {
    client.disconnect();
  }
}

/**
 * Returns { url, started: boolean, stop(): Promise<void>, stopSync(), child? }.
 * `onUnexpectedExit(tail)` is called if a redis-server we started dies on its own.
 */
async function resolveRedis({ root, onUnexpectedExit, defaultUrl = DEFAULT_URL }) {
  const explicit = process.env.REDIS_URL;
  const url = explicit || defaultUrl;
  if (await ping(url)) {
    return { url, started: false, stop: async () => undefined, stopSync: () => undefined };
  }
  if (explicit) {
    throw new LaunchError(`REDIS_URL=${explicit} does not answer PING. Start that Redis, or unset REDIS_URL to use a local one.`);
  }
  const bin = which('redis-server');
  if (!bin) {
    throw new LaunchError(
      'Redis is required: install it with `apt-get install redis-server` / `brew install redis`, or set REDIS_URL.\n' +
        `  (nothing answered at ${defaultUrl} and redis-server is not on PATH)`,
    );
  }
  const port = Number(new URL(defaultUrl).port) || 6379;
  if (!(await isPortFree(port))) {
    throw new LaunchError(
      `Port ${port} is held by ${describePortHolder(port)} but it does not answer Redis PING. Free the port or set REDIS_URL.`,
    );
  }
  const dir = path.join(root, '.data', 'redis');
  fs.mkdirSync(dir, { recursive: true });
  info(`starting ${bin} on port ${port} (data dir ${path.relative(root, dir)}, no persistence)`);
  const tail = new Tail(30);
  // Own process group (detached): Ctrl-C reaches only the launcher, which stops Redis after the apps.
  const child = spawn(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let exited = false;
  let stopping = false;
  const onData = (d) => String(d).split('\n').filter(Boolean).forEach((l) => tail.push(l));
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => {
    exited = true;
    if (!stopping && onUnexpectedExit) onUnexpectedExit(`redis-server exited (code ${code}, signal ${signal})`, tail);
    resolve();
  }));
  child.on('error', (e) => tail.push(String(e)));

  const deadline = Date.now() + 10_000;
  while (!(await ping(url, 300))) {
    if (exited || Date.now() > deadline) {
      stopping = true;
      if (!exited) child.kill('SIGKILL');
      throw new LaunchError(`redis-server did not come up on port ${port}:\n${tail.text()}`);
    }
    await sleep(100);
  }
  return {
    url,
    started: true,
    child,
    /** Stops the redis-server we started unless other clients still use it (another `npm start`). */
    async stop() {
      if (exited) return { stopped: false, others: 0 };
      const others = await otherClients(url);
      if (others > 0) return { stopped: false, others };
      stopping = true;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exitPromise;
      clearTimeout(timer);
      return { stopped: true, others: 0 };
    },
    stopSync() {
      if (exited) return;
      stopping = true;
      try {
        child.kill('SIGKILL');
      } catch {
        /* gone */
      }
    },
  };
}

module.exports = { resolveRedis, ping };
