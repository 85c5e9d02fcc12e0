import { randomInt } from 'node:crypto';

/**
 * A run id shaped like Power Automate's (`08585…CU00`: 29 digits, then the scale unit): the digits after the
 * prefix count down with real time, so newer runs sort first as in the portal's list, and nine random digits make
 * two runs started in the same microsecond differ. Real time and randomness, never the run's seed or virtual clock:
 * every run gets its own id even when a test replays the same seed at the same virtual time.
 */
export function newRunId(): string {
  const micros = BigInt(Math.floor(performance.timeOrigin * 1000 + performance.now() * 1000));
  const countdown = (10n ** 15n - 1n - (micros % 10n ** 15n)).toString().padStart(15, '0');
  const random = randomInt(0, 1_000_000_000).toString().padStart(9, '0');
  return `08585${countdown}${random}CU00`;
}
