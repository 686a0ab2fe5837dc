// The chaos test (issue 14): its own Jest run, after every other suite (tools/test/run-tests.js "chaos"), because it
// starts processes and a Redis of its own and keeps the 2 shared cores busy for about two minutes.
// `npx jest -c tools/faults/jest.chaos.config.js`
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'chaos',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.chaos-spec.ts'],
  testTimeout: 240_000,
  forceExit: true,
};
