// Unit tests run in jsdom; the browser suite (browser-tests/) opts into the node environment with a docblock.
module.exports = require('../jest.base.js')(__dirname, {
  testEnvironment: 'jsdom',
  setupFilesAfterEnv: ['<rootDir>/test-support/jest-setup.ts'],
});
