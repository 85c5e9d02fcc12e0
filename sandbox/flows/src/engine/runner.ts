import Ajv, { type ErrorObject } from 'ajv';
import {
  evaluateTemplateString,
  evaluateValue,
  type EvaluationContext,
  type WorkflowState,
} from '../expressions/evaluator';
import { AppendOnlyArray } from '../expressions/append-only-array';
import { ExpressionError, NotImplementedError } from '../expressions/errors';
import { lookupFunction } from '../expressions/functions';
import { wdlEquals } from '../expressions/functions/logical';
import {
  cloneValue,
  fromJson,
  isInteger,
  isNumber,
  isObject,
  makeFloat,
  stringify,
  toJsNumber,
  toPlainJson,
  typeName,
  type WdlObject,
  type WdlValue,
} from '../expressions/values';
import { guidFrom, parseDuration, seededRandom, startStopwatch, VirtualClock, type Clock } from './clock';
import { ConnectorNotFoundError, type Connector, type ConnectorResponse } from './connectors';
import {
  FlowLoadError,
  foreachConcurrency,
  validateStructure,
  type ActionDefinition,
  type LoadedFlow,
  type TriggerDefinition,
} from './definition';
import {
  isRetryableStatus,
  parseRetryAfter,
  resolveRetryPolicy,
  retryDelay,
  RetryPolicyError,
} from './retry';
import type {
  ActionRecord,
  ActionStatus,
  Attempt,
  Repetition,
  RunError,
  RunResult,
  RunStatus,
} from './run-history';
import { newRunId } from './run-id';
import { validateAgainstSchema } from './schema-validation';

export interface TriggerInput {
  /** Trigger body (manual/Request/child-flow inputs, or the Dataverse row for a Dataverse trigger). */
  body?: unknown;
  headers?: Record<string, string>;
  queries?: Record<string, string>;
  /** Full trigger outputs; overrides body/headers when given. */
  outputs?: unknown;
  /** For Recurrence: the scheduled time of this occurrence (defaults to the clock's now). */
  scheduledTime?: string;
}

export interface RunOptions {
  /**
   * Environment-variable values as an admin sets them at import, keyed by schema name (`dxc_ProxyBaseUrl`) or by
   * the full parameter name (`Proxy base URL (dxc_ProxyBaseUrl)`). Missing ones fall back to the definition's
   * defaultValue.
   */
  environmentVariables?: Record<string, unknown>;
  /** Other definition parameters by name. */
  parameters?: Record<string, unknown>;
  /** Connection references mapped at import: logical name → connection id. */
  connectionReferences?: Record<string, { connectionId: string }>;
  connector?: Connector;
  /** Child flows by workflow id (lower-case GUID), for Workflow actions. */
  childFlows?: Record<string, LoadedFlow>;
  trigger?: TriggerInput;
  clock?: Clock;
  /** Seed for rand(), guid(), retry jitter and tracking ids. */
  seed?: number;
  /** Retries of the default policy (4; Power Automate's Medium/High profile allows 8 — flow-runner.md §3.4). */
  defaultRetryCount?: number;
  /** Validate against the workflow definition schema before running (default true). */
  validateSchema?: boolean;
  schemaPath?: string;
  workflow?: { id?: string; displayName?: string; environmentName?: string };
  /** Apply to each item limit (100,000 on Power Automate's paid plans; 5,000 on Low). */
  maxForeachItems?: number;
  /** Allowed hosts for Http actions (default 127.0.0.1, localhost, ::1). */
  httpHosts?: string[];
  runId?: string;
  /** Depth of child-flow calls (internal). */
  depth?: number;
}

export class FlowConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowConfigurationError';
  }
}

/** An action failure with a Power Automate error code (as opposed to a bug in the runner). */
class ActionFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: ActionStatus = 'Failed',
    readonly extra: Partial<ActionRecord> = {},
  ) {
    super(message);
  }
}

/** Stops the whole run: a construct the runner lacks, named with the action that used it. */
class RunAbort extends Error {
  constructor(
    readonly construct: string,
    readonly action: string,
    message: string,
  ) {
    super(message);
  }
}

interface LoopInfo {
  name: string;
  kind: 'Foreach' | 'Until' | 'Select' | 'Query' | 'Table';
  item?: WdlValue;
  index: number;
}

class Frame {
  readonly records = new Map<string, ActionRecord>();
  constructor(
    readonly parent?: Frame,
    readonly loop?: LoopInfo,
  ) {}
}

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

const failedMessage = 'An action failed. No dependent actions succeeded.';
const severity: Record<string, number> = {
  Succeeded: 0,
  Skipped: 0,
  TimedOut: 1,
  Cancelled: 2,
  Aborted: 3,
  Failed: 3,
};

function parseTypeName(type: string): string {
  const map: Record<string, string> = {
    string: 'String',
    integer: 'Integer',
    float: 'Float',
    boolean: 'Boolean',
    array: 'Array',
    object: 'Object',
  };
  return map[type.toLowerCase()] ?? type;
}

function valueFitsType(type: string, value: WdlValue): boolean {
  if (value === null) return true; // [unverified] null is accepted for any variable type
  switch (type) {
    case 'String':
      return typeof value === 'string';
    case 'Integer':
      return isInteger(value);
    case 'Float':
      return isNumber(value);
    case 'Boolean':
      return typeof value === 'boolean';
    case 'Array':
      return Array.isArray(value);
    case 'Object':
      return isObject(value);
    default:
      return false;
  }
}

const variableDefaults: Record<string, WdlValue> = {
  String: '',
  Integer: 0,
  Float: 0,
  Boolean: false,
  Array: [],
  Object: {},
};

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

class FlowRun {
  readonly clock: Clock;
  readonly random: () => number;
  readonly newGuid: () => string;
  readonly runId: string;
  /** `growing`: the storage of an Array variable once something was appended to it (O(1) snapshots). */
  readonly variables = new Map<string, { type: string; value: WdlValue; growing?: AppendOnlyArray }>();
  readonly parameters = new Map<string, WdlValue>();
  readonly latest = new Map<string, ActionRecord>();
  readonly definitionNames = new Set<string>();
  triggerObject: WdlValue = null;
  terminated?: { status: RunStatus; error?: RunError; by: string };
  /** Set when a construct the runner lacks stopped the run: nothing else starts. */
  aborted = false;
  response?: RunResult['response'];
  private trackingCounter = 0;

  constructor(
    readonly flow: LoadedFlow,
    readonly options: RunOptions,
  ) {
    this.clock = options.clock ?? new VirtualClock();
    this.random = seededRandom(options.seed ?? 1);
    this.newGuid = guidFrom(this.random);
    this.runId = options.runId ?? newRunId();
    const collect = (actions: Record<string, ActionDefinition> | undefined) => {
      for (const [name, a] of Object.entries(actions ?? {})) {
        this.definitionNames.add(name);
        collect(a.actions);
        collect(a.else?.actions);
        collect(a.default?.actions);
        for (const c of Object.values(a.cases ?? {})) collect(c.actions);
      }
    };
    collect(flow.definition.actions);
  }

  nowIso(): string {
    return this.clock.now().toISOString();
  }

  trackingId(): string {
    this.trackingCounter++;
    return this.newGuid();
  }

