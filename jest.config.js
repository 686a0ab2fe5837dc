// Root Jest config: every app/lib (and tools/* folder) that has a jest.config.js, plus the global setup that drops
// test databases left behind by dead processes. `npx jest -c jest.config.js [pattern]`.
const fs = require('node:fs');
const path = require('node:path');
const preset = require('./jest.preset.js');

const projects = ['apps', 'libs', 'tools'].flatMap((dir) => {
  const abs = path.join(__dirname, dir);
  if (!fs.existsSync(abs)) return [];
  return fs
    .readdirSync(abs)
    .filter((name) => fs.existsSync(path.join(abs, name, 'jest.config.js')))
    .map((name) => `<rootDir>/${dir}/${name}/jest.config.js`);
});

module.exports = {
  rootDir: __dirname,
  // The transform is needed here too: globalSetup is a TypeScript file.
  transform: preset.transform,
  projects,
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  // Global options (per-project testTimeout is ignored under `projects`): integration suites start real
  // processes on a 2-core machine, so allow them time; forceExit keeps CI from hanging on a stray handle
  // (pg pools and BullMQ connections are closed by every suite's afterAll; this is a safety net).
  testTimeout: 60_000,
  forceExit: true,
  // Two suites at a time, also on 2 cores (Jest's default there is one): most suites wait on PostgreSQL, Redis, child
  // processes or real timers rather than compute, and each has its own database and Redis prefix. Measured on 2
  // cores: 277 s instead of 485 s for the whole run, all green. JEST_MAX_WORKERS overrides it.
  maxWorkers: process.env.JEST_MAX_WORKERS ?? 2,
};
