/** The work lease contract, against SQLite and PostgreSQL alike; a second store on the same data is another instance. */
import { randomUUID } from 'node:crypto';
import { STORE_BACKENDS } from '../test-support/store-backends';
import type { OpenedStore } from '../test-support/store-backends';
import type { LeaseHolder } from './work-leases';

const holder = (host = 'host-a', pid = 1234): LeaseHolder => ({ id: randomUUID(), host, pid });
const lapse = () => new Promise((r) => setTimeout(r, 25));

describe.each(STORE_BACKENDS)('work leases on $name', (backend) => {
  let opened: OpenedStore;
  const others: { close(): Promise<void> }[] = [];
  beforeEach(async () => {
    opened = await backend.open();
  });
  afterEach(async () => {
    await Promise.all(others.splice(0).map((s) => s.close()));
    await opened.store.close();
    await opened.cleanup();
  });

  it('is held by one holder at a time and says who holds it', async () => {
    const { leases } = opened.store;
    const a = holder('host-a', 11);
    const b = holder('host-b', 22);
    expect(await leases.tryAcquire('invoice-writes:t1', a, 60_000)).toEqual({ acquired: true });
    const refused = await leases.tryAcquire('invoice-writes:t1', b, 60_000);
    expect(refused).toMatchObject({ acquired: false, heldBy: { id: a.id, host: 'host-a', pid: 11 } });
    if (!refused.acquired) expect(Date.parse(refused.heldBy!.expiresAt)).toBeGreaterThan(Date.now() + 50_000);
    // Another name is another lease; the same holder asking again keeps it.
    expect(await leases.tryAcquire('invoice-writes:t2', b, 60_000)).toEqual({ acquired: true });
    expect(await leases.tryAcquire('invoice-writes:t1', a, 60_000)).toEqual({ acquired: true });
  });

  it('is free again once released by its holder, and only by its holder', async () => {
    const { leases } = opened.store;
    const a = holder();
    const b = holder();
    await leases.tryAcquire('l', a, 60_000);
    await leases.release('l', b.id);
    expect((await leases.tryAcquire('l', b, 60_000)).acquired).toBe(false);
    await leases.release('l', a.id);
    expect((await leases.tryAcquire('l', b, 60_000)).acquired).toBe(true);
  });

  it('lapses when not renewed, and a renewal after a takeover is refused', async () => {
    const { leases } = opened.store;
    const a = holder();
    const b = holder();
    await leases.tryAcquire('l', a, 1);
    await lapse();
    expect((await leases.tryAcquire('l', b, 60_000)).acquired).toBe(true);
    expect(await leases.renew('l', a.id, 60_000)).toBe(false);
    expect(await leases.renew('l', b.id, 60_000)).toBe(true);
  });

  it('is kept by renewing it', async () => {
    const { leases } = opened.store;
    const a = holder();
    await leases.tryAcquire('l', a, 1);
    expect(await leases.renew('l', a.id, 60_000)).toBe(true);
    await lapse();
    expect((await leases.tryAcquire('l', holder(), 60_000)).acquired).toBe(false);
  });

  it('goes to exactly one of many instances asking at the same moment', async () => {
    const stores = Array.from({ length: 4 }, () => opened.reopen());
    others.push(...stores);
    const claims = await Promise.all(
      Array.from({ length: 40 }, (_, i) => stores[i % 4]!.leases.tryAcquire('race', holder(), 60_000)),
    );
    expect(claims.filter((c) => c.acquired)).toHaveLength(1);
  });
});
