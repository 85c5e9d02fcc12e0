// One jest run over every workspace; each workspace keeps its own settings in its jest.config.js.
module.exports = {
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
