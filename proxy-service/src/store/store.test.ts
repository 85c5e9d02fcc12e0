import { randomUUID } from 'node:crypto';
import { newConnection, STORE_BACKENDS } from '../test-support/store-backends';
import type { Store } from './store';

describe.each(STORE_BACKENDS)('$name store', (backend) => {
  let store: Store;
  let reopen: () => Store;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ store, reopen, cleanup } = await backend.open());
  });
  afterEach(async () => {
    await store.close();
    await cleanup();
  });

  test('migrations are idempotent: running them again (another instance starting) changes nothing', async () => {
    const c = await store.upsertConnection(newConnection(), '2026-11-25T08:00:00.000Z');
    const second = await reopen();
    await second.migrate();
    await second.migrate();
    expect((await second.getConnection(c.id))?.tenantName).toBe('Demo Company (UK)');
    await second.close();
  });

  test('a connection is stored, found by id and tenant, and listed', async () => {
    const input = newConnection();
    const saved = await store.upsertConnection(input, '2026-11-25T08:00:00.000Z');
    expect(saved).toMatchObject({
      id: input.id,
      tenantId: input.tenantId,
      status: 'Connected',
      tokenVersion: 1,
      tokenExpiresAt: '2026-11-25T08:30:00.000Z',
      createdAt: '2026-11-25T08:00:00.000Z',
      lastRefreshAt: '2026-11-25T08:00:00.000Z',
      lastUsedAt: null,
    });
    expect(await store.getConnectionByTenant(input.tenantId)).toEqual(saved);
    expect((await store.listConnections()).map((c) => c.id)).toEqual([input.id]);
    expect(await store.getConnection(randomUUID())).toBeUndefined();
  });

  test('connecting the same organisation again replaces its tokens and keeps its id', async () => {
    const first = await store.upsertConnection(newConnection(), '2026-11-25T08:00:00.000Z');
    await store.withRefreshLock(first.id, async () => ({
      status: 'ReconnectNeeded',
      statusReason: 'invalid_grant',
    }));
    const again = await store.upsertConnection(
      newConnection({ id: randomUUID(), tenantId: first.tenantId, sealedTokens: 'v1.new' }),
      '2026-11-25T09:00:00.000Z',
    );
    expect(again.id).toBe(first.id);
    expect(again).toMatchObject({
      sealedTokens: 'v1.new',
      status: 'Connected',
      statusReason: null,
      tokenVersion: 2,
    });
  });

  test('the refresh lock hands the re-read row to the refresher and writes what it returns', async () => {
    const c = await store.upsertConnection(newConnection(), '2026-11-25T08:00:00.000Z');
    const after = await store.withRefreshLock(c.id, async (current) => {
      expect(current.tokenVersion).toBe(1);
      return {
        sealedTokens: 'v1.refreshed',
        tokenExpiresAt: '2026-11-25T09:00:00.000Z',
        lastRefreshAt: '2026-11-25T08:31:00.000Z',
      };
    });
    expect(after).toMatchObject({
      sealedTokens: 'v1.refreshed',
      tokenVersion: 2,
      tokenExpiresAt: '2026-11-25T09:00:00.000Z',
    });
    const unchanged = await store.withRefreshLock(c.id, async () => null);
    expect(unchanged.tokenVersion).toBe(2);
  });

  test('refreshes under the lock are serialised: concurrent holders never overlap, each sees the previous write', async () => {
    const c = await store.upsertConnection(newConnection(), '2026-11-25T08:00:00.000Z');
    const other = await reopen(); // a second "instance" on the same database
    let inside = 0;
    let maxInside = 0;
    const seen: number[] = [];
    const work = (s: Store) =>
      s.withRefreshLock(c.id, async (current) => {
        inside += 1;
        maxInside = Math.max(maxInside, inside);
        seen.push(current.tokenVersion);
        await new Promise((r) => setTimeout(r, 5));
        inside -= 1;
        return { sealedTokens: `v1.${current.tokenVersion + 1}` };
      });
    await Promise.all([work(store), work(other), work(store), work(other), work(other), work(store)]);
    await other.close();
    expect(maxInside).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await store.getConnection(c.id))?.tokenVersion).toBe(7);
  });

  test('a failing refresher releases the lock and writes nothing', async () => {
    const c = await store.upsertConnection(newConnection(), '2026-11-25T08:00:00.000Z');
    await expect(
      store.withRefreshLock(c.id, async () => Promise.reject(new Error('network down'))),
    ).rejects.toThrow('network down');
    const after = await store.withRefreshLock(c.id, async () => ({ sealedTokens: 'v1.ok' }));
    expect(after.tokenVersion).toBe(2);
  });

  test('stale connections are listed for the keep-alive refresh; reconnect-needed and custom ones are not', async () => {
    const old = await store.upsertConnection(newConnection(), '2026-10-01T00:00:00.000Z');
    await store.upsertConnection(newConnection(), '2026-11-24T00:00:00.000Z');
    await store.upsertConnection(newConnection({ kind: 'custom' }), '2026-10-01T00:00:00.000Z');
    const broken = await store.upsertConnection(newConnection(), '2026-10-01T00:00:00.000Z');
    await store.withRefreshLock(broken.id, async () => ({ status: 'ReconnectNeeded', statusReason: 'x' }));
    const stale = await store.listConnectionsNotRefreshedSince('2026-11-18T00:00:00.000Z');
    expect(stale.map((c) => c.id)).toEqual([old.id]);
  });

  test('API keys: created, found by prefix, listed, revoked, touched; deleted with their connection', async () => {
    const c = await store.upsertConnection(newConnection(), '2026-11-25T08:00:00.000Z');
    const key = await store.createApiKey({
      id: randomUUID(),
      connectionId: c.id,
      prefix: 'dxc_abcd1234',
      hash: 'f'.repeat(64),
      label: 'Power Automate',
      createdAt: '2026-11-25T08:00:00.000Z',
    });
    expect(await store.findApiKeyByPrefix('dxc_abcd1234')).toEqual(key);
    await store.touchApiKey(key.id, '2026-11-25T08:05:00.000Z');
    await store.revokeApiKey(key.id, '2026-11-25T08:10:00.000Z');
    await store.revokeApiKey(key.id, '2026-11-25T08:20:00.000Z');
    expect(await store.listApiKeys(c.id)).toEqual([
      { ...key, lastUsedAt: '2026-11-25T08:05:00.000Z', revokedAt: '2026-11-25T08:10:00.000Z' },
    ]);
    await store.deleteConnection(c.id);
    expect(await store.findApiKeyByPrefix('dxc_abcd1234')).toBeUndefined();
    expect(await store.getConnection(c.id)).toBeUndefined();
  });

  test('OAuth states are single use and expire', async () => {
    await store.saveOAuthState({
      state: 's1',
      purpose: 'authorize',
      sealedPayload: 'v1.verifier',
      expiresAt: '2026-11-25T08:10:00.000Z',
    });
    await store.saveOAuthState({
      state: 's2',
      purpose: 'pick',
      sealedPayload: 'v1.x',
      expiresAt: '2026-11-25T08:01:00.000Z',
    });
    await store.saveOAuthState({
      state: 's3',
      purpose: 'pick',
      sealedPayload: 'v1.y',
      expiresAt: '2026-11-25T07:00:00.000Z',
    });
    expect(await store.takeOAuthState('s1', '2026-11-25T08:05:00.000Z')).toMatchObject({
      state: 's1',
      purpose: 'authorize',
      sealedPayload: 'v1.verifier',
    });
    expect(await store.takeOAuthState('s1', '2026-11-25T08:05:00.000Z')).toBeUndefined();
    expect(await store.takeOAuthState('s2', '2026-11-25T08:05:00.000Z')).toBeUndefined();
    expect(await store.purgeExpiredOAuthStates('2026-11-25T08:05:00.000Z')).toBe(1);
  });

  test('usage accumulates per tenant per day and keeps the latest rate-limit headers', async () => {
    await store.recordUsage('t1', '2026-11-25', {
      calls: 1,
      rateLimited: 0,
      headers: { dayRemaining: 4999, minuteRemaining: 59, at: '2026-11-25T08:00:00.000Z' },
    });
    await store.recordUsage('t1', '2026-11-25', { calls: 2, rateLimited: 1 });
    await store.recordUsage('t1', '2026-11-26', { calls: 5, rateLimited: 0 });
    expect(await store.getUsage('t1', '2026-11-25')).toEqual({
      tenantId: 't1',
      day: '2026-11-25',
      calls: 3,
      rateLimited: 1,
      lastHeaders: { dayRemaining: 4999, minuteRemaining: 59, at: '2026-11-25T08:00:00.000Z' },
    });
    expect((await store.getUsage('t1', '2026-11-26'))?.calls).toBe(5);
    expect(await store.getUsage('t2', '2026-11-25')).toBeUndefined();
  });

  test('ping answers while open', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
});
