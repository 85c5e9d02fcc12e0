import { typeName } from '../../expressions/values';
import { endAsActionFailed } from '../action-status';
import { foreachConcurrency } from '../definition';
import { Frame } from '../frame';
import { invalidTemplate } from '../run-errors';
import type { Repetition } from '../run-history';
import { handle, type ActionHandler } from './action-handler';
import { loopRequests } from './loop-requests';

/**
 * Apply to each (ACTREF Foreach): one repetition per item, as many at a time as its concurrency allows (one when
 * Sequential); a run that is terminated or stopped starts no more repetitions.
 */
export const foreachActions: ActionHandler[] = [
  handle('Foreach', async (run, { name, action, frame, record }) => {
    const items = run.evaluate(action.foreach, frame, name, 'foreach');
    if (!Array.isArray(items)) {
      throw invalidTemplate(
        `The execution of template action '${name}' failed: the result of the evaluation of 'foreach' expression '${String(action.foreach)}' is of type '${typeName(items)}'. The result must be a valid array.`,
      );
    }
    const max = run.options.maxForeachItems ?? 100000;
    if (items.length > max) {
      throw invalidTemplate(
        `The execution of template action '${name}' failed: the 'foreach' array has ${items.length} items; the limit is ${max}.`,
      );
    }
    record.inputs = { foreachItems: items.length };
    const concurrency = /\bSequential\b/i.test(action.operationOptions ?? '')
      ? 1
      : foreachConcurrency(action);
    const repetitions: Repetition[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
      while (next < items.length && !run.terminated && !run.aborted) {
        const index = next++;
        const iterationFrame = new Frame(frame, { name, kind: 'Foreach', item: items[index]!, index });
        const { records, status } = await run.runContainer(action.actions ?? {}, iterationFrame);
        repetitions[index] = { index, item: items[index]!, status, actions: records };
      }
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), items.length) }, worker));
    const done = repetitions.filter(Boolean);
    record.repetitions = done;
    record.requests = loopRequests(done);
    const failed = done.some((r) => r.status === 'Failed');
    const timedOut = done.some((r) => r.status === 'TimedOut');
    record.status = failed ? 'Failed' : timedOut ? 'TimedOut' : 'Succeeded';
    if (failed) endAsActionFailed(record);
  }),
];
