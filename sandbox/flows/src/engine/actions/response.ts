import type { WdlValue } from '../../expressions/values';
import { asObject } from '../as-object';
import { ActionFailure, invalidTemplate } from '../run-errors';
import { handle, type ActionHandler } from './action-handler';

/** Response (ACTREF): the run's one answer to its caller (status code, headers, body). */
export const responseActions: ActionHandler[] = [
  handle('Response', (run, { name, action, frame, record }) => {
    const inputs = asObject(run.evaluate(action.inputs, frame, name));
    const statusCode = inputs.statusCode === undefined ? 200 : Number(inputs.statusCode);
    if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
      throw invalidTemplate(
        `Action '${name}': statusCode '${String(inputs.statusCode)}' is not an HTTP status code.`,
      );
    }
    if (run.response) {
      throw new ActionFailure(
        'ActionResponseAlreadySent',
        `Action '${name}': a response was already sent by another Response action.`,
      );
    }
    run.response = {
      statusCode,
      headers: (inputs.headers ?? undefined) as WdlValue | undefined,
      body: (inputs.body ?? undefined) as WdlValue | undefined,
    };
    record.inputs = inputs as WdlValue;
    record.outputs = {
      statusCode,
      headers: (inputs.headers ?? {}) as WdlValue,
      body: (inputs.body ?? null) as WdlValue,
    };
  }),
];
