/**
 * The emulator's notion of "now". Tests move it forward to expire tokens, age idempotency keys or roll the
 * rate-limit day without waiting; everything time-dependent in the emulator reads it, never Date.now().
 */
export interface Clock {
  now(): Date;
}

export class TestClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves time forward (or back, with a negative value) by the given milliseconds. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Jumps to an absolute instant; time keeps flowing from there. */
  set(instant: Date): void {
    this.offsetMs = instant.getTime() - Date.now();
  }
}