  // ---------------------------------------------------------------- expression context
  context(frame: Frame, current?: { name: string; record?: () => WdlValue }): EvaluationContext {
    const state: WorkflowState = {
      parameter: (name) => {
        if (!this.parameters.has(name)) {
          throw new ExpressionError(
            `The template language expression cannot be evaluated because the workflow parameter '${name}' is not found. Parameters defined: '${[...this.parameters.keys()].join(', ')}'.`,
          );
        }
        return this.parameters.get(name)!;
      },
      variable: (name) => {
        const v = this.variables.get(name);
        if (!v) {
          throw new ExpressionError(
            `The template language expression cannot be evaluated because the variable '${name}' has not been initialized (use an Initialize variable action first).`,
          );
        }
        return v.value;
      },
      trigger: () => this.triggerObject,
      action: (name) => this.actionResult(frame, name),
      currentAction: () => current?.record?.() ?? null,
      result: (name) => this.resultOf(frame, name),
      item: () => {
        for (let f: Frame | undefined = frame; f; f = f.parent) {
          if (f.loop && f.loop.kind !== 'Until') return f.loop.item ?? null;
        }
        throw new ExpressionError(
          `The template language function 'item' can only be used inside a Foreach loop, or in the inputs of Select, Filter array (Query) and Table.`,
        );
      },
      items: (name) => {
        for (let f: Frame | undefined = frame; f; f = f.parent) {
          if (f.loop?.kind === 'Foreach' && f.loop.name === name) return f.loop.item ?? null;
        }
        throw new ExpressionError(
          `The template language function 'items' expects its parameter to be the name of an enclosing Foreach loop; '${name}' is not one.`,
        );
      },
      iterationIndexes: (name) => {
        for (let f: Frame | undefined = frame; f; f = f.parent) {
          if (f.loop && (f.loop.kind === 'Until' || f.loop.kind === 'Foreach') && f.loop.name === name)
            return f.loop.index;
        }
        throw new ExpressionError(
          `The template language function 'iterationIndexes' expects its parameter to be the name of an enclosing Until loop; '${name}' is not one.`,
        );
      },
      workflow: () => this.workflowObject(),
      listCallbackUrl: () => `http://127.0.0.1/offline-callback/${this.runId}/${current?.name ?? 'trigger'}`,
    };
    return { state, now: () => this.clock.now(), random: this.random, newGuid: this.newGuid };
  }

  workflowObject(): WdlValue {
    const id = this.options.workflow?.id ?? this.flow.workflowId ?? '00000000-0000-0000-0000-000000000000';
    const environmentName = this.options.workflow?.environmentName ?? 'offline-environment';
    return {
      id: `/providers/Microsoft.Flow/flows/${id}`,
      name: id,
      type: 'Microsoft.Flow/flows',
      location: 'offline',
      tags: {
        flowDisplayName: this.options.workflow?.displayName ?? this.flow.name,
        environmentName,
        logicAppName: id,
      },
      run: {
        id: `/providers/Microsoft.Flow/flows/${id}/runs/${this.runId}`,
        name: this.runId,
        type: 'Microsoft.Flow/flows/runs',
      },
    };
  }

  private findRecord(frame: Frame, name: string): ActionRecord | undefined {
    for (let f: Frame | undefined = frame; f; f = f.parent) {
      const r = f.records.get(name);
      if (r) return r;
    }
    return this.latest.get(name);
  }

  static actionResult(record: ActionRecord): WdlObject {
    const out: WdlObject = {
      name: record.name,
      startTime: record.startTime,
      endTime: record.endTime,
      trackingId: record.trackingId,
      clientTrackingId: record.clientTrackingId,
      status: record.status,
      code: record.code ?? null,
    };
    if (record.inputs !== undefined) out.inputs = record.inputs;
    if (record.outputs !== undefined) out.outputs = record.outputs;
    if (record.error) out.error = { code: record.error.code, message: record.error.message };
    return out;
  }

  actionResult(frame: Frame, name: string): WdlValue {
    const record = this.findRecord(frame, name);
    if (record) return FlowRun.actionResult(record);
    if (this.definitionNames.has(name)) {
      throw new ExpressionError(
        `The template language expression cannot be evaluated because the action '${name}' has not run yet in this scope; it can only be referenced after it ran (add it to runAfter).`,
      );
    }
    throw new ExpressionError(
      `The action '${name}' referenced by the expression is not defined in the flow.`,
    );
  }

