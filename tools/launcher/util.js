'use strict';
// Small helpers of the launcher: output, ports, waiting.
const net = require('node:net');
const fs = require('node:fs');
const path = require('node:path');

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code) => (s) => (useColor ? `\x1b[${code}m${s}\x1b[0m` : String(s));
const color = {
  bold: paint('1'),
  dim: paint('2'),
  red: paint('31'),
  green: paint('32'),
  yellow: paint('33'),
  blue: paint('34'),
  magenta: paint('35'),
  cyan: paint('36'),
};

function step(msg) {
  process.stdout.write(`${color.cyan('▶')} ${msg}\n`);
}
function ok(msg) {
  process.stdout.write(`  ${color.green('✔')} ${msg}\n`);
}
function info(msg) {
  process.stdout.write(`  ${color.dim('·')} ${msg}\n`);
}
function warn(msg) {
  process.stdout.write(`  ${color.yellow('!')} ${msg}\n`);
}
function fail(msg) {
  process.stderr.write(`\n${color.red('✖')} ${msg}\n`);
}

/** Error whose message is meant for the user as is (no stack). */
class LaunchError extends Error {
  constructor(message, details) {
    super(message);
    this.details = details;
  }
}

/** Resolves true when something accepts TCP connections on host:port. */
function isListening(port, host = '127.0.0.1', timeoutMs = 500) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host });
    const done = (v) => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/** Resolves true when we could bind host:port ourselves (nothing else holds it). */
function canBind(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

async function isPortFree(port) {
  if (await isListening(port)) return false;
  return canBind(port);
}

/** Who holds a TCP port, best effort (Linux /proc), for friendlier messages. */
function describePortHolder(port) {
  try {
    const { execFileSync } = require('node:child_process');
    const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const m = /users:\(\("([^"]+)",pid=(\d+)/.exec(out);
    if (m) return `${m[1]} (pid ${m[2]})`;
  } catch {
    /* ss missing or not permitted */
  }
  return 'another process';
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function intEnv(name, def) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new LaunchError(`${name} must be a TCP port number, got "${raw}"`);
  return n;
}

function redactUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/** Keeps the last N lines (for error reports). */
class Tail {
  constructor(max = 40) {
    this.max = max;
    this.lines = [];
  }
  push(line) {
    this.lines.push(line);
    if (this.lines.length > this.max) this.lines.shift();
  }
  text(indent = '    ') {
    return this.lines.length ? this.lines.map((l) => indent + l).join('\n') : `${indent}(no output)`;
  }
}

function which(cmd) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      /* keep looking */
    }
  }
  return null;
}

module.exports = {
  color,
  step,
  ok,
  info,
  warn,
  fail,
  LaunchError,
  isListening,
  isPortFree,
  describePortHolder,
  sleep,
  intEnv,
  redactUrl,
  Tail,
  which,
};
