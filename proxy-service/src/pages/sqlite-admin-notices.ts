/** SQLite side of the admin portal's one-time notices (see admin-notice-store.ts). */
import type Database from 'better-sqlite3';
import type { AdminNotice, AdminNoticeStore } from './admin-notice-store';

export class SqliteAdminNotices implements AdminNoticeStore {
  constructor(private readonly db: Database.Database) {}

  async save(notice: AdminNotice, now: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM admin_notices WHERE expires_at <= ?').run(now);
      this.db
        .prepare(
          'INSERT INTO admin_notices (id, session_hash, sealed_payload, expires_at) VALUES (?, ?, ?, ?)',
        )
        .run(notice.id, notice.sessionHash, notice.sealedPayload, notice.expiresAt);
    })();
  }

  async take(id: string, sessionHash: string, now: string): Promise<string | undefined> {
    const row = this.db
      .prepare(
        `DELETE FROM admin_notices WHERE id = ? AND session_hash = ? AND expires_at > ?
         RETURNING sealed_payload`,
      )
      .get(id, sessionHash, now) as { sealed_payload: string } | undefined;
    return row?.sealed_payload;
  }

  async peek(id: string, sessionHash: string, now: string): Promise<string | undefined> {
    const row = this.db
      .prepare(
        'SELECT sealed_payload FROM admin_notices WHERE id = ? AND session_hash = ? AND expires_at > ?',
      )
      .get(id, sessionHash, now) as { sealed_payload: string } | undefined;
    return row?.sealed_payload;
  }
}