  resultOf(frame: Frame, name: string): WdlValue {
    const record = this.findRecord(frame, name);
    if (!record) {
      throw new ExpressionError(
        `The template language function 'result' expects the name of a Scope, Foreach or Until that has run; '${name}' has not.`,
      );
    }
    if (record.repetitions) {
      const names = new Set(record.repetitions.flatMap((r) => r.actions.map((a) => a.name)));
      return [...names].map((inner) => {
        const runs = record
          .repetitions!.map((r) => r.actions.find((a) => a.name === inner))
          .filter(Boolean) as ActionRecord[];
        const worst = runs.reduce<ActionStatus>(
          (s, r) => (severity[r.status]! > severity[s]! ? r.status : s),
          'Succeeded',
        );
        return {
          name: inner,
          status: worst,
          outputs: runs.map((r) => FlowRun.actionResult(r)),
        } as WdlObject;
      });
    }
    if (record.actions) {
      const chosen = record.actions.filter((a) => !(a.status === 'Skipped' && a.code === 'BranchNotTaken'));
      return chosen.map((a) => FlowRun.actionResult(a));
    }
    throw new ExpressionError(
      `The template language function 'result' expects the name of a Scope, Foreach or Until action; '${name}' is a ${record.type}.`,
    );
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

  // ---------------------------------------------------------------- one action
  async execute(name: string, action: ActionDefinition, frame: Frame): Promise<ActionRecord> {
    const elapsed = startStopwatch(this.clock);
    const startMs = this.clock.now().getTime();
    const record: ActionRecord = {
      name,
      type: action.type,
      kind: action.kind,
      status: 'Succeeded',
      startTime: new Date(startMs).toISOString(),
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
      const wrapped = this.wrapExpressionError(e, name, 'inputs');
      if (wrapped instanceof ActionFailure) {
        record.status = wrapped.status;
        record.code = wrapped.code;
        record.error = { code: wrapped.code, message: wrapped.message };
        Object.assign(record, wrapped.extra);
      } else if (wrapped instanceof ConnectorNotFoundError) {
        this.aborted = true;
        throw new RunAbort(
          `connector for api '${wrapped.call.apiLogicalName ?? wrapped.call.apiName ?? wrapped.call.apiId}'`,
          name,
          wrapped.message,
        );
      } else if (wrapped instanceof RetryPolicyError) {
        record.status = 'Failed';
        record.code = 'InvalidRetryPolicy';
        record.error = { code: 'InvalidRetryPolicy', message: wrapped.message };
      } else {
        if (wrapped instanceof RunAbort) this.aborted = true;
        throw wrapped;
      }
    }
    const endMs = this.clock.now().getTime();
    record.endTime = new Date(endMs).toISOString();
    record.durationMs = elapsed();
    if (record.status === 'Succeeded' && record.code === undefined) record.code = 'OK';
    return record;
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
    const knownOptions = [
      'Sequential',
      'DisableAsyncPattern',
      'DisableAutomaticDecompression',
      'SuppressWorkflowHeaders',
      'SuppressWorkflowHeadersOnResponse',
      'FailWhenLimitsReached',
      'IncludeAuthorizationHeadersInOutputs',
      'Asynchronous',
    ];
    for (const o of options) {
      if (!knownOptions.some((k) => k.toLowerCase() === o.toLowerCase())) {
        throw new RunAbort(
          `operation option '${o}'`,
          name,
          `The flow runner does not implement the operation option '${o}'.`,
        );
      }
    }
    switch (action.type) {
      case 'Compose': {
        const value = this.evaluate(action.inputs, frame, name);
        record.inputs = value;
        record.outputs = value;
        return;
      }
      case 'InitializeVariable':
        return this.initializeVariable(name, action, frame, record);
      case 'SetVariable':
      case 'IncrementVariable':
      case 'DecrementVariable':
      case 'AppendToArrayVariable':
      case 'AppendToStringVariable':
        return this.changeVariable(name, action, frame, record);
      case 'If':
        return this.runIf(name, action, frame, record);
      case 'Switch':
        return this.runSwitch(name, action, frame, record);
      case 'Scope': {
        const { records, status } = await this.runContainer(action.actions ?? {}, frame);
        this.finishContainer(record, records, status);
        return;
      }
      case 'Foreach':
        return this.runForeach(name, action, frame, record);
      case 'Until':
        return this.runUntil(name, action, frame, record);
      case 'Terminate':
        return this.runTerminate(name, action, frame, record);
      case 'Select':
      case 'Query':
      case 'Join':
      case 'Table':
        return this.runDataOperation(name, action, frame, record);
      case 'ParseJson':
        return this.runParseJson(name, action, frame, record);
      case 'Response':
        return this.runResponse(name, action, frame, record);
      case 'Wait':
        return this.runWait(name, action, frame, record);
      case 'Expression':
        return this.runDateExpression(name, action, frame, record);
      case 'Workflow':
        return this.runChildFlow(name, action, frame, record);
      case 'Http':
        return this.runHttp(name, action, frame, record);
      case 'OpenApiConnection':
      case 'OpenApiConnectionWebhook':
        return this.runConnector(name, action, frame, record);
      default:
        throw new RunAbort(
          `action type '${action.type}'`,
          name,
          `The flow runner does not implement the action type '${action.type}'.`,
        );
    }
  }

  private finishContainer(record: ActionRecord, records: ActionRecord[], status: ActionStatus): void {
    record.actions = records;
    record.requests = 1 + records.reduce((n, r) => n + r.requests, 0);
    record.status = status;
    if (status === 'Failed') {
      record.code = 'ActionFailed';
      record.error = { code: 'ActionFailed', message: failedMessage };
    } else if (status === 'TimedOut') {
      record.code = 'ActionTimedOut';
      record.error = {
        code: 'ActionTimedOut',
        message: 'An action timed out. No dependent actions succeeded.',
      };
    }
  }

  // ---------------------------------------------------------------- variables (VARS)
  private initializeVariable(
    name: string,
    action: ActionDefinition,
    frame: Frame,
    record: ActionRecord,
  ): void {
    const inputs = asObject(action.inputs);
    const list = inputs.variables;
    if (!Array.isArray(list) || list.length !== 1) {
      throw new ActionFailure(
        'InvalidTemplate',
        `Action '${name}' must initialize exactly one variable in inputs.variables.`,
      );
    }
    const spec = asObject(list[0]);
    const varName = String(spec.name ?? '');
    const type = parseTypeName(String(spec.type ?? ''));
    if (!Object.prototype.hasOwnProperty.call(variableDefaults, type)) {
      throw new ActionFailure(
        'InvalidTemplate',
        `Action '${name}': variable type '${String(spec.type)}' is not one of string, integer, float, boolean, array, object.`,
      );
    }
    if (this.variables.has(varName)) {
      throw new ActionFailure(
        'InvalidTemplate',
        `Action '${name}': the variable '${varName}' is already initialized.`,
      );
    }
    let value =
      spec.value === undefined ? cloneValue(variableDefaults[type]!) : this.evaluate(spec.value, frame, name);
    if (type === 'Float' && isInteger(value)) value = makeFloat(Number(value));
    this.checkVariableType(name, varName, type, value);
    this.variables.set(varName, { type, value });
    record.inputs = { variables: [{ name: varName, type: String(spec.type), value }] };
  }

  private checkVariableType(actionName: string, varName: string, type: string, value: WdlValue): void {
    if (!valueFitsType(type, value)) {
      throw new ActionFailure(
        'InvalidTemplate',
        `Unable to process template language expressions in action '${actionName}' inputs at line '0' and column '0': 'The variable '${varName}' of type '${type}' cannot be initialized or updated with value of type '${typeName(value)}'. The variable '${varName}' only supports values of types '${type}'.'.`,
      );
    }
  }

  private changeVariable(name: string, action: ActionDefinition, frame: Frame, record: ActionRecord): void {
    const inputs = asObject(action.inputs);
    const varName = String(this.evaluate(inputs.name, frame, name) ?? '');
    const variable = this.variables.get(varName);
    if (!variable) {
      throw new ActionFailure(
        'InvalidTemplate',
        `Action '${name}': the variable '${varName}' has not been initialized.`,
      );
    }
    const hasValue = inputs.value !== undefined;
    const value = hasValue ? this.evaluate(inputs.value, frame, name) : undefined;
    record.inputs = hasValue ? { name: varName, value: value! } : { name: varName };
    switch (action.type) {
      case 'SetVariable': {
        if (!hasValue)
          throw new ActionFailure('InvalidTemplate', `Action '${name}': SetVariable needs a value.`);
        let v = value!;
        if (variable.type === 'Float' && isInteger(v)) v = makeFloat(Number(v));
        this.checkVariableType(name, varName, variable.type, v);
        variable.value = v;
        variable.growing = undefined;
        break;
      }
      case 'IncrementVariable':
      case 'DecrementVariable': {
        if (variable.type !== 'Integer' && variable.type !== 'Float') {
          throw new ActionFailure(
            'InvalidTemplate',
            `Action '${name}': the variable '${varName}' of type '${variable.type}' cannot be incremented or decremented; only Integer and Float variables can.`,
          );
        }
        const step = value ?? 1;
        if (!isNumber(step)) {
          throw new ActionFailure(
            'InvalidTemplate',
            `Action '${name}': the value must be a number, not of type '${typeName(step)}'.`,
          );
        }
        const sign = action.type === 'IncrementVariable' ? 1 : -1;
        const next = toJsNumber(variable.value as number) + sign * toJsNumber(step);
        variable.value = variable.type === 'Float' || !isInteger(step) ? makeFloat(next) : next;
        break;
      }
      case 'AppendToArrayVariable':
        if (variable.type !== 'Array') {
          throw new ActionFailure(
            'InvalidTemplate',
            `Action '${name}': the variable '${varName}' is of type '${variable.type}'; AppendToArrayVariable needs an Array variable.`,
          );
        }
        // Not a copy per append: the outputs below keep a snapshot of the variable in every history record.
        variable.growing ??= new AppendOnlyArray(variable.value as WdlValue[]);
        variable.value = variable.growing.append(value ?? null);
        break;
      case 'AppendToStringVariable':
        if (variable.type !== 'String') {
          throw new ActionFailure(
            'InvalidTemplate',
            `Action '${name}': the variable '${varName}' is of type '${variable.type}'; AppendToStringVariable needs a String variable.`,
          );
        }
        variable.value = `${stringify(variable.value)}${stringify(value ?? null)}`;
        break;
    }
    record.outputs = { body: { name: varName, value: variable.value } };
  }

  // ---------------------------------------------------------------- conditions (ACTREF If)
  evaluateCondition(expression: unknown, frame: Frame, actionName: string): boolean {
    if (typeof expression === 'string') {
      const value = this.evaluate(expression, frame, actionName, 'expression');
      if (typeof value !== 'boolean') {
        throw new ActionFailure(
          'InvalidTemplate',
          `Unable to process template language expressions for action '${actionName}' at line '0' and column '0': 'The expression must evaluate to a boolean; it evaluated to a value of type '${typeName(value)}'.'.`,
        );
      }
      return value;
    }
    if (typeof expression === 'boolean') return expression;
    const node = asObject(expression);
    const keys = Object.keys(node);
    if (keys.length !== 1) {
      throw new ActionFailure(
        'InvalidTemplate',
        `Action '${actionName}': a condition object must have exactly one operator, found '${keys.join(', ')}'.`,
      );
    }
    const op = keys[0]!;
    const operand = node[op];
    switch (op.toLowerCase()) {
      case 'and':
      case 'or': {
        if (!Array.isArray(operand))
          throw new ActionFailure(
            'InvalidTemplate',
            `Action '${actionName}': '${op}' needs an array of conditions.`,
          );
        const results = operand.map((c) => this.evaluateCondition(c, frame, actionName));
        return op.toLowerCase() === 'and' ? results.every(Boolean) : results.some(Boolean);
      }
      case 'not':
        return !this.evaluateCondition(operand, frame, actionName);
      default: {
        const fn = lookupFunction(op);
        const allowed = [
          'equals',
          'greater',
          'greaterorequals',
          'less',
          'lessorequals',
          'contains',
          'startswith',
          'endswith',
        ];
        if (!fn || !allowed.includes(op.toLowerCase())) {
          throw new RunAbort(
            `condition operator '${op}'`,
            actionName,
            `The flow runner does not implement the condition operator '${op}'.`,
          );
        }
        if (!Array.isArray(operand) || operand.length !== 2) {
          throw new ActionFailure('InvalidTemplate', `Action '${actionName}': '${op}' needs two operands.`);
        }
        const args = operand.map((o) => this.evaluate(o, frame, actionName, 'expression'));
        try {
          const result = fn.impl(args, { ...this.context(frame, { name: actionName }), name: fn.name });
          return result === true;
        } catch (e) {
          throw this.wrapExpressionError(e, actionName, 'expression');
        }
      }
    }
  }

  private async runIf(
    name: string,
    action: ActionDefinition,
    frame: Frame,
    record: ActionRecord,
  ): Promise<void> {
    const result = this.evaluateCondition(action.expression, frame, name);
    record.inputs = { expressionResult: result };
    record.branch = result ? 'actions' : 'else';
    const taken = result ? action.actions : action.else?.actions;
    const other = result ? action.else?.actions : action.actions;
    const skipped = this.skipBranch(other);
    const { records, status } = await this.runContainer(taken ?? {}, frame);
    this.finishContainer(record, result ? [...records, ...skipped] : [...skipped, ...records], status);
  }

  private async runSwitch(
    name: string,
    action: ActionDefinition,
    frame: Frame,
    record: ActionRecord,
  ): Promise<void> {
    const value = this.evaluate(action.expression, frame, name, 'expression');
    if (typeof value !== 'string' && !isInteger(value)) {
      throw new ActionFailure(
        'InvalidTemplate',
        `The execution of template action '${name}' failed: the result of the evaluation of 'expression' is of type '${typeName(value)}'; a Switch needs a String or Integer.`,
      );
    }
    const cases = Object.entries(action.cases ?? {});
    const chosen = cases.find(([, c]) => wdlEquals(this.evaluate(c.case, frame, name, 'expression'), value));
    record.inputs = { expressionResult: value };
    record.branch = chosen ? chosen[0] : 'default';
    const all: ActionRecord[] = [];
    let status: ActionStatus = 'Succeeded';
    for (const [caseName, c] of cases) {
      if (chosen && chosen[0] === caseName) {
        const r = await this.runContainer(c.actions ?? {}, frame);
        all.push(...r.records);
        status = r.status;
      } else {
        all.push(...this.skipBranch(c.actions));
      }
    }
    if (chosen) all.push(...this.skipBranch(action.default?.actions));
    else {
      const r = await this.runContainer(action.default?.actions ?? {}, frame);
      all.push(...r.records);
      status = r.status;
    }
    this.finishContainer(record, all, status);
  }

  // ---------------------------------------------------------------- loops
  private async runForeach(
    name: string,
    action: ActionDefinition,
    frame: Frame,
    record: ActionRecord,
  ): Promise<void> {
    const items = this.evaluate(action.foreach, frame, name, 'foreach');
    if (!Array.isArray(items)) {
      throw new ActionFailure(
        'InvalidTemplate',
        `The execution of template action '${name}' failed: the result of the evaluation of 'foreach' expression '${String(action.foreach)}' is of type '${typeName(items)}'. The result must be a valid array.`,
      );
    }
    const max = this.options.maxForeachItems ?? 100000;
    if (items.length > max) {
      throw new ActionFailure(
        'InvalidTemplate',
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
      while (next < items.length && !this.terminated && !this.aborted) {
        const index = next++;
        const iterationFrame = new Frame(frame, { name, kind: 'Foreach', item: items[index]!, index });
        const { records, status } = await this.runContainer(action.actions ?? {}, iterationFrame);
        repetitions[index] = { index, item: items[index]!, status, actions: records };
      }
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), items.length) }, worker));
    const done = repetitions.filter(Boolean);
    record.repetitions = done;
    record.requests = 1 + done.reduce((n, r) => n + r.actions.reduce((m, a) => m + a.requests, 0), 0);
    const failed = done.some((r) => r.status === 'Failed');
    const timedOut = done.some((r) => r.status === 'TimedOut');
    record.status = failed ? 'Failed' : timedOut ? 'TimedOut' : 'Succeeded';
    if (failed) {
      record.code = 'ActionFailed';
      record.error = { code: 'ActionFailed', message: failedMessage };
    }
  }

  private async runUntil(
    name: string,
    action: ActionDefinition,
    frame: Frame,
    record: ActionRecord,
  ): Promise<void> {
    const limit = asObject(this.evaluate(action.limit ?? {}, frame, name, 'limit'));
    const count = limit.count === undefined || limit.count === null ? 60 : Number(limit.count);
    if (!Number.isInteger(count) || count < 1 || count > 5000) {
      throw new ActionFailure(
        'InvalidTemplate',
        `Action '${name}': limit.count must be an integer from 1 to 5000, not '${String(limit.count)}'.`,
      );
    }
    const timeoutText =
      limit.timeout === undefined || limit.timeout === null ? 'PT1H' : String(limit.timeout);
    const timeoutMs = parseDuration(timeoutText);
    if (timeoutMs === undefined) {
      throw new ActionFailure(
        'InvalidTemplate',
        `Action '${name}': limit.timeout '${timeoutText}' is not an ISO 8601 duration.`,
      );
    }
    const start = this.clock.now().getTime();
    const repetitions: Repetition[] = [];
    let conditionMet = false;
    let limitHit: string | undefined;
    for (let index = 0; !this.terminated && !this.aborted; index++) {
      const iterationFrame = new Frame(frame, { name, kind: 'Until', index });
      const { records, status } = await this.runContainer(action.actions ?? {}, iterationFrame);
      repetitions.push({ index, status, actions: records });
      // Do-until: the condition is checked after each iteration (ACTREF Until). A failed iteration does not stop the
      // loop [unverified; makers report loops continuing after failures].
      conditionMet = this.evaluateCondition(action.expression, iterationFrame, name);
      if (conditionMet) break;
      if (index + 1 >= count) {
        limitHit = `count ${count}`;
        break;
      }
      if (this.clock.now().getTime() - start >= timeoutMs) {
        limitHit = `timeout ${timeoutText}`;
        break;
      }
    }
    record.inputs = { limit: { count, timeout: timeoutText } };
    record.outputs = undefined;
    record.repetitions = repetitions;
    record.requests = 1 + repetitions.reduce((n, r) => n + r.actions.reduce((m, a) => m + a.requests, 0), 0);
    const last = repetitions[repetitions.length - 1];
    if (last?.status === 'Failed') {
      record.status = 'Failed';
      record.code = 'ActionFailed';
      record.error = { code: 'ActionFailed', message: failedMessage };
    } else if (limitHit && /\bFailWhenLimitsReached\b/i.test(action.operationOptions ?? '')) {
      record.status = 'TimedOut';
      record.code = 'ActionTimedOut';
      record.error = {
        code: 'ActionTimedOut',
        message: `The Until loop '${name}' reached its limit (${limitHit}) before its condition was met.`,
      };
    } else if (limitHit) {
      record.code = 'OK';
    }
  }

  private runTerminate(name: string, action: ActionDefinition, frame: Frame, record: ActionRecord): void {
    const inputs = asObject(this.evaluate(action.inputs, frame, name));
    const status = String(inputs.runStatus ?? '');
    const allowed: RunStatus[] = ['Succeeded', 'Failed', 'Cancelled'];
    const runStatus = allowed.find((s) => s.toLowerCase() === status.toLowerCase());
    if (!runStatus) {
      throw new ActionFailure(
        'InvalidTemplate',
        `Action '${name}': runStatus must be Succeeded, Failed or Cancelled, not '${status}'.`,
      );
    }
    record.inputs = inputs as WdlValue;
    let error: RunError | undefined;
    if (runStatus === 'Failed') {
      const runError = asObject(inputs.runError);
      error = {
        code:
          runError.code === undefined || runError.code === null
            ? 'Terminated'
            : stringify(runError.code as WdlValue),
        message:
          runError.message === undefined || runError.message === null
            ? 'Terminated'
            : stringify(runError.message as WdlValue),
      };
    }
    this.terminated = { status: runStatus, error, by: name };
  }

  // ---------------------------------------------------------------- data operations (ACTREF)
  private arrayInput(name: string, kind: string, value: WdlValue): WdlValue[] {
    if (!Array.isArray(value)) {
      throw new ActionFailure(
        'InvalidTemplate',
        `The 'from' property value in the '${kind.toLowerCase()}' action inputs is of type '${typeName(value)}'. The value must be an array.`,
      );
    }
    return value;
  }

  private runDataOperation(name: string, action: ActionDefinition, frame: Frame, record: ActionRecord): void {
    const inputs = asObject(action.inputs);
    const from = this.arrayInput(name, action.type, this.evaluate(inputs.from, frame, name));
    const perItem = (index: number, item: WdlValue) =>
      new Frame(frame, { name, kind: action.type as LoopInfo['kind'], item, index });
    let body: WdlValue;
    switch (action.type) {
      case 'Select':
        body = from.map((item, i) => this.evaluate(inputs.select, perItem(i, item), name));
        break;
      case 'Query':
        body = from.filter((item, i) => {
          const keep = this.evaluate(inputs.where, perItem(i, item), name);
          if (typeof keep !== 'boolean') {
            throw new ActionFailure(
              'InvalidTemplate',
              `The 'where' expression of action '${name}' must evaluate to a boolean, not '${typeName(keep)}'.`,
            );
          }
          return keep;
        });
        break;
      case 'Join': {
        const delimiter = this.evaluate(inputs.joinWith, frame, name);
        if (typeof delimiter !== 'string')
          throw new ActionFailure('InvalidTemplate', `Action '${name}': joinWith must be a string.`);
        body = from.map((v) => stringify(v)).join(delimiter);
        break;
      }
      default:
        body = this.table(name, inputs, from, perItem, frame);
    }
    record.inputs = {
      from,
      ...(action.type === 'Join' ? { joinWith: this.evaluate(inputs.joinWith, frame, name) } : {}),
    };
    record.outputs = { body };
  }

  private table(
    name: string,
    inputs: Record<string, unknown>,
    from: WdlValue[],
    perItem: (index: number, item: WdlValue) => Frame,
    frame: Frame,
  ): string {
    const format = String(this.evaluate(inputs.format, frame, name) ?? '').toUpperCase();
    if (format !== 'CSV' && format !== 'HTML')
      throw new ActionFailure('InvalidTemplate', `Action '${name}': format must be CSV or HTML.`);
    let headers: string[];
    let rows: WdlValue[][];
    if (Array.isArray(inputs.columns)) {
      const columns = inputs.columns.map((c) => asObject(c));
      headers = columns.map((c) => stringify(this.evaluate(c.header ?? '', frame, name)));
      rows = from.map((item, i) => columns.map((c) => this.evaluate(c.value, perItem(i, item), name)));
    } else {
      const first = from.find((r) => isObject(r)) as WdlObject | undefined;
      headers = first ? Object.keys(first) : [];
      rows = from.map((r) => headers.map((h) => (isObject(r) ? (r[h] ?? null) : null)));
    }
    if (format === 'CSV') {
      const cell = (v: WdlValue) => {
        const t = stringify(v);
        return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
      };
      return [headers.map(cell).join(','), ...rows.map((r) => r.map(cell).join(','))].join('\r\n') + '\r\n';
    }
    const esc = (v: WdlValue) =>
      stringify(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    return `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  }

  private static parseJsonAjv?: Ajv;

  private runParseJson(name: string, action: ActionDefinition, frame: Frame, record: ActionRecord): void {
    const inputs = asObject(action.inputs);
    let content = this.evaluate(inputs.content, frame, name);
    if (typeof content === 'string') {
      try {
        content = fromJson(JSON.parse(content.replace(/^\uFEFF/, '')));
      } catch {
        throw new ActionFailure('InvalidJSON', `Action '${name}': the content is not valid JSON.`);
      }
    }
    const schema = this.evaluate(inputs.schema ?? {}, frame, name);
    record.inputs = { content, schema };
    FlowRun.parseJsonAjv ??= new Ajv({
      allErrors: true,
      strict: false,
      validateFormats: false,
      logger: false,
    });
    let validate;
    try {
      validate = FlowRun.parseJsonAjv.compile(toPlainJson(schema) as object);
    } catch (e) {
      throw new ActionFailure(
        'InvalidTemplate',
        `Action '${name}': the schema is not a valid JSON schema: ${(e as Error).message}`,
      );
    }
    if (!validate(toPlainJson(content))) {
      const details = (validate.errors ?? []).map((e) => parseJsonError(e, toPlainJson(content)));
      // ParseJson fails with ValidationFailed and lists the schema errors (PA run history) [unverified exact shape].
      throw new ActionFailure('ValidationFailed', 'The schema validation failed.', 'Failed', {
        outputs: { errors: details as unknown as WdlValue },
      });
    }
    record.outputs = { body: content };
  }

  private runResponse(name: string, action: ActionDefinition, frame: Frame, record: ActionRecord): void {
    const inputs = asObject(this.evaluate(action.inputs, frame, name));
    const statusCode = inputs.statusCode === undefined ? 200 : Number(inputs.statusCode);
    if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
      throw new ActionFailure(
        'InvalidTemplate',
        `Action '${name}': statusCode '${String(inputs.statusCode)}' is not an HTTP status code.`,
      );
    }
    if (this.response) {
      throw new ActionFailure(
        'ActionResponseAlreadySent',
        `Action '${name}': a response was already sent by another Response action.`,
      );
    }
    this.response = {
      statusCode,
      headers: (inputs.headers ?? undefined) as WdlValue | undefined,
      body: (inputs.body ?? undefined) as WdlValue | undefined,
    };
    record.inputs = inputs as WdlValue;
    record.outputs = {
      statusCode,
      headers: (inputs.headers ?? {}) as WdlValue,
      body: (inputs.body ?? null) as WdlValue,
    };
  }

  private async runWait(
    name: string,
    action: ActionDefinition,
    frame: Frame,
    record: ActionRecord,
  ): Promise<void> {
    const inputs = asObject(this.evaluate(action.inputs, frame, name));
    record.inputs = inputs as WdlValue;
    const interval = asObject(inputs.interval);
    if (inputs.interval) {
      const unitMs: Record<string, number> = {
        second: 1000,
        minute: 60000,
        hour: 3600000,
        day: 86400000,
        week: 604800000,
        month: 2592000000,
      };
      const per = unitMs[String(interval.unit ?? '').toLowerCase()];
      const count = Number(interval.count);
      if (!per || !Number.isFinite(count)) {
        throw new ActionFailure(
          'InvalidTemplate',
          `Action '${name}': interval needs a count and a unit (Second, Minute, Hour, Day, Week, Month).`,
        );
      }
      await this.clock.sleep(count * per);
      return;
    }
    const until = asObject(inputs.until);
    if (typeof until.timestamp === 'string') {
      const at = Date.parse(until.timestamp);
      if (Number.isNaN(at))
        throw new ActionFailure('InvalidTemplate', `Action '${name}': until.timestamp is not a time.`);
      await this.clock.sleep(Math.max(0, at - this.clock.now().getTime()));
      return;
    }
    throw new ActionFailure(
      'InvalidTemplate',
      `Action '${name}': a Wait needs inputs.interval or inputs.until.`,
    );
  }

  private runDateExpression(
    name: string,
    action: ActionDefinition,
    frame: Frame,
    record: ActionRecord,
  ): void {
    const inputs = asObject(this.evaluate(action.inputs ?? {}, frame, name));
    record.inputs = inputs as WdlValue;
    const call = (fn: string, args: WdlValue[]) => {
      const def = lookupFunction(fn)!;
      try {
        return def.impl(args, { ...this.context(frame, { name }), name: fn });
      } catch (e) {
        throw this.wrapExpressionError(e, name, 'inputs');
      }
    };
    const v = (k: string) => (inputs[k] ?? null) as WdlValue;
    const fmt = inputs.formatString === undefined ? [] : [v('formatString')];
    const intervalOf = () => {
      const i = v('interval');
      return typeof i === 'string' && /^-?\d+$/.test(i) ? Number(i) : i;
    };
    let body: WdlValue;
    switch ((action.kind ?? '').toLowerCase()) {
      case 'currenttime':
        body = call('utcNow', []);
        break;
      case 'getfuturetime':
        body = call('getFutureTime', [intervalOf(), v('timeUnit'), ...fmt]);
        break;
      case 'getpasttime':
        body = call('getPastTime', [intervalOf(), v('timeUnit'), ...fmt]);
        break;
      case 'addtotime':
        body = call('addToTime', [v('baseTime'), intervalOf(), v('timeUnit'), ...fmt]);
        break;
      case 'subtractfromtime':
        body = call('subtractFromTime', [v('baseTime'), intervalOf(), v('timeUnit'), ...fmt]);
        break;
      case 'converttimezone':
        body = call('convertTimeZone', [
          v('baseTime'),
          v('sourceTimeZone'),
          v('destinationTimeZone'),
          ...fmt,
        ]);
        break;
      default:
        throw new RunAbort(
          `Expression action kind '${action.kind}'`,
          name,
          `The flow runner does not implement the Expression action kind '${action.kind}'.`,
        );
    }
    record.outputs = { body };
  }

  // ---------------------------------------------------------------- calls with retries
  private async withRetries(
    name: string,
    rawPolicy: unknown,
    attemptFn: () => Promise<ConnectorResponse>,
  ): Promise<{ response: ConnectorResponse; attempts: Attempt[]; extraRequests: number }> {
    const policy = resolveRetryPolicy(rawPolicy, this.options.defaultRetryCount ?? 4);
    const attempts: Attempt[] = [];
    let extra = 0;
    for (let attempt = 1; ; attempt++) {
      const startTime = this.nowIso();
      let response: ConnectorResponse;
      try {
        response = await attemptFn();
      } catch (e) {
        // Not connectivity: a missing connector or connection, or a construct the runner lacks, stops the run.
        if (
          e instanceof ConnectorNotFoundError ||
          e instanceof RunAbort ||
          e instanceof NotImplementedError ||
          e instanceof FlowConfigurationError
        )
          throw e;
        // A thrown error is a connectivity failure: retryable like a 5xx.
        response = {
          statusCode: 502,
          body: { error: { code: 'BadGateway', message: (e as Error).message } },
        };
        attempts.push({
          attempt,
          startTime,
          endTime: this.nowIso(),
          statusCode: 502,
          error: (e as Error).message,
        });
      }
      if (attempts.length < attempt)
        attempts.push({ attempt, startTime, endTime: this.nowIso(), statusCode: response.statusCode });
      extra += response.extraRequests ?? 0;
      const canRetry =
        isRetryableStatus(response.statusCode) &&
        !response.timedOut &&
        attempt <= policy.count &&
        policy.type !== 'none';
      if (!canRetry) return { response, attempts, extraRequests: extra };
      const headers = Object.fromEntries(
        Object.entries(response.headers ?? {}).map(([k, val]) => [k.toLowerCase(), val]),
      );
      const wait = retryDelay(
        policy,
        attempt,
        this.random,
        parseRetryAfter(headers['retry-after'], this.clock.now()),
      );
      attempts[attempts.length - 1]!.retryAfterMs = wait;
      void name;
      await this.clock.sleep(wait);
    }
  }

  private applyResponse(
    record: ActionRecord,
    response: ConnectorResponse,
    attempts: Attempt[],
    extra: number,
  ): void {
    record.attempts = attempts;
    record.requests = attempts.length + extra;
    const body = fromJson(response.body);
    record.outputs = { statusCode: response.statusCode, headers: fromJson(response.headers ?? {}), body };
    if (response.timedOut) {
      record.status = 'TimedOut';
      record.code = 'ActionTimedOut';
      record.error = {
        code: 'ActionTimedOut',
        message: `The action '${record.name}' timed out waiting for its callback.`,
      };
      return;
    }
    record.code = statusCodeName(response.statusCode);
    if (response.statusCode >= 400) {
      record.status = 'Failed';
      const err = isObject(body) && isObject(body.error) ? body.error : undefined;
      const message =
        err && typeof err.message === 'string'
          ? err.message
          : typeof body === 'string'
            ? body
            : stringify(body) || `The service returned status ${response.statusCode}.`;
      record.error = { code: record.code, message };
    }
  }

  private async runConnector(
    name: string,
    action: ActionDefinition,
    frame: Frame,
    record: ActionRecord,
  ): Promise<void> {
    const inputs = asObject(action.inputs);
    const host = asObject(inputs.host);
    const connectionName = String(host.connectionName ?? asObject(host.connection).name ?? '');
    const operationId = String(host.operationId ?? '');
    if (!operationId)
      throw new ActionFailure('InvalidTemplate', `Action '${name}': inputs.host.operationId is missing.`);
    const reference = this.flow.connectionReferences[connectionName];
    const parameters = this.evaluate(inputs.parameters ?? {}, frame, name);
    const retryPolicy =
      inputs.retryPolicy === undefined
        ? undefined
        : toPlainJson(this.evaluate(inputs.retryPolicy, frame, name));
    const logical = reference?.connection?.connectionReferenceLogicalName;
    const apiId =
      typeof host.apiId === 'string' && host.apiId ? host.apiId : (reference?.id as string | undefined);
    record.inputs = { host: { connectionName, operationId, apiId: apiId ?? null }, parameters };
    const connector = this.options.connector;
    const minItems = action.runtimeConfiguration?.paginationPolicy?.minimumItemCount;
    const call = {
      connectionName,
      connectionReferenceLogicalName: logical,
      apiId,
      apiName: reference?.api?.name ?? apiId?.split('/').pop(),
      apiLogicalName: reference?.api?.logicalName,
      operationId,
      parameters: toPlainJson(parameters) as Record<string, unknown>,
      authentication: inputs.authentication,
      retryPolicy,
      pagination: typeof minItems === 'number' ? { minimumItemCount: minItems } : undefined,
      actionName: name,
      mode: action.type === 'OpenApiConnectionWebhook' ? ('webhook' as const) : ('action' as const),
      limitTimeout: typeof action.limit?.timeout === 'string' ? action.limit.timeout : undefined,
      connectionId: logical ? this.options.connectionReferences?.[logical]?.connectionId : undefined,
    };
    if (!connector) throw new ConnectorNotFoundError(call);
    const { response, attempts, extraRequests } = await this.withRetries(name, retryPolicy, () =>
      connector(call),
    );
    this.applyResponse(record, response, attempts, extraRequests);
  }

  private async runHttp(
    name: string,
    action: ActionDefinition,
    frame: Frame,
    record: ActionRecord,
  ): Promise<void> {
    const inputs = asObject(this.evaluate(action.inputs, frame, name));
    const uri = String(inputs.uri ?? '');
    let url: URL;
    try {
      url = new URL(uri);
      const queries = asObject(inputs.queries);
      for (const [k, v] of Object.entries(queries)) url.searchParams.set(k, stringify(v as WdlValue));
    } catch {
      throw new ActionFailure('InvalidTemplate', `Action '${name}': uri '${uri}' is not an absolute URI.`);
    }
    const allowed = this.options.httpHosts ?? ['127.0.0.1', 'localhost', '[::1]'];
    if (!allowed.includes(url.hostname)) {
      throw new RunAbort(
        `Http action to host '${url.hostname}'`,
        name,
        `The flow runner only calls 127.0.0.1/localhost offline; action '${name}' calls '${url.hostname}'.`,
      );
    }
    record.inputs = inputs as WdlValue;
    const method = String(inputs.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(asObject(inputs.headers))) headers[k] = stringify(v as WdlValue);
    let body: string | undefined;
    if (inputs.body !== undefined && method !== 'GET' && method !== 'HEAD') {
      body =
        typeof inputs.body === 'string' ? inputs.body : JSON.stringify(toPlainJson(inputs.body as WdlValue));
      if (
        typeof inputs.body !== 'string' &&
        !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
      ) {
        headers['Content-Type'] = 'application/json';
      }
    }
    const { response, attempts, extraRequests } = await this.withRetries(
      name,
      inputs.retryPolicy,
      async () => {
        const res = await fetch(url, { method, headers, body });
        const text = await res.text();
        const responseHeaders: Record<string, string> = {};
        res.headers.forEach((v, k) => (responseHeaders[k] = v));
        let parsed: unknown = text;
        if (/json/i.test(res.headers.get('content-type') ?? '') && text) {
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = text;
          }
        }
        return { statusCode: res.status, headers: responseHeaders, body: text === '' ? undefined : parsed };
      },
    );
    this.applyResponse(record, response, attempts, extraRequests);
  }

  private async runChildFlow(
    name: string,
    action: ActionDefinition,
    frame: Frame,
    record: ActionRecord,
  ): Promise<void> {
    const inputs = asObject(this.evaluate(action.inputs, frame, name));
    const host = asObject(inputs.host);
    const id = String(host.workflowReferenceName ?? asObject(host.workflow).id ?? '').toLowerCase();
    const child = this.options.childFlows?.[id];
    if (!child) {
      throw new RunAbort(
        `child flow '${id}'`,
        name,
        `The child flow '${id}' called by action '${name}' is not in the child-flow registry of this run.`,
      );
    }
    if ((this.options.depth ?? 0) >= 8) {
      throw new ActionFailure(
        'WorkflowNestingTooDeep',
        `Action '${name}': child flows are nested more than 8 deep.`,
      );
    }
    record.inputs = { host: { workflowReferenceName: id }, body: (inputs.body ?? null) as WdlValue };
    const run = await runFlow(child, {
      ...this.options,
      runId: undefined,
      seed: Math.floor(this.random() * 2 ** 31),
      trigger: {
        body: toPlainJson((inputs.body ?? {}) as WdlValue),
        headers: asObject(inputs.headers) as Record<string, string>,
      },
      clock: this.clock,
      depth: (this.options.depth ?? 0) + 1,
    });
    record.childRun = run;
    record.requests = 1 + run.requests;
    if (run.notImplemented) {
      throw new RunAbort(
        run.notImplemented.construct,
        `${name} → ${run.notImplemented.action}`,
        run.error?.message ?? '',
      );
    }
    if (run.response) {
      // The child's "Respond to a PowerApp or flow" output; exports read it as outputs(...)?['Body'] (flow-runner.md §6).
      record.outputs = {
        statusCode: run.response.statusCode,
        headers: run.response.headers ?? {},
        body: run.response.body ?? null,
      };
      record.code = statusCodeName(run.response.statusCode);
      if (run.response.statusCode >= 400) {
        record.status = 'Failed';
        record.error = { code: record.code, message: stringify(run.response.body ?? null) };
      }
      return;
    }
    if (run.status !== 'Succeeded') {
      record.status = 'Failed';
      record.code = 'ChildFlowFailed';
      record.error = run.error ?? { code: 'ChildFlowFailed', message: `The child flow ended ${run.status}.` };
      return;
    }
    record.outputs = {};
  }
}

const jsonSchemaTypeNames: Record<string, string> = {
  string: 'String',
  number: 'Float',
  integer: 'Integer',
  boolean: 'Boolean',
  object: 'Object',
  array: 'Array',
  null: 'Null',
};

/**
 * A ParseJson schema error in the shape Power Automate's run history shows (Newtonsoft.Json.Schema validation errors:
 * "Invalid type. Expected String but got Null.", "Required properties are missing from object: x.") [3p-observed
 * wording; unverified beyond type and required].
 */
function parseJsonError(e: ErrorObject, content: unknown): Record<string, unknown> {
  const segments = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const value = segments.reduce<unknown>(
    (node, seg) => (node as Record<string, unknown> | undefined)?.[seg],
    content,
  );
  const path = segments.reduce(
    (p, seg) => (/^\d+$/.test(seg) ? `${p}[${seg}]` : p ? `${p}.${seg}` : seg),
    '',
  );
  const actualType =
    value === null
      ? 'Null'
      : Array.isArray(value)
        ? 'Array'
        : (jsonSchemaTypeNames[typeof value] ?? 'Object');
  let message = e.message ?? e.keyword;
  let errorType = e.keyword;
  if (e.keyword === 'type') {
    const expected = ([] as string[])
      .concat(e.params.type as string | string[])
      .map((t) => jsonSchemaTypeNames[t] ?? t);
    message = `Invalid type. Expected ${expected.join(', ')} but got ${actualType === 'Float' && Number.isInteger(value) ? 'Integer' : actualType}.`;
  } else if (e.keyword === 'required') {
    message = `Required properties are missing from object: ${String(e.params.missingProperty)}.`;
  } else if (e.keyword === 'enum') {
    message = `Value ${JSON.stringify(value)} is not defined in enum.`;
  } else {
    errorType = e.keyword;
  }
  return {
    message,
    lineNumber: 0,
    linePosition: 0,
    path,
    value: e.keyword === 'required' ? null : (value ?? null),
    schemaId: `#${e.schemaPath.replace(/^#/, '').replace(/\/(type|required|enum)$/, '')}`,
    errorType,
    childErrors: [],
  };
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
    return preds
      .map((p) => effective(p, seen))
      .reduce<ActionStatus>((worst, s) => (severity[s]! > severity[worst]! ? s : worst), 'Succeeded');
  };
  const terminal = Object.keys(actions).filter((n) => !referenced.has(n));
  const statuses = terminal.map((n) => effective(n, new Set()));
  if (statuses.some((s) => s === 'Failed' || s === 'Cancelled')) return 'Failed';
  if (statuses.some((s) => s === 'TimedOut')) return 'TimedOut';
  return 'Succeeded';
}

