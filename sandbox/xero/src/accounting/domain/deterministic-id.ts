/**
 * Stable UUIDs derived from a name (RFC 4122 version 5 layout over SHA-1), so seeded organisations, accounts and
 * branding themes keep the same ids across runs and tests can hard-code them.
 */
import { createHash, randomUUID } from 'node:crypto';

const NAMESPACE = 'dxc-xero-emulator';

export function deterministicId(...parts: string[]): string {
  const bytes = createHash('sha1')
    .update([NAMESPACE, ...parts].join('\u0000'))
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function newId(): string {
  return randomUUID();
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: unknown): boolean {
  return typeof value === 'string' && GUID.test(value);
}
