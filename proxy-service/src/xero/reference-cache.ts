/**
 * A short per-organisation cache for reference data (tax rates, accounts, branding themes): the import flow and
 * the connector's dynamic-value pickers ask for the same lists many times a minute, and each ask costs one of the
 * organisation's 60 calls per minute. Concurrent misses share one Xero call.
 */
export class ReferenceCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get<T>(tenantId: string, what: string, load: () => Promise<T>): Promise<T> {
    const key = `${tenantId}\u0000${what}`;
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value as Promise<T>;
    const value = load();
    this.entries.set(key, { at: this.now(), value });
    // A failure is not cached: the next caller tries again.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  forget(tenantId: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(`${tenantId}\u0000`)) this.entries.delete(key);
  }
}
