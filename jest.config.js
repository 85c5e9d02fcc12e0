// One jest run over every workspace; each workspace keeps its own settings in its jest.config.js.
module.exports = {
  // The default test timeout is set once by jest.timeout.js, loaded by every project through jest.base.js, so it
  // holds too when one workspace runs on its own (`npm test -w proxy-service`), where this file is not read.
  projects: [
    '<rootDir>/openapi',
    '<rootDir>/connector',
    '<rootDir>/sandbox/xero',
    '<rootDir>/sandbox/flows',
    '<rootDir>/sandbox/dataverse',
    '<rootDir>/proxy-service',
    '<rootDir>/solution',
    '<rootDir>/pcf-controls',
    '<rootDir>/test',
  ],
};
