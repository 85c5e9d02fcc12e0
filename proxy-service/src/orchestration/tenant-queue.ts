/** Runs work for one organisation at a time, in arrival order (other organisations are not held up). */
export class TenantQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(tenantId) ?? Promise.resolve();
    const result = before.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(tenantId, tail);
    void tail.then(() => {
      if (this.tails.get(tenantId) === tail) this.tails.delete(tenantId);
    });
    return result;
  }
}
