/**
 * Keeps each organisation inside Xero's limits (reference/xero-api.md §1): at most `maxConcurrent` calls in flight
 * and `perWindow` starts in any `windowMs` (a sliding window, so whatever Xero's fixed windows are, none of them can
 * see more). The `X-MinLimit-Remaining` header tightens the budget when other instances share the org; a minute or
 * concurrency 429 pauses the org for `Retry-After`; a daily 429 blocks it until Xero's `Retry-After` has passed, and
 * callers get a 429 at once instead of another call to Xero.
 */
export interface RateGovernorOptions {
  windowMs: number;
  perWindow: number;
  maxConcurrent: number;
  now?: () => number;
}

export class DailyLimitReached extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Xero's daily call limit for this organisation is used up; retry after ${retryAfterSeconds} s`);
    this.name = 'DailyLimitReached';
  }
}

interface Waiter {
  grant: () => void;
  fail: (error: Error) => void;
}

class TenantBudget {
  inFlight = 0;
  starts: number[] = [];
  waiters: Waiter[] = [];
  pausedUntil = 0;
  dayBlockedUntil = 0;
  /** What Xero last said remains in its current minute window, minus starts since. */
  serverMinuteRemaining?: { value: number; until: number };
  dayRemaining?: number;
  minuteRemaining?: number;
  timer?: NodeJS.Timeout;
}

export class RateGovernor {
  private readonly tenants = new Map<string, TenantBudget>();
  private readonly now: () => number;

  /**
   * A start occupies the window a little longer than `windowMs`: Xero counts a call when it arrives, a moment after
   * we start it, so without slack a call started at the very end of our window can land in Xero's next one.
   */
  private readonly windowMs: number;

  constructor(private readonly options: RateGovernorOptions) {
    this.now = options.now ?? Date.now;
    this.windowMs = options.windowMs + Math.min(1000, Math.ceil(options.windowMs * 0.02));
  }

  private budget(tenantId: string): TenantBudget {
    let b = this.tenants.get(tenantId);
    if (!b) {
      b = new TenantBudget();
      this.tenants.set(tenantId, b);
    }
    return b;
  }

  /** Runs `call` once the organisation's budget allows it. */
  async run<T>(tenantId: string, call: () => Promise<T>): Promise<T> {
    await this.acquire(tenantId);
    try {
      return await call();
    } finally {
      this.release(tenantId);
    }
  }

  private acquire(tenantId: string): Promise<void> {
    const b = this.budget(tenantId);
    const blocked = this.dailyBlock(b);
    if (blocked) return Promise.reject(blocked);
    return new Promise<void>((grant, fail) => {
      b.waiters.push({ grant, fail });
      this.pump(b);
    });
  }

  private release(tenantId: string): void {
    const b = this.budget(tenantId);
    b.inFlight -= 1;
    this.pump(b);
  }

  private dailyBlock(b: TenantBudget): DailyLimitReached | undefined {
    const now = this.now();
    return b.dayBlockedUntil > now
      ? new DailyLimitReached(Math.ceil((b.dayBlockedUntil - now) / 1000))
      : undefined;
  }

  /** Grants waiting calls in order while the budget allows; otherwise sleeps until the budget can change. */
  private pump(b: TenantBudget): void {
    if (b.timer) {
      clearTimeout(b.timer);
      b.timer = undefined;
    }
    for (;;) {
      if (b.waiters.length === 0) return;
      const now = this.now();
      const blocked = this.dailyBlock(b);
      if (blocked) {
        for (const w of b.waiters.splice(0)) w.fail(blocked);
        return;
      }
      while (b.starts.length > 0 && b.starts[0]! <= now - this.windowMs) b.starts.shift();
      if (b.serverMinuteRemaining && b.serverMinuteRemaining.until <= now)
        b.serverMinuteRemaining = undefined;
      let wakeAt = 0;
      if (b.pausedUntil > now) wakeAt = b.pausedUntil;
      else if (b.starts.length >= this.options.perWindow) wakeAt = b.starts[0]! + this.windowMs;
      else if (b.serverMinuteRemaining && b.serverMinuteRemaining.value <= 0)
        wakeAt = b.serverMinuteRemaining.until;
      if (wakeAt > 0) {
        b.timer = setTimeout(() => this.pump(b), Math.max(1, wakeAt - now));
        return;
      }
      if (b.inFlight >= this.options.maxConcurrent) return; // release() pumps again
      b.inFlight += 1;
      b.starts.push(now);
      if (b.serverMinuteRemaining) b.serverMinuteRemaining.value -= 1;
      b.waiters.shift()!.grant();
    }
  }

  /** Reads Xero's X-*-Remaining headers of a response (also of a 429). */
  observe(tenantId: string, headers: Record<string, string>): void {
    const b = this.budget(tenantId);
    const minute = Number(headers['x-minlimit-remaining']);
    const day = Number(headers['x-daylimit-remaining']);
    if (headers['x-minlimit-remaining'] !== undefined && Number.isFinite(minute)) {
      b.minuteRemaining = minute;
      const localRemaining = this.options.perWindow - b.starts.length;
      // Only tighten: Xero counting fewer remaining than we do means someone else (another instance) uses this org.
      if (minute < localRemaining) {
        b.serverMinuteRemaining = { value: minute, until: this.now() + this.options.windowMs };
      }
    }
    if (headers['x-daylimit-remaining'] !== undefined && Number.isFinite(day)) b.dayRemaining = day;
  }

  /** A minute or concurrency 429: nobody calls this org before `seconds` have passed. */
  pause(tenantId: string, seconds: number): void {
    const b = this.budget(tenantId);
    b.pausedUntil = Math.max(b.pausedUntil, this.now() + seconds * 1000);
  }

  /** A daily 429: every call for this org is refused until then. */
  blockForDay(tenantId: string, seconds: number): void {
    const b = this.budget(tenantId);
    b.dayBlockedUntil = Math.max(b.dayBlockedUntil, this.now() + seconds * 1000);
    this.pump(b);
  }

  /** Headroom as last reported by Xero, for the metrics gauges and the admin page. */
  headroom(tenantId: string): {
    dayRemaining?: number;
    minuteRemaining?: number;
    inFlight: number;
    queued: number;
  } {
    const b = this.tenants.get(tenantId);
    return {
      dayRemaining: b?.dayRemaining,
      minuteRemaining: b?.minuteRemaining,
      inFlight: b?.inFlight ?? 0,
      queued: b?.waiters.length ?? 0,
    };
  }

  tenantIds(): string[] {
    return [...this.tenants.keys()];
  }

  /** Stops timers and fails queued calls (shutdown). */
  close(): void {
    for (const b of this.tenants.values()) {
      if (b.timer) clearTimeout(b.timer);
      for (const w of b.waiters.splice(0)) w.fail(new Error('The proxy is shutting down'));
    }
  }
}