/**
 * The values of the definition's parameters for a run: `$connections` from the connection references (with the
 * connection ids an admin mapped), `$authentication` opaque, environment variables from the run configuration by
 * schema name (else the definition's default), converted to the parameter's type.
 */
export function resolveFlowParameters(flow: LoadedFlow, options: RunOptions): Map<string, WdlValue> {
  const out = new Map<string, WdlValue>();
  const run = { flow, parameters: out };
  const def = flow.definition.parameters ?? {};
  const env = options.environmentVariables ?? {};
  const given = options.parameters ?? {};
  const connections: WdlObject = {};
  for (const [key, ref] of Object.entries(run.flow.connectionReferences)) {
    const logical = ref.connection?.connectionReferenceLogicalName;
    connections[key] = {
      connectionId:
        (logical ? options.connectionReferences?.[logical]?.connectionId : undefined) ??
        ref.connectionName ??
        null,
      connectionName: ref.connectionName ?? key,
      id: ref.id ?? (ref.api?.name ? `/providers/Microsoft.PowerApps/apis/${ref.api.name}` : null),
    } as WdlObject;
  }
  for (const [name, p] of Object.entries(def)) {
    if (name === '$connections') {
      run.parameters.set(name, connections);
      continue;
    }
    if (name === '$authentication') {
      run.parameters.set(name, {});
      continue;
    }
    const schemaName = p.metadata?.schemaName;
    let value: unknown;
    if (schemaName !== undefined && env[schemaName] !== undefined) value = env[schemaName];
    else if (env[name] !== undefined) value = env[name];
    else if (given[name] !== undefined) value = given[name];
    else value = p.defaultValue;
    const label = schemaName
      ? `environment variable '${schemaName}' (parameter '${name}')`
      : `parameter '${name}'`;
    if (value === undefined) {
      throw new FlowConfigurationError(
        `The ${label} has no value in the run configuration and no default value in the flow.`,
      );
    }
    run.parameters.set(name, convertParameter(label, p.type, value));
  }
  return out;
}

