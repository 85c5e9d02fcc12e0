/**
 * The measurements of the flow-cost bench, each run in a world of its own: the flows really run (flow runner,
 * Dataverse emulator, real proxy over the Xero emulator), `run.requests` is what Power Platform would bill and the
 * Xero emulator's usage counter gives Xero calls. Every scenario measures one flow, BEFORE or AFTER.
 */
import type { LoadedFlow, RunResult } from '@dxc/flow-runner';
import { startProxyWebhookTrigger } from '@dxc/flow-runner';
import { eventually } from '@dxc/proxy-service/testing';
import { executions, failedActions } from '@dxc/test/flows/support/flow-sandbox';
import {
  EXPORT_YES,
  INVOICES_PER_CUSTOMER,
  XERO_STATUS,
  loadFlow,
  patchRow,
  payInFull,
  seedAccounts,
  seedCustomersWithBalances,
  seedOpenInvoices,
  seedReadyInvoices,
  startCostWorld,
} from './cost-worlds';
import type { CostWorld, OpenInvoice, Version } from './cost-worlds';

const FIVE_MINUTES = 5 * 60_000;

/** Peak resident set size while a phase runs, sampled every 50 ms (the kernel's maxRSS covers the whole process). */
class RssSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;
  constructor() {
    this.timer = setInterval(() => this.sample(), 50);
    this.timer.unref();
  }
  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }
  /** Starts a phase: the peak from now on. */
  reset(): void {
    this.peak = 0;
    this.sample();
  }
  peakMB(): number {
    this.sample();
    return Math.round(this.peak / 1_048_576);
  }
}
export const rss = new RssSampler();

export interface RunCost {
  runs: number;
  requests: number;
  xeroCalls: number;
  seconds: number;
  /** Runs that did not succeed, with their failed actions: a defect to report, not a cost. */
  failures?: string[];
}

function describeFailures(runs: RunResult[]): string[] {
  return runs
    .filter((r) => r.status !== 'Succeeded' || failedActions(r).length)
    .map((r) => `${r.status}: ${failedActions(r).slice(0, 3).join('; ') || r.error?.message || 'failed'}`);
}

/** The cost of what `work` runs: requests of every run, Xero calls made meanwhile (the proxy's included). */
async function measure(
  world: CostWorld,
  work: () => Promise<RunResult[]>,
): Promise<RunCost & { list: RunResult[] }> {
  const calls = world.xeroCalls();
  const started = process.hrtime.bigint();
  const list = await work();
  const failures = describeFailures(list);
  return {
    runs: list.length,
    requests: list.reduce((n, r) => n + r.requests, 0),
    xeroCalls: world.xeroCalls() - calls,
    seconds: Number((Number(process.hrtime.bigint() - started) / 1e9).toFixed(2)),
    ...(failures.length ? { failures } : {}),
    list,
  };
}

const cost = ({ list: _list, ...c }: RunCost & { list: RunResult[] }): RunCost => c;

function sum(costs: RunCost[]): RunCost {
  const failures = costs.flatMap((c) => c.failures ?? []);
  return {
    runs: costs.reduce((n, c) => n + c.runs, 0),
    requests: costs.reduce((n, c) => n + c.requests, 0),
    xeroCalls: costs.reduce((n, c) => n + c.xeroCalls, 0),
    seconds: Number(costs.reduce((n, c) => n + c.seconds, 0).toFixed(2)),
    ...(failures.length ? { failures } : {}),
  };
}

/** Invoices a Sync run sent to the proxy: the old flow built `invoices`, the new one passes the listed `rows`. */
function invoicesSent(run: RunResult): number {
  return executions(run, 'Sync_batch_with_Xero')
    .filter((a) => a.status !== 'Skipped')
    .reduce((n, a) => {
      const p =
        (a.inputs as { parameters?: Record<string, unknown[] | undefined> } | undefined)?.parameters ?? {};
      return n + (p['body/rows'] ?? p['body/invoices'] ?? []).length;
    }, 0);
}

