/**
 * The two stores every store-level suite runs against: SQLite in a fresh temp file and PostgreSQL in a fresh
 * schema of the test database. `reopen` opens a second store on the same data (another instance, or a restart).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PostgresStore } from '../store/postgres-store';
import { SqliteStore } from '../store/sqlite-store';
import { randomUUID } from 'node:crypto';
import type { NewConnection, Store } from '../store/store';
import { createPgSchema, TEST_PG_URL } from './proxy-harness';

export interface OpenedStore {
  store: Store;
  reopen(): Store;
  cleanup(): Promise<void>;
}

export interface StoreBackend {
  name: 'SQLite' | 'PostgreSQL';
  open(): Promise<OpenedStore>;
}

export const STORE_BACKENDS: StoreBackend[] = [
  {
    name: 'SQLite',
    async open() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-store-'));
      const file = path.join(dir, 'proxy.db');
      const store = new SqliteStore(file);
      await store.migrate();
      return {
        store,
        reopen: () => new SqliteStore(file),
        cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const { schema, drop } = await createPgSchema();
      const store = new PostgresStore(TEST_PG_URL, schema);
      await store.migrate();
      return { store, reopen: () => new PostgresStore(TEST_PG_URL, schema), cleanup: drop };
    },
  },
];

/** A connection as the connect flow stores it (fresh ids; sealed tokens are an opaque placeholder). */
export function newConnection(overrides: Partial<NewConnection> = {}): NewConnection {
  return {
    id: randomUUID(),
    tenantId: randomUUID(),
    tenantName: 'Demo Company (UK)',
    shortCode: '!abc12',
    baseCurrency: 'GBP',
    countryCode: 'GB',
    kind: 'oauth',
    xeroConnectionId: randomUUID(),
    sealedTokens: 'v1.sealed',
    tokenExpiresAt: '2026-11-25T08:30:00.000Z',
    ...overrides,
  };
}
