import type { Request } from 'express';
import type { EmulatorClock } from '../clock';
import { DataverseError, errors } from './dataverse-error';

// Checks every request before it reaches the Web API: the optional bearer token and the service protection limit
// (powerapps-docs api-limits.md: 429 with Retry-After; 0x80072322 is "Number of requests exceeded the limit").

export interface ServiceProtectionOptions {
  /** Requests allowed per window (Dataverse's real limit is 6000 per 300 s per user). */
  maxRequests: number;
  /** Window length in seconds (default 300). */
  windowSeconds?: number;
}

export class RequestGate {
  private windowStart = 0;
  private count = 0;
  private forced: { remaining: number; retryAfterSeconds: number } | undefined;

  constructor(
    private readonly clock: EmulatorClock,
    private readonly bearerToken: string | undefined,
    private readonly protection: ServiceProtectionOptions | undefined,
  ) {
    if (protection && (!Number.isInteger(protection.maxRequests) || protection.maxRequests <= 0)) {
      throw new Error('serviceProtection.maxRequests must be a positive integer');
    }
  }

  /** The next `count` requests get 429 with `Retry-After: retryAfterSeconds` (deterministic tests). */
  throttleNext(count: number, retryAfterSeconds: number): void {
    this.forced = { remaining: count, retryAfterSeconds };
  }

  check(req: Request): void {
    if (this.bearerToken !== undefined) {
      const header = req.get('Authorization') ?? '';
      if (header !== `Bearer ${this.bearerToken}`) throw errors.unauthorized();
    }
    if (this.forced && this.forced.remaining > 0) {
      this.forced.remaining--;
      throw this.tooMany(this.forced.retryAfterSeconds, 'the emulator was told to throttle');
    }
    if (!this.protection) return;
    const windowMs = (this.protection.windowSeconds ?? 300) * 1000;
    const now = this.clock.nowMs();
    if (now - this.windowStart >= windowMs) {
      this.windowStart = now;
      this.count = 0;
    }
    this.count++;
    if (this.count > this.protection.maxRequests) {
      const retryAfter = Math.max(1, Math.ceil((this.windowStart + windowMs - now) / 1000));
      throw this.tooMany(
        retryAfter,
        `Number of requests exceeded the limit of ${this.protection.maxRequests} over time window of ${windowMs / 1000} seconds.`,
      );
    }
  }

  private tooMany(retryAfterSeconds: number, message: string): DataverseError {
    return new DataverseError(429, '0x80072322', message, { 'Retry-After': String(retryAfterSeconds) });
  }
}
