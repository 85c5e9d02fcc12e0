/**
 * Runs every flow the solution ships (solution/src/Workflows, unmodified) the way Power Automate would, against the
 * demo's Dataverse emulator and proxy, on the real clock:
 * - Dataverse-triggered flows (cancel, reference import, balances) run on each matching change in the emulator;
 * - the custom connector's webhook trigger (WhenAnInvoiceChanges) subscribes at the proxy, so a payment in Xero
 *   reaches Dynamics within seconds;
 * - recurrence flows run at start and then on their own schedules (sync every 5 minutes, status every 30).
 * A newcomer should not wait five minutes to see an invoice reach Xero, so the sync flow also runs as soon as an
 * invoice becomes ready (the same run its next scheduled occurrence would make, only earlier): the demo's one
 * departure from Power Automate's timing, never from the flow's definition.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { DataverseEmulator } from '@dxc/dataverse-emulator';
import {
  describeTrigger,
  loadFlowFile,
  realClock,
  runFlow,
  runFlowOnDataverseChanges,
  sandboxConnector,
  startProxyWebhookTrigger,
} from '@dxc/flow-runner';
import type { LoadedFlow, RunOptions, RunResult, SandboxRunConfiguration } from '@dxc/flow-runner';
import { choiceValue } from '@dxc/solution';

/** The recurrence flow that also runs when an invoice becomes ready. */
export const SYNC_FLOW = 'SyncInvoicesToXero';

export const WORKFLOWS_DIR = path.resolve(__dirname, '../../solution/src/Workflows');

