#!/usr/bin/env node
'use strict';
/**
 * Idle memory of the API, built (`node dist/api/apps/api/src/main.js`, what the image runs) against the TypeScript
 * compiled at start-up (`node -r ./tools/register.js apps/api/src/main.ts`, what `npm start` runs):
 *
 *   node tools/build/build.js api && DATABASE_URL=postgres://…/a_migrated_db node tools/build/measure-rss.js [--runs 3] [--idle 20]
 *
 * Each run starts one API on a free port, waits for /api/health 200, idles `--idle` seconds, reads VmRSS from
 * /proc/<pid>/status (Linux), stops it. Prints the median per form. Uses Redis at REDIS_URL under a throw-away prefix.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { osFreePort } = require('../launcher/ports');

const ROOT = path.resolve(__dirname, '..', '..');
const FORMS = {
  built: ['dist/api/apps/api/src/main.js'],
  'built + maps': ['--enable-source-maps', 'dist/api/apps/api/src/main.js'],
  'require hook': ['-r', './tools/register.js', 'apps/api/src/main.ts'],
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]);
  return kb / 1024;
}

async function once(args, idleS) {
  const port = await osFreePort();
  const started = Date.now();
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', METRICS_PORT: '', REDIS_PREFIX: `rss-${process.pid}` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`exited with ${proc.exitCode}`);
      if (Date.now() - started > 60_000) throw new Error('no health 200 within 60 s');
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status === 200, () => false);
      if (ok) break;
      await sleep(100);
    }
    const readyMs = Date.now() - started;
    await sleep(idleS * 1000);
    return { readyMs, rss: rssMb(proc.pid) };
  } finally {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
  }
}

async function main(argv) {
  if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL to a migrated database');
  const opt = (name, dflt) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : dflt;
  };
  const runs = opt('--runs', 3);
  const idle = opt('--idle', 20);
  if (!fs.existsSync(path.join(ROOT, FORMS.built[0]))) throw new Error('build the API first: node tools/build/build.js api');
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [form, args] of Object.entries(FORMS)) {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await once(args, idle));
    process.stdout.write(
      `${form.padEnd(13)} idle RSS ${median(results.map((r) => r.rss)).toFixed(0)} MB, healthy after ${(median(results.map((r) => r.readyMs)) / 1000).toFixed(1)} s ` +
        `(median of ${runs}; RSS ${results.map((r) => r.rss.toFixed(0)).join(', ')} MB)\n`,
    );
  }
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`measure-rss: ${e.message}\n`);
  process.exit(1);
});
