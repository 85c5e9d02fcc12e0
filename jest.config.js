// One jest run over every workspace; each workspace keeps its own settings in its jest.config.js.
module.exports = {
  // The default test timeout is set once, for every project, by jest.timeout.js (loaded through jest.base.js):
  // jest ignores a `testTimeout` written here once there are projects.
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
