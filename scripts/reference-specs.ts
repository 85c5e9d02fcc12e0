/**
 * Where the real external schemas live: `shared/reference/specs`, a folder beside the repository that is deliberately
 * not part of it (several of those files carry no licence; reference/specs/SOURCES.md says which). Every workspace's
 * tests and the flow runner's schema check read from here, so the folder's location is written down once.
 * It sits at the root rather than in a workspace so that any workspace can import it without depending on another.
 */
import { resolve } from 'node:path';

export const REFERENCE_SPECS_DIR = resolve(__dirname, '..', '..', 'shared', 'reference', 'specs');

/** The path of a file or folder under shared/reference/specs, e.g. `referenceSpec('xero', 'xero_accounting.yaml')`. */
export function referenceSpec(...segments: string[]): string {
  return resolve(REFERENCE_SPECS_DIR, ...segments);
}
