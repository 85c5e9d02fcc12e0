import { startStopwatch } from './clock';
import { failedMessage } from './action-status';
import { FlowLoadError, validateStructure, type LoadedFlow, type TriggerDefinition } from './definition';
import { resolveFlowParameters } from './flow-parameters';
import { FlowRun } from './flow-run';
import { Frame } from './frame';
import { FlowConfigurationError, RunAbort } from './run-errors';
import type { ActionRecord, RunResult } from './run-history';
import type { RunOptions } from './run-options';
import { validateAgainstSchema } from './schema-validation';
import { fireTrigger } from './trigger-firing';

export { containerStatus, statusCodeName } from './action-status';
export { resolveFlowParameters } from './flow-parameters';
export { FlowConfigurationError } from './run-errors';
export type { RunOptions, TriggerInput } from './run-options';

export interface LoadCheck {
  schemaIssues: string[];
  structureIssues: string[];
}

/** Schema and structure checks Power Automate makes on save; empty lists mean the flow loads. */
const checked = new WeakMap<LoadedFlow, { key: string; result: LoadCheck }>();

export function checkFlow(
  flow: LoadedFlow,
  options: Pick<RunOptions, 'validateSchema' | 'schemaPath'> = {},
): LoadCheck {
  // A loaded flow is not changed once loaded, so a child flow called in a loop is validated once.
  const key = `${options.validateSchema !== false}|${options.schemaPath ?? ''}`;
  const cachedCheck = checked.get(flow);
  if (cachedCheck?.key === key) return cachedCheck.result;
  const result: LoadCheck = {
    schemaIssues:
      options.validateSchema === false ? [] : validateAgainstSchema(flow.definition, options.schemaPath),
    structureIssues: validateStructure(flow.definition),
  };
  checked.set(flow, { key, result });
  return result;
}

/** The trigger that starts the flow: the first (a cloud flow has one). */
function firstTrigger(flow: LoadedFlow): [string, TriggerDefinition] {
  const triggers = Object.entries(flow.definition.triggers ?? {});
  if (triggers.length === 0) throw new FlowConfigurationError(`The flow '${flow.name}' has no trigger.`);
  return triggers[0]!;
}

function newRunResult(
  run: FlowRun,
  [name, trigger]: [string, TriggerDefinition],
  startTime: string,
): RunResult {
  return {
    flowName: run.flow.name,
    runId: run.runId,
    status: 'Succeeded',
    startTime,
    endTime: startTime,
    durationMs: 0,
    trigger: { name, type: trigger.type, kind: trigger.kind, status: 'Succeeded', conditionsMet: true },
    actions: [],
    requests: 1,
    variables: {},
  };
}

/** Runs the top-level actions; the run's status is theirs unless an action terminated it. */
async function runActions(run: FlowRun, root: Frame, result: RunResult): Promise<void> {
  const { records, status } = await run.runContainer(run.flow.definition.actions ?? {}, root);
  result.actions = records;
  result.requests = 1 + records.reduce((n, r) => n + r.requests, 0);
  if (run.terminated) {
    result.status = run.terminated.status;
    if (run.terminated.error) result.error = run.terminated.error;
  } else {
    result.status = status === 'Succeeded' ? 'Succeeded' : 'Failed';
    if (result.status === 'Failed') result.error = { code: 'ActionFailed', message: failedMessage };
  }
}

/** A construct the runner lacks stopped the run: it fails, naming the construct and the action that used it. */
function recordAbort(run: FlowRun, root: Frame, result: RunResult, abort: RunAbort): void {
  result.status = 'Failed';
  result.notImplemented = { construct: abort.construct, action: abort.action };
  result.error = { code: 'NotImplementedInRunner', message: abort.message };
  // Keep the history of the top-level actions that finished before the stop.
  result.actions = Object.keys(run.flow.definition.actions ?? {})
    .map((n) => root.records.get(n))
    .filter((r): r is ActionRecord => r !== undefined);
  result.requests = 1 + result.actions.reduce((n, r) => n + r.requests, 0);
}

/** Runs a flow once, offline, and returns its run history. */
export async function runFlow(flow: LoadedFlow, options: RunOptions = {}): Promise<RunResult> {
  const check = checkFlow(flow, options);
  if (check.schemaIssues.length || check.structureIssues.length) {
    throw new FlowLoadError(`The flow '${flow.name}' does not validate:`, [
      ...check.schemaIssues,
      ...check.structureIssues,
    ]);
  }
  const run = new FlowRun(flow, options, runFlow);
  const elapsed = startStopwatch(run.clock);
  for (const [k, v] of resolveFlowParameters(flow, options)) run.parameters.set(k, v);
  const startTime = run.nowIso();
  const [triggerName, trigger] = firstTrigger(flow);
  const result = newRunResult(run, [triggerName, trigger], startTime);
  const root = new Frame();
  try {
    const { outputs, conditionsMet } = fireTrigger(run, triggerName, trigger, startTime);
    result.trigger.outputs = outputs;
    if (!conditionsMet) {
      result.status = 'NotTriggered';
      result.trigger.status = 'Skipped';
      result.trigger.conditionsMet = false;
      result.endTime = run.nowIso();
      result.durationMs = elapsed();
      return result;
    }
    await runActions(run, root, result);
  } catch (e) {
    if (!(e instanceof RunAbort)) throw e;
    recordAbort(run, root, result, e);
  }
  result.response = run.response;
  result.endTime = run.nowIso();
  result.durationMs = elapsed();
  result.variables = Object.fromEntries([...run.variables].map(([k, v]) => [k, v.value]));
  return result;
}
