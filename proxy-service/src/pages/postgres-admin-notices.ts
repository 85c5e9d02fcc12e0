/** PostgreSQL side of the admin portal's one-time notices (see admin-notice-store.ts). */
import type { Pool } from 'pg';
import type { AdminNotice, AdminNoticeStore } from './admin-notice-store';

export class PostgresAdminNotices implements AdminNoticeStore {
  constructor(private readonly pool: Pool) {}

  async save(notice: AdminNotice, now: string): Promise<void> {
    await this.pool.query('DELETE FROM admin_notices WHERE expires_at <= $1', [now]);
    await this.pool.query(
      'INSERT INTO admin_notices (id, session_hash, sealed_payload, expires_at) VALUES ($1, $2, $3, $4)',
      [notice.id, notice.sessionHash, notice.sealedPayload, notice.expiresAt],
    );
  }

  async take(id: string, sessionHash: string, now: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ sealed_payload: string }>(
      `DELETE FROM admin_notices WHERE id = $1 AND session_hash = $2 AND expires_at > $3
       RETURNING sealed_payload`,
      [id, sessionHash, now],
    );
    return rows[0]?.sealed_payload;
  }

  async peek(id: string, sessionHash: string, now: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ sealed_payload: string }>(
      'SELECT sealed_payload FROM admin_notices WHERE id = $1 AND session_hash = $2 AND expires_at > $3',
      [id, sessionHash, now],
    );
    return rows[0]?.sealed_payload;
  }
}
