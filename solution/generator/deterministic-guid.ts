import { createHash } from 'node:crypto';

// RFC 4122 version 5 (SHA-1, name-based) UUIDs: the same name always gives the same id, so regenerating the
// solution source never churns form, view, role or connector ids (Dataverse matches components by these ids on
// upgrade, so they must never change once shipped).
const NAMESPACE = 'f3b1c3f6-1c1e-4c55-9d3e-5a0c8a4f7d21'; // this project's namespace, chosen once

export function deterministicGuid(name: string): string {
  const ns = Buffer.from(NAMESPACE.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `{guid}` as Dataverse writes ids in XML. */
export const braced = (name: string) => `{${deterministicGuid(name)}}`;
