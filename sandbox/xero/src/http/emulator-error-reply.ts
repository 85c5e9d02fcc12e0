import type { NextFunction, Request, Response } from 'express';
import { internalErrorBody } from './xero-errors';

/** The last error handler: body-parser's errors as Xero words them, anything else a 500 (and logged). */
// Express needs the four-argument signature to treat this as the error handler.
export function replyWithEmulatorError(
  err: unknown,
  _req: Request,
  res: Response,
  _next: NextFunction,
): void {
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.parse.failed') {
    res.status(400).json({
      ErrorNumber: 14,
      Type: 'PostDataInvalidException',
      Message: `Invalid JSON in the request body: ${e.message}`,
    });
    return;
  }
  if (e.type === 'entity.too.large') {
    res.status(413).json({
      Title: 'Request Entity Too Large',
      Status: 413,
      Detail: 'The request body is larger than the emulator accepts',
    });
    return;
  }
  if (!res.headersSent) res.status(500).json(internalErrorBody());
  console.error('[xero-emulator] unexpected error', err);
}
