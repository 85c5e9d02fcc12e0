/**
 * Xero's error bodies as the platform (not the accounting books) produces them. Shapes come from
 * reference/xero-api.md section 8; where Xero's exact text was never captured the comment says so.
 */
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

/** The RFC 7807-like body Xero's API gateway returns for 401 and 403 (captured from real responses, section 8). */
export function sendProblem(res: Response, status: 401 | 403, title: string, detail: string): void {
  res
    .status(status)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        Type: null,
        Title: title,
        Status: status,
        Detail: detail,
        Instance: randomUUID(),
        Extensions: {},
      }),
    );
}

export function sendUnauthorized(res: Response, detail: string): void {
  sendProblem(res, 401, 'Unauthorized', detail);
}

export function sendForbidden(res: Response): void {
  sendProblem(res, 403, 'Forbidden', 'AuthenticationUnsuccessful');
}

/** 500 body quoted in XeroAPI/Xero-Java#246. */
export function internalErrorBody(): Record<string, unknown> {
  return {
    Title: 'An error occurred',
    Detail:
      'An error occurred in Xero. Check the API Status page http://status.developer.xero.com for current service status.',
    Status: 500,
    Instance: randomUUID(),
  };
}

/** 503 bodies are plain text in Xero's response-code pages; the "Organisation offline" wording is a 3P quote (UNVERIFIED). */
export const API_UNAVAILABLE_TEXT = 'The Xero API is temporarily unavailable';
export const ORGANISATION_OFFLINE_TEXT = 'The Organisation is Offline';

/** What the emulator answers for anything it does not implement: 501 naming the endpoint, as the task requires. */
export function sendNotImplemented(res: Response, what: string): void {
  res.status(501).json({
    Title: 'Not Implemented',
    Status: 501,
    Detail: `The Xero emulator does not implement ${what}`,
    Instance: randomUUID(),
  });
}

/** `TokenExpired: token expired at 02/20/2025 08:32:50` — the UTC MM/DD/YYYY HH:mm:ss format of the captured body. */
export function tokenExpiredDetail(expiredAt: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const d = expiredAt;
  return (
    `TokenExpired: token expired at ${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${d.getUTCFullYear()} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
  );
}
