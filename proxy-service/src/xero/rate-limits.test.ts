import type { Harness } from '../test-support/proxy-harness';
import { startHarness } from '../test-support/proxy-harness';

jest.setTimeout(180_000);

/**
 * Xero's real limits (5 in flight, 60 per minute) with the emulator's minute scaled to 1 s and the proxy's window
 * set to match (XERO_RATE_WINDOW_MS): the same arithmetic as production, 60× faster.
 */
const SCALED_MINUTE_MS = 1000;

describe('rate limits against the emulator at its real limits (time-scaled)', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  test('a burst of 300 calls for one organisation all complete, Xero refusing next to none of them', async () => {
    h = await startHarness({
      emulator: { limits: { concurrent: 5, perMinute: 60, perDay: 5000, minuteMs: SCALED_MINUTE_MS } },
      env: {
        XERO_RATE_WINDOW_MS: String(SCALED_MINUTE_MS),
        XERO_RATE_PER_WINDOW: '60',
        XERO_MAX_CONCURRENT: '5',
      },
    });
    const { apiKey, connection } = await h.connect();
    // GetInvoiceStatuses reads Xero on every call (GetConnection keeps the organisation for a while).
    const results = await Promise.all(
      Array.from({ length: 300 }, () =>
        h.call('POST', '/v1/invoices/status', { apiKey, body: { modifiedSince: '2000-01-01T00:00:00Z' } }),
      ),
    );
    expect(results.filter((r) => r.status !== 200).map((r) => r.body)).toEqual([]);
    const usage = h.emulator.limits.usage(connection.tenantId)[0]!;
    const refused = Object.values(usage.refused).reduce((a, b) => a + b, 0);
    // Without the governor about 240 of the 300 are refused. With it, the proxy counts a call when it sends it and
    // the emulator when it arrives: at a 1 s "minute" on a loaded machine, a call sent at the end of one window can
    // arrive in the next, so a handful of refusals (retried, as the 200s above show) is arrival skew, not pacing.
    // At Xero's real 60 s window the same skew is negligible.
    expect(refused).toBeLessThanOrEqual(9);
    expect(usage.total).toBeGreaterThanOrEqual(300);
  });

  test('a daily-limit 429 reaches the caller as 429 with Retry-After; later calls are refused without asking Xero', async () => {
    h = await startHarness({ emulator: { limits: { perDay: 3 } } });
    const { apiKey, connection } = await h.connect(); // connecting reads the organisation once
    // Two calls fit in the day (connecting used the first); the third is Xero's daily 429.
    expect((await h.call('GET', '/v1/tax-rates', { apiKey })).status).toBe(200);
    expect((await h.call('GET', '/v1/accounts', { apiKey })).status).toBe(200);
    const limited = await h.call('GET', '/v1/branding-themes', { apiKey });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('XERO_DAILY_LIMIT');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    // From now on the proxy answers 429 itself: Xero is not asked again until Retry-After has passed.
    const again = await h.call('POST', '/v1/invoices/status', {
      apiKey,
      body: { modifiedSince: '2026-01-01T00:00:00Z' },
    });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(again.headers.get('retry-after'))).toBeLessThanOrEqual(retryAfter);
    // GetConnection stays answerable and shows the limit as Degraded health.
    const health = await h.call('GET', '/v1/connection', { apiKey });
    expect(health.status).toBe(200);
    expect(health.body.health).toBe('Degraded');
    expect(health.body.healthMessage).toMatch(/daily call limit/);
    const usage = h.emulator.limits.usage(connection.tenantId)[0]!;
    expect(usage.refused.day).toBe(1);
    const day = new Date().toISOString().slice(0, 10);
    expect((await h.proxy.services.store.getUsage(connection.tenantId, day))?.rateLimited).toBe(1);
  });
});
