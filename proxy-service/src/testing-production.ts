/**
 * @dxc/proxy-service/testing/production: builds and installs the production proxy (as the Dockerfile does) and reads
 * the Dockerfile, for the production-install suites and the idle-memory benchmark. Re-exports only.
 */
export * from './test-support/production-install';
export * from './test-support/dockerfile';
