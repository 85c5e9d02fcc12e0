import type { ActionDefinition } from '../definition';
import type { FlowRun } from '../flow-run';
import type { Frame } from '../frame';
import type { ActionRecord } from '../run-history';

/** One action being run: its name and definition, the frame it runs in and the history record it fills in. */
export interface ActionStep {
  name: string;
  action: ActionDefinition;
  frame: Frame;
  record: ActionRecord;
}

export interface ActionHandler {
  /** The action `type` as the definition spells it (matched exactly, as Power Automate does). */
  type: string;
  /** Fills in the record, or throws an ActionFailure (the action fails) or a RunAbort (the run stops). */
  run: (flowRun: FlowRun, step: ActionStep) => void | Promise<void>;
}

export function handle(type: string, run: ActionHandler['run']): ActionHandler {
  return { type, run };
}
