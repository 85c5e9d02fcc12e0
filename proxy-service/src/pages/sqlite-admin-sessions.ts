/** SQLite side of the admin sessions (see admin-session-store.ts). */
import type Database from 'better-sqlite3';
import type { AdminSessionStore } from './admin-session-store';

export class SqliteAdminSessions implements AdminSessionStore {
  constructor(private readonly db: Database.Database) {}

  async create(idHash: string, expiresAt: string, now: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM admin_sessions WHERE expires_at <= ?').run(now);
      this.db
        .prepare('INSERT INTO admin_sessions (id_hash, created_at, expires_at) VALUES (?, ?, ?)')
        .run(idHash, now, expiresAt);
    })();
  }

  async isActive(idHash: string, now: string): Promise<boolean> {
    return (
      this.db
        .prepare('SELECT 1 FROM admin_sessions WHERE id_hash = ? AND expires_at > ?')
        .get(idHash, now) !== undefined
    );
  }

  async end(idHash: string): Promise<void> {
    this.db.prepare('DELETE FROM admin_sessions WHERE id_hash = ?').run(idHash);
  }
}