// ---------------------------------------------------------------------------------------------------- Sync

export interface SyncRun extends RunCost {
  invoicesSent: number;
}
export interface SyncResult {
  scenario: 'sync';
  version: Version;
  invoices: number;
  customers: number;
  /** Every run until nothing was ready (the idle run that showed it is apart). */
  workRuns: SyncRun[];
  total: RunCost;
  perInvoice: { requests: number; xeroCalls: number };
  idleRun: RunCost;
  /** The idle run again with the proxy's organisation cache emptied: the old flows' GetConnection reads Xero. */
  idleRunColdCache: RunCost;
  exported: number;
  peakRssMB: number;
}

/** Runs the Sync flow every 5 minutes until a run finds nothing to send. */
async function syncUntilIdle(world: CostWorld, flow: LoadedFlow, expected: number) {
  const workRuns: SyncRun[] = [];
  for (let i = 0; i < Math.ceil(expected / 50) + 10; i++) {
    world.advance(FIVE_MINUTES);
    const m = await measure(world, async () => [await world.run(flow)]);
    const sent = invoicesSent(m.list[0]!);
    if (sent === 0) return { workRuns, idleRun: cost(m) };
    workRuns.push({ ...cost(m), invoicesSent: sent });
  }
  throw new Error(`the Sync flow still found invoices to send after ${workRuns.length} runs`);
}

export async function syncScenario(version: Version, size: number): Promise<SyncResult> {
  const world = await startCostWorld();
  try {
    const flow = loadFlow(version, 'sync');
    const customers = seedAccounts(world, Math.ceil(size / INVOICES_PER_CUSTOMER), 'SYNC');
    const ids = new Set(seedReadyInvoices(world, size, customers, 'SYNC'));
    rss.reset();
    const { workRuns, idleRun } = await syncUntilIdle(world, flow, size);
    const peakRssMB = rss.peakMB();
    world.sandbox.xero.proxy.services.organisationCache.forget(world.sandbox.connection.tenantId);
    world.advance(FIVE_MINUTES);
    const idleRunColdCache = cost(await measure(world, async () => [await world.run(flow)]));
    const total = sum(workRuns);
    const exported = world
      .rows('invoice')
      .filter((r) => ids.has(String(r.invoiceid)) && r.dxc_exportstatus === EXPORT_YES).length;
    return {
      scenario: 'sync',
      version,
      invoices: size,
      customers: customers.length,
      workRuns,
      total,
      perInvoice: {
        requests: Number((total.requests / size).toFixed(3)),
        xeroCalls: Number((total.xeroCalls / size).toFixed(3)),
      },
      idleRun,
      idleRunColdCache,
      exported,
      peakRssMB,
    };
  } finally {
    await world.close();
  }
}

export interface SyncSteadyResult {
  scenario: 'sync-steady';
  version: Version;
  invoices: number;
  customers: number;
  warmUp: RunCost;
  /** One scheduled run that finds `invoices` new invoices of customers already in Xero. */
  run: SyncRun;
  exported: number;
}

/** A busy-day run: new invoices of customers (and products) already in Xero, all sent by one scheduled run. */
export async function syncSteadyScenario(version: Version, size: number): Promise<SyncSteadyResult> {
  const world = await startCostWorld();
  try {
    const flow = loadFlow(version, 'sync');
    const customers = seedAccounts(world, Math.ceil(size / INVOICES_PER_CUSTOMER), 'WARM');
    seedReadyInvoices(world, size, customers, 'WARM');
    const warm = await syncUntilIdle(world, flow, size);
    const ids = new Set(seedReadyInvoices(world, size, customers, 'BUSY'));
    world.advance(FIVE_MINUTES);
    const m = await measure(world, async () => [await world.run(flow)]);
    const exported = world
      .rows('invoice')
      .filter((r) => ids.has(String(r.invoiceid)) && r.dxc_exportstatus === EXPORT_YES).length;
    return {
      scenario: 'sync-steady',
      version,
      invoices: size,
      customers: customers.length,
      warmUp: sum(warm.workRuns),
      run: { ...cost(m), invoicesSent: invoicesSent(m.list[0]!) },
      exported,
    };
  } finally {
    await world.close();
  }
}

