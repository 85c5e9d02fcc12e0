/**
 * API keys granted several organisations (issue 14), on SQLite and PostgreSQL: the grants are stored with the key,
 * listed under every organisation they include, and a key a proxy stored before migration 7 keeps exactly the one
 * organisation it had.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from './store';
import { newConnection, STORE_BACKENDS } from '../test-support/store-backends';
import { upgradePostgresFrom, upgradeSqliteFrom } from '../test-support/store-before-migration';

const NOW = '2026-11-25T08:00:00.000Z';
const key = (prefix: string, connectionId: string, grantedConnectionIds?: string[]) => ({
  id: randomUUID(),
  connectionId,
  ...(grantedConnectionIds ? { grantedConnectionIds } : {}),
  prefix,
  hash: 'ab'.repeat(32),
  label: prefix,
  createdAt: NOW,
});

describe.each(STORE_BACKENDS)('$name store: API key grants', (backend) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ store, cleanup } = await backend.open());
  });
  afterEach(async () => {
    await store.close();
    await cleanup();
  });

  test('a key granted several organisations holds them all, the one it was issued for first', async () => {
    const [a, b, c] = await Promise.all(
      [1, 2, 3].map((n) =>
        store.upsertConnection(
          newConnection({ tenantName: `Organisation ${n}`, tenantId: randomUUID() }),
          NOW,
        ),
      ),
    );
    const both = await store.createApiKey(key('dxc_grant001', b!.id, [a!.id, b!.id]));
    const one = await store.createApiKey(key('dxc_grant002', c!.id));
    expect(both.grantedConnectionIds).toEqual([b!.id, a!.id]);
    expect(one.grantedConnectionIds).toEqual([c!.id]);
    expect((await store.findApiKeyByPrefix('dxc_grant001'))!.grantedConnectionIds).toEqual([b!.id, a!.id]);
    expect((await store.findApiKeyByPrefix('dxc_grant002'))!.grantedConnectionIds).toEqual([c!.id]);
    // Listed under each organisation it reaches, and only there.
    expect((await store.listApiKeys(a!.id)).map((k) => k.prefix)).toEqual(['dxc_grant001']);
    expect((await store.listApiKeys(b!.id)).map((k) => k.prefix)).toEqual(['dxc_grant001']);
    expect((await store.listApiKeys(c!.id)).map((k) => k.prefix)).toEqual(['dxc_grant002']);
    // Disconnecting an organisation takes its grants with it; the key keeps the others.
    await store.deleteConnection(a!.id);
    expect((await store.findApiKeyByPrefix('dxc_grant001'))!.grantedConnectionIds).toEqual([b!.id]);
  });

  test('a grant of an organisation the proxy does not know is refused and leaves no key behind', async () => {
    const a = await store.upsertConnection(newConnection(), NOW);
    await expect(store.createApiKey(key('dxc_grant003', a.id, [randomUUID()]))).rejects.toThrow();
    expect(await store.findApiKeyByPrefix('dxc_grant003')).toBeUndefined();
  });
});

describe('API keys a proxy before migration 7 stored', () => {
  const OLD_INSERT = `INSERT INTO api_keys (id, connection_id, prefix, hash, label, created_at)
    VALUES ($1, $2, $3, $4, 'old', $5)`;

  const upgrade = async (store: Store, insertOld: (values: string[]) => Promise<void>) => {
    const connection = await store.upsertConnection(newConnection(), NOW);
    const old = randomUUID();
    await insertOld([old, connection.id, 'dxc_oldkey01', 'cd'.repeat(32), NOW]);
    await store.migrate();
    const found = await store.findApiKeyByPrefix('dxc_oldkey01');
    expect(found).toMatchObject({
      id: old,
      connectionId: connection.id,
      grantedConnectionIds: [connection.id],
    });
    expect((await store.listApiKeys(connection.id)).map((k) => k.id)).toEqual([old]);
  };

  test('SQLite: each keeps exactly its organisation', () => upgradeSqliteFrom(7, OLD_INSERT, upgrade));

  test('PostgreSQL: each keeps exactly its organisation', () => upgradePostgresFrom(7, OLD_INSERT, upgrade));
});
