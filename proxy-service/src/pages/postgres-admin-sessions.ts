/** PostgreSQL side of the admin sessions (see admin-session-store.ts). */
import type { Pool } from 'pg';
import type { AdminSessionStore } from './admin-session-store';

export class PostgresAdminSessions implements AdminSessionStore {
  constructor(private readonly pool: Pool) {}

  async create(idHash: string, expiresAt: string, now: string): Promise<void> {
    await this.pool.query('DELETE FROM admin_sessions WHERE expires_at <= $1', [now]);
    await this.pool.query(
      'INSERT INTO admin_sessions (id_hash, created_at, expires_at) VALUES ($1, $2, $3)',
      [idHash, now, expiresAt],
    );
  }

  async isActive(idHash: string, now: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'SELECT 1 FROM admin_sessions WHERE id_hash = $1 AND expires_at > $2',
      [idHash, now],
    );
    return (rowCount ?? 0) > 0;
  }

  async end(idHash: string): Promise<void> {
    await this.pool.query('DELETE FROM admin_sessions WHERE id_hash = $1', [idHash]);
  }
}
