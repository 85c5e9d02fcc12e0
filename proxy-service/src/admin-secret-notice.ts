import path from 'node:path';
import type { ProxyConfig } from './config';

/**
 * The start banner's line about the admin secret. A generated secret is shown once, at the start that made it;
 * every later start says where it is kept, so whoever lost the first banner can still sign in. The secret itself is
 * never repeated: later banners may end up in logs.
 */
export function adminSecretNotice(
  config: Pick<ProxyConfig, 'dataDir' | 'adminSecret'>,
  generatedNow: string | undefined,
): string {
  const file = path.join(config.dataDir, 'admin-secret');
  if (generatedNow) return `Admin secret (generated, shown once; kept in ${file}): ${generatedNow}`;
  if (config.adminSecret) return 'Admin secret: the value of ADMIN_SECRET.';
  return `Admin secret: kept in ${file} (generated at first start; read it with: cat "${file}")`;
}
