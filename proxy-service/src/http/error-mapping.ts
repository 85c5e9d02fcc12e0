/**
 * The one place errors become HTTP answers: `{code, message, details, requestId}` with the status (and
 * Retry-After) Power Automate's retry policy understands. Unknown errors are logged in full and answered 500
 * with a message that leaks nothing.
 */
import type { ErrorRequestHandler, Response } from 'express';
import type {} from 'pino-http';
import { ProxyError } from '../errors';

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

export const errorMapping: ErrorRequestHandler = (error: unknown, req, res, _next) => {
  if (res.headersSent) {
    req.log.error({ err: error }, 'error after the response started');
    res.end();
    return;
  }
  let proxyError = error instanceof ProxyError ? error : fromBodyParser(error as { type?: string });
  if (!proxyError) {
    req.log.error({ err: error }, 'unexpected error');
    proxyError = new ProxyError(
      'INTERNAL',
      500,
      'The proxy failed unexpectedly; the request id helps find out why.',
    );
  } else if (proxyError.status >= 500) {
    req.log.warn({ code: proxyError.code, err: error }, proxyError.message);
  }
  sendError(res, proxyError);
};
