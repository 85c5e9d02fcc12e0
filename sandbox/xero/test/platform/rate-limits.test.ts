/** Xero's per-organisation and app-wide limits as xero-node sees them (headers, 429s, Retry-After), on the test clock. */
import { DAILY_LIMIT_PRESETS } from '../../src';
import { startHarness, xeroNodeError, type Harness } from '../support/harness';

let h: Harness;
afterEach(async () => {
  await h.close();
});

describe('rate-limit headers', () => {
  test('every tenant call carries X-DayLimit-Remaining, X-MinLimit-Remaining and X-AppMinLimit-Remaining', async () => {
    h = await startHarness();
    const { xero } = await h.connected();
    const first = await xero.accountingApi.getOrganisations(h.tenantId);
    expect(first.response.headers['x-daylimit-remaining']).toBe('4999');
    expect(first.response.headers['x-minlimit-remaining']).toBe('59');
    expect(first.response.headers['x-applimit-remaining']).toBeUndefined();
    const appRemaining = Number(first.response.headers['x-appminlimit-remaining']);
    const second = await xero.accountingApi.getContacts(h.tenantId);
    expect(second.response.headers['x-daylimit-remaining']).toBe('4998');
    expect(second.response.headers['x-minlimit-remaining']).toBe('58');
    expect(Number(second.response.headers['x-appminlimit-remaining'])).toBe(appRemaining - 1);
    expect(h.emulator.limits.usage(h.tenantId)[0]).toMatchObject({
      clientId: 'sandbox',
      dayCount: 2,
      minuteCount: 2,
      inFlight: 0,
    });
  });

  test('the Starter tier preset gives 1,000 calls a day', async () => {
    h = await startHarness({ limits: { perDay: DAILY_LIMIT_PRESETS.starter } });
    const { xero } = await h.connected();
    const res = await xero.accountingApi.getOrganisations(h.tenantId);
    expect(res.response.headers['x-daylimit-remaining']).toBe('999');
  });
});

describe('429 answers', () => {
  test('minute limit: 429 with X-Rate-Limit-Problem "minute" and Retry-After to the end of the window', async () => {
    h = await startHarness({ limits: { perMinute: 3 } });
    const { xero } = await h.connected();
    for (let i = 0; i < 3; i += 1) await xero.accountingApi.getOrganisations(h.tenantId);
    await h.emulator.advanceClock(20_000);
    const err = await xeroNodeError(xero.accountingApi.getOrganisations(h.tenantId));
    expect(err.response.statusCode).toBe(429);
    expect(err.response.headers['x-rate-limit-problem']).toBe('minute');
    expect(Number(err.response.headers['retry-after'])).toBeGreaterThanOrEqual(30);
    expect(Number(err.response.headers['retry-after'])).toBeLessThanOrEqual(40);
    expect(err.response.headers['x-minlimit-remaining']).toBe('0');
    expect(err.response.body).toBe('');
    // Refused calls are not counted; the next window admits again.
    expect(h.emulator.limits.usage(h.tenantId)[0]).toMatchObject({ minuteCount: 3, refused: { minute: 1 } });
    await h.emulator.advanceClock(40_000);
    const ok = await xero.accountingApi.getOrganisations(h.tenantId);
    expect(ok.response.headers['x-minlimit-remaining']).toBe('2');
  });

  test('daily limit: 429 "day" with Retry-After in hours; a daily reset (or a day passing) admits again', async () => {
    h = await startHarness({ limits: { perDay: 2, perMinute: 100 } });
    const { xero } = await h.connected();
    await xero.accountingApi.getOrganisations(h.tenantId);
    await xero.accountingApi.getOrganisations(h.tenantId);
    const err = await xeroNodeError(xero.accountingApi.getOrganisations(h.tenantId));
    expect(err.response.statusCode).toBe(429);
    expect(err.response.headers['x-rate-limit-problem']).toBe('day');
    expect(Number(err.response.headers['retry-after'])).toBeGreaterThan(86_000);
    expect(err.response.headers['x-daylimit-remaining']).toBe('0');
    h.emulator.limits.resetDaily(h.tenantId);
    await expect(xero.accountingApi.getOrganisations(h.tenantId)).resolves.toBeDefined();
    await xero.accountingApi.getOrganisations(h.tenantId);
    await h.emulator.advanceClock(24 * 3600_000);
    await xero.refreshToken();
    const afterDay = await xero.accountingApi.getOrganisations(h.tenantId);
    expect(afterDay.response.headers['x-daylimit-remaining']).toBe('1');
  });

  test('limits are per organisation; the app-wide minute limit spans them ("appminute")', async () => {
    h = await startHarness({ extraOrganisations: 1, limits: { perMinute: 2, appPerMinute: 3 } });
    const { xero } = await h.connected();
    const other = h.emulator.organisations[1]!.tenantId;
    await xero.accountingApi.getOrganisations(h.tenantId);
    await xero.accountingApi.getOrganisations(h.tenantId);
    // The first tenant is at its minute limit, the second is not.
    expect(
      (await xeroNodeError(xero.accountingApi.getOrganisations(h.tenantId))).response.headers[
        'x-rate-limit-problem'
      ],
    ).toBe('minute');
    await xero.accountingApi.getOrganisations(other);
    const err = await xeroNodeError(xero.accountingApi.getOrganisations(other));
    expect(err.response.statusCode).toBe(429);
    expect(err.response.headers['x-rate-limit-problem']).toBe('appminute');
    expect(err.response.headers['x-appminlimit-remaining']).toBe('0');
    expect(Number(err.response.headers['retry-after'])).toBeGreaterThan(0);
  });

  test('concurrent limit: a call beyond the in-flight limit is 429 "concurrent"', async () => {
    h = await startHarness({ limits: { concurrent: 2 } });
    const { xero } = await h.connected();
    h.emulator.faults.inject({ kind: 'hold', count: 2 });
    const slow = [
      xero.accountingApi.getOrganisations(h.tenantId),
      xero.accountingApi.getContacts(h.tenantId),
    ];
    await h.emulator.faults.waitForHeld(2);
    expect(h.emulator.limits.inFlight(h.tenantId)).toBe(2);
    const err = await xeroNodeError(xero.accountingApi.getOrganisations(h.tenantId));
    expect(err.response.statusCode).toBe(429);
    expect(err.response.headers['x-rate-limit-problem']).toBe('concurrent');
    expect(err.response.headers['retry-after']).toBe('1');
    h.emulator.faults.release();
    const done = await Promise.all(slow);
    expect(done.map((r) => r.response.status)).toEqual([200, 200]);
    expect(h.emulator.limits.inFlight(h.tenantId)).toBe(0);
    await expect(xero.accountingApi.getOrganisations(h.tenantId)).resolves.toBeDefined();
  });
});