// -------------------------------------------------------------------------------------------------- Status

export interface ChangedRun extends RunCost {
  changes: number;
  /** Of the invoices paid, how many Dynamics shows as Paid after the run(s). */
  writtenBack: number;
}
export interface StatusResult {
  scenario: 'status';
  version: Version;
  openInvoices: number;
  /** Runs before the measured ones: the first contact (the new flow catches up on the sync's writes first). */
  settle: RunCost;
  idleRun: RunCost;
  changedRuns: ChangedRun[];
  /**
   * An idle run right after the first changed run: the catch-up reads the watermark's second again on every run,
   * so when many invoices changed in that second (a batch payment) each idle run reads them all again.
   */
  idleRunAfterBulkChange?: RunCost;
  peakRssMB: number;
}

/** The new flow's first runs read what the seeding wrote (1,000 changes a run) until Xero has nothing more. */
async function settleStatus(world: CostWorld, flow: LoadedFlow, version: Version): Promise<RunCost> {
  const runs: RunCost[] = [];
  for (let i = 0; i < 20; i++) {
    const m = await measure(world, async () => [await world.run(flow)]);
    runs.push(cost(m));
    const body = executions(m.list[0]!, 'Catch_up_with_Xero')[0]?.outputs as
      { body?: { hasMore?: boolean } } | undefined;
    if (version === 'before' || !body?.body?.hasMore) break;
  }
  return sum(runs);
}

const paidInDynamics = (world: CostWorld, invoices: OpenInvoice[]) => {
  const ids = new Set(invoices.map((i) => i.id));
  return world
    .rows('invoice')
    .filter((r) => ids.has(String(r.invoiceid)) && r.dxc_xerostatus === XERO_STATUS.Paid).length;
};

export async function statusScenario(
  version: Version,
  size: number,
  changeSets: number[],
): Promise<StatusResult> {
  const world = await startCostWorld();
  try {
    const flow = loadFlow(version, 'status');
    const open = await seedOpenInvoices(world, size, 'OPEN');
    const settle = await settleStatus(world, flow, version);
    world.advance(FIVE_MINUTES);
    rss.reset();
    const idleRun = cost(await measure(world, async () => [await world.run(flow)]));
    const changedRuns: ChangedRun[] = [];
    let idleRunAfterBulkChange: RunCost | undefined;
    let next = 0;
    for (const k of changeSets) {
      const paid = open.slice(next, next + k);
      next += k;
      await payInFull(world, paid);
      world.advance(FIVE_MINUTES);
      const m = await measure(world, async () => [await world.run(flow)]);
      changedRuns.push({ ...cost(m), changes: paid.length, writtenBack: paidInDynamics(world, paid) });
      if (!idleRunAfterBulkChange) {
        world.advance(FIVE_MINUTES);
        idleRunAfterBulkChange = cost(await measure(world, async () => [await world.run(flow)]));
      }
    }
    return {
      scenario: 'status',
      version,
      openInvoices: size,
      settle,
      idleRun,
      changedRuns,
      ...(idleRunAfterBulkChange ? { idleRunAfterBulkChange } : {}),
      peakRssMB: rss.peakMB(),
    };
  } finally {
    await world.close();
  }
}

// ------------------------------------------------------------------------------------------------ Balances

export interface BalancesResult {
  scenario: 'balances';
  version: Version;
  customers: number;
  /** BEFORE: the first hourly run (every balance new); AFTER: the first on-request refresh. */
  firstRun: RunCost;
  /** BEFORE: an hourly run when nothing changed; AFTER: a refresh when nothing changed. */
  unchangedRun: RunCost;
  balancesWritten: number;
}

