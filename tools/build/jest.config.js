module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'build',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts', '<rootDir>/**/*.int-spec.ts'],
};
