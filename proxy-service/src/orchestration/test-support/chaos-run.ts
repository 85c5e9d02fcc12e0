/**
 * What the exactly-once chaos runs (chaos-sync.ts, chaos-cancel.ts) share: the harness with its connected
 * organisation, the child proxy that is started and killed round after round (and always stopped at the end), the
 * flow's calls that get no answer when the proxy dies, a round that kills the proxy at a fault's moment, and the
 * calm passes at the end.
 */
import type { FaultSpecInput, OrganisationBooks } from '@dxc/xero-emulator';
import {
  seededRandom,
  startChaosHarness,
  startProxyProcess,
  stopProxyProcess,
} from '../../test-support/proxy-process';
import type { ProxyProcess } from '../../test-support/proxy-process';

type Harness = Awaited<ReturnType<typeof startChaosHarness>>;
type Connected = Awaited<ReturnType<Harness['connect']>>;

export interface ChaosRun {
  h: Harness;
  apiKey: string;
  connection: Connected['connection'];
  books(): OrganisationBooks;
  rand(): number;
  log(line: string): void;
  /** Seconds since the run started, to one decimal. */
  elapsed(): string;
  /** Starts a child proxy (stopped at the end of the run if still alive). */
  startProxy(): Promise<ProxyProcess>;
  /** Stops it gracefully: the run has finished with it. */
  retireProxy(instance: ProxyProcess): Promise<void>;
}

/** Runs `body` with a harness and a connected organisation; whatever child proxy is still alive is stopped after. */
export async function withChaosRun<T>(
  options: { seed: number; log?: (line: string) => void },
  body: (run: ChaosRun) => Promise<T>,
): Promise<T> {
  const started = Date.now();
  const h = await startChaosHarness();
  let instance: ProxyProcess | undefined;
  try {
    const { apiKey, connection } = await h.connect();
    // The in-process proxy only connected the organisation; the child process serves every request.
    return await body({
      h,
      apiKey,
      connection,
      books: () => h.emulator.books<OrganisationBooks>(connection.tenantId),
      rand: seededRandom(options.seed),
      log: options.log ?? (() => undefined),
      elapsed: () => ((Date.now() - started) / 1000).toFixed(1),
      startProxy: async () => (instance = await startProxyProcess(h.env)),
      async retireProxy(live) {
        await stopProxyProcess(live, 'SIGTERM');
        if (instance === live) instance = undefined;
      },
    });
  } finally {
    if (instance) await stopProxyProcess(instance);
    await h.close();
  }
}

/** The flow's POST of JSON with its API key: the answer's body, or undefined when it failed or the proxy died. */
export async function flowPost(url: string, apiKey: string, body: unknown): Promise<unknown> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'X-Api-Key': apiKey, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.ok) return await res.json();
    await res.text();
  } catch {
    // the proxy died under us
  }
  return undefined;
}

/**
 * One round: a child proxy starts and the flow's pass runs against it; the proxy is killed (SIGKILL) when the fault
 * holds a request, or after `delayMs` without a fault. Answers whether a request was held at the kill (with
 * `drop-response`: Xero had written and its answer was on the way).
 */
export async function killRound(
  run: ChaosRun,
  fault: FaultSpecInput | undefined,
  delayMs: number,
  pass: (url: string) => Promise<void>,
): Promise<{ heldAtKill: boolean }> {
  const live = await run.startProxy();
  if (fault) run.h.emulator.faults.inject(fault);
  const running = pass(live.url);
  const moment = fault
    ? run.h.emulator.faults.waitForHeld(1)
    : new Promise<void>((resolve) => setTimeout(resolve, delayMs));
  await Promise.race([moment, running]);
  const heldAtKill = run.h.emulator.faults.heldCount > 0;
  await stopProxyProcess(live);
  run.h.emulator.faults.clear(); // also lets a held request go, as one already on the wire would
  await running;
  return { heldAtKill };
}

/** Calm: no faults, no kills; the flow passes again (ten times at most) until nothing is left. Answers the passes. */
export async function passUntilDone(pass: () => Promise<void>, left: () => number): Promise<number> {
  let passes = 0;
  while (left() && passes < 10) {
    passes += 1;
    await pass();
  }
  return passes;
}
