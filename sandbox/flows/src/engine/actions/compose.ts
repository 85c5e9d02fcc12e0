import { handle, type ActionHandler } from './action-handler';

/** Compose (ACTREF): its output is its evaluated inputs. */
export const composeActions: ActionHandler[] = [
  handle('Compose', (run, { name, action, frame, record }) => {
    const value = run.evaluate(action.inputs, frame, name);
    record.inputs = value;
    record.outputs = value;
  }),
];
