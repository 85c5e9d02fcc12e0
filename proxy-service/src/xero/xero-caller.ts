/**
 * The one door to Xero's Accounting API, for the gateway's operations (operations/*) only: a fresh token
 * (TokenVault), the organisation's rate budget (RateGovernor), xero-node pointed at the configured endpoints, retries
 * where they are safe, usage and metrics recorded, and Xero's failures turned into ProxyErrors with Xero's own
 * messages kept. Nothing outside xero/ calls it: xero-node's positional API stays behind XeroGateway's named methods.
 */
import pRetry, { AbortError } from 'p-retry';
import type { Logger } from 'pino';
import type { AccountingApi } from 'xero-node';
import { ProxyError } from '../errors';
import type { ProxyMetrics } from '../metrics';
import type { ConnectionRecord, Store } from '../store/store';
import { DailyLimitReached } from './rate-governor';
import type { RateGovernor } from './rate-governor';
import type { TokenVault } from './token-vault';
import type { XeroClientFactory } from './xero-client-factory';
import { parseXeroFailure } from './xero-failure';
import type { XeroFailure } from './xero-failure';
import { checkXeroAnswer } from './answers/xero-answer-check';
import type { XeroAnswer } from './answers/relied-on-fields';

export interface XeroCallOptions {
  /** Names the call in logs and metrics, e.g. `getTaxRates`. */
  operation: string;
  /** Reads are retried on 5xx and timeouts; writes never are (they may have happened). */
  read: boolean;
  /** The answer's shape, checked before anything reads it (answers/xero-answer-check.ts); none for empty answers. */
  answer?: XeroAnswer;
}

/** One xero-node call; `response.data` is Xero's answer as it came (xero-node's `body` is its model of it). */
export type XeroSend<T> = (
  api: AccountingApi,
  tenantId: string,
) => Promise<{ response: { headers?: unknown; data?: unknown }; body: T }>;

export interface XeroResult<T> {
  body: T;
  headers: Record<string, string>;
}

/** 429 retries for the minute/concurrency limits before giving the caller a 429. */
const MAX_RATE_RETRIES = 6;
/** Seconds a daily 429 blocks the org when Xero sends no Retry-After (UNVERIFIED: Xero documents it is sent). */
const DEFAULT_DAY_BLOCK_SECONDS = 3600;

export interface XeroCallerOptions {
  store: Store;
  vault: TokenVault;
  governor: RateGovernor;
  factory: XeroClientFactory;
  metrics: ProxyMetrics;
  logger: Logger;
  adminUrl: string;
  now?: () => number;
}

function lowerHeaders(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      if (v !== undefined && v !== null && k.toLowerCase() !== 'authorization')
        out[k.toLowerCase()] = String(v);
    }
  }
  return out;
}

/** The error to report when xero-node failed before anything was sent (kept as thrown when it is an Error). */
function localFailure(operation: string, thrown: unknown, failure: XeroFailure): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(`xero-node could not send ${operation}: ${failure.cause ?? 'unknown reason'}`);
}

export class XeroCaller {
  private readonly now: () => number;

  constructor(private readonly o: XeroCallerOptions) {
    this.now = o.now ?? Date.now;
  }

  async call<T>(
    connection: ConnectionRecord,
    options: XeroCallOptions,
    send: XeroSend<T>,
  ): Promise<XeroResult<T>> {
    if (connection.status === 'ReconnectNeeded') throw this.o.vault.reconnectNeeded(connection);
    const attempt = () => this.attempt(connection, options, send);
    // AbortError only tells p-retry to stop; callers get what it wraps, writes (never retried) included.
    if (!options.read)
      return attempt().catch((e: unknown) => {
        throw e instanceof AbortError ? e.originalError : e;
      });
    return pRetry(attempt, {
      retries: 2,
      minTimeout: 250,
      factor: 3,
      randomize: true,
      onFailedAttempt: (error) =>
        this.o.logger.warn(
          {
            event: 'xero_retry',
            operation: options.operation,
            tenantId: connection.tenantId,
            attempt: error.attemptNumber,
          },
          'retrying a failed Xero read',
        ),
    });
  }

