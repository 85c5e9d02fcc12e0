import type { ActionRecord, ActionStatus } from './run-history';

/** The run configuration lacks something the flow needs (a parameter value, a trigger body, a connection). */
export class FlowConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowConfigurationError';
  }
}

/** An action failure with a Power Automate error code (as opposed to a bug in the runner). */
export class ActionFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: ActionStatus = 'Failed',
    readonly extra: Partial<ActionRecord> = {},
  ) {
    super(message);
  }
}

/** The failure Power Automate reports for inputs an action cannot use. */
export function invalidTemplate(message: string): ActionFailure {
  return new ActionFailure('InvalidTemplate', message);
}

/** Stops the whole run: a construct the runner lacks, named with the action that used it. */
export class RunAbort extends Error {
  constructor(
    readonly construct: string,
    readonly action: string,
    message: string,
  ) {
    super(message);
  }
}

/** Stops the run on a construct the runner lacks, with the message "The flow runner does not implement the …". */
export function notImplementedIn(action: string, construct: string): RunAbort {
  return new RunAbort(construct, action, `The flow runner does not implement the ${construct}.`);
}
