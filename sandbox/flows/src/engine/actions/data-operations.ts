import { stringify, typeName, type WdlObject, type WdlValue } from '../../expressions/values';
import { asObject } from '../as-object';
import type { FlowRun } from '../flow-run';
import { Frame, type LoopInfo } from '../frame';
import { invalidTemplate } from '../run-errors';
import { handle, type ActionHandler, type ActionStep } from './action-handler';
import { tableText } from './table';

/** What a data operation works on: its `from` array, its raw inputs, and the frame item() reads for an item. */
export interface DataOperationInput {
  from: WdlValue[];
  inputs: Record<string, unknown>;
  perItem: (index: number, item: WdlValue) => Frame;
}

/** A data operation (ACTREF Select, Filter array, Join, Create table): its body is made from the `from` array. */
function dataOperation(
  type: LoopInfo['kind'] | 'Join',
  body: (run: FlowRun, step: ActionStep, input: DataOperationInput) => { body: WdlValue; inputs?: WdlObject },
): ActionHandler {
  return handle(type, (run, step) => {
    const { name, action, frame, record } = step;
    const inputs = asObject(action.inputs);
    const from = run.evaluate(inputs.from, frame, name);
    if (!Array.isArray(from)) {
      throw invalidTemplate(
        `The 'from' property value in the '${type.toLowerCase()}' action inputs is of type '${typeName(from)}'. The value must be an array.`,
      );
    }
    const perItem = (index: number, item: WdlValue) =>
      new Frame(frame, { name, kind: type as LoopInfo['kind'], item, index });
    const result = body(run, step, { from, inputs, perItem });
    record.inputs = { from, ...result.inputs };
    record.outputs = { body: result.body };
  });
}

export const dataOperationActions: ActionHandler[] = [
  dataOperation('Select', (run, { name }, { from, inputs, perItem }) => ({
    body: from.map((item, i) => run.evaluate(inputs.select, perItem(i, item), name)),
  })),
  dataOperation('Query', (run, { name }, { from, inputs, perItem }) => ({
    body: from.filter((item, i) => {
      const keep = run.evaluate(inputs.where, perItem(i, item), name);
      if (typeof keep !== 'boolean') {
        throw invalidTemplate(
          `The 'where' expression of action '${name}' must evaluate to a boolean, not '${typeName(keep)}'.`,
        );
      }
      return keep;
    }),
  })),
  dataOperation('Join', (run, { name, frame }, { from, inputs }) => {
    const joinWith = run.evaluate(inputs.joinWith, frame, name);
    if (typeof joinWith !== 'string') throw invalidTemplate(`Action '${name}': joinWith must be a string.`);
    return { body: from.map((v) => stringify(v)).join(joinWith), inputs: { joinWith } };
  }),
  dataOperation('Table', (run, step, input) => ({ body: tableText(run, step, input) })),
];
