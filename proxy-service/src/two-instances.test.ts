/**
 * Two proxy processes (the real entry point, as child processes) on one PostgreSQL database and one Xero
 * (the emulator, in this process). 200 concurrent calls spread over both, across a token expiry, repeated: every
 * call succeeds, Xero sees exactly one refresh per expiry and never an invalid_grant.
 */
import type { Harness } from './test-support/proxy-harness';
import { startHarness, withoutRateLimits } from './test-support/proxy-harness';
import { startProxyProcess, stopProxyProcess } from './test-support/proxy-process';
import type { ProxyProcess } from './test-support/proxy-process';

jest.setTimeout(300_000);

describe('two proxy instances on one PostgreSQL', () => {
  let h: Harness;
  const instances: ProxyProcess[] = [];

  afterAll(async () => {
    await Promise.all(instances.map((i) => stopProxyProcess(i)));
    await h?.close();
  });

  test('200 concurrent calls across each of three token expiries: one refresh per expiry, zero invalid_grant', async () => {
    h = await startHarness(
      withoutRateLimits({
        store: 'postgres',
      }),
    );
    const { apiKey } = await h.connect();
    instances.push(...(await Promise.all([startProxyProcess(h.env), startProxyProcess(h.env)])));

    let refreshes = 0;
    let invalidGrants = 0;
    const tokens = h.emulator.tokens;
    const original = tokens.refresh.bind(tokens);
    jest.spyOn(tokens, 'refresh').mockImplementation(async (...args) => {
      try {
        const result = await original(...args);
        refreshes += 1;
        return result;
      } catch (error) {
        if ((error as { error?: string }).error === 'invalid_grant') invalidGrants += 1;
        throw error;
      }
    });

    for (let round = 1; round <= 3; round += 1) {
      await h.emulator.advanceClock(31 * 60_000); // every stored access token is now expired at Xero
      // GetInvoiceStatuses reads Xero on every call (GetConnection keeps the organisation for a while).
      const calls = Array.from({ length: 200 }, (_, i) =>
        fetch(`${instances[i % 2]!.url}/v1/invoices/status`, {
          method: 'POST',
          headers: { 'X-Api-Key': apiKey, 'Content-Type': 'application/json' },
          body: JSON.stringify({ modifiedSince: '2000-01-01T00:00:00Z' }),
        }).then(async (r) => ({
          status: r.status,
          body: (await r.json()) as { invoices?: unknown[]; code?: string },
        })),
      );
      const results = await Promise.all(calls);
      const failures = results.filter((r) => r.status !== 200 || !Array.isArray(r.body.invoices));
      expect(failures).toEqual([]);
      expect({ round, refreshes, invalidGrants }).toEqual({ round, refreshes: round, invalidGrants: 0 });
    }
    expect(await Promise.all(instances.splice(0).map((i) => stopProxyProcess(i, 'SIGTERM')))).toEqual([0, 0]);
  });
});
