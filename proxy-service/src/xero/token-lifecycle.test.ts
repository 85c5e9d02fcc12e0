import type { Harness } from '../test-support/proxy-harness';
import { startHarness } from '../test-support/proxy-harness';

jest.setTimeout(120_000);

const MINUTE = 60_000;

/** Counts refresh-token exchanges at the emulator (spy on its token service; the emulator code is untouched). */
function countRefreshes(h: Harness) {
  const counts = { ok: 0, invalidGrant: 0 };
  const tokens = h.emulator.tokens;
  const original = tokens.refresh.bind(tokens);
  jest.spyOn(tokens, 'refresh').mockImplementation(async (...args) => {
    try {
      const result = await original(...args);
      counts.ok += 1;
      return result;
    } catch (error) {
      if ((error as { error?: string }).error === 'invalid_grant') counts.invalidGrant += 1;
      throw error;
    }
  });
  return counts;
}

describe('token lifecycle against the emulator', () => {
  let h: Harness;
  afterEach(async () => {
    jest.restoreAllMocks();
    await h?.close();
  });

  test('proactive refresh: 50 concurrent calls near expiry cause exactly one refresh, all succeed', async () => {
    h = await startHarness({ followEmulatorClock: true });
    const { apiKey, connection } = await h.connect();
    const counts = countRefreshes(h);
    await h.emulator.advanceClock(27 * MINUTE); // < 5 min left: refresh before use
    const results = await Promise.all(
      Array.from({ length: 50 }, () => h.call('GET', '/v1/connection', { apiKey })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(counts).toEqual({ ok: 1, invalidGrant: 0 });
    const after = (await h.proxy.services.store.getConnection(connection.id))!;
    expect(after.tokenVersion).toBe(connection.tokenVersion + 1);
    expect(Date.parse(after.tokenExpiresAt)).toBeGreaterThan(h.emulator.clock.now().getTime() + 25 * MINUTE);
  });

  test('reactive refresh: Xero says 401 (its clock ahead of ours) → one refresh, the call succeeds', async () => {
    h = await startHarness(); // proxy on the real clock, emulator moved ahead
    const { apiKey } = await h.connect();
    const counts = countRefreshes(h);
    await h.emulator.advanceClock(31 * MINUTE);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => h.call('GET', '/v1/tax-rates', { apiKey })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(counts).toEqual({ ok: 1, invalidGrant: 0 });
  });

  test('a lost refresh response is retried with the same refresh token inside the 30-minute grace', async () => {
    h = await startHarness({ followEmulatorClock: true, env: { XERO_HTTP_TIMEOUT_MS: '1500' } });
    const { apiKey } = await h.connect();
    const counts = countRefreshes(h);
    h.emulator.faults.inject({ kind: 'drop-response', target: 'token', count: 1 });
    await h.emulator.advanceClock(29 * MINUTE);
    const res = await h.call('GET', '/v1/connection', { apiKey });
    expect(res.status).toBe(200);
    expect(res.body.health).toBe('Connected');
    expect(counts.invalidGrant).toBe(0);
    expect(counts.ok).toBe(2); // the dropped one (rotated at Xero) and the grace retry with the same old token
  });

  test('invalid_grant marks the connection ReconnectNeeded; calls then fail fast with a clear error, no retry storm', async () => {
    h = await startHarness({ followEmulatorClock: true });
    const { apiKey, connection } = await h.connect();
    const counts = countRefreshes(h);
    await h.emulator.advanceClock(61 * 24 * 60 * MINUTE); // the refresh token lapsed unused (60 days)
    const first = await h.call('GET', '/v1/tax-rates', { apiKey });
    expect(first.status).toBe(409);
    expect(first.body).toMatchObject({ code: 'XERO_RECONNECT_NEEDED' });
    expect(first.body.message).toContain('http://127.0.0.1:3000/admin');
    const more = await Promise.all(
      ['/v1/accounts', '/v1/branding-themes', '/v1/tax-rates'].map((p) => h.call('GET', p, { apiKey })),
    );
    expect(more.map((r) => r.body.code)).toEqual(Array(3).fill('XERO_RECONNECT_NEEDED'));
    const health = await h.call('GET', '/v1/connection', { apiKey });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ health: 'ReconnectNeeded' });
    expect(health.body.healthMessage).toContain('/admin');
    expect(counts).toEqual({ ok: 0, invalidGrant: 1 });
    expect((await h.proxy.services.store.getConnection(connection.id))!.status).toBe('ReconnectNeeded');
    // Reconnecting the organisation heals it, keeping the connection (and its API keys).
    await h.connect();
    expect((await h.call('GET', '/v1/tax-rates', { apiKey })).status).toBe(200);
  });

  test('keep-alive refreshes connections idle for longer than TOKEN_KEEPALIVE_DAYS, well inside 60 days', async () => {
    h = await startHarness({ followEmulatorClock: true, env: { TOKEN_KEEPALIVE_DAYS: '7' } });
    const { connection } = await h.connect();
    const counts = countRefreshes(h);
    expect(await h.proxy.services.vault.keepAlive()).toBe(0);
    await h.emulator.advanceClock(8 * 24 * 60 * MINUTE);
    expect(await h.proxy.services.vault.keepAlive()).toBe(1);
    expect(counts.ok).toBe(1);
    const after = (await h.proxy.services.store.getConnection(connection.id))!;
    expect(Date.parse(after.lastRefreshAt!)).toBeGreaterThan(h.emulator.clock.now().getTime() - MINUTE);
    expect(await h.proxy.services.vault.keepAlive()).toBe(0);
  });
});
