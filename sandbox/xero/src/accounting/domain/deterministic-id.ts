/**
 * Stable UUIDs derived from a name (RFC 4122 version 5), so seeded organisations, accounts and branding themes keep
 * the same ids across runs and tests can hard-code them.
 */
import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';

// The emulator's own v5 namespace, chosen once. (Until the uuid package replaced it, a hand-written function hashed a
// plain-text namespace, which is not a conforming v5; nothing committed depended on those ids, so they changed.)
const NAMESPACE = '6c0e3f4a-8b2d-4f1e-9a57-3d1b2c4e5f60';

export function deterministicId(...parts: string[]): string {
  return uuidv5(parts.join('\u0000'), NAMESPACE);
}

export function newId(): string {
  return randomUUID();
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: unknown): boolean {
  return typeof value === 'string' && GUID.test(value);
}
