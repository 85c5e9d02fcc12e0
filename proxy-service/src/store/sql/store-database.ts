/**
 * One Kysely instance over either database, so a plain read or write is written once for both. `kind` (and the
 * driver handle beside it) is there for the few places that must differ: locks, leases, SKIP LOCKED, migrations.
 */
import type Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { Pool } from 'pg';
import type { StoreTables } from '../tables/store-tables';

export type StoreDb = Kysely<StoreTables>;

export type StoreDatabase =
  | { readonly kind: 'sqlite'; readonly db: StoreDb; readonly sqlite: Database.Database }
  | { readonly kind: 'postgres'; readonly db: StoreDb; readonly pool: Pool };

/**
 * Kysely prepares every query it runs; compiling the same SQL again on every call showed up in profiles, so the
 * statements are kept (a query builds the same SQL text each time it has the same shape).
 */
function preparedOnce(db: Database.Database): SqliteDatabase {
  const statements = new LRUCache<string, SqliteStatement>({ max: 500 });
  return {
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = db.prepare(sql) as unknown as SqliteStatement;
        statements.set(sql, statement);
      }
      return statement;
    },
    close() {
      if (db.open) db.close();
    },
  };
}

/**
 * Over a better-sqlite3 handle. Kysely runs one query at a time on it (its SQLite driver holds one connection
 * behind a mutex), so a Kysely transaction is never interleaved with another Kysely query of this process.
 */
export function sqliteStoreDatabase(sqlite: Database.Database): StoreDatabase {
  const db = new Kysely<StoreTables>({ dialect: new SqliteDialect({ database: preparedOnce(sqlite) }) });
  return { kind: 'sqlite', db, sqlite };
}

/** Over the store's pg Pool (its timeouts and search_path stay the pool's). `db.destroy()` ends the pool. */
export function postgresStoreDatabase(pool: Pool): StoreDatabase {
  const db = new Kysely<StoreTables>({ dialect: new PostgresDialect({ pool }) });
  return { kind: 'postgres', db, pool };
}
