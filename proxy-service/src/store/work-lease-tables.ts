/**
 * Work leases (see work-leases.ts), for both databases. A claim is one upsert whose conflict arm only fires on a
 * lapsed (or the holder's own) lease, so two instances cannot both win. Only the clock differs by dialect.
 */
import { sql } from 'kysely';
import type { Expression, Selectable } from 'kysely';
import type { StoreDatabase } from './sql/store-database';
import { isoOf } from './sql/values';
import type { WorkLeasesTable } from './tables/work-leases';
import type { HeldLease, LeaseClaim, LeaseHolder, WorkLeaseStore } from './work-leases';

function heldLeaseFromRow(row: Selectable<WorkLeasesTable>): HeldLease {
  return {
    id: row.holder,
    host: row.host,
    pid: Number(row.pid),
    acquiredAt: isoOf(row.acquired_at),
    expiresAt: isoOf(row.expires_at),
  };
}

interface LeaseTimes {
  now: Expression<string>;
  until: Expression<string>;
}

/**
 * PostgreSQL: the database's clock (instances on different hosts may disagree about the time). SQLite: this host's
 * (an SQLite file has one host), as ISO text.
 */
function leaseTimes(kind: StoreDatabase['kind'], ttlMs: number): LeaseTimes {
  if (kind === 'postgres')
    return { now: sql`now()`, until: sql`now() + make_interval(secs => ${ttlMs}::double precision / 1000)` };
  const now = Date.now();
  return { now: sql.val(new Date(now).toISOString()), until: sql.val(new Date(now + ttlMs).toISOString()) };
}

export class WorkLeaseTables implements WorkLeaseStore {
  constructor(private readonly database: StoreDatabase) {}

  async tryAcquire(name: string, holder: LeaseHolder, ttlMs: number): Promise<LeaseClaim> {
    const { db, kind } = this.database;
    const times = leaseTimes(kind, ttlMs);
    const claimed = await db
      .insertInto('work_leases')
      .values({
        name,
        holder: holder.id,
        host: holder.host,
        pid: holder.pid,
        acquired_at: times.now,
        expires_at: times.until,
      })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet((eb) => ({
            holder: eb.ref('excluded.holder'),
            host: eb.ref('excluded.host'),
            pid: eb.ref('excluded.pid'),
            acquired_at: eb.ref('excluded.acquired_at'),
            expires_at: eb.ref('excluded.expires_at'),
          }))
          .where((eb) =>
            eb.or([
              eb('work_leases.expires_at', '<=', times.now),
              eb('work_leases.holder', '=', eb.ref('excluded.holder')),
            ]),
          ),
      )
      .returning('holder')
      .executeTakeFirst();
    if (claimed) return { acquired: true };
    const row = await db.selectFrom('work_leases').selectAll().where('name', '=', name).executeTakeFirst();
    // Released between the two statements: the caller's next attempt finds it free.
    return { acquired: false, ...(row ? { heldBy: heldLeaseFromRow(row) } : {}) };
  }

  async renew(name: string, holderId: string, ttlMs: number): Promise<boolean> {
    const result = await this.database.db
      .updateTable('work_leases')
      .set({ expires_at: leaseTimes(this.database.kind, ttlMs).until })
      .where('name', '=', name)
      .where('holder', '=', holderId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async release(name: string, holderId: string): Promise<void> {
    await this.database.db
      .deleteFrom('work_leases')
      .where('name', '=', name)
      .where('holder', '=', holderId)
      .execute();
  }
}
