/**
 * One proxy instance at a time writes an organisation's invoices. Within an instance the TenantQueue orders the
 * work; across instances sharing a database (PostgreSQL) this lease does: without it, two instances given
 * overlapping batches at the same moment could both find an invoice missing from the ledger and both create it
 * (their Idempotency-Keys differ because their batches differ).
 *
 * The lease lives in the store with a short expiry that is renewed while the work runs, so an instance that dies
 * holding it blocks the organisation for at most `ttlMs`. On SQLite (one host by nature) a holder whose process
 * is gone is recognised at once and its lease broken, so a restart after a crash does not wait. That check is not
 * made on PostgreSQL: process ids mean nothing across hosts, and two containers may share a host name.
 *
 * If an instance stalls past the expiry (a paused VM) and another takes over, both may write for a moment; the
 * intent journal and recovery of lost writes (recover-lost-writes.ts) then keep Xero free of duplicates for
 * retries of the same content, which is the case a stalled flow produces.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { ProxyError } from '../errors';
import type { Store } from '../store/store';
import type { HeldLease } from '../store/work-leases';

export interface OrganisationLeaseOptions {
  /** How long a claim lasts without renewal. */
  ttlMs: number;
  /** How often a running claim is renewed (well inside ttlMs). */
  renewEveryMs: number;
  /** How long a request waits for another instance before answering 503 with Retry-After. */
  maxWaitMs: number;
  /** Pause between attempts while waiting (jittered ±50 %). */
  pollMs: number;
}

export const DEFAULT_LEASE_OPTIONS: OrganisationLeaseOptions = {
  ttlMs: 30_000,
  renewEveryMs: 10_000,
  // Power Automate gives a connector action 120 s; a batch waiting 60 s still has time to run.
  maxWaitMs: 60_000,
  pollMs: 200,
};

/** True when `pid` is a live process on this host (EPERM: alive but someone else's). */
function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class OrganisationLease {
  private readonly options: OrganisationLeaseOptions;
  private readonly host = hostname();

  constructor(
    private readonly store: Pick<Store, 'kind' | 'leases'>,
    options: Partial<OrganisationLeaseOptions> = {},
  ) {
    this.options = { ...DEFAULT_LEASE_OPTIONS, ...options };
  }

  /** Runs `work` holding the organisation's lease; waits for another instance's lease up to maxWaitMs. */
  async run<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
    const name = `invoice-writes:${tenantId}`;
    const holder = { id: randomUUID(), host: this.host, pid: process.pid };
    const { ttlMs, renewEveryMs, maxWaitMs, pollMs } = this.options;
    const deadline = Date.now() + maxWaitMs;
    let heldBy: HeldLease | undefined;
    for (;;) {
      const claim = await this.store.leases.tryAcquire(name, holder, ttlMs);
      if (claim.acquired) break;
      heldBy = claim.heldBy;
      if (heldBy && this.holderIsDead(heldBy)) {
        await this.store.leases.release(name, heldBy.id);
        continue;
      }
      if (Date.now() >= deadline) throw busy();
      await new Promise((r) => setTimeout(r, pollMs * (0.5 + Math.random())));
    }

    const renewal = setInterval(() => {
      this.store.leases.renew(name, holder.id, ttlMs).catch(() => undefined);
    }, renewEveryMs);
    renewal.unref();
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      await this.store.leases.release(name, holder.id).catch(() => undefined);
    }
  }

  private holderIsDead(heldBy: HeldLease): boolean {
    return (
      this.store.kind === 'sqlite' &&
      heldBy.host === this.host &&
      heldBy.pid !== process.pid &&
      !processIsAlive(heldBy.pid)
    );
  }
}

function busy(): ProxyError {
  // The holder usually finishes within seconds; its lease expiry (up to ttlMs away) would overstate the wait.
  return new ProxyError(
    'ORGANISATION_BUSY',
    503,
    'Another proxy instance is still writing invoices to this Xero organisation. Nothing was sent to Xero; ' +
      'send the request again shortly.',
    { retryAfterSeconds: 5 },
  );
}
