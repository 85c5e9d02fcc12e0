import { DailyLimitReached, RateGovernor } from './rate-governor';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('RateGovernor', () => {
  test('never more than maxConcurrent calls in flight for one organisation; others are not held back', async () => {
    const governor = new RateGovernor({ windowMs: 60_000, perWindow: 1000, maxConcurrent: 5 });
    let inFlight = 0;
    let peak = 0;
    const gates = Array.from({ length: 12 }, () => deferred());
    const started: number[] = [];
    const calls = gates.map((gate, i) =>
      governor.run('org-a', async () => {
        started.push(i);
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await gate.promise;
        inFlight -= 1;
      }),
    );
    const other = governor.run('org-b', async () => 'b');
    await expect(other).resolves.toBe('b');
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2, 3, 4]);
    gates.forEach((g) => g.resolve());
    await Promise.all(calls);
    expect(peak).toBe(5);
    expect(started).toEqual([...Array(12).keys()]);
    governor.close();
  });

  test('never more than perWindow starts in any window (sliding)', async () => {
    const governor = new RateGovernor({ windowMs: 150, perWindow: 3, maxConcurrent: 5 });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, () => governor.run('org', async () => void starts.push(Date.now()))),
    );
    expect(starts).toHaveLength(8);
    // Any 4 consecutive starts span a full window (a slow machine only widens the gaps; 5 ms covers the time
    // between the grant and the callback reading the clock). Without the limit they would all start at once.
    for (let i = 0; i + 3 < starts.length; i += 1)
      expect(starts[i + 3]! - starts[i]!).toBeGreaterThanOrEqual(145);
    governor.close();
  });

  test('a lower X-MinLimit-Remaining than our own count tightens the budget (another instance uses the org)', async () => {
    let now = 0;
    const governor = new RateGovernor({ windowMs: 1000, perWindow: 60, maxConcurrent: 5, now: () => now });
    await governor.run('org', async () => undefined);
    governor.observe('org', { 'x-minlimit-remaining': '1', 'x-daylimit-remaining': '4000' });
    const starts: number[] = [];
    const calls = Array.from({ length: 3 }, () => governor.run('org', async () => void starts.push(now)));
    await new Promise((r) => setTimeout(r, 5));
    expect(starts).toEqual([0]);
    now = 1000;
    await new Promise((r) => setTimeout(r, 5));
    await Promise.all(calls);
    expect(starts).toEqual([0, 1000, 1000]);
    expect(governor.headroom('org')).toMatchObject({ dayRemaining: 4000, minuteRemaining: 1 });
    governor.close();
  });

  test('after a daily 429 every call fails at once with the remaining wait, without running', async () => {
    let now = 0;
    const governor = new RateGovernor({ windowMs: 1000, perWindow: 60, maxConcurrent: 5, now: () => now });
    governor.blockForDay('org', 3600);
    const run = jest.fn(async () => undefined);
    await expect(governor.run('org', run)).rejects.toEqual(new DailyLimitReached(3600));
    now = 1_800_000;
    await expect(governor.run('org', run)).rejects.toMatchObject({ retryAfterSeconds: 1800 });
    now = 3_600_001;
    await governor.run('org', run);
    expect(run).toHaveBeenCalledTimes(1);
    governor.close();
  });
});