/** The shipped flows: every `<Name>-<GUID>.json` in the solution's Workflows folder. */
export function shippedFlows(dir = WORKFLOWS_DIR): LoadedFlow[] {
  return readdirSync(dir)
    .filter((f) => /-[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\.json$/i.test(f))
    .sort()
    .map((f) => loadFlowFile(path.join(dir, f)));
}

export interface FlowRunNote {
  flow: string;
  status: RunResult['status'];
  startedAt: string;
  reason: string;
  /** Names and messages of failed actions, when any. */
  failures: string[];
}

export interface DemoFlows {
  /** Every run so far, newest last. */
  readonly runs: FlowRunNote[];
  /** How each flow is started, for the banner. */
  readonly plan: { flow: string; how: string }[];
  /** Resolves when no run is under way or queued (for tests and a clean stop). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const FREQUENCY_MS: Record<string, number> = {
  Second: 1_000,
  Minute: 60_000,
  Hour: 3_600_000,
  Day: 86_400_000,
  Week: 7 * 86_400_000,
};

/** What a person calls the changed row: an invoice's number, a connection's name, else its id. */
function rowLabel(event: {
  id: string;
  image?: Record<string, unknown>;
  preImage?: Record<string, unknown>;
}): string {
  const row = event.image ?? event.preImage ?? {};
  const label = row.invoicenumber ?? row.dxc_name ?? row.name;
  return typeof label === 'string' && label ? label : event.id;
}

function failures(run: RunResult): string[] {
  const found: string[] = [];
  const visit = (records: RunResult['actions'] | undefined) => {
    for (const r of records ?? []) {
      if (r.status === 'Failed' && !r.actions && !r.repetitions)
        found.push(`${r.name}: ${r.error?.message ?? r.error?.code ?? 'failed'}`);
      visit(r.actions);
      for (const rep of r.repetitions ?? []) visit(rep.actions);
    }
  };
  visit(run.actions);
  return found;
}

/**
 * One recurrence flow: one run at a time (the shipped flows say `concurrency: 1`); a request while a run is under
 * way queues exactly one more run, so a burst of edits is one catch-up, not many.
 */
class RecurringFlow {
  private running: Promise<void> | undefined;
  private queued: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly flow: LoadedFlow,
    private readonly intervalMs: number,
    private readonly run: (reason: string) => Promise<void>,
  ) {}

  start(): void {
    this.request('start of the demo');
    this.timer = setInterval(() => this.request('schedule'), this.intervalMs);
  }

  request(reason: string): void {
    if (this.running) {
      this.queued ??= reason;
      return;
    }
    this.running = (async () => {
      let next: string | undefined = reason;
      while (next !== undefined) {
        this.queued = undefined;
        await this.run(next);
        next = this.queued;
      }
    })().finally(() => {
      this.running = undefined;
    });
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

export interface DemoFlowsOptions {
  dataverse: DataverseEmulator;
  config: SandboxRunConfiguration;
  /** Called with each finished run (the CLI prints a line). */
  onRun?: (note: FlowRunNote) => void;
  flows?: LoadedFlow[];
}

export async function startDemoFlows(options: DemoFlowsOptions): Promise<DemoFlows> {
  const { dataverse, config } = options;
  const connector = sandboxConnector(config);
  const base: RunOptions = {
    connector,
    environmentVariables: config.environmentVariables,
    clock: realClock,
  };
  const runs: FlowRunNote[] = [];
  const plan: { flow: string; how: string }[] = [];
  const note = (flow: LoadedFlow, reason: string, run: RunResult) => {
    if (run.status === 'NotTriggered') return;
    const entry: FlowRunNote = {
      flow: flow.name,
      status: run.status,
      startedAt: run.startTime,
      reason,
      failures: failures(run),
    };
    runs.push(entry);
    options.onRun?.(entry);
  };

  const recurring: RecurringFlow[] = [];
  const stops: (() => Promise<void>)[] = [];
  /** Runs started by triggers (Dataverse changes, proxy callbacks) settle through these. */
  const triggered: { settled(): Promise<unknown> }[] = [];
  const pending = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work)).catch(() => undefined);
    return work;
  };

  try {
    for (const flow of options.flows ?? shippedFlows()) {
      const trigger = describeTrigger(flow, base);
      if (trigger.type === 'Recurrence' && trigger.recurrence) {
        const { frequency, interval = 1 } = trigger.recurrence;
        const every = FREQUENCY_MS[frequency];
        if (!every)
          throw new Error(`${flow.name}: recurrence frequency '${frequency}' is not supported here`);
        const schedule = new RecurringFlow(flow, every * interval, async (reason) => {
          try {
            note(flow, reason, await track(runFlow(flow, base)));
          } catch (error) {
            // A run the runner could not even start (e.g. a definition it refuses): shown like a failed run.
            const entry: FlowRunNote = {
              flow: flow.name,
              status: 'Failed',
              startedAt: new Date().toISOString(),
              reason,
              failures: [(error as Error).message],
            };
            runs.push(entry);
            options.onRun?.(entry);
          }
        });
        recurring.push(schedule);
        plan.push({ flow: flow.name, how: `every ${interval} ${frequency.toLowerCase()}(s)` });
      } else if (trigger.operationId === 'SubscribeWebhookTrigger') {
        const watch = runFlowOnDataverseChanges(flow, {
          ...base,
          changes: dataverse.changes,
          onRun: (run, event) => note(flow, `${event.message} of ${event.table} ${rowLabel(event)}`, run),
        });
        triggered.push(watch);
        stops.push(() => watch.stop());
        plan.push({ flow: flow.name, how: 'on each matching change in Dataverse' });
      } else {
        const trigger = await startProxyWebhookTrigger(flow, {
          ...base,
          config,
          onRun: (run) => note(flow, 'callback from the proxy', run),
        });
        triggered.push(trigger);
        stops.push(async () => void (await trigger.stop()));
        plan.push({ flow: flow.name, how: `on the proxy's callbacks (subscribed at ${trigger.location})` });
      }
    }
  } catch (error) {
    for (const stop of stops) await stop();
    throw error;
  }

  // Run now on change: an invoice becoming ready (connection set, delivered, or a retry setting export status back
  // to No) asks for the sync run the schedule would make anyway. The flow's own write-back sets export status Yes
  // or Failed, which the filter leaves out, so it does not start itself again.
  const sync = recurring.find((r) => r.flow.name.startsWith(`${SYNC_FLOW}-`));
  if (sync) {
    const exportNo = choiceValue('dxc_exportstatus', 'No');
    const unsubscribe = dataverse.changes.subscribe(
      {
        entityName: 'invoice',
        message: 4,
        scope: 4,
        filteringAttributes: 'dxc_connectionid,datedelivered,dxc_exportstatus',
        filterExpression: `statecode eq 0 and dxc_exportstatus eq ${exportNo} and _dxc_connectionid_value ne null`,
      },
      (event) => sync.request(`invoice ${String(event.image?.invoicenumber ?? event.id)} became ready`),
    );
    stops.push(async () => unsubscribe());
    plan.find((p) => p.flow === sync.flow.name)!.how += ', and at once when an invoice becomes ready';
  }
  for (const r of recurring) r.start();

  const idle = async () => {
    for (;;) {
      await Promise.all(recurring.map((r) => r.idle()));
      await Promise.allSettled(triggered.map((t) => t.settled()));
      if (pending.size === 0 && recurring.every((r) => !r.busy)) return;
      await Promise.allSettled([...pending]);
    }
  };
  return {
    runs,
    plan,
    idle,
    async stop() {
      for (const r of recurring) r.stop();
      for (const stop of stops) await stop();
      await idle();
    },
  };
}
