/**
 * Xero's API limits (reference/xero-api.md section 1), counted per app and organisation on the emulator clock:
 * 5 calls in flight, 60 per minute, 5,000 per day (1,000 on the 2026 "Starter" tier), and 10,000 per minute for the
 * whole app. Windows are fixed and start at a tenant's first call, so each tenant resets at its own time.
 *
 * A refused call is not counted. Headers on every tenant call: X-DayLimit-Remaining, X-MinLimit-Remaining,
 * X-AppMinLimit-Remaining (only the app header on tenant-less calls such as GET /connections). On 429:
 * X-Rate-Limit-Problem is `minute` or `day` (the values Xero's own SDKs compare against) or — Xero publishes no
 * value for these two, so these are the emulator's assumption — `concurrent` / `appminute`; Retry-After gives the
 * seconds to the end of the window (1 for the concurrent limit, where Xero documents no Retry-After: UNVERIFIED).
 */
import { z } from 'zod';
import type { Clock } from '../clock';

export const DAILY_LIMIT_PRESETS = { starter: 1000, standard: 5000 } as const;

export const rateLimitsSchema = z.object({
  concurrent: z.number().int().positive().default(5),
  perMinute: z.number().int().positive().default(60),
  perDay: z.number().int().positive().default(DAILY_LIMIT_PRESETS.standard),
  appPerMinute: z.number().int().positive().default(10_000),
  /** Window lengths, scalable for fast tests (e.g. a 1 s "minute"). */
  minuteMs: z.number().int().positive().default(60_000),
  dayMs: z.number().int().positive().default(86_400_000),
});
export type RateLimitsInput = z.input<typeof rateLimitsSchema>;
export type RateLimits = z.output<typeof rateLimitsSchema>;

export type RateLimitProblem = 'concurrent' | 'minute' | 'day' | 'appminute';

interface Window {
  start: number;
  count: number;
}

interface TenantCounters {
  minute?: Window;
  day?: Window;
  inFlight: number;
  total: number;
  refused: Record<RateLimitProblem, number>;
}

export interface TenantUsage {
  clientId: string;
  tenantId: string;
  inFlight: number;
  minuteCount: number;
  dayCount: number;
  total: number;
  refused: Record<RateLimitProblem, number>;
  dayRemaining: number;
  minuteRemaining: number;
}

export type Admission =
  | { ok: true; headers: Record<string, string>; done: () => void }
  | { ok: false; problem: RateLimitProblem; retryAfterSeconds: number; headers: Record<string, string> };

export class RateLimiter {
  private limits: RateLimits;
  private readonly tenants = new Map<string, TenantCounters>();
  private readonly apps = new Map<string, Window>();

  constructor(
    private readonly clock: Clock,
    input: RateLimitsInput = {},
  ) {
    this.limits = rateLimitsSchema.parse(input);
  }

  get config(): RateLimits {
    return { ...this.limits };
  }

  configure(input: RateLimitsInput): RateLimits {
    this.limits = rateLimitsSchema.parse({ ...this.limits, ...input });
    return this.config;
  }

  /** Admits (and counts) a call for a tenant, or says which limit refuses it. */
  admitTenantCall(clientId: string, tenantId: string): Admission {
    const now = this.clock.now().getTime();
    const t = this.counters(clientId, tenantId);
    const day = live(t.day, now, this.limits.dayMs);
    const minute = live(t.minute, now, this.limits.minuteMs);
    const app = live(this.apps.get(clientId), now, this.limits.minuteMs);
    const refuse = (
      problem: RateLimitProblem,
      windowStart: number | undefined,
      windowMs: number,
    ): Admission => {
      t.refused[problem] += 1;
      const retryAfterSeconds =
        windowStart === undefined ? 1 : Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
      return {
        ok: false,
        problem,
        retryAfterSeconds,
        headers: this.headers(day?.count ?? 0, minute?.count ?? 0, app?.count ?? 0),
      };
    };
    if (day && day.count >= this.limits.perDay) return refuse('day', day.start, this.limits.dayMs);
    if (app && app.count >= this.limits.appPerMinute)
      return refuse('appminute', app.start, this.limits.minuteMs);
    if (minute && minute.count >= this.limits.perMinute)
      return refuse('minute', minute.start, this.limits.minuteMs);
    if (t.inFlight >= this.limits.concurrent) return refuse('concurrent', undefined, 0);

    t.day = bump(day, now);
    t.minute = bump(minute, now);
    this.apps.set(clientId, bump(app, now));
    t.inFlight += 1;
    t.total += 1;
    let finished = false;
    return {
      ok: true,
      headers: this.headers(t.day.count, t.minute.count, this.apps.get(clientId)?.count ?? 0),
      done: () => {
        if (!finished) {
          finished = true;
          t.inFlight -= 1;
        }
      },
    };
  }

