// Shared Jest settings: SWC transform (fast, decorator metadata), tsconfig paths, node env.
const path = require('node:path');
const fs = require('node:fs');
const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swcrc.$schema;

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: [path.join(__dirname, 'libs/testing/src/test-env.ts')],
  moduleNameMapper: {
    '^@sentinel/contracts$': path.join(__dirname, 'libs/contracts/src/index.ts'),
    '^@sentinel/domain$': path.join(__dirname, 'libs/domain/src/index.ts'),
    '^@sentinel/persistence$': path.join(__dirname, 'libs/persistence/src/index.ts'),
    '^@sentinel/queues$': path.join(__dirname, 'libs/queues/src/index.ts'),
    '^@sentinel/outbound$': path.join(__dirname, 'libs/outbound/src/index.ts'),
    '^@sentinel/testing$': path.join(__dirname, 'libs/testing/src/index.ts'),
    '^@sentinel/outbound$': path.join(__dirname, 'libs/outbound/src/index.ts'),
    '^@sentinel/migrations$': path.join(__dirname, 'migrations/index.ts'),
  },
};
