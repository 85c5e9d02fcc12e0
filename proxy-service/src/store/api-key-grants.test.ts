/**
 * API keys granted several organisations (issue 14), on SQLite and PostgreSQL: the grants are stored with the key,
 * listed under every organisation they include, and a key a proxy stored before migration 7 keeps exactly the one
 * organisation it had.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { MIGRATIONS } from './migrations';
import { PostgresStore } from './postgres-store';
import { SqliteStore } from './sqlite-store';
import type { Store } from './store';
import { createPgSchema, TEST_PG_URL } from '../test-support/proxy-harness';
import { newConnection, STORE_BACKENDS } from '../test-support/store-backends';

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
  const BEFORE = MIGRATIONS.filter((m) => m.version < 7);
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

  test('SQLite: each keeps exactly its organisation', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-grants-'));
    const file = path.join(dir, 'proxy.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)');
    for (const m of BEFORE) {
      raw.exec(m.sqlite);
      raw.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, NOW);
    }
    const store = new SqliteStore(file);
    try {
      await upgrade(store, async (values) => {
        raw.prepare(OLD_INSERT.replace(/\$\d/g, '?')).run(...values);
      });
    } finally {
      raw.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('PostgreSQL: each keeps exactly its organisation', async () => {
    const { schema, drop } = await createPgSchema();
    const raw = new Client({ connectionString: TEST_PG_URL });
    await raw.connect();
    const store = new PostgresStore(TEST_PG_URL, schema);
    try {
      await raw.query(`CREATE SCHEMA "${schema}"`);
      await raw.query(`SET search_path TO "${schema}"`);
      await raw.query(
        'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TIMESTAMPTZ)',
      );
      for (const m of BEFORE) {
        await raw.query(m.postgres);
        await raw.query('INSERT INTO schema_migrations VALUES ($1, $2, now())', [m.version, m.name]);
      }
      await upgrade(store, async (values) => void (await raw.query(OLD_INSERT, values)));
    } finally {
      await raw.end();
      await store.close();
      await drop();
    }
  });
});
