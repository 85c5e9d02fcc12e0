import { evaluateValue, type WorkflowState } from '../expressions/evaluator';
import { ExpressionError } from '../expressions/errors';
import { toPlainJson, type WdlValue } from '../expressions/values';
import type { VirtualClock } from './clock';
import type { LoadedFlow, RecurrenceDefinition } from './definition';
import { nextOccurrences, RecurrenceError } from './recurrence';
import type { RunResult } from './run-history';
import { FlowConfigurationError, resolveFlowParameters, runFlow, type RunOptions } from './runner';

/**
 * What starts a flow, for whoever feeds it: a Dataverse emulator subscribes with the connector trigger's parameters
 * (`subscriptionRequest/entityname`, `/message`, `/filteringattributes`, `/filterexpression`, …), a scheduler uses the
 * recurrence, and a caller of a manual flow reads the input schema.
 */
export interface TriggerDescription {
  name: string;
  type: string;
  kind?: string;
  operationId?: string;
  connectionName?: string;
  apiName?: string;
  apiLogicalName?: string;
  connectionReferenceLogicalName?: string;
  /** Connector trigger parameters, evaluated (they may use parameters()), with their flattened keys. */
  parameters?: Record<string, unknown>;
  recurrence?: RecurrenceDefinition;
  /** Request trigger input schema. */
  schema?: unknown;
  /** Trigger condition expressions, unevaluated (they read the trigger outputs). */
  conditions: string[];
}

export function describeTrigger(flow: LoadedFlow, options: RunOptions = {}): TriggerDescription {
  const entries = Object.entries(flow.definition.triggers ?? {});
  if (entries.length === 0) throw new FlowConfigurationError(`The flow '${flow.name}' has no trigger.`);
  const [name, trigger] = entries[0]!;
  const inputs = (trigger.inputs ?? {}) as Record<string, unknown>;
  const host = (inputs.host ?? {}) as Record<string, unknown>;
  const description: TriggerDescription = {
    name,
    type: trigger.type,
    kind: trigger.kind,
    conditions: (trigger.conditions ?? []).map((c) => String(c.expression)),
  };
  if (trigger.type === 'Recurrence') description.recurrence = trigger.recurrence;
  if (trigger.type === 'Request') description.schema = inputs.schema;
  if (typeof host.operationId === 'string') {
    const connectionName = String(host.connectionName ?? '');
    const reference = flow.connectionReferences[connectionName];
    const parameters = resolveFlowParameters(flow, options);
    const unavailable = (what: string) => () => {
      throw new ExpressionError(`Trigger parameters cannot use ${what}.`);
    };
    const state: WorkflowState = {
      parameter: (n) => {
        if (!parameters.has(n)) throw new ExpressionError(`The workflow parameter '${n}' is not found.`);
        return parameters.get(n)!;
      },
      variable: unavailable('variables()'),
      trigger: unavailable('trigger()'),
      action: unavailable('actions()'),
      currentAction: unavailable('action()'),
      result: unavailable('result()'),
      item: unavailable('item()'),
      items: unavailable('items()'),
      iterationIndexes: unavailable('iterationIndexes()'),
      workflow: unavailable('workflow()'),
      listCallbackUrl: () => 'http://127.0.0.1/offline-callback',
    };
    const value: WdlValue = evaluateValue(inputs.parameters ?? {}, {
      state,
      now: () => options.clock?.now() ?? new Date(),
      random: Math.random,
      newGuid: () => '00000000-0000-4000-8000-000000000000',
    });
    Object.assign(description, {
      operationId: host.operationId,
      connectionName,
      apiName:
        reference?.api?.name ?? (typeof host.apiId === 'string' ? host.apiId.split('/').pop() : undefined),
      apiLogicalName: reference?.api?.logicalName,
      connectionReferenceLogicalName: reference?.connection?.connectionReferenceLogicalName,
      parameters: toPlainJson(value) as Record<string, unknown>,
    });
  }
  return description;
}

/**
 * When a Recurrence flow turned on at the clock's time first fires: at that time when it is on the schedule,
 * otherwise at the next scheduled time (a Monday-to-Friday flow turned on on a Saturday first runs on Monday).
 */
export function firstOccurrence(recurrence: RecurrenceDefinition, clock: { now(): Date }): Date {
  const now = clock.now();
  const [first] = nextOccurrences(recurrence, { after: new Date(now.getTime() - 1), anchor: now, count: 1 });
  if (!first) throw new RecurrenceError('The recurrence has no occurrence after the clock.');
  return first;
}

/**
 * Runs a Recurrence-triggered flow at every occurrence from the clock's current time up to `until`, moving the
 * virtual clock to each scheduled time (nothing waits in real time).
 */
export async function runRecurrence(
  flow: LoadedFlow,
  options: RunOptions & { clock: VirtualClock; until: Date; anchor?: Date; maxRuns?: number },
): Promise<RunResult[]> {
  const trigger = describeTrigger(flow, options);
  if (!trigger.recurrence)
    throw new FlowConfigurationError(`The flow '${flow.name}' is not triggered by a Recurrence.`);
  const from = new Date(options.clock.now().getTime() - 1);
  const times = nextOccurrences(trigger.recurrence, {
    after: from,
    anchor: options.anchor ?? options.clock.now(),
    count: options.maxRuns ?? 1000,
  }).filter((t) => t.getTime() <= options.until.getTime());
  const runs: RunResult[] = [];
  for (const [i, time] of times.entries()) {
    options.clock.set(time);
    runs.push(
      await runFlow(flow, {
        ...options,
        seed: (options.seed ?? 1) + i,
        trigger: { scheduledTime: time.toISOString() },
      }),
    );
  }
  return runs;
}
