/**
 * The emulator's RS256 key. Access tokens and id_tokens are signed with it; the public half is published as the
 * JWKS that openid-client (inside xero-node) fetches to validate id_tokens. A fresh key per emulator instance.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, type KeyLike } from 'jose';

export interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  publicKey: KeyLike;
  jwks: { keys: JWK[] };
}

export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const kid = randomUUID().replace(/-/g, '').toUpperCase();
  const jwk = await exportJWK(publicKey);
  return { kid, privateKey, publicKey, jwks: { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] } };
}
