import type { WdlValue } from '../../expressions/values';
import { asObject } from '../as-object';
import { invalidTemplate } from '../run-errors';
import { handle, type ActionHandler } from './action-handler';

const unitMs: Record<string, number> = {
  second: 1000,
  minute: 60000,
  hour: 3600000,
  day: 86400000,
  week: 604800000,
  month: 2592000000,
};

/** Delay and Delay until (ACTREF Wait): sleeps on the run's clock (virtual unless the run is given a real one). */
export const waitActions: ActionHandler[] = [
  handle('Wait', async (run, { name, action, frame, record }) => {
    const inputs = asObject(run.evaluate(action.inputs, frame, name));
    record.inputs = inputs as WdlValue;
    if (inputs.interval) {
      const interval = asObject(inputs.interval);
      const per = unitMs[String(interval.unit ?? '').toLowerCase()];
      const count = Number(interval.count);
      if (!per || !Number.isFinite(count)) {
        throw invalidTemplate(
          `Action '${name}': interval needs a count and a unit (Second, Minute, Hour, Day, Week, Month).`,
        );
      }
      await run.clock.sleep(count * per);
      return;
    }
    const until = asObject(inputs.until);
    if (typeof until.timestamp === 'string') {
      const at = Date.parse(until.timestamp);
      if (Number.isNaN(at)) throw invalidTemplate(`Action '${name}': until.timestamp is not a time.`);
      await run.clock.sleep(Math.max(0, at - run.clock.now().getTime()));
      return;
    }
    throw invalidTemplate(`Action '${name}': a Wait needs inputs.interval or inputs.until.`);
  }),
];
