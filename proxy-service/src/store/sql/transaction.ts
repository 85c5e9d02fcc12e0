/**
 * One transaction, written once for both databases: `work` gets a Kysely bound to the transaction and must use only
 * it (on SQLite the outer one waits for the transaction's connection, so using it inside would never return).
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { PoolClient } from 'pg';
import { withTransaction } from '../postgres-transaction';
import type { StoreTables } from '../tables/store-tables';
import type { StoreDatabase, StoreDb } from './store-database';

export interface TransactionOptions {
  /** SQLite: BEGIN IMMEDIATE, taking the write lock first (PostgreSQL locks rows as it goes). */
  immediate?: boolean;
}

/** A Kysely over one pooled client already inside BEGIN; the transaction, not Kysely, releases the client. */
function overClient(client: PoolClient): StoreDb {
  const held = { query: client.query.bind(client), release: () => undefined };
  return new Kysely<StoreTables>({
    dialect: new PostgresDialect({ pool: { connect: async () => held, end: async () => undefined } }),
  });
}

export function inTransaction<T>(
  database: StoreDatabase,
  work: (db: StoreDb) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  // PostgreSQL: withTransaction releases a client that could not even roll back as broken, so the pool drops it.
  if (database.kind === 'postgres')
    return withTransaction(database.pool, (client) => work(overClient(client)));
  return database.db.connection().execute(async (db) => {
    await sql.raw(options.immediate ? 'BEGIN IMMEDIATE' : 'BEGIN').execute(db);
    try {
      const result = await work(db);
      await sql`COMMIT`.execute(db);
      return result;
    } catch (error) {
      // Nothing to roll back when BEGIN itself failed (busy): that second error says nothing new.
      await sql`ROLLBACK`.execute(db).catch(() => undefined);
      throw error;
    }
  });
}
