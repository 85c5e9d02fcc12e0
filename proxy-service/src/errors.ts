/**
 * Errors are values with a stable code, a message a Dynamics user understands and the detail a developer needs.
 * Every layer throws a ProxyError; http/error-mapping.ts is the one place that turns it into an HTTP answer.
 */
export interface ErrorDetail {
  field: string;
  reason: string;
}

export type ProxyErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  /** A valid key asked for an organisation it was not granted (403). */
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'NOT_IMPLEMENTED'
  | 'XERO_RECONNECT_NEEDED'
  | 'XERO_RATE_LIMITED'
  | 'XERO_DAILY_LIMIT'
  | 'XERO_VALIDATION'
  | 'XERO_NOT_FOUND'
  | 'XERO_FORBIDDEN'
  | 'XERO_UNAVAILABLE'
  | 'XERO_ERROR'
  | 'ORGANISATION_BUSY'
  /** The proxy's own database is unreachable or stalled (503): an outage, not Xero's. */
  | 'STORE_UNAVAILABLE'
  | 'RESPONSE_CONTRACT_VIOLATION'
  | 'INTERNAL';

export class ProxyError extends Error {
  readonly code: ProxyErrorCode;
  readonly status: number;
  readonly details: ErrorDetail[];
  /** Seconds; sent as Retry-After so Power Automate's retry policy waits the right time. */
  readonly retryAfterSeconds?: number;

  constructor(
    code: ProxyErrorCode,
    status: number,
    message: string,
    extra: { details?: ErrorDetail[]; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'ProxyError';
    this.code = code;
    this.status = status;
    this.details = extra.details ?? [];
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}