function convertParameter(label: string, type: string, value: unknown): WdlValue {
  const t = type.toLowerCase();
  const fail = (): never => {
    throw new FlowConfigurationError(
      `The ${label} is of type ${type}; the value ${JSON.stringify(value)} does not fit.`,
    );
  };
  switch (t) {
    case 'string':
    case 'securestring':
      return typeof value === 'string' ? value : fail();
    case 'int':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
      return fail();
    case 'float':
      if (typeof value === 'number') return makeFloat(value);
      if (typeof value === 'string' && !Number.isNaN(Number(value))) return makeFloat(Number(value));
      return fail();
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      return fail();
    case 'array':
      return Array.isArray(value) ? fromJson(value) : fail();
    case 'object':
    case 'secureobject':
      return value !== null && typeof value === 'object' && !Array.isArray(value) ? fromJson(value) : fail();
    default:
      return fromJson(value);
  }
}

function triggerOutputsFor(
  run: FlowRun,
  name: string,
  trigger: TriggerDefinition,
  input: TriggerInput | undefined,
): WdlValue {
  if (input?.outputs !== undefined) return fromJson(input.outputs);
  switch (trigger.type) {
    case 'Request':
      return fromJson({
        headers: input?.headers ?? {},
        body: input?.body ?? {},
        ...(input?.queries ? { queries: input.queries } : {}),
      });
    case 'Recurrence':
      return fromJson({ headers: {}, body: null });
    case 'OpenApiConnectionWebhook':
    case 'OpenApiConnection':
    case 'OpenApiConnectionNotification':
      if (input?.body === undefined) {
        throw new FlowConfigurationError(
          `The flow starts with the connector trigger '${name}' (${trigger.type}); give the trigger's body (for a Dataverse trigger, the row) in the run configuration.`,
        );
      }
      return fromJson({ headers: input.headers ?? {}, body: input.body });
    default:
      throw new NotImplementedError(`trigger type '${trigger.type}'`);
  }
}

