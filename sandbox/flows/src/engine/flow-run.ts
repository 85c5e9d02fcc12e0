import { evaluateValue, type EvaluationContext } from '../expressions/evaluator';
import type { AppendOnlyArray } from '../expressions/append-only-array';
import { ExpressionError, NotImplementedError } from '../expressions/errors';
import type { WdlValue } from '../expressions/values';
import { containerStatus, endAsActionFailed, endWithError } from './action-status';
import { lookupActionHandler } from './actions';
import { guidFrom, seededRandom, startStopwatch, VirtualClock, type Clock } from './clock';
import { ConnectorNotFoundError } from './connectors';
import { walkActions, type ActionDefinition, type LoadedFlow } from './definition';
import type { Frame } from './frame';
import { RetryPolicyError } from './retry';
import { ActionFailure, notImplementedIn, RunAbort } from './run-errors';
import type { ActionRecord, ActionStatus, RunError, RunResult, RunStatus } from './run-history';
import { newRunId } from './run-id';
import type { RunOptions } from './run-options';
import { workflowState } from './workflow-state';

/** Starts a child flow's run (runFlow; given to the run so that the Workflow action need not import the runner). */
export type ChildFlowRunner = (flow: LoadedFlow, options: RunOptions) => Promise<RunResult>;

/** A variable; `growing`: the storage of an Array variable once something was appended to it (O(1) snapshots). */
export interface RunVariable {
  type: string;
  value: WdlValue;
  growing?: AppendOnlyArray;
}

/** Operation options the runner knows; any other one stops the run. */
const knownOperationOptions = [
  'Sequential',
  'DisableAsyncPattern',
  'DisableAutomaticDecompression',
  'SuppressWorkflowHeaders',
  'SuppressWorkflowHeadersOnResponse',
  'FailWhenLimitsReached',
  'IncludeAuthorizationHeadersInOutputs',
  'Asynchronous',
].map((o) => o.toLowerCase());

/**
 * The state of one run and its core: run-after evaluation, containers, skipped records and the history record of
 * each action. What an action does is up to its handler (./actions).
 */
export class FlowRun {
  readonly clock: Clock;
  readonly random: () => number;
  readonly newGuid: () => string;
  readonly runId: string;
  readonly variables = new Map<string, RunVariable>();
  readonly parameters = new Map<string, WdlValue>();
  readonly latest = new Map<string, ActionRecord>();
  readonly definitionNames = new Set<string>();
  triggerObject: WdlValue = null;
  terminated?: { status: RunStatus; error?: RunError; by: string };
  /** Set when a construct the runner lacks stopped the run: nothing else starts. */
  aborted = false;
  response?: RunResult['response'];

  constructor(
    readonly flow: LoadedFlow,
    readonly options: RunOptions,
    readonly runChildFlow: ChildFlowRunner,
  ) {
    this.clock = options.clock ?? new VirtualClock();
    this.random = seededRandom(options.seed ?? 1);
    this.newGuid = guidFrom(this.random);
    this.runId = options.runId ?? newRunId();
    for (const { name } of walkActions(flow.definition)) this.definitionNames.add(name);
  }

  nowIso(): string {
    return this.clock.now().toISOString();
  }

  trackingId(): string {
    return this.newGuid();
  }

  // ---------------------------------------------------------------- expressions
  context(frame: Frame, current?: { name: string; record?: () => WdlValue }): EvaluationContext {
    const state = workflowState(this, frame, current);
    return { state, now: () => this.clock.now(), random: this.random, newGuid: this.newGuid };
  }

  evaluate(value: unknown, frame: Frame, actionName: string, where = 'inputs'): WdlValue {
    try {
      return evaluateValue(value, this.context(frame, { name: actionName }));
    } catch (e) {
      throw this.wrapExpressionError(e, actionName, where);
    }
  }

  wrapExpressionError(e: unknown, actionName: string, where: string): unknown {
    if (e instanceof ExpressionError) {
      // Power Automate's envelope; the line/column of the JSON are not tracked offline, so they read '0'.
      return new ActionFailure(
        'InvalidTemplate',
        `Unable to process template language expressions in action '${actionName}' ${where} at line '0' and column '0': '${e.message}'.`,
      );
    }
    if (e instanceof NotImplementedError) return new RunAbort(e.construct, actionName, e.message);
    return e;
  }

  // ---------------------------------------------------------------- containers
  async runContainer(
    actions: Record<string, ActionDefinition>,
    frame: Frame,
  ): Promise<{ records: ActionRecord[]; status: ActionStatus }> {
    const names = Object.keys(actions);
    const promises = new Map<string, Promise<ActionRecord>>();
    const get = (name: string): Promise<ActionRecord> => {
      let p = promises.get(name);
      if (!p) {
        p = this.startWhenReady(name, actions[name]!, frame, get);
        promises.set(name, p);
      }
      return p;
    };
    const records = await Promise.all(names.map(get));
    return { records, status: containerStatus(actions, records) };
  }

