/** Work leases in the embedded SQLite store (see work-leases.ts). */
import type Database from 'better-sqlite3';
import type { HeldLease, LeaseClaim, LeaseHolder, WorkLeaseStore } from './work-leases';

type Row = Record<string, unknown>;

export function heldLeaseFromRow(row: Row): HeldLease {
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));
  return {
    id: String(row.holder),
    host: String(row.host),
    pid: Number(row.pid),
    acquiredAt: iso(row.acquired_at),
    expiresAt: iso(row.expires_at),
  };
}

export class SqliteWorkLeases implements WorkLeaseStore {
  constructor(private readonly db: Database.Database) {}

  async tryAcquire(name: string, holder: LeaseHolder, ttlMs: number): Promise<LeaseClaim> {
    // BEGIN IMMEDIATE: the read and the claim are one step for every process sharing the file.
    return this.db
      .transaction((): LeaseClaim => {
        const now = Date.now();
        const row = this.db.prepare('SELECT * FROM work_leases WHERE name = ?').get(name) as Row | undefined;
        if (row && String(row.holder) !== holder.id && Date.parse(String(row.expires_at)) > now)
          return { acquired: false, heldBy: heldLeaseFromRow(row) };
        this.db
          .prepare(
            `INSERT INTO work_leases (name, holder, host, pid, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, host = excluded.host, pid = excluded.pid,
               acquired_at = excluded.acquired_at, expires_at = excluded.expires_at`,
          )
          .run(
            name,
            holder.id,
            holder.host,
            holder.pid,
            new Date(now).toISOString(),
            new Date(now + ttlMs).toISOString(),
          );
        return { acquired: true };
      })
      .immediate();
  }

  async renew(name: string, holderId: string, ttlMs: number): Promise<boolean> {
    const result = this.db
      .prepare('UPDATE work_leases SET expires_at = ? WHERE name = ? AND holder = ?')
      .run(new Date(Date.now() + ttlMs).toISOString(), name, holderId);
    return result.changes > 0;
  }

  async release(name: string, holderId: string): Promise<void> {
    this.db.prepare('DELETE FROM work_leases WHERE name = ? AND holder = ?').run(name, holderId);
  }
}
