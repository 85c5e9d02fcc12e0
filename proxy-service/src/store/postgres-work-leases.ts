/** Work leases in the PostgreSQL store (see work-leases.ts); times are the database's. */
import type { Pool } from 'pg';
import { heldLeaseFromRow } from './sqlite-work-leases';
import type { LeaseClaim, LeaseHolder, WorkLeaseStore } from './work-leases';

export class PostgresWorkLeases implements WorkLeaseStore {
  constructor(private readonly pool: Pool) {}

  async tryAcquire(name: string, holder: LeaseHolder, ttlMs: number): Promise<LeaseClaim> {
    // One statement: the conflict arm only fires on a lapsed (or own) lease, so two instances can't both win.
    const claimed = await this.pool.query(
      `INSERT INTO work_leases (name, holder, host, pid, acquired_at, expires_at)
       VALUES ($1, $2, $3, $4, now(), now() + make_interval(secs => $5::double precision / 1000))
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, host = EXCLUDED.host, pid = EXCLUDED.pid,
         acquired_at = EXCLUDED.acquired_at, expires_at = EXCLUDED.expires_at
       WHERE work_leases.expires_at <= now() OR work_leases.holder = EXCLUDED.holder
       RETURNING holder`,
      [name, holder.id, holder.host, holder.pid, ttlMs],
    );
    if (claimed.rowCount) return { acquired: true };
    const current = await this.pool.query('SELECT * FROM work_leases WHERE name = $1', [name]);
    const row = current.rows[0] as Record<string, unknown> | undefined;
    // Released between the two statements: the caller's next attempt finds it free.
    return { acquired: false, ...(row ? { heldBy: heldLeaseFromRow(row) } : {}) };
  }

  async renew(name: string, holderId: string, ttlMs: number): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE work_leases SET expires_at = now() + make_interval(secs => $3::double precision / 1000)
       WHERE name = $1 AND holder = $2`,
      [name, holderId, ttlMs],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async release(name: string, holderId: string): Promise<void> {
    await this.pool.query('DELETE FROM work_leases WHERE name = $1 AND holder = $2', [name, holderId]);
  }
}
