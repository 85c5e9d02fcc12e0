/**
 * The per-organisation lease between instances sharing a store (SQLite and PostgreSQL): waiting for the holder,
 * answering 503 with Retry-After when it takes too long, keeping the lease alive while work runs, and (SQLite only)
 * breaking the lease of a process that died.
 */
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { ProxyError } from '../errors';
import { STORE_BACKENDS } from '../test-support/store-backends';
import type { OpenedStore } from '../test-support/store-backends';
import type { Store } from '../store/store';
import { OrganisationLease } from './organisation-lease';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** The pid of a process that has exited (so certainly not alive). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

describe.each(STORE_BACKENDS)('organisation lease on $name', (backend) => {
  let opened: OpenedStore;
  let second: Store;
  beforeEach(async () => {
    opened = await backend.open();
    second = opened.reopen();
  });
  afterEach(async () => {
    await second.close();
    await opened.store.close();
    await opened.cleanup();
  });

  it('makes a second instance wait until the first has finished, then runs it', async () => {
    const first = new OrganisationLease(opened.store, { pollMs: 10 });
    const other = new OrganisationLease(second, { pollMs: 10 });
    const order: string[] = [];
    const release = deferred();
    const started = deferred();
    const a = first.run('tenant-1', async () => {
      order.push('a starts');
      started.resolve();
      await release.promise;
      order.push('a ends');
    });
    await started.promise;
    const b = other.run('tenant-1', async () => void order.push('b runs'));
    // Another organisation is not held up by tenant-1's lease.
    await other.run('tenant-2', async () => void order.push('tenant-2 runs'));
    release.resolve();
    await Promise.all([a, b]);
    expect(order).toEqual(['a starts', 'tenant-2 runs', 'a ends', 'b runs']);
  });

  it('answers 503 ORGANISATION_BUSY with Retry-After when the holder takes longer than the wait, running nothing', async () => {
    const first = new OrganisationLease(opened.store);
    const impatient = new OrganisationLease(second, { maxWaitMs: 150, pollMs: 10 });
    const release = deferred();
    const started = deferred();
    const a = first.run('tenant-1', async () => {
      started.resolve();
      await release.promise;
    });
    await started.promise;
    let ran = false;
    const refused = await impatient
      .run('tenant-1', async () => {
        ran = true;
      })
      .catch((e: unknown) => e);
    release.resolve();
    await a;
    expect(refused).toBeInstanceOf(ProxyError);
    expect(refused).toMatchObject({ code: 'ORGANISATION_BUSY', status: 503, retryAfterSeconds: 5 });
    expect((refused as Error).message).toMatch(/Nothing was sent to Xero/);
    expect(ran).toBe(false);
    // Released afterwards: the next request goes straight through.
    await expect(impatient.run('tenant-1', async () => 'done')).resolves.toBe('done');
  });

  it('keeps the lease while the work outlasts its expiry, and releases it when the work fails', async () => {
    const first = new OrganisationLease(opened.store, { ttlMs: 200, renewEveryMs: 40 });
    const impatient = new OrganisationLease(second, { maxWaitMs: 0 });
    const failed = first
      .run('tenant-1', async () => {
        // Several expiries pass while this runs; the renewals keep the other instance out.
        await new Promise((r) => setTimeout(r, 700));
        await expect(impatient.run('tenant-1', async () => 'sneaked in')).rejects.toMatchObject({
          code: 'ORGANISATION_BUSY',
        });
        throw new Error('the work failed');
      })
      .catch((e: Error) => e.message);
    expect(await failed).toBe('the work failed');
    await expect(impatient.run('tenant-1', async () => 'after')).resolves.toBe('after');
  });

  it(
    backend.name === 'SQLite'
      ? 'breaks the lease of a process on this host that died holding it, without waiting for it to lapse'
      : 'does not judge process ids across hosts: a dead holder is waited out until its lease lapses',
    async () => {
      const pid = await deadPid();
      const crashed = { id: 'crashed-instance', host: hostname(), pid };
      expect(await opened.store.leases.tryAcquire('invoice-writes:tenant-1', crashed, 60_000)).toEqual({
        acquired: true,
      });
      const restarted = new OrganisationLease(second, { maxWaitMs: 0 });
      const outcome = restarted.run('tenant-1', async () => 'ran');
      if (backend.name === 'SQLite') await expect(outcome).resolves.toBe('ran');
      else await expect(outcome).rejects.toMatchObject({ code: 'ORGANISATION_BUSY' });
    },
  );

  it('never breaks the lease of a live process, even on this host', async () => {
    const alive = { id: 'live-instance', host: hostname(), pid: process.ppid };
    await opened.store.leases.tryAcquire('invoice-writes:tenant-1', alive, 60_000);
    const other = new OrganisationLease(second, { maxWaitMs: 0 });
    await expect(other.run('tenant-1', async () => 'ran')).rejects.toMatchObject({
      code: 'ORGANISATION_BUSY',
    });
  });
});
