/**
 * The one place errors become HTTP answers: `{code, message, details, requestId}` with the status (and
 * Retry-After) Power Automate's retry policy understands. Unknown errors are logged in full and answered 500
 * with a message that leaks nothing.
 */
import type { ErrorRequestHandler, Response } from 'express';
import type {} from 'pino-http';
import { ProxyError } from '../errors';
import { storeUnavailable } from '../store/store-unavailable';

export function sendError(res: Response, error: ProxyError): void {
  if (error.retryAfterSeconds !== undefined)
    res.setHeader('Retry-After', String(Math.ceil(error.retryAfterSeconds)));
  res.status(error.status).json({
    code: error.code,
    message: error.message,
    details: error.details,
    requestId: String(res.req.id ?? ''),
  });
}

function fromBodyParser(error: { type?: string; status?: number; message?: string }): ProxyError | undefined {
  if (error.type === 'entity.parse.failed') {
    return new ProxyError('VALIDATION_FAILED', 400, 'The request body is not valid JSON.', {
      details: [{ field: 'body', reason: 'is not valid JSON' }],
    });
  }
  if (error.type === 'entity.too.large') {
    return new ProxyError('VALIDATION_FAILED', 413 as number, 'The request body is too large.', {
      details: [{ field: 'body', reason: 'is larger than the proxy accepts' }],
    });
  }
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    return new ProxyError('VALIDATION_FAILED', 400, 'The request could not be read.', {
      details: [{ field: 'body', reason: error.message ?? 'cannot be read' }],
    });
  }
  return undefined;
}

/**
 * The client closed the connection before its whole request arrived (`readableAborted`: the request stream ended
 * without its 'end'); there is nobody left to answer.
 */
export function clientAborted(req: { readableAborted?: boolean }): boolean {
  return req.readableAborted === true;
}

export const errorMapping: ErrorRequestHandler = (error: unknown, req, res, _next) => {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'request.aborted' || clientAborted(req)) {
    req.log.info(
      { event: 'client_aborted', reason: (error as Error | null)?.message },
      'the client closed the connection before the request was complete',
    );
    res.destroy();
    return;
  }
  if (res.headersSent) {
    req.log.error({ err: error }, 'error after the response started');
    res.end();
    return;
  }
  let proxyError =
    error instanceof ProxyError
      ? error
      : (fromBodyParser(error as { type?: string }) ?? storeUnavailable(error));
  if (!proxyError) {
    req.log.error({ err: error }, 'unexpected error');
    proxyError = new ProxyError(
      'INTERNAL',
      500,
      'The proxy failed unexpectedly; the request id helps find out why.',
    );
  } else if (proxyError.status >= 500) {
    // The cause (Xero's failure, the database's error) is logged with the request id the caller was given.
    req.log.warn({ code: proxyError.code, err: error, cause: proxyError.cause }, proxyError.message);
  }
  sendError(res, proxyError);
};
