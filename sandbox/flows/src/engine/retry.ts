import { parseDuration } from './clock';

/**
 * Retry policies (ERR "Retry policies"; flow-runner.md §3.4). Retries happen for 408, 429, 5xx and connectivity
 * errors. The default here is exponential with 4 retries (the Logic Apps figure the project chose; Power Automate's
 * limits page says up to 8 on Medium/High profiles — configurable through `defaultRetryCount`).
 */
export interface RetryPolicy {
  type: 'none' | 'fixed' | 'exponential';
  count: number;
  intervalMs: number;
  minimumIntervalMs: number;
  maximumIntervalMs: number;
}

export class RetryPolicyError extends Error {}

const defaultInterval = 7000;

function duration(value: unknown, field: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms === undefined)
    throw new RetryPolicyError(`retryPolicy.${field} '${String(value)}' is not an ISO 8601 duration.`);
  return ms;
}

export function resolveRetryPolicy(raw: unknown, defaultCount: number): RetryPolicy {
  if (raw === undefined || raw === null) {
    return {
      type: 'exponential',
      count: defaultCount,
      intervalMs: defaultInterval,
      minimumIntervalMs: 5000,
      maximumIntervalMs: 3600000,
    };
  }
  if (typeof raw !== 'object') throw new RetryPolicyError('retryPolicy must be an object.');
  const p = raw as Record<string, unknown>;
  const type = String(p.type ?? '').toLowerCase();
  if (type === 'none')
    return { type: 'none', count: 0, intervalMs: 0, minimumIntervalMs: 0, maximumIntervalMs: 0 };
  if (type === 'default' || type === '') return resolveRetryPolicy(undefined, defaultCount);
  if (type !== 'fixed' && type !== 'exponential') {
    throw new RetryPolicyError(
      `retryPolicy.type '${String(p.type)}' must be none, default, fixed or exponential.`,
    );
  }
  const count = p.count === undefined ? defaultCount : Number(p.count);
  if (!Number.isInteger(count) || count < 1 || count > 90) {
    throw new RetryPolicyError(
      `retryPolicy.count must be an integer from 1 to 90, not '${String(p.count)}'.`,
    );
  }
  if (p.interval === undefined)
    throw new RetryPolicyError(`retryPolicy.interval is required for type '${type}'.`);
  return {
    type,
    count,
    intervalMs: duration(p.interval, 'interval', defaultInterval),
    minimumIntervalMs: duration(p.minimumInterval, 'minimumInterval', 5000),
    maximumIntervalMs: duration(p.maximumInterval, 'maximumInterval', 86400000),
  };
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Wait before retry number `retry` (1-based). Exponential follows the ERR table: retry 1 waits a random time in
 * [max(0, min), min(interval, max)]; retry k ≥ 2 in [max(2^(k-2)·interval, min), min(2^(k-1)·interval, max)].
 * A Retry-After header (seconds or HTTP date) wins when present.
 */
export function retryDelay(
  policy: RetryPolicy,
  retry: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  if (policy.type === 'fixed') return policy.intervalMs;
  const low =
    retry === 1
      ? Math.max(0, policy.minimumIntervalMs)
      : Math.max(2 ** (retry - 2) * policy.intervalMs, policy.minimumIntervalMs);
  const high =
    retry === 1
      ? Math.min(policy.intervalMs, policy.maximumIntervalMs)
      : Math.min(2 ** (retry - 1) * policy.intervalMs, policy.maximumIntervalMs);
  return Math.round(low + random() * Math.max(0, high - low));
}

export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
