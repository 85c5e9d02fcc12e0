/** The admin portal's one-time notices (see pages/admin-notice-store.ts), for both databases. */
import type { AdminNotice, AdminNoticeStore } from '../../pages/admin-notice-store';
import type { StoreDatabase } from '../sql/store-database';
import { inTransaction } from '../sql/transaction';

export class AdminNoticeTables implements AdminNoticeStore {
  constructor(private readonly database: StoreDatabase) {}

  async save(notice: AdminNotice, now: string): Promise<void> {
    await inTransaction(this.database, async (db) => {
      await db.deleteFrom('admin_notices').where('expires_at', '<=', now).execute();
      await db
        .insertInto('admin_notices')
        .values({
          id: notice.id,
          session_hash: notice.sessionHash,
          sealed_payload: notice.sealedPayload,
          expires_at: notice.expiresAt,
        })
        .execute();
    });
  }

  async take(id: string, sessionHash: string, now: string): Promise<string | undefined> {
    const row = await this.database.db
      .deleteFrom('admin_notices')
      .where('id', '=', id)
      .where('session_hash', '=', sessionHash)
      .where('expires_at', '>', now)
      .returning('sealed_payload')
      .executeTakeFirst();
    return row?.sealed_payload;
  }

  async peek(id: string, sessionHash: string, now: string): Promise<string | undefined> {
    const row = await this.database.db
      .selectFrom('admin_notices')
      .select('sealed_payload')
      .where('id', '=', id)
      .where('session_hash', '=', sessionHash)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row?.sealed_payload;
  }
}
