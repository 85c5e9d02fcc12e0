/**
 * Secrets the embedded default generates for itself on first start: the token encryption key and the admin
 * secret, each in its own file in the data folder, readable only by the proxy's user (0600).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function loadOrCreateSecretFile(
  dataDir: string,
  name: string,
  generate: () => string,
): { value: string; created: boolean; file: string } {
  const file = path.join(dataDir, name);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    return { value: fs.readFileSync(file, 'utf8').trim(), created: false, file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const value = generate();
  try {
    fs.writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another instance created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return { value: fs.readFileSync(file, 'utf8').trim(), created: false, file };
    }
    throw error;
  }
  return { value, created: true, file };
}

export const newEncryptionKey = (): string => randomBytes(32).toString('base64');
export const newAdminSecret = (): string => randomBytes(24).toString('base64url');
