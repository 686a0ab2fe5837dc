module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'bank-sandbox',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
