/**
 * Slows down guessing of the admin secret, per client, without locking the admin out for long.
 *
 * - Clients are told apart by address: `req.ip`, which believes X-Forwarded-For only from TRUSTED_PROXIES (trust
 *   none by default, so a forged header changes nothing). IPv6 clients count per /64, the block one host usually
 *   has, so walking through its own addresses gains nothing.
 * - After 5 wrong secrets a client is refused for 1 minute; each further lockout doubles that, up to 15 minutes.
 *   A failure older than 15 minutes no longer counts towards the 5, and a client with no failure for a day starts
 *   afresh. A right secret clears the client's record.
 * - Why backoff rather than a fixed 15 minutes: whoever mistypes a few times waits a minute, while a guesser soon
 *   gets 5 tries per 15 minutes, as before. The lockout is per client, so a guesser elsewhere never locks the
 *   admin out, and a locked-out client is let in with the right secret as soon as its window has passed.
 * - The records are an LRU of at most `maxClients` entries: memory stays bounded whatever the number of
 *   addresses. A guesser with more addresses than that can push its own records out, which gains it no more
 *   than having that many addresses already does.
 */
import ipaddr from 'ipaddr.js';
import { LRUCache } from 'lru-cache';

export interface SignInThrottleOptions {
  maxFailures: number;
  firstLockoutMs: number;
  maxLockoutMs: number;
  /** A failure older than this no longer counts towards `maxFailures`. */
  failureWindowMs: number;
  /** A client with no failure for this long is forgotten (its lockouts start from the first again). */
  forgetAfterMs: number;
  maxClients: number;
}

export const SIGN_IN_THROTTLE: SignInThrottleOptions = {
  maxFailures: 5,
  firstLockoutMs: 60_000,
  maxLockoutMs: 15 * 60_000,
  failureWindowMs: 15 * 60_000,
  forgetAfterMs: 24 * 3_600_000,
  maxClients: 10_000,
};

interface ClientRecord {
  failures: number;
  lockouts: number;
  lockedUntil: number;
  lastFailureAt: number;
}

export class SignInThrottle {
  private readonly o: SignInThrottleOptions;
  private readonly clients: LRUCache<string, ClientRecord>;

  constructor(options: Partial<SignInThrottleOptions> = {}) {
    this.o = { ...SIGN_IN_THROTTLE, ...options };
    this.clients = new LRUCache({ max: this.o.maxClients });
  }

  /** How many clients are remembered (never more than maxClients). */
  get size(): number {
    return this.clients.size;
  }

  /** Milliseconds the client must still wait before trying again; 0 when it may try now. */
  waitMs(client: string, now: number): number {
    const record = this.clients.get(client);
    return record ? Math.max(0, record.lockedUntil - now) : 0;
  }

  failed(client: string, now: number): void {
    let record = this.clients.get(client);
    if (!record || now - record.lastFailureAt > this.o.forgetAfterMs) {
      record = { failures: 0, lockouts: 0, lockedUntil: 0, lastFailureAt: now };
    } else if (now - record.lastFailureAt > this.o.failureWindowMs) {
      record.failures = 0;
    }
    record.failures += 1;
    record.lastFailureAt = now;
    if (record.failures >= this.o.maxFailures) {
      record.failures = 0;
      record.lockouts += 1;
      record.lockedUntil =
        now + Math.min(this.o.maxLockoutMs, this.o.firstLockoutMs * 2 ** (record.lockouts - 1));
    }
    this.clients.set(client, record);
  }

  succeeded(client: string): void {
    this.clients.delete(client);
  }
}

/** The throttle's key for a client address: IPv4 as is, IPv6 by its /64. */
export function clientKey(address: string | undefined): string {
  if (!address || !ipaddr.isValid(address)) return address ?? 'unknown';
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
}
