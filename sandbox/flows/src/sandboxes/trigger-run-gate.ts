/**
 * How many runs of one flow may be in progress at once when its trigger fires repeatedly (a webhook, a Dataverse
 * change). Power Automate runs them side by side unless the trigger's concurrency control is on
 * (`runtimeConfiguration.concurrency.runs`, 1–100); then the extra runs wait, in arrival order, for a slot
 * (flow-runner.md; the flows of this solution set it to 1 so two changes of one invoice never race).
 */
import type { LoadedFlow } from '../engine/definition';

/** The trigger's concurrency limit, or undefined when runs are not limited. */
export function triggerRunLimit(flow: LoadedFlow): number | undefined {
  const trigger = Object.values(flow.definition.triggers ?? {})[0];
  const runs = (trigger?.runtimeConfiguration?.concurrency as { runs?: unknown } | undefined)?.runs;
  return typeof runs === 'number' && Number.isInteger(runs) && runs >= 1 ? runs : undefined;
}

export class TriggerRunGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number | undefined) {}

  /** Starts `run` when a slot is free (at once without a limit); resolves or rejects with it. */
  async run<T>(run: () => Promise<T>): Promise<T> {
    // A finishing run hands its slot straight to the first waiter, so a later arrival cannot slip in between.
    if (this.limit !== undefined && this.active >= this.limit)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await run();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
