/**
 * @dxc/proxy-service: the proxy as a library, for what runs it in-process (the demo, the benchmarks). Re-exports
 * only, so that the modules behind it can move without their users noticing.
 */
export {
  createProxy,
  openServer,
  DEFAULT_DAILY_CALL_LIMIT,
  type CreateProxyOptions,
  type Proxy,
} from './create-proxy';
export { loadConfig, ConfigError, type ProxyConfig } from './config';
export { issueApiKey } from './http/api-keys';
export type { ConnectionRecord, Store } from './store/store';
export { ECHO_WINDOW_MS } from './webhooks/own-write';
