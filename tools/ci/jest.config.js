module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'ci',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
