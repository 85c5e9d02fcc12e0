import { createHmac, timingSafeEqual } from 'node:crypto';

/** Xero's webhook signature: base64(HMAC-SHA256(raw body, webhook key)) (reference/xero-api.md §10). */
export function signXeroPayload(rawBody: Buffer | string, key: string): string {
  return createHmac('sha256', key).update(rawBody).digest('base64');
}

/**
 * Compares in constant time over the decoded bytes (peers.md §2.5: a plain `===` leaks timing). A header that is
 * missing, not base64 or of the wrong length is simply not valid.
 */
export function isValidXeroSignature(rawBody: Buffer, header: string | undefined, key: string): boolean {
  if (typeof header !== 'string' || header.length === 0 || header.length > 128) return false;
  const expected = createHmac('sha256', key).update(rawBody).digest();
  const given = Buffer.from(header, 'base64');
  if (given.length !== expected.length) return false;
  return timingSafeEqual(given, expected);
}
