import { parseDuration } from '../clock';
import { asObject } from '../as-object';
import { endAsActionFailed, endWithError } from '../action-status';
import type { FlowRun } from '../flow-run';
import { Frame } from '../frame';
import { invalidTemplate } from '../run-errors';
import type { Repetition } from '../run-history';
import { handle, type ActionHandler, type ActionStep } from './action-handler';
import { evaluateCondition } from './condition';
import { loopRequests } from './loop-requests';

/** An Until's limit: at most `count` repetitions (default 60) within `timeout` (default PT1H). */
function untilLimit(run: FlowRun, { name, action, frame }: ActionStep) {
  const limit = asObject(run.evaluate(action.limit ?? {}, frame, name, 'limit'));
  const count = limit.count === undefined || limit.count === null ? 60 : Number(limit.count);
  if (!Number.isInteger(count) || count < 1 || count > 5000) {
    throw invalidTemplate(
      `Action '${name}': limit.count must be an integer from 1 to 5000, not '${String(limit.count)}'.`,
    );
  }
  const timeoutText = limit.timeout === undefined || limit.timeout === null ? 'PT1H' : String(limit.timeout);
  const timeoutMs = parseDuration(timeoutText);
  if (timeoutMs === undefined) {
    throw invalidTemplate(`Action '${name}': limit.timeout '${timeoutText}' is not an ISO 8601 duration.`);
  }
  return { count, timeoutText, timeoutMs };
}

/** Until (ACTREF): repeats its actions until the condition holds or a limit is reached. */
export const untilActions: ActionHandler[] = [
  handle('Until', async (run, step) => {
    const { name, action, frame, record } = step;
    const { count, timeoutText, timeoutMs } = untilLimit(run, step);
    const start = run.clock.now().getTime();
    const repetitions: Repetition[] = [];
    let limitHit: string | undefined;
    for (let index = 0; !run.terminated && !run.aborted; index++) {
      const iterationFrame = new Frame(frame, { name, kind: 'Until', index });
      const { records, status } = await run.runContainer(action.actions ?? {}, iterationFrame);
      repetitions.push({ index, status, actions: records });
      // Do-until: the condition is checked after each iteration (ACTREF Until). A failed iteration does not stop the
      // loop [unverified; makers report loops continuing after failures].
      if (evaluateCondition(run, action.expression, iterationFrame, name)) break;
      if (index + 1 >= count) {
        limitHit = `count ${count}`;
        break;
      }
      if (run.clock.now().getTime() - start >= timeoutMs) {
        limitHit = `timeout ${timeoutText}`;
        break;
      }
    }
    record.inputs = { limit: { count, timeout: timeoutText } };
    record.outputs = undefined;
    record.repetitions = repetitions;
    record.requests = loopRequests(repetitions);
    if (repetitions[repetitions.length - 1]?.status === 'Failed') {
      endAsActionFailed(record);
    } else if (limitHit && /\bFailWhenLimitsReached\b/i.test(action.operationOptions ?? '')) {
      endWithError(record, 'TimedOut', {
        code: 'ActionTimedOut',
        message: `The Until loop '${name}' reached its limit (${limitHit}) before its condition was met.`,
      });
    } else if (limitHit) {
      record.code = 'OK';
    }
  }),
];
