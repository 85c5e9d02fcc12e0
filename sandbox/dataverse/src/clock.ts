/** The emulator's time source: real time until a test pins or advances it (createdon, modifiedon, Today(), 429 windows). */
export class EmulatorClock {
  private offsetMs = 0;
  private pinned: number | undefined;

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return this.pinned ?? Date.now() + this.offsetMs;
  }

  /** Pins the clock at `at` (ISO string or Date); it stays there until advanced or released. */
  set(at: string | Date): void {
    const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
    if (Number.isNaN(ms)) throw new Error(`clock.set: '${String(at)}' is not a date`);
    this.pinned = ms;
  }

  advance(ms: number): void {
    if (this.pinned !== undefined) this.pinned += ms;
    else this.offsetMs += ms;
  }

  /** Back to real time (keeping any advance offset). */
  release(): void {
    this.pinned = undefined;
  }
}
