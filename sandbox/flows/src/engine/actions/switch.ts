import { wdlEquals } from '../../expressions/functions/logical';
import { isInteger, typeName } from '../../expressions/values';
import type { ActionStatus, ActionRecord } from '../run-history';
import { invalidTemplate } from '../run-errors';
import { handle, type ActionHandler } from './action-handler';

/** Switch (ACTREF): runs the first case equal to the expression, else `default`; the others are BranchNotTaken. */
export const switchActions: ActionHandler[] = [
  handle('Switch', async (run, { name, action, frame, record }) => {
    const value = run.evaluate(action.expression, frame, name, 'expression');
    if (typeof value !== 'string' && !isInteger(value)) {
      throw invalidTemplate(
        `The execution of template action '${name}' failed: the result of the evaluation of 'expression' is of type '${typeName(value)}'; a Switch needs a String or Integer.`,
      );
    }
    const cases = Object.entries(action.cases ?? {});
    const chosen = cases.find(([, c]) => wdlEquals(run.evaluate(c.case, frame, name, 'expression'), value));
    record.inputs = { expressionResult: value };
    record.branch = chosen ? chosen[0] : 'default';
    const all: ActionRecord[] = [];
    let status: ActionStatus = 'Succeeded';
    const branches = [
      ...cases.map(([caseName, c]) => ({ caseName, actions: c.actions })),
      {
        caseName: undefined,
        actions: action.default?.actions,
      },
    ];
    for (const branch of branches) {
      if (branch.caseName === chosen?.[0]) {
        const r = await run.runContainer(branch.actions ?? {}, frame);
        all.push(...r.records);
        status = r.status;
      } else {
        all.push(...run.skipBranch(branch.actions));
      }
    }
    run.finishContainer(record, all, status);
  }),
];
