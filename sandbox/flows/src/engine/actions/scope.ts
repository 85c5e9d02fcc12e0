import { handle, type ActionHandler } from './action-handler';

/** Scope (ACTREF): runs its actions as one container. */
export const scopeActions: ActionHandler[] = [
  handle('Scope', async (run, { action, frame, record }) => {
    const { records, status } = await run.runContainer(action.actions ?? {}, frame);
    run.finishContainer(record, records, status);
  }),
];
