import { sql } from 'kysely';
import type { StoreDatabase, StoreDb } from './store-database';

/**
 * Runs `work` in one transaction that is going to write. PostgreSQL: an ordinary transaction (its row locks,
 * FOR UPDATE and SKIP LOCKED, are taken by the queries). SQLite: BEGIN IMMEDIATE, so the write lock is taken at
 * the start; Kysely's plain BEGIN would read first and could then fail busy on its first write when another
 * process wrote meanwhile. A busy BEGIN leaves nothing to roll back, and the whole call is retried
 * (sqlite-busy.ts).
 */
export async function inWriteTransaction<T>(
  store: StoreDatabase,
  work: (trx: StoreDb) => Promise<T>,
): Promise<T> {
  if (store.kind === 'postgres') return store.db.transaction().execute(work);
  return store.db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      const result = await work(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      if (store.sqlite.inTransaction) await sql`rollback`.execute(connection);
      throw error;
    }
  });
}