export interface LoadCheck {
  schemaIssues: string[];
  structureIssues: string[];
}

/** Schema and structure checks Power Automate makes on save; empty lists mean the flow loads. */
const checked = new WeakMap<LoadedFlow, { key: string; result: LoadCheck }>();

export function checkFlow(
  flow: LoadedFlow,
  options: Pick<RunOptions, 'validateSchema' | 'schemaPath'> = {},
): LoadCheck {
  // A loaded flow is not changed once loaded, so a child flow called in a loop is validated once.
  const key = `${options.validateSchema !== false}|${options.schemaPath ?? ''}`;
  const cachedCheck = checked.get(flow);
  if (cachedCheck?.key === key) return cachedCheck.result;
  const result: LoadCheck = {
    schemaIssues:
      options.validateSchema === false ? [] : validateAgainstSchema(flow.definition, options.schemaPath),
    structureIssues: validateStructure(flow.definition),
  };
  checked.set(flow, { key, result });
  return result;
}

/** Runs a flow once, offline, and returns its run history. */
export async function runFlow(flow: LoadedFlow, options: RunOptions = {}): Promise<RunResult> {
  const check = checkFlow(flow, options);
  if (check.schemaIssues.length || check.structureIssues.length) {
    throw new FlowLoadError(`The flow '${flow.name}' does not validate:`, [
      ...check.schemaIssues,
      ...check.structureIssues,
    ]);
  }
  const run = new FlowRun(flow, options);
  const elapsed = startStopwatch(run.clock);
  for (const [k, v] of resolveFlowParameters(flow, options)) run.parameters.set(k, v);
  const startTime = run.nowIso();
  const triggers = Object.entries(flow.definition.triggers ?? {});
  if (triggers.length === 0) throw new FlowConfigurationError(`The flow '${flow.name}' has no trigger.`);
  const [triggerName, trigger] = triggers[0]!;
  const result: RunResult = {
    flowName: flow.name,
    runId: run.runId,
    status: 'Succeeded',
    startTime,
    endTime: startTime,
    durationMs: 0,
    trigger: {
      name: triggerName,
      type: trigger.type,
      kind: trigger.kind,
      status: 'Succeeded',
      conditionsMet: true,
    },
    actions: [],
    requests: 1,
    variables: {},
  };
  const stop = (construct: string, action: string, message: string) => {
    result.status = 'Failed';
    result.notImplemented = { construct, action };
    result.error = { code: 'NotImplementedInRunner', message };
  };
  const root = new Frame();
  try {
    if (trigger.splitOn)
      throw new RunAbort(
        `trigger splitOn`,
        triggerName,
        'The flow runner does not implement splitOn triggers.',
      );
    let outputs: WdlValue;
    try {
      outputs = triggerOutputsFor(run, triggerName, trigger, options.trigger);
    } catch (e) {
      if (e instanceof NotImplementedError) throw new RunAbort(e.construct, triggerName, e.message);
      throw e;
    }
    const scheduled = options.trigger?.scheduledTime ?? startTime;
    run.triggerObject = {
      name: triggerName,
      inputs: fromJson(trigger.inputs ?? null),
      outputs,
      startTime: scheduled,
      endTime: scheduled,
      scheduledTime: scheduled,
      trackingId: run.trackingId(),
      clientTrackingId: run.runId,
      code: 'OK',
      status: 'Succeeded',
    };
    result.trigger.outputs = outputs;
    for (const condition of trigger.conditions ?? []) {
      let met: WdlValue;
      try {
        met = evaluateTemplateString(
          String(condition.expression),
          run.context(new Frame(), { name: triggerName }),
        );
      } catch (e) {
        if (e instanceof NotImplementedError) throw new RunAbort(e.construct, triggerName, e.message);
        if (e instanceof ExpressionError) met = false;
        else throw e;
      }
      if (met !== true) {
        result.status = 'NotTriggered';
        result.trigger.status = 'Skipped';
        result.trigger.conditionsMet = false;
        result.endTime = run.nowIso();
        result.durationMs = elapsed();
        return result;
      }
    }
    const { records, status } = await run.runContainer(flow.definition.actions ?? {}, root);
    result.actions = records;
    result.requests = 1 + records.reduce((n, r) => n + r.requests, 0);
    if (run.terminated) {
      result.status = run.terminated.status;
      if (run.terminated.error) result.error = run.terminated.error;
    } else {
      result.status = status === 'Succeeded' ? 'Succeeded' : 'Failed';
      if (result.status === 'Failed') result.error = { code: 'ActionFailed', message: failedMessage };
    }
  } catch (e) {
    if (!(e instanceof RunAbort)) throw e;
    stop(e.construct, e.action, e.message);
    // Keep the history of the top-level actions that finished before the stop.
    result.actions = Object.keys(flow.definition.actions ?? {})
      .map((n) => root.records.get(n))
      .filter((r): r is ActionRecord => r !== undefined);
    result.requests = 1 + result.actions.reduce((n, r) => n + r.requests, 0);
  }
  result.response = run.response;
  result.endTime = run.nowIso();
  result.durationMs = elapsed();
  result.variables = Object.fromEntries([...run.variables].map(([k, v]) => [k, v.value]));
  return result;
}
