import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

/**
 * Dataverse solution versions have four numeric parts (major.minor.build.revision). The repository's semver
 * MAJOR.MINOR.PATCH maps to MAJOR.MINOR.PATCH.0; the revision stays 0 so every release is a clean upgrade of the
 * previous one. Pre-release tags cannot be expressed and are refused.
 */
export function toSolutionVersion(semver: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(semver);
  if (!m)
    throw new Error(
      `package.json version "${semver}" must be MAJOR.MINOR.PATCH (no pre-release tag) to become a solution version`,
    );
  return `${m[1]}.${m[2]}.${m[3]}.0`;
}

export function repositoryVersion(root = REPO_ROOT): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string };
  if (!pkg.version) throw new Error(`${join(root, 'package.json')} has no "version"`);
  return toSolutionVersion(pkg.version);
}
