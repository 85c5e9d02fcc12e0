import path from 'node:path';
import { adminSecretNotice } from './admin-secret-notice';

describe('the start banner about the admin secret', () => {
  const dataDir = path.resolve('/srv/dxc/proxy-service/data');

  test('the start that generated it shows it once, with where it is kept', () => {
    expect(adminSecretNotice({ dataDir }, 'fresh-secret')).toBe(
      `Admin secret (generated, shown once; kept in ${dataDir}/admin-secret): fresh-secret`,
    );
  });

  test('a later start says where it is, without the secret', () => {
    expect(adminSecretNotice({ dataDir }, undefined)).toBe(
      `Admin secret: kept in ${dataDir}/admin-secret (generated at first start; read it with: cat "${dataDir}/admin-secret")`,
    );
  });

  test('a secret set in the environment is never printed', () => {
    const line = adminSecretNotice({ dataDir, adminSecret: 'from-the-vault' }, undefined);
    expect(line).toBe('Admin secret: the value of ADMIN_SECRET.');
    expect(line).not.toContain('from-the-vault');
  });
});
