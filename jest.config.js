// One jest run over every workspace; each workspace keeps its own settings in its jest.config.js.
module.exports = {
  // A global option (jest ignores it inside projects). Generous because CI is a loaded 2-core machine and several
  // suites compile large schemas or start servers and browsers; a hang still fails, just later.
  testTimeout: 60000,
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
