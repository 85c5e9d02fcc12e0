/**
 * Named, expiring leases in the store: how several proxy instances on one database agree that only one of them
 * works on something at a time (today: an organisation's invoice writes, orchestration/organisation-lease.ts).
 *
 * Expiry is measured by the database's clock on PostgreSQL (instances on different hosts may disagree about the
 * time) and by this host's clock on SQLite (an SQLite file has one host). A lease records who holds it (host and
 * process id) so a holder that died can be recognised without waiting for the lease to lapse, where that is safe.
 */

/** Who holds a lease: one claim, made by one process on one host. */
export interface LeaseHolder {
  /** Unique per claim: a process making two claims of the same lease in turn does not confuse them. */
  id: string;
  host: string;
  pid: number;
}

export interface HeldLease extends LeaseHolder {
  acquiredAt: string;
  expiresAt: string;
}

/** `heldBy` is absent when the lease was released just as it was asked for (ask again). */
export type LeaseClaim = { acquired: true } | { acquired: false; heldBy?: HeldLease };

export interface WorkLeaseStore {
  /** Takes the lease when it is free or lapsed (or already this holder's) for `ttlMs`; otherwise says who holds it. */
  tryAcquire(name: string, holder: LeaseHolder, ttlMs: number): Promise<LeaseClaim>;
  /** Extends the holder's lease by `ttlMs` from now; false when it is no longer theirs (it lapsed and was taken). */
  renew(name: string, holderId: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up (nothing happens when it is no longer this holder's). */
  release(name: string, holderId: string): Promise<void>;
}