  private async startWhenReady(
    name: string,
    action: ActionDefinition,
    frame: Frame,
    get: (name: string) => Promise<ActionRecord>,
  ): Promise<ActionRecord> {
    const runAfter = Object.entries(action.runAfter ?? {});
    const predecessors = await Promise.all(runAfter.map(([p]) => get(p)));
    let record: ActionRecord;
    if (this.aborted) {
      record = this.skippedRecord(name, action, 'ActionSkipped', {
        code: 'RunStopped',
        message: `The run stopped on a construct the flow runner does not implement before action '${name}' started.`,
      });
    } else if (this.terminated) {
      record = this.skippedRecord(name, action, 'ActionSkipped', {
        code: 'Terminated',
        message: `The run was terminated by action '${this.terminated.by}' before action '${name}' started.`,
      });
    } else {
      const unmet = runAfter.findIndex(
        ([, statuses], i) => !statuses.some((s) => s.toLowerCase() === predecessors[i]!.status.toLowerCase()),
      );
      if (unmet >= 0) {
        const [pred, statuses] = runAfter[unmet]!;
        // Message as seen in run histories [unverified wording, flow-runner.md §3.2].
        record = this.skippedRecord(name, action, 'ActionSkipped', {
          code: 'ActionConditionFailed',
          message: `The execution of template action '${name}' is skipped: the 'runAfter' condition for action '${pred}' is not satisfied. Expected status values '${statuses.join("', '")}' and actual value '${predecessors[unmet]!.status}'.`,
        });
      } else {
        record = await this.execute(name, action, frame);
      }
      if (runAfter.length) {
        record.runAfter = runAfter.map(([pred, statuses], i) => ({
          action: pred,
          status: predecessors[i]!.status,
          expected: statuses,
        }));
      }
    }
    frame.records.set(name, record);
    this.latest.set(name, record);
    return record;
  }

  skippedRecord(name: string, action: ActionDefinition, code: string, error?: RunError): ActionRecord {
    const now = this.nowIso();
    return {
      name,
      type: action.type,
      kind: action.kind,
      status: 'Skipped',
      code,
      error,
      startTime: now,
      endTime: now,
      durationMs: 0,
      trackingId: this.trackingId(),
      clientTrackingId: this.runId,
      requests: 0,
    };
  }

  /** Records for the actions of a branch that was not taken: all Skipped, nothing counted. */
  skipBranch(actions: Record<string, ActionDefinition> | undefined): ActionRecord[] {
    return Object.entries(actions ?? {}).map(([n, a]) => {
      const r = this.skippedRecord(n, a, 'BranchNotTaken');
      this.latest.set(n, r);
      return r;
    });
  }

  /** A container action's record takes its inner records, their requests and the container's status. */
  finishContainer(record: ActionRecord, records: ActionRecord[], status: ActionStatus): void {
    record.actions = records;
    record.requests = 1 + records.reduce((n, r) => n + r.requests, 0);
    record.status = status;
    if (status === 'Failed') {
      endAsActionFailed(record);
    } else if (status === 'TimedOut') {
      endWithError(record, 'TimedOut', {
        code: 'ActionTimedOut',
        message: 'An action timed out. No dependent actions succeeded.',
      });
    }
  }

  // ---------------------------------------------------------------- one action
  async execute(name: string, action: ActionDefinition, frame: Frame): Promise<ActionRecord> {
    const elapsed = startStopwatch(this.clock);
    const record: ActionRecord = {
      name,
      type: action.type,
      kind: action.kind,
      status: 'Succeeded',
      startTime: this.nowIso(),
      endTime: '',
      durationMs: 0,
      trackingId: this.trackingId(),
      clientTrackingId: this.runId,
      requests: 1,
    };
    const secure = action.runtimeConfiguration?.secureData?.properties;
    if (Array.isArray(secure) && secure.length) record.secured = secure;
    try {
      await this.dispatch(name, action, frame, record);
    } catch (e) {
      this.recordFailure(name, record, this.wrapExpressionError(e, name, 'inputs'));
    }
    record.endTime = this.nowIso();
    record.durationMs = elapsed();
    if (record.status === 'Succeeded' && record.code === undefined) record.code = 'OK';
    return record;
  }

  /** An action failure goes into the record; whatever stops the run is thrown on. */
  private recordFailure(name: string, record: ActionRecord, failure: unknown): void {
    if (failure instanceof ActionFailure) {
      endWithError(record, failure.status, { code: failure.code, message: failure.message });
      Object.assign(record, failure.extra);
    } else if (failure instanceof ConnectorNotFoundError) {
      this.aborted = true;
      const call = failure.call;
      throw new RunAbort(
        `connector for api '${call.apiLogicalName ?? call.apiName ?? call.apiId}'`,
        name,
        failure.message,
      );
    } else if (failure instanceof RetryPolicyError) {
      endWithError(record, 'Failed', { code: 'InvalidRetryPolicy', message: failure.message });
    } else {
      if (failure instanceof RunAbort) this.aborted = true;
      throw failure;
    }
  }

  private async dispatch(
    name: string,
    action: ActionDefinition,
    frame: Frame,
    record: ActionRecord,
  ): Promise<void> {
    const options = (action.operationOptions ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    const unknown = options.find((o) => !knownOperationOptions.includes(o.toLowerCase()));
    if (unknown !== undefined) throw notImplementedIn(name, `operation option '${unknown}'`);
    const handler = lookupActionHandler(action.type);
    if (!handler) throw notImplementedIn(name, `action type '${action.type}'`);
    await handler.run(this, { name, action, frame, record });
  }
}
