import type { NextFunction, Request, Response } from 'express';
import { DataverseError, errors } from '../dataverse-error';
import { send } from './odata-reply';

/** Whatever went wrong, as the Dataverse error it would be (body-parser's errors included). */
function asDataverseError(err: unknown): DataverseError {
  if (err instanceof DataverseError) return err;
  const type = (err as { type?: string }).type;
  if (err instanceof SyntaxError || type === 'entity.parse.failed') {
    return errors.badRequest(`The request body is not valid JSON: ${(err as Error).message}`, '0x80060888');
  }
  if (type === 'entity.too.large')
    return new DataverseError(413, '0x80060888', 'The request body is too large.');
  return new DataverseError(
    500,
    '0x80040216',
    `An unexpected error occurred: ${(err as Error).message ?? String(err)}`,
  );
}

/** The one place an error becomes an HTTP answer. */
export function replyWithDataverseError(
  err: unknown,
  _req: Request,
  res: Response,
  _next: NextFunction,
): void {
  const e = asDataverseError(err);
  for (const [k, v] of Object.entries(e.headers)) res.setHeader(k, v);
  send(res, e.status, e.toJSON());
}