export async function balancesScenario(version: Version, size: number): Promise<BalancesResult> {
  const world = await startCostWorld();
  const flow = loadFlow(version, 'balances');
  const watch = version === 'after' ? world.sandbox.watchDataverse(flow) : undefined;
  try {
    seedCustomersWithBalances(world, size, 'BAL');
    const once = async (): Promise<RunResult[]> => {
      world.advance(60 * 60_000);
      if (!watch) return [await world.run(flow)];
      // What the Sync centre's "Refresh all balances" does: one update setting the flag to Yes.
      const before = watch.runs.length;
      await patchRow(world, 'dxc_xeroconnections', world.connectionRowId, { dxc_refreshbalances: true });
      return (await watch.settled()).slice(before);
    };
    const firstRun = cost(await measure(world, once));
    const balancesWritten = world.rows('account').filter((a) => typeof a.dxc_amountowed === 'number').length;
    const unchangedRun = cost(await measure(world, once));
    return { scenario: 'balances', version, customers: size, firstRun, unchangedRun, balancesWritten };
  } finally {
    await watch?.stop();
    await world.close();
  }
}

// ------------------------------------------------------------------------------------------------- Webhook

export interface WebhookResult {
  scenario: 'webhook';
  version: Version;
  /** One group of payments made in Xero at once per entry: the runs they started and what those cost. */
  groups: ChangedRun[];
}

/** The proxy leaves out of batches an event within 2 s of its own write to that invoice (an echo of the sync). */
const ECHO_WINDOW_MS = 2_000;

export async function webhookScenario(version: Version, groupSizes: number[]): Promise<WebhookResult> {
  // A short batch interval only lets one group's notification go without waiting 120 s after the previous group's;
  // what a run costs does not depend on it.
  const world = await startCostWorld({ env: { WEBHOOK_BATCH_INTERVAL_SECONDS: '1' } });
  const { sandbox } = world;
  try {
    const open = await seedOpenInvoices(
      world,
      groupSizes.reduce((a, b) => a + b, 0),
      'HOOK',
    );
    await sandbox.xero.emulator.webhooks.register({
      url: `${sandbox.xero.url}/webhooks/xero`,
      key: sandbox.xero.env.XERO_WEBHOOK_KEY!,
    });
    // The seeding's own events pass before anything subscribes.
    await sandbox.xero.emulator.webhooks.flushAndDeliver();
    await sandbox.xero.proxy.services.webhooks.idle();
    // The new webhook flow catches up from the connection row's watermark, as the status poll does: set it first.
    if (version === 'after') await settleStatus(world, loadFlow('after', 'status'), 'after');
    await new Promise((resolve) => setTimeout(resolve, ECHO_WINDOW_MS + 500));
    const trigger = await startProxyWebhookTrigger(loadFlow(version, 'webhook'), {
      config: sandbox.config,
      clock: sandbox.clock,
      defaultRetryCount: 0,
    });
    const groups: ChangedRun[] = [];
    try {
      let next = 0;
      for (const size of groupSizes) {
        const paid = open.slice(next, next + size);
        next += size;
        const m = await measure(world, async () => {
          const before = trigger.runs.length;
          await payInFull(world, paid);
          await eventually(
            () => paidInDynamics(world, paid) === paid.length,
            `${size} payment(s) written back`,
          );
          // Every notification of these payments delivered and its run finished (a payment may notify twice).
          await sandbox.xero.emulator.webhooks.flushAndDeliver();
          await sandbox.xero.proxy.services.webhooks.idle();
          const runs = await trigger.settled();
          return runs.slice(before);
        });
        groups.push({ ...cost(m), changes: size, writtenBack: paidInDynamics(world, paid) });
      }
    } finally {
      // The subscription's Location names the proxy's PUBLIC_URL, where no proxy listens here: delete it directly.
      const location = new URL(trigger.location);
      await sandbox.xero.call('DELETE', location.pathname, { apiKey: sandbox.apiKey });
      await trigger.stop().catch(() => undefined);
    }
    return { scenario: 'webhook', version, groups };
  } finally {
    await world.close();
  }
}
