/**
 * A failure of the database itself (unreachable, stalled past its timeouts, restarting, locked by another process
 * for too long) is an outage, not a bug: answered 503 with Retry-After, labelled as the proxy's database, never as
 * Xero. Anything else the store throws stays an unexpected error (500).
 */
import { ProxyError } from '../errors';
import { isSqliteBusy } from './sqlite-busy';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** node-postgres's own words for a connection that timed out or went away (it sets no code on them). */
const PG_CLIENT_MESSAGE =
  /^(Query read timeout|timeout exceeded when trying to connect|Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)$/;

/**
 * PostgreSQL SQLSTATEs of an unavailable server: 08 connection exceptions, 53 insufficient resources,
 * 57014 statement timeout, 57P0x shutdown / cannot connect now, 25P03 idle-in-transaction timeout.
 */
function isUnavailableState(state: string): boolean {
  return /^(08|53)/.test(state) || state === '57014' || /^57P0[1-5]$/.test(state) || state === '25P03';
}

export function storeUnavailable(error: unknown): ProxyError | undefined {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  const unavailable =
    isSqliteBusy(error) ||
    NETWORK_CODES.has(code) ||
    (/^[0-9A-Z]{5}$/.test(code) && isUnavailableState(code)) ||
    PG_CLIENT_MESSAGE.test(message);
  if (!unavailable) return undefined;
  return new ProxyError(
    'STORE_UNAVAILABLE',
    503,
    "The proxy's database is not answering just now; try again shortly.",
    { retryAfterSeconds: 10, cause: error },
  );
}
