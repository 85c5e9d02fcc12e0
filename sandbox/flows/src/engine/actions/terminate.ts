import { stringify, type WdlValue } from '../../expressions/values';
import { asObject } from '../as-object';
import { invalidTemplate } from '../run-errors';
import type { RunError, RunStatus } from '../run-history';
import { handle, type ActionHandler } from './action-handler';

const runStatuses: RunStatus[] = ['Succeeded', 'Failed', 'Cancelled'];

/** Terminate (ACTREF): ends the run with a status (and, for Failed, an error); nothing after it starts. */
export const terminateActions: ActionHandler[] = [
  handle('Terminate', (run, { name, action, frame, record }) => {
    const inputs = asObject(run.evaluate(action.inputs, frame, name));
    const status = String(inputs.runStatus ?? '');
    const runStatus = runStatuses.find((s) => s.toLowerCase() === status.toLowerCase());
    if (!runStatus) {
      throw invalidTemplate(
        `Action '${name}': runStatus must be Succeeded, Failed or Cancelled, not '${status}'.`,
      );
    }
    record.inputs = inputs as WdlValue;
    let error: RunError | undefined;
    if (runStatus === 'Failed') {
      const runError = asObject(inputs.runError);
      const text = (v: unknown) => (v === undefined || v === null ? 'Terminated' : stringify(v as WdlValue));
      error = { code: text(runError.code), message: text(runError.message) };
    }
    run.terminated = { status: runStatus, error, by: name };
  }),
];
