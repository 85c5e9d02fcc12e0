/**
 * A store an older proxy left: the migrations before `version` applied by hand, then `upgrade` gets the current store
 * on that data and a way to write a row with the older proxy's own INSERT (PostgreSQL placeholders; SQLite gets `?`).
 * Proves that what an older proxy stored survives the migration, on both databases.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { MIGRATIONS } from '../store/migrations';
import { PostgresStore } from '../store/postgres-store';
import { SqliteStore } from '../store/sqlite-store';
import type { Store } from '../store/store';
import { createPgSchema, TEST_PG_URL } from './proxy-harness';

export type OlderInsert = (values: string[]) => Promise<void>;
export type Upgrade = (store: Store, insertOld: OlderInsert) => Promise<void>;

const before = (version: number) => MIGRATIONS.filter((m) => m.version < version);

export async function upgradeSqliteFrom(version: number, oldInsert: string, upgrade: Upgrade): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-upgrade-'));
  const file = path.join(dir, 'proxy.db');
  const raw = new Database(file);
  raw.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)');
  for (const m of before(version)) {
    raw.exec(m.sqlite);
    raw
      .prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)')
      .run(m.version, m.name, new Date().toISOString());
  }
  const store = new SqliteStore(file);
  try {
    await upgrade(store, async (values) => {
      raw.prepare(oldInsert.replace(/\$\d/g, '?')).run(...values);
    });
  } finally {
    raw.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function upgradePostgresFrom(
  version: number,
  oldInsert: string,
  upgrade: Upgrade,
): Promise<void> {
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
    for (const m of before(version)) {
      await raw.query(m.postgres);
      await raw.query('INSERT INTO schema_migrations VALUES ($1, $2, now())', [m.version, m.name]);
    }
    await upgrade(store, async (values) => void (await raw.query(oldInsert, values)));
  } finally {
    await raw.end();
    await store.close();
    await drop();
  }
}
