/**
 * Time as the runner sees it. Tests and the CLI use a virtual clock: `sleep` (retry waits, Wait actions, Until
 * timeouts) advances the clock instead of waiting, so no run ever waits in real time.
 */
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** True when the clock moves only when told to (sleep, advance, set), not with real time. */
  readonly virtual?: boolean;
}

export class VirtualClock implements Clock {
  readonly virtual = true;
  private current: number;
  /** Every sleep requested, in order (tests assert retry schedules with it). */
  readonly sleeps: number[] = [];

  constructor(start: Date | string = new Date()) {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.current += Math.max(0, ms);
    await Promise.resolve();
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
}

export const realClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Measures how long something took, truthfully on either kind of clock: the real time that passed (a monotonic
 * timer, so even an action that never waits shows its cost) plus, on a virtual clock, the time the clock jumped
 * instead of waiting (retry waits, Wait and Until timeouts, a connector simulating latency). Returns a function that
 * reads the elapsed milliseconds (fractional).
 */
export function startStopwatch(clock: Clock): () => number {
  const realStart = performance.now();
  const clockStart = clock.now().getTime();
  return () => {
    const real = performance.now() - realStart;
    const skipped = clock.virtual ? Math.max(0, clock.now().getTime() - clockStart) : 0;
    return Math.round((real + skipped) * 1000) / 1000;
  };
}

// rand(), guid() and retry jitter draw from the project's one seeded generator, so a run replays from its seed.
export { seededRandom } from '../../../../scripts/seeded-random';

export function guidFrom(random: () => number): () => string {
  return () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
}

/** ISO 8601 duration (PT1H, P6D, PT7.5S) to milliseconds; months/years use 30/365 days. */
export function parseDuration(text: string): number | undefined {
  const m =
    /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(
      text.trim(),
    );
  if (!m || text.trim() === 'P' || /T$/i.test(text.trim())) return undefined;
  const [, y, mo, w, d, h, mi, s] = m.map((v) => (v === undefined ? 0 : Number(v)));
  const day = 86400000;
  return y! * 365 * day + mo! * 30 * day + w! * 7 * day + d! * day + h! * 3600000 + mi! * 60000 + s! * 1000;
}
