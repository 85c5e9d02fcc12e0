import { NotImplementedError } from '../../expressions/errors';
import { fromJson, isObject, stringify } from '../../expressions/values';
import { endWithError, statusCodeName } from '../action-status';
import { ConnectorNotFoundError, type ConnectorResponse } from '../connectors';
import type { FlowRun } from '../flow-run';
import { isRetryableStatus, parseRetryAfter, resolveRetryPolicy, retryDelay } from '../retry';
import { FlowConfigurationError, RunAbort } from '../run-errors';
import type { ActionRecord, Attempt } from '../run-history';

/** A call that failed to connect: retryable like a 5xx (flow-runner.md §3.4). */
function connectivityFailure(e: unknown): ConnectorResponse {
  return { statusCode: 502, body: { error: { code: 'BadGateway', message: (e as Error).message } } };
}

/** Makes an outbound call (a connector operation or an Http action) under the action's retry policy. */
export async function callWithRetries(
  run: FlowRun,
  rawPolicy: unknown,
  attemptFn: () => Promise<ConnectorResponse>,
): Promise<{ response: ConnectorResponse; attempts: Attempt[]; extraRequests: number }> {
  const policy = resolveRetryPolicy(rawPolicy, run.options.defaultRetryCount ?? 4);
  const attempts: Attempt[] = [];
  let extraRequests = 0;
  for (let attempt = 1; ; attempt++) {
    const startTime = run.nowIso();
    let response: ConnectorResponse;
    try {
      response = await attemptFn();
      attempts.push({ attempt, startTime, endTime: run.nowIso(), statusCode: response.statusCode });
    } catch (e) {
      // Not connectivity: a missing connector or connection, or a construct the runner lacks, stops the run.
      if (
        e instanceof ConnectorNotFoundError ||
        e instanceof RunAbort ||
        e instanceof NotImplementedError ||
        e instanceof FlowConfigurationError
      )
        throw e;
      response = connectivityFailure(e);
      attempts.push({
        attempt,
        startTime,
        endTime: run.nowIso(),
        statusCode: 502,
        error: (e as Error).message,
      });
    }
    extraRequests += response.extraRequests ?? 0;
    const canRetry =
      isRetryableStatus(response.statusCode) &&
      !response.timedOut &&
      attempt <= policy.count &&
      policy.type !== 'none';
    if (!canRetry) return { response, attempts, extraRequests };
    const headers = Object.fromEntries(
      Object.entries(response.headers ?? {}).map(([k, val]) => [k.toLowerCase(), val]),
    );
    const wait = retryDelay(
      policy,
      attempt,
      run.random,
      parseRetryAfter(headers['retry-after'], run.clock.now()),
    );
    attempts[attempts.length - 1]!.retryAfterMs = wait;
    await run.clock.sleep(wait);
  }
}

/** The record of a call: its attempts and requests, its outputs, and its status from the answer's status code. */
export function applyResponse(
  record: ActionRecord,
  { response, attempts, extraRequests }: Awaited<ReturnType<typeof callWithRetries>>,
): void {
  record.attempts = attempts;
  record.requests = attempts.length + extraRequests;
  const body = fromJson(response.body);
  record.outputs = { statusCode: response.statusCode, headers: fromJson(response.headers ?? {}), body };
  if (response.timedOut) {
    endWithError(record, 'TimedOut', {
      code: 'ActionTimedOut',
      message: `The action '${record.name}' timed out waiting for its callback.`,
    });
    return;
  }
  record.code = statusCodeName(response.statusCode);
  if (response.statusCode >= 400) {
    const err = isObject(body) && isObject(body.error) ? body.error : undefined;
    const message =
      err && typeof err.message === 'string'
        ? err.message
        : typeof body === 'string'
          ? body
          : stringify(body) || `The service returned status ${response.statusCode}.`;
    endWithError(record, 'Failed', { code: record.code, message });
  }
}
