/**
 * Xero's `Idempotency-Key` header (≤ 128 characters; a repeat with the same key and body within about 6 minutes
 * replays the first answer instead of writing again — reference/xero-api.md §2). The key is derived from content,
 * never random: a retry of the same batch (same tenant, same invoices, same content, same purpose) sends the same
 * key, so a write Xero already did is not done twice. Any change of content gives a new key.
 */
import { createHash } from 'node:crypto';

export const IDEMPOTENCY_KEY_MAX = 128;

/** What a write is for; part of the key so e.g. a credit note and its allocation never share one. */
export type WritePurpose =
  | 'contacts-create'
  | 'items-create'
  | 'invoices-create'
  | 'invoices-update'
  | 'creditnotes-create'
  | 'creditnotes-update'
  | 'invoice-delete'
  | 'invoice-void'
  | 'credit-note-create'
  | 'credit-note-allocate'
  | 'credit-note-delete'
  | 'credit-note-void';

export interface IdempotencyContent {
  tenantId: string;
  purpose: WritePurpose;
  /** One part per document in the write: the Dataverse id (or the key of what is created) and its content hash. */
  parts: readonly { id: string; hash: string }[];
}

export function idempotencyKey({ tenantId, purpose, parts }: IdempotencyContent): string {
  const digest = createHash('sha256');
  digest.update(`${tenantId}\n${purpose}\n`);
  for (const { id, hash } of parts) digest.update(`${id}\t${hash}\n`);
  // "dxc-" + purpose (≤ 20) + "-" + 64 hex = at most 89 characters.
  return `dxc-${purpose}-${digest.digest('hex')}`;
}
