import { evaluateTemplateString } from '../expressions/evaluator';
import { ExpressionError, NotImplementedError } from '../expressions/errors';
import { fromJson, type WdlValue } from '../expressions/values';
import type { TriggerDefinition } from './definition';
import type { FlowRun } from './flow-run';
import { Frame } from './frame';
import { FlowConfigurationError, RunAbort } from './run-errors';
import type { TriggerInput } from './run-options';

/** The trigger's outputs for this run: given in full, or made from the body/headers the run configuration gives. */
function triggerOutputsFor(
  name: string,
  trigger: TriggerDefinition,
  input: TriggerInput | undefined,
): WdlValue {
  if (input?.outputs !== undefined) return fromJson(input.outputs);
  switch (trigger.type) {
    case 'Request':
      return fromJson({
        headers: input?.headers ?? {},
        body: input?.body ?? {},
        ...(input?.queries ? { queries: input.queries } : {}),
      });
    case 'Recurrence':
      return fromJson({ headers: {}, body: null });
    case 'OpenApiConnectionWebhook':
    case 'OpenApiConnection':
    case 'OpenApiConnectionNotification':
      if (input?.body === undefined) {
        throw new FlowConfigurationError(
          `The flow starts with the connector trigger '${name}' (${trigger.type}); give the trigger's body (for a Dataverse trigger, the row) in the run configuration.`,
        );
      }
      return fromJson({ headers: input.headers ?? {}, body: input.body });
    default:
      throw new NotImplementedError(`trigger type '${trigger.type}'`);
  }
}

/** A trigger condition; one that cannot be evaluated is not met. */
function conditionMet(run: FlowRun, name: string, expression: unknown): boolean {
  try {
    return evaluateTemplateString(String(expression), run.context(new Frame(), { name })) === true;
  } catch (e) {
    if (e instanceof NotImplementedError) throw new RunAbort(e.construct, name, e.message);
    if (e instanceof ExpressionError) return false;
    throw e;
  }
}

/**
 * Fires the trigger: sets the run's trigger() object and returns the trigger's outputs, and whether its conditions
 * are met (when not, the run is NotTriggered). A construct the runner lacks throws RunAbort.
 */
export function fireTrigger(
  run: FlowRun,
  name: string,
  trigger: TriggerDefinition,
  startTime: string,
): { outputs: WdlValue; conditionsMet: boolean } {
  if (trigger.splitOn) {
    throw new RunAbort(`trigger splitOn`, name, 'The flow runner does not implement splitOn triggers.');
  }
  let outputs: WdlValue;
  try {
    outputs = triggerOutputsFor(name, trigger, run.options.trigger);
  } catch (e) {
    if (e instanceof NotImplementedError) throw new RunAbort(e.construct, name, e.message);
    throw e;
  }
  const scheduled = run.options.trigger?.scheduledTime ?? startTime;
  run.triggerObject = {
    name,
    inputs: fromJson(trigger.inputs ?? null),
    outputs,
    startTime: scheduled,
    endTime: scheduled,
    scheduledTime: scheduled,
    trackingId: run.trackingId(),
    clientTrackingId: run.runId,
    code: 'OK',
    status: 'Succeeded',
  };
  const conditionsMet = (trigger.conditions ?? []).every((c) => conditionMet(run, name, c.expression));
  return { outputs, conditionsMet };
}
