/**
 * @dxc/proxy-service/testing: the harnesses and fixtures other workspaces' suites and benchmarks run the real proxy
 * with. Re-exports only; the build's production install is apart, in `@dxc/proxy-service/testing/production`.
 */
export * from './test-support/proxy-harness';
export * from './test-support/webhook-test-kit';
export * from './test-support/two-organisations';
export * from './domain/invoices/test-support/batch-fixtures';
export * from './orchestration/test-support/chaos-sync';
export { openCallbackUrl } from './webhooks/sealed-callback-url';