  /** One logical attempt: handles 401 (refresh once) and minute/concurrency 429s (wait, go again) inside. */
  private async attempt<T>(
    connection: ConnectionRecord,
    options: XeroCallOptions,
    send: XeroSend<T>,
  ): Promise<XeroResult<T>> {
    const tenant = connection.tenantId;
    let current = connection;
    let staleVersion: number | undefined;
    let authRetried = false;
    let rateRetries = 0;
    for (;;) {
      const { token, version } = await this.o.vault.accessToken(current, staleVersion).catch((e: unknown) => {
        throw e instanceof ProxyError ? new AbortError(e) : e;
      });
      const sent = await this.o.governor
        .run(tenant, () =>
          this.o.factory.within(() => send(this.o.factory.forAccessToken(token).accountingApi, tenant)),
        )
        .then(
          (answer) => ({ answer }),
          (thrown: unknown) => ({ thrown }),
        );
      if ('answer' in sent) return this.answered(connection, options, sent.answer);
      const { thrown } = sent;
      if (thrown instanceof DailyLimitReached)
        throw new AbortError(this.dailyLimit(connection, thrown.retryAfterSeconds));
      const failure = parseXeroFailure(thrown);
      if (failure.status === 0 && !failure.network) {
        // Nothing reached Xero: the proxy could not build the request. That is our failure, not Xero's: no
        // retry, no "Xero could not be reached"; the error mapping logs it with the request id.
        this.o.metrics.xeroCalls.inc({ tenant, operation: options.operation, outcome: 'not_sent' });
        throw new AbortError(localFailure(options.operation, thrown, failure));
      }
      const outcome =
        failure.status === 429
          ? 'rate_limited'
          : failure.status === 0
            ? 'network_error'
            : failure.status >= 500
              ? 'server_error'
              : 'client_error';
      this.observe(connection, options.operation, outcome, failure.headers);

      if (failure.status === 401 && !authRetried) {
        // The token may have expired early by Xero's clock, or been rotated elsewhere: refresh once, then retry.
        authRetried = true;
        staleVersion = version;
        current = (await this.o.store.getConnection(connection.id)) ?? current;
        continue;
      }
      if (failure.status === 429) {
        if (failure.rateLimitProblem === 'day') {
          const seconds = failure.retryAfterSeconds ?? DEFAULT_DAY_BLOCK_SECONDS;
          this.o.governor.blockForDay(tenant, seconds);
          this.o.logger.warn(
            { event: 'xero_daily_limit', tenantId: tenant, retryAfter: seconds },
            'daily limit reached',
          );
          throw new AbortError(this.dailyLimit(connection, seconds));
        }
        const seconds = failure.retryAfterSeconds ?? 1;
        this.o.governor.pause(tenant, seconds);
        rateRetries += 1;
        if (rateRetries <= MAX_RATE_RETRIES) continue;
        throw new AbortError(
          new ProxyError('XERO_RATE_LIMITED', 429, 'Xero is busy for this organisation; try again shortly.', {
            retryAfterSeconds: Math.max(1, Math.ceil(seconds)),
          }),
        );
      }
      const error = this.toProxyError(connection, failure);
      const retryable = failure.status === 0 || failure.status >= 500;
      throw retryable ? error : new AbortError(error);
    }
  }

  /** Xero answered: the answer checked against the shape the proxy relies on, and the call observed. */
  private answered<T>(
    connection: ConnectionRecord,
    options: XeroCallOptions,
    sent: Awaited<ReturnType<XeroSend<T>>>,
  ): XeroResult<T> {
    const headers = lowerHeaders(sent.response.headers);
    try {
      if (options.answer) checkXeroAnswer(options.operation, options.answer, sent.response.data);
    } catch (drifted) {
      // Asking again would get the same answer: not retried.
      this.observe(connection, options.operation, 'unexpected_answer', headers);
      throw new AbortError(drifted as Error);
    }
    this.observe(connection, options.operation, 'ok', headers);
    return { body: sent.body, headers };
  }

