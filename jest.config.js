// One jest run over every workspace; each workspace keeps its own settings in its jest.config.js.
module.exports = {
  // Two workers on the 2-core machines CI and developers have (jest's default there is one, in band): most suites
  // wait on sockets, browsers and child processes, so one core sat half idle. Measured on a clean clone: jest 870 s
  // with one worker, 485 s with two, every test passing both ways.
  maxWorkers: 2,
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
