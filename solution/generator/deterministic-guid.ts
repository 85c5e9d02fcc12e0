import { v5 as uuidv5 } from 'uuid';

// RFC 4122 version 5 (SHA-1, name-based) UUIDs: the same name always gives the same id, so regenerating the
// solution source never churns form, view, role or connector ids (Dataverse matches components by these ids on
// upgrade, so they must never change once shipped). The earlier hand-written version was already conforming, so the
// uuid package gives every shipped id unchanged; generate-source.test.ts pins a few of them.
const NAMESPACE = 'f3b1c3f6-1c1e-4c55-9d3e-5a0c8a4f7d21'; // this project's namespace, chosen once

export function deterministicGuid(name: string): string {
  return uuidv5(name, NAMESPACE);
}

/** `{guid}` as Dataverse writes ids in XML. */
export const braced = (name: string) => `{${deterministicGuid(name)}}`;
