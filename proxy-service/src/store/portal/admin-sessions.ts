/** The admin sessions' table (see pages/admin-session-store.ts), for both databases. */
import type { AdminSessionStore } from '../../pages/admin-session-store';
import type { StoreDatabase } from '../sql/store-database';
import { inTransaction } from '../sql/transaction';

export class AdminSessionTables implements AdminSessionStore {
  constructor(private readonly database: StoreDatabase) {}

  async create(idHash: string, expiresAt: string, now: string): Promise<void> {
    await inTransaction(this.database, async (db) => {
      await db.deleteFrom('admin_sessions').where('expires_at', '<=', now).execute();
      await db
        .insertInto('admin_sessions')
        .values({ id_hash: idHash, created_at: now, expires_at: expiresAt })
        .execute();
    });
  }

  async isActive(idHash: string, now: string): Promise<boolean> {
    const row = await this.database.db
      .selectFrom('admin_sessions')
      .select('id_hash')
      .where('id_hash', '=', idHash)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row !== undefined;
  }

  async end(idHash: string): Promise<void> {
    await this.database.db.deleteFrom('admin_sessions').where('id_hash', '=', idHash).execute();
  }
}