  private dailyLimit(connection: ConnectionRecord, seconds: number): ProxyError {
    return new ProxyError(
      'XERO_DAILY_LIMIT',
      429,
      `Xero's daily call limit for "${connection.tenantName}" is used up; the proxy will accept calls again in about ` +
        `${Math.ceil(seconds / 60)} minutes.`,
      { retryAfterSeconds: Math.max(1, Math.ceil(seconds)) },
    );
  }

  private observe(
    connection: ConnectionRecord,
    operation: string,
    outcome: string,
    headers: Record<string, string>,
  ): void {
    const tenant = connection.tenantId;
    this.o.metrics.xeroCalls.inc({ tenant, operation, outcome });
    this.o.governor.observe(tenant, headers);
    this.o.metrics.observeRateHeaders(tenant, headers);
    const num = (h: string) =>
      headers[h] !== undefined && Number.isFinite(Number(headers[h])) ? Number(headers[h]) : undefined;
    const rateHeaders = {
      dayRemaining: num('x-daylimit-remaining'),
      minuteRemaining: num('x-minlimit-remaining'),
      appMinuteRemaining: num('x-appminlimit-remaining'),
    };
    const hasHeaders = Object.values(rateHeaders).some((v) => v !== undefined);
    const nowIso = new Date(this.now()).toISOString();
    // Usage bookkeeping must never fail or slow the call it describes.
    void this.o.store
      .recordUsage(tenant, nowIso.slice(0, 10), {
        calls: 1,
        rateLimited: outcome === 'rate_limited' ? 1 : 0,
        headers: hasHeaders ? { ...rateHeaders, at: nowIso } : undefined,
      })
      .catch((e: unknown) => this.o.logger.warn({ err: e }, 'could not record usage'));
    void this.o.store.touchConnection(connection.id, nowIso).catch(() => undefined);
  }

  private toProxyError(connection: ConnectionRecord, f: XeroFailure): ProxyError {
    const said = f.messages.length > 0 ? ` Xero said: ${f.messages.join('; ')}` : '';
    switch (true) {
      case f.status === 400:
        return new ProxyError('XERO_VALIDATION', 400, `Xero refused the request.${said}`, {
          details: f.elementMessages.flatMap((e) =>
            e.messages.map((m) => ({ field: `elements[${e.index}]`, reason: m })),
          ),
        });
      case f.status === 401:
      case f.status === 403:
        return new ProxyError(
          'XERO_FORBIDDEN',
          403,
          `Xero refused access to "${connection.tenantName}" (the organisation may have been disconnected, or the ` +
            `user who connected it lost access). Reconnect it at ${this.o.adminUrl}.${said}`,
        );
      case f.status === 404:
        return new ProxyError('XERO_NOT_FOUND', 404, `Xero could not find what was asked for.${said}`);
      case f.status === 0:
        return new ProxyError(
          'XERO_UNAVAILABLE',
          503,
          f.timedOut
            ? 'Xero did not answer in time; try again shortly.'
            : 'Xero could not be reached; try again shortly.',
          { retryAfterSeconds: 30 },
        );
      case f.status === 503:
        return new ProxyError('XERO_UNAVAILABLE', 503, `Xero is temporarily unavailable.${said}`, {
          retryAfterSeconds: 60,
        });
      default:
        return new ProxyError('XERO_ERROR', 502, `Xero answered with an error (HTTP ${f.status}).${said}`);
    }
  }
}

/** What a read of one thing answers when Xero does not know it: undefined instead of XERO_NOT_FOUND. */
export async function unlessNotFound<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof ProxyError && error.code === 'XERO_NOT_FOUND') return undefined;
    throw error;
  }
}
