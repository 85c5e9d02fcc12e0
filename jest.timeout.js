// The one default test timeout for every workspace. jest ignores `testTimeout` inside a project config (it is a global
// option, read only from the root jest.config.js, which a single workspace's run does not load), so each project
// loads this file instead. Generous because CI is a loaded 2-core machine and several suites compile large schemas or
// start servers and browsers; a hang still fails, just later. A suite that needs longer (chaos runs, full solution
// packs) says so itself with its own `jest.setTimeout`.
jest.setTimeout(60_000);
