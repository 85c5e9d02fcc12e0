import type { Repetition } from '../run-history';

/** A loop's requests: its own one and those of every action of every repetition. */
export function loopRequests(repetitions: Repetition[]): number {
  return 1 + repetitions.reduce((n, r) => n + r.actions.reduce((m, a) => m + a.requests, 0), 0);
}
