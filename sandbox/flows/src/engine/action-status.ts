import type { ActionDefinition } from './definition';
import type { ActionRecord, ActionStatus, RunError } from './run-history';

const reasons: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'NoContent',
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  408: 'RequestTimeout',
  409: 'Conflict',
  412: 'PreconditionFailed',
  413: 'RequestEntityTooLarge',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  501: 'NotImplemented',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

export function statusCodeName(code: number): string {
  return reasons[code] ?? String(code);
}

export const failedMessage = 'An action failed. No dependent actions succeeded.';

const severity: Record<string, number> = {
  Succeeded: 0,
  Skipped: 0,
  TimedOut: 1,
  Cancelled: 2,
  Aborted: 3,
  Failed: 3,
};

/** The most severe of some statuses (Succeeded when there are none). */
export function worstStatus(statuses: ActionStatus[]): ActionStatus {
  return statuses.reduce<ActionStatus>(
    (worst, s) => (severity[s]! > severity[worst]! ? s : worst),
    'Succeeded',
  );
}

/** Marks a record as ended with an error whose code is also the record's code. */
export function endWithError(record: ActionRecord, status: ActionStatus, error: RunError): void {
  record.status = status;
  record.code = error.code;
  record.error = error;
}

/** A container whose actions failed: ActionFailed with Power Automate's message. */
export function endAsActionFailed(record: ActionRecord): void {
  endWithError(record, 'Failed', { code: 'ActionFailed', message: failedMessage });
}

/**
 * The status of a container or run (ERR "Evaluate actions with … status"): each branch is judged by its last action
 * (one no sibling runs after); a Skipped last action takes its predecessors' status. Any Failed branch fails the
 * container.
 */
export function containerStatus(
  actions: Record<string, ActionDefinition>,
  records: ActionRecord[],
): ActionStatus {
  const byName = new Map(records.map((r) => [r.name, r]));
  const referenced = new Set(Object.values(actions).flatMap((a) => Object.keys(a.runAfter ?? {})));
  const effective = (name: string, seen: Set<string>): ActionStatus => {
    const r = byName.get(name);
    if (!r) return 'Succeeded';
    if (r.status !== 'Skipped') return r.status === 'Aborted' ? 'Failed' : r.status;
    if (r.code === 'BranchNotTaken' || seen.has(name)) return 'Succeeded';
    seen.add(name);
    const preds = Object.keys(actions[name]?.runAfter ?? {});
    return worstStatus(preds.map((p) => effective(p, seen)));
  };
  const terminal = Object.keys(actions).filter((n) => !referenced.has(n));
  const statuses = terminal.map((n) => effective(n, new Set()));
  if (statuses.some((s) => s === 'Failed' || s === 'Cancelled')) return 'Failed';
  if (statuses.some((s) => s === 'TimedOut')) return 'TimedOut';
  return 'Succeeded';
}