  /** Tenant-less calls (GET /connections) count only against the app-wide minute limit. */
  admitAppCall(clientId: string): {
    ok: boolean;
    headers: Record<string, string>;
    retryAfterSeconds: number;
  } {
    const now = this.clock.now().getTime();
    const app = live(this.apps.get(clientId), now, this.limits.minuteMs);
    if (app && app.count >= this.limits.appPerMinute) {
      return {
        ok: false,
        headers: { 'X-AppMinLimit-Remaining': '0' },
        retryAfterSeconds: Math.max(1, Math.ceil((app.start + this.limits.minuteMs - now) / 1000)),
      };
    }
    const bumped = bump(app, now);
    this.apps.set(clientId, bumped);
    return {
      ok: true,
      headers: { 'X-AppMinLimit-Remaining': String(this.limits.appPerMinute - bumped.count) },
      retryAfterSeconds: 0,
    };
  }

  usage(tenantId: string, clientId?: string): TenantUsage[] {
    const now = this.clock.now().getTime();
    return [...this.tenants.entries()]
      .map(([key, t]) => {
        const [cid = '', tid = ''] = splitKey(key);
        const day = live(t.day, now, this.limits.dayMs)?.count ?? 0;
        const minute = live(t.minute, now, this.limits.minuteMs)?.count ?? 0;
        return {
          clientId: cid,
          tenantId: tid,
          inFlight: t.inFlight,
          minuteCount: minute,
          dayCount: day,
          total: t.total,
          refused: { ...t.refused },
          dayRemaining: this.limits.perDay - day,
          minuteRemaining: this.limits.perMinute - minute,
        };
      })
      .filter((u) => u.tenantId === tenantId && (clientId === undefined || u.clientId === clientId));
  }

  /** Resolves when `n` calls for the tenant are in flight at once. */
  inFlight(tenantId: string): number {
    return this.usage(tenantId).reduce((sum, u) => sum + u.inFlight, 0);
  }

  /** Starts a new day for one tenant (or every tenant): what Xero's daily reset does. */
  resetDaily(tenantId?: string): void {
    for (const [key, t] of this.tenants)
      if (tenantId === undefined || splitKey(key)[1] === tenantId) t.day = undefined;
  }

  /** Starts new minute windows for every tenant and app. */
  resetMinute(): void {
    for (const t of this.tenants.values()) t.minute = undefined;
    this.apps.clear();
  }

  private counters(clientId: string, tenantId: string): TenantCounters {
    const key = `${clientId}\u0000${tenantId}`;
    let t = this.tenants.get(key);
    if (!t) {
      t = { inFlight: 0, total: 0, refused: { concurrent: 0, minute: 0, day: 0, appminute: 0 } };
      this.tenants.set(key, t);
    }
    return t;
  }

  private headers(dayCount: number, minuteCount: number, appCount: number): Record<string, string> {
    return {
      'X-DayLimit-Remaining': String(Math.max(0, this.limits.perDay - dayCount)),
      'X-MinLimit-Remaining': String(Math.max(0, this.limits.perMinute - minuteCount)),
      'X-AppMinLimit-Remaining': String(Math.max(0, this.limits.appPerMinute - appCount)),
    };
  }
}

function splitKey(key: string): string[] {
  return key.split('\u0000');
}

function live(w: Window | undefined, now: number, length: number): Window | undefined {
  return w && now - w.start < length && now >= w.start ? w : undefined;
}

function bump(w: Window | undefined, now: number): Window {
  return w ? { start: w.start, count: w.count + 1 } : { start: now, count: 1 };
}
