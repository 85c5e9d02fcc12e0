import { lookupFunction } from '../../expressions/functions';
import type { WdlValue } from '../../expressions/values';
import { asObject } from '../as-object';
import { notImplementedIn } from '../run-errors';
import { handle, type ActionHandler } from './action-handler';

/** The function each Date Time action kind calls, and its arguments from the action's inputs. */
type Arguments = (input: (key: string) => WdlValue, interval: () => WdlValue) => WdlValue[];

const kinds = new Map<string, { fn: string; args: Arguments }>([
  ['currenttime', { fn: 'utcNow', args: () => [] }],
  ['getfuturetime', { fn: 'getFutureTime', args: (v, interval) => [interval(), v('timeUnit')] }],
  ['getpasttime', { fn: 'getPastTime', args: (v, interval) => [interval(), v('timeUnit')] }],
  ['addtotime', { fn: 'addToTime', args: (v, interval) => [v('baseTime'), interval(), v('timeUnit')] }],
  [
    'subtractfromtime',
    { fn: 'subtractFromTime', args: (v, interval) => [v('baseTime'), interval(), v('timeUnit')] },
  ],
  [
    'converttimezone',
    { fn: 'convertTimeZone', args: (v) => [v('baseTime'), v('sourceTimeZone'), v('destinationTimeZone')] },
  ],
]);

/** The Date Time actions (type Expression; kind CurrentTime, AddToTime, ConvertTimeZone, …) as function calls. */
export const dateExpressionActions: ActionHandler[] = [
  handle('Expression', (run, { name, action, frame, record }) => {
    const inputs = asObject(run.evaluate(action.inputs ?? {}, frame, name));
    record.inputs = inputs as WdlValue;
    const kind = kinds.get((action.kind ?? '').toLowerCase());
    if (!kind) throw notImplementedIn(name, `Expression action kind '${action.kind}'`);
    const v = (k: string) => (inputs[k] ?? null) as WdlValue;
    const interval = () => {
      const i = v('interval');
      return typeof i === 'string' && /^-?\d+$/.test(i) ? Number(i) : i;
    };
    // CurrentTime takes no format string: utcNow() is called without one.
    const format = inputs.formatString === undefined || kind.fn === 'utcNow' ? [] : [v('formatString')];
    const def = lookupFunction(kind.fn)!;
    try {
      record.outputs = {
        body: def.impl([...kind.args(v, interval), ...format], {
          ...run.context(frame, { name }),
          name: kind.fn,
        }),
      };
    } catch (e) {
      throw run.wrapExpressionError(e, name, 'inputs');
    }
  }),
];
