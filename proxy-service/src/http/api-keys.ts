/**
 * API keys for the connector: `dxc_<8-char id>_<43-char secret>` — 32 random bytes of secret, shown once. Only the
 * SHA-256 of the whole key is stored; the id part finds the row, and the hashes are compared in constant time.
 * A plain hash (not scrypt) is enough here: the secret is 256 random bits, so there is nothing to brute-force.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord, Store } from '../store/store';

export const API_KEY_FORMAT = /^(dxc_[A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function keyId(): string {
  const bytes = randomBytes(8);
  return Array.from(bytes, (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}

/**
 * Creates a key granted one connection, or several (the first is the one it is issued for); the returned `key` is
 * the only time the secret exists in clear.
 */
export async function issueApiKey(
  store: Store,
  connections: string | readonly string[],
  label: string,
  now: string,
  presetKey?: string,
): Promise<{ key: string; record: ApiKeyRecord }> {
  const key = presetKey ?? `dxc_${keyId()}_${randomBytes(32).toString('base64url')}`;
  const match = API_KEY_FORMAT.exec(key);
  if (!match) throw new Error('API key does not have the dxc_<id>_<secret> form');
  const [connectionId, ...others] = typeof connections === 'string' ? [connections] : connections;
  if (!connectionId) throw new Error('An API key must be granted at least one connection');
  const record = await store.createApiKey({
    id: randomUUID(),
    connectionId,
    grantedConnectionIds: others,
    prefix: match[1]!,
    hash: hashApiKey(key),
    label: label.trim().slice(0, 100) || 'API key',
    createdAt: now,
  });
  return { key, record };
}

/** The active key record for a presented key, or undefined (unknown, malformed, revoked, or wrong secret). */
export async function verifyApiKey(store: Store, presented: string): Promise<ApiKeyRecord | undefined> {
  const match = API_KEY_FORMAT.exec(presented);
  if (!match) return undefined;
  const record = await store.findApiKeyByPrefix(match[1]!);
  if (!record || record.revokedAt) return undefined;
  const expected = Buffer.from(record.hash, 'hex');
  const actual = Buffer.from(hashApiKey(presented), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? record : undefined;
}
