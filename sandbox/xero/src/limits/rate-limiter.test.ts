import fc from 'fast-check';
import type { Clock } from '../clock';
import { RateLimiter } from './rate-limiter';

class ManualClock implements Clock {
  constructor(public t = 1_700_000_000_000) {}
  now(): Date {
    return new Date(this.t);
  }
}

describe('RateLimiter', () => {
  test('per-minute windows are fixed, start at the first call, and refuse only when full (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30_000 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 10 }),
        (gaps, perMinute) => {
          const clock = new ManualClock();
          const limiter = new RateLimiter(clock, { perMinute, perDay: 1_000_000 });
          let windowStart: number | undefined;
          let inWindow = 0;
          for (const gap of gaps) {
            clock.t += gap;
            if (windowStart === undefined || clock.t - windowStart >= 60_000) {
              windowStart = clock.t;
              inWindow = 0;
            }
            const admission = limiter.admitTenantCall('app', 'tenant');
            if (inWindow < perMinute) {
              expect(admission.ok).toBe(true);
              inWindow += 1;
              if (admission.ok) {
                expect(admission.headers['X-MinLimit-Remaining']).toBe(String(perMinute - inWindow));
                admission.done();
              }
            } else {
              expect(admission).toMatchObject({ ok: false, problem: 'minute' });
              if (!admission.ok)
                expect(admission.retryAfterSeconds).toBe(
                  Math.max(1, Math.ceil((windowStart + 60_000 - clock.t) / 1000)),
                );
            }
          }
        },
      ),
    );
  });

  test('the day limit is checked before the minute limit and reset per tenant', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, { perDay: 2, perMinute: 2 });
    for (const tenant of ['a', 'b']) {
      limiter.admitTenantCall('app', tenant);
      limiter.admitTenantCall('app', tenant);
    }
    expect(limiter.admitTenantCall('app', 'a')).toMatchObject({
      ok: false,
      problem: 'day',
      retryAfterSeconds: 86_400,
    });
    limiter.resetDaily('a');
    expect(limiter.admitTenantCall('app', 'a')).toMatchObject({ ok: false, problem: 'minute' });
    clock.t += 60_000;
    expect(limiter.admitTenantCall('app', 'a').ok).toBe(true);
    expect(limiter.admitTenantCall('app', 'b')).toMatchObject({ ok: false, problem: 'day' });
  });

  test('in-flight calls count against the concurrent limit until done(); done() twice counts once', () => {
    const limiter = new RateLimiter(new ManualClock(), { concurrent: 1 });
    const first = limiter.admitTenantCall('app', 't');
    expect(limiter.admitTenantCall('app', 't')).toMatchObject({
      ok: false,
      problem: 'concurrent',
      retryAfterSeconds: 1,
    });
    if (first.ok) {
      first.done();
      first.done();
    }
    expect(limiter.inFlight('t')).toBe(0);
    expect(limiter.admitTenantCall('app', 't').ok).toBe(true);
    expect(limiter.admitTenantCall('other-app', 't').ok).toBe(true);
  });

  test('bad limits are refused with the field named', () => {
    expect(() => new RateLimiter(new ManualClock(), { perMinute: 0 })).toThrow(/perMinute/);
  });
});
