import type { WorkflowState } from '../expressions/evaluator';
import { ExpressionError } from '../expressions/errors';
import type { WdlObject, WdlValue } from '../expressions/values';
import { worstStatus } from './action-status';
import type { FlowRun } from './flow-run';
import type { Frame } from './frame';
import type { ActionRecord } from './run-history';

/**
 * What the workflow functions (parameters(), variables(), actions(), item(), …) read of a run, seen from an action
 * running in `frame`.
 */
export function workflowState(
  run: FlowRun,
  frame: Frame,
  current?: { name: string; record?: () => WdlValue },
): WorkflowState {
  return {
    parameter: (name) => {
      if (!run.parameters.has(name)) {
        throw new ExpressionError(
          `The template language expression cannot be evaluated because the workflow parameter '${name}' is not found. Parameters defined: '${[...run.parameters.keys()].join(', ')}'.`,
        );
      }
      return run.parameters.get(name)!;
    },
    variable: (name) => {
      const v = run.variables.get(name);
      if (!v) {
        throw new ExpressionError(
          `The template language expression cannot be evaluated because the variable '${name}' has not been initialized (use an Initialize variable action first).`,
        );
      }
      return v.value;
    },
    trigger: () => run.triggerObject,
    action: (name) => actionResultByName(run, frame, name),
    currentAction: () => current?.record?.() ?? null,
    result: (name) => resultOf(run, frame, name),
    item: () => {
      const loop = enclosingLoop(frame, (l) => l.kind !== 'Until');
      if (loop) return loop.item ?? null;
      throw new ExpressionError(
        `The template language function 'item' can only be used inside a Foreach loop, or in the inputs of Select, Filter array (Query) and Table.`,
      );
    },
    items: (name) => {
      const loop = enclosingLoop(frame, (l) => l.kind === 'Foreach' && l.name === name);
      if (loop) return loop.item ?? null;
      throw new ExpressionError(
        `The template language function 'items' expects its parameter to be the name of an enclosing Foreach loop; '${name}' is not one.`,
      );
    },
    iterationIndexes: (name) => {
      const loop = enclosingLoop(
        frame,
        (l) => (l.kind === 'Until' || l.kind === 'Foreach') && l.name === name,
      );
      if (loop) return loop.index;
      throw new ExpressionError(
        `The template language function 'iterationIndexes' expects its parameter to be the name of an enclosing Until loop; '${name}' is not one.`,
      );
    },
    workflow: () => workflowObject(run),
    listCallbackUrl: () => `http://127.0.0.1/offline-callback/${run.runId}/${current?.name ?? 'trigger'}`,
  };
}

function enclosingLoop(frame: Frame, matches: (loop: NonNullable<Frame['loop']>) => boolean) {
  for (let f: Frame | undefined = frame; f; f = f.parent) {
    if (f.loop && matches(f.loop)) return f.loop;
  }
  return undefined;
}

function workflowObject(run: FlowRun): WdlValue {
  const id = run.options.workflow?.id ?? run.flow.workflowId ?? '00000000-0000-0000-0000-000000000000';
  const environmentName = run.options.workflow?.environmentName ?? 'offline-environment';
  return {
    id: `/providers/Microsoft.Flow/flows/${id}`,
    name: id,
    type: 'Microsoft.Flow/flows',
    location: 'offline',
    tags: {
      flowDisplayName: run.options.workflow?.displayName ?? run.flow.name,
      environmentName,
      logicAppName: id,
    },
    run: {
      id: `/providers/Microsoft.Flow/flows/${id}/runs/${run.runId}`,
      name: run.runId,
      type: 'Microsoft.Flow/flows/runs',
    },
  };
}

/** The record an action of this scope (or an enclosing one) left; else the latest run of that name anywhere. */
function findRecord(run: FlowRun, frame: Frame, name: string): ActionRecord | undefined {
  for (let f: Frame | undefined = frame; f; f = f.parent) {
    const r = f.records.get(name);
    if (r) return r;
  }
  return run.latest.get(name);
}

/** An action's result as actions('name') and result() show it. */
function actionResult(record: ActionRecord): WdlObject {
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

function actionResultByName(run: FlowRun, frame: Frame, name: string): WdlValue {
  const record = findRecord(run, frame, name);
  if (record) return actionResult(record);
  if (run.definitionNames.has(name)) {
    throw new ExpressionError(
      `The template language expression cannot be evaluated because the action '${name}' has not run yet in this scope; it can only be referenced after it ran (add it to runAfter).`,
    );
  }
  throw new ExpressionError(`The action '${name}' referenced by the expression is not defined in the flow.`);
}

function resultOf(run: FlowRun, frame: Frame, name: string): WdlValue {
  const record = findRecord(run, frame, name);
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
      return {
        name: inner,
        status: worstStatus(runs.map((r) => r.status)),
        outputs: runs.map((r) => actionResult(r)),
      } as WdlObject;
    });
  }
  if (record.actions) {
    const chosen = record.actions.filter((a) => !(a.status === 'Skipped' && a.code === 'BranchNotTaken'));
    return chosen.map((a) => actionResult(a));
  }
  throw new ExpressionError(
    `The template language function 'result' expects the name of a Scope, Foreach or Until action; '${name}' is a ${record.type}.`,
  );
}
