/**
 * A stable fingerprint of the invoice content we send, so an invoice whose content has not changed since Xero last
 * accepted it costs no call ("unchanged"). sha256 over canonical JSON (keys sorted at every depth, undefined left
 * out). Left out of the hash: `InvoiceID`, `LineItemID` and `Status`, which say *where* and *in what state* the
 * invoice is in Xero, not what Dynamics 365 asked for; with them a second sync of the same content would differ from
 * the first only because the ledger now knows the ids.
 */
import { createHash } from 'node:crypto';
import type { XeroInvoicePayload } from './xero-payloads';

const NOT_CONTENT = new Set(['InvoiceID', 'LineItemID', 'Status']);

/** A copy with object keys in sorted order (and `skip` keys left out), which JSON.stringify then writes in order. */
function sortedCopy(value: unknown, skip: ReadonlySet<string>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => sortedCopy(v, skip));
  const source = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const k of Object.keys(source).sort()) {
    if (!skip.has(k) && source[k] !== undefined) copy[k] = sortedCopy(source[k], skip);
  }
  return copy;
}

const NOTHING: ReadonlySet<string> = new Set();

/** JSON with object keys sorted at every depth, so the same data gives the same text whatever order it was built in. */
export function canonicalJson(value: unknown, skip: ReadonlySet<string> = NOTHING): string {
  return JSON.stringify(sortedCopy(value, skip)) ?? 'null';
}

/** `sha256:<hex>` of the invoice content. */
export function payloadHash(payload: XeroInvoicePayload): string {
  return `sha256:${createHash('sha256').update(canonicalJson(payload, NOT_CONTENT), 'utf8').digest('hex')}`;
}

/** `sha256:<hex>` of the whole body element as sent (ids and status included), for Idempotency-Keys. */
export function bodyHash(body: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex')}`;
}
