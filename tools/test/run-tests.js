#!/usr/bin/env node
'use strict';
/**
 * `npm test`: every check, in order, failing fast.
 *   1. typecheck   tsc -p tsconfig.typecheck.json, then eslint (Nx module boundaries)
 *   2. jest        root jest.config.js (unit + integration + API e2e of every project)
 *      chaos       tools/faults/chaos.chaos-spec.ts (worker SIGKILLs, own Redis restarted, PostgreSQL away via a proxy)
 *   3. console     tsc --noEmit, vitest, vite build, then browser tests (apps/console-e2e/run.ts)
 *                  — only when apps/console/vite.config.ts exists
 * Extra arguments go to Jest and run Jest alone: `npm test -- libs/domain`, `npm test -- -t "claim"`.
 * Needs PostgreSQL (TEST_DATABASE_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres) and
 * Redis (REDIS_URL, default redis://127.0.0.1:6379); `.ci/run` starts both.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);
const exists = (p) => fs.existsSync(path.join(ROOT, p));
const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', FORCE_COLOR: process.env.FORCE_COLOR ?? (process.stdout.isTTY ? '1' : '0') };

const extra = process.argv.slice(2);
const steps = [];
const add = (name, cmd, args) => steps.push({ name, cmd, args });

if (extra.length === 0) add('typecheck', bin('tsc'), ['-p', 'tsconfig.typecheck.json']);
// ESLint's Nx boundary rule needs the project graph cached first (else it silently skips the rule).
if (extra.length === 0) add('nx project graph', bin('nx'), ['show', 'projects']);
if (extra.length === 0) add('lint (module boundaries)', bin('eslint'), ['apps', 'libs', 'migrations', 'tools', '--max-warnings=20']);
add('jest', bin('jest'), ['-c', 'jest.config.js', ...extra]);
// After every other suite: starts its own Redis and worker processes and keeps both cores busy (~2 min).
if (extra.length === 0) add('chaos', bin('jest'), ['-c', 'tools/faults/jest.chaos.config.js']);
if (extra.length === 0 && exists('apps/console/vite.config.ts')) {
  add('console typecheck', bin('tsc'), ['-p', 'apps/console/tsconfig.json', '--noEmit']);
  add('console unit tests', bin('vitest'), ['run', '--config', 'apps/console/vite.config.ts', '--passWithNoTests']);
  add('console build', bin('vite'), ['build', '--config', 'apps/console/vite.config.ts']);
  if (exists('apps/console-e2e/run.ts')) add('browser tests', process.execPath, ['-r', './tools/register.js', 'apps/console-e2e/run.ts']);
}

function run(step) {
  return new Promise((resolve) => {
    const child = spawn(step.cmd, step.args, { cwd: ROOT, env, stdio: 'inherit' });
    const forward = (sig) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (e) => {
      console.error(`cannot run ${step.cmd}: ${e.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 128 + 1 : 1));
    });
  });
}

const fmt = (ms) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

(async () => {
  const total = Date.now();
  const done = [];
  if (extra.length) console.log(`(arguments given: running Jest only with ${extra.join(' ')})`);
  for (const [i, step] of steps.entries()) {
    console.log(`\n=== [${i + 1}/${steps.length}] ${step.name}: ${path.relative(ROOT, step.cmd) || step.cmd} ${step.args.join(' ')}`);
    const started = Date.now();
    const code = await run(step);
    const ms = Date.now() - started;
    done.push(`${code === 0 ? 'ok  ' : 'FAIL'} ${step.name.padEnd(20)} ${fmt(ms)}`);
    if (code !== 0) {
      console.error(`\n=== ${step.name} FAILED (exit ${code}) after ${fmt(ms)}\n${done.join('\n')}`);
      console.log(`steps: ${i} passed, 1 failed, ${steps.length - i - 1} skipped`);
      process.exit(code);
    }
    console.log(`=== ${step.name} passed in ${fmt(ms)}`);
  }
  console.log(`\n=== all ${steps.length} steps passed in ${fmt(Date.now() - total)}\n${done.join('\n')}`);
  console.log(`steps: ${steps.length} passed, 0 failed`);
})();
