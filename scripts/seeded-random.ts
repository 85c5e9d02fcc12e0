/**
 * The project's one seeded pseudo-random generator (mulberry32: 32 bits of state, fast, and good enough for jitter,
 * test data and fault schedules; not for anything secret). The flow runner's rand(), guid() and retry jitter and the
 * chaos harness draw from it, so a run or a failing test replays exactly from its seed.
 * It sits at the root so that every workspace imports the same code without depending on another workspace.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
