import type { ChangeEvent, ChangeListener, ChangeSubscription } from '@dxc/dataverse-emulator';
import type { LoadedFlow } from '../engine/definition';
import type { RunResult } from '../engine/run-history';
import { FlowConfigurationError, runFlow, type RunOptions } from '../engine/runner';
import { describeTrigger } from '../engine/triggers';
import { DATAVERSE_API_NAME } from '../connectors/dataverse-connector';
import { TriggerRunGate, triggerRunLimit } from './trigger-run-gate';

/**
 * "When a row is added, modified or deleted" (SubscribeWebhookTrigger of shared_commondataserviceforapps) driven by
 * a change feed such as the Dataverse emulator's: the trigger's `subscriptionRequest/*` parameters become one
 * subscription, and every matching change starts a run whose trigger body is the row as the connector delivers it
 * (flow-runner.md §4.2): all columns with annotations plus `SdkMessage` and `RunAsSystemUserId`; for a delete only
 * the row id. Trigger conditions are evaluated by the run as usual (a run that does not meet them is NotTriggered).
 */
export interface ChangeSource {
  subscribe(spec: ChangeSubscription, listener: ChangeListener): () => void;
}

export interface DataverseTriggerWatch {
  /** Runs started so far, in the order their changes were published. */
  readonly runs: RunResult[];
  /** The subscription the trigger made. */
  readonly subscription: ChangeSubscription;
  /** Resolves when every run started so far has finished (rejects with a run's unexpected error). */
  settled(): Promise<RunResult[]>;
  /** Stops listening; runs under way finish. */
  stop(): Promise<void>;
}

export interface DataverseTriggerOptions extends RunOptions {
  changes: ChangeSource;
  /** Called with each finished run (e.g. to print its history). */
  onRun?: (run: RunResult, event: ChangeEvent) => void;
}

const SUBSCRIBE_OPERATION = 'SubscribeWebhookTrigger';

function integer(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n))
    throw new FlowConfigurationError(
      `The trigger parameter '${name}' must be an integer, got '${String(value)}'.`,
    );
  return n;
}

/** The change-feed subscription the flow's Dataverse trigger asks for. */
export function dataverseSubscription(flow: LoadedFlow, options: RunOptions = {}): ChangeSubscription {
  const trigger = describeTrigger(flow, options);
  if (
    trigger.operationId !== SUBSCRIBE_OPERATION ||
    (trigger.apiName && trigger.apiName !== DATAVERSE_API_NAME)
  ) {
    throw new FlowConfigurationError(
      `The flow '${flow.name}' does not start with the Dataverse trigger "When a row is added, modified or deleted" (its trigger is '${trigger.name}', ${trigger.type}${trigger.operationId ? ` ${trigger.operationId}` : ''}).`,
    );
  }
  const p = trigger.parameters ?? {};
  const entityName = p['subscriptionRequest/entityname'];
  if (typeof entityName !== 'string' || !entityName) {
    throw new FlowConfigurationError(
      `The trigger of '${flow.name}' has no 'subscriptionRequest/entityname'.`,
    );
  }
  const message = integer(p['subscriptionRequest/message'], 'subscriptionRequest/message');
  if (message === undefined) {
    throw new FlowConfigurationError(`The trigger of '${flow.name}' has no 'subscriptionRequest/message'.`);
  }
  const spec: ChangeSubscription = { entityName, message };
  const scope = integer(p['subscriptionRequest/scope'], 'subscriptionRequest/scope');
  if (scope !== undefined) spec.scope = scope;
  const filtering = p['subscriptionRequest/filteringattributes'];
  if (typeof filtering === 'string' && filtering.trim()) spec.filteringAttributes = filtering;
  const filter = p['subscriptionRequest/filterexpression'];
  if (typeof filter === 'string' && filter.trim()) spec.filterExpression = filter;
  return spec;
}

/** The trigger body the connector delivers for a change (flow-runner.md §4.2). */
export function dataverseTriggerBody(event: ChangeEvent): Record<string, unknown> {
  const common = { SdkMessage: event.message, RunAsSystemUserId: event.userId };
  if (event.message === 'Delete') {
    const idColumn = `${event.table}id`;
    const pre = event.preImage ?? {};
    const key = idColumn in pre ? idColumn : (Object.keys(pre).find((k) => pre[k] === event.id) ?? idColumn);
    return { [key]: event.id, ...common };
  }
  return { ...event.image, ...common };
}

/** Subscribes the flow's Dataverse trigger to the change source and runs the flow once per matching change. */
export function runFlowOnDataverseChanges(
  flow: LoadedFlow,
  options: DataverseTriggerOptions,
): DataverseTriggerWatch {
  const { changes, onRun, ...runOptions } = options;
  const subscription = dataverseSubscription(flow, runOptions);
  const runs: RunResult[] = [];
  const pending = new Set<Promise<void>>();
  const failures: unknown[] = [];
  let sequence = 0;
  const gate = new TriggerRunGate(triggerRunLimit(flow));
  const unsubscribe = changes.subscribe(subscription, (event) => {
    const index = sequence++;
    const body = dataverseTriggerBody(event);
    const work = gate
      .run(() =>
        runFlow(flow, {
          ...runOptions,
          seed: (runOptions.seed ?? 1) + index,
          trigger: { body },
        }),
      )
      .then(
        (run) => {
          runs[index] = run;
          onRun?.(run, event);
        },
        (e: unknown) => {
          failures.push(e);
        },
      );
    pending.add(work);
    void work.finally(() => pending.delete(work));
    // The change feed must not wait for the run (a flow that writes the same table would deadlock it).
  });
  return {
    runs,
    subscription,
    async settled() {
      // Listeners are called in a microtask after the write; let any that are due start their run first.
      await new Promise((resolve) => setImmediate(resolve));
      while (pending.size) await Promise.all([...pending]);
      if (failures.length) throw failures[0];
      return runs.filter((r) => r !== undefined);
    },
    async stop() {
      unsubscribe();
      await Promise.allSettled([...pending]);
    },
  };
}
