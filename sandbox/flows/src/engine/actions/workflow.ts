import { stringify, toPlainJson, type WdlValue } from '../../expressions/values';
import { endWithError, statusCodeName } from '../action-status';
import { asObject } from '../as-object';
import type { LoadedFlow } from '../definition';
import type { FlowRun } from '../flow-run';
import { ActionFailure, RunAbort } from '../run-errors';
import type { ActionRecord, RunResult } from '../run-history';
import { handle, type ActionHandler } from './action-handler';

/** Child flows may call child flows, to this depth. */
const maxDepth = 8;

function childFlow(run: FlowRun, name: string, id: string): LoadedFlow {
  const child = run.options.childFlows?.[id];
  if (!child) {
    throw new RunAbort(
      `child flow '${id}'`,
      name,
      `The child flow '${id}' called by action '${name}' is not in the child-flow registry of this run.`,
    );
  }
  if ((run.options.depth ?? 0) >= maxDepth) {
    throw new ActionFailure(
      'WorkflowNestingTooDeep',
      `Action '${name}': child flows are nested more than 8 deep.`,
    );
  }
  return child;
}

/** The action's record from the child's run: its response if it sent one, else its outcome. */
function recordChildOutcome(record: ActionRecord, child: RunResult): void {
  if (child.response) {
    // The child's "Respond to a PowerApp or flow" output; exports read it as outputs(...)?['Body'] (flow-runner.md §6).
    record.outputs = {
      statusCode: child.response.statusCode,
      headers: child.response.headers ?? {},
      body: child.response.body ?? null,
    };
    record.code = statusCodeName(child.response.statusCode);
    if (child.response.statusCode >= 400) {
      endWithError(record, 'Failed', { code: record.code, message: stringify(child.response.body ?? null) });
    }
    return;
  }
  if (child.status !== 'Succeeded') {
    record.status = 'Failed';
    record.code = 'ChildFlowFailed';
    record.error = child.error ?? {
      code: 'ChildFlowFailed',
      message: `The child flow ended ${child.status}.`,
    };
    return;
  }
  record.outputs = {};
}

/** Run a Child Flow (ACTREF Workflow): runs the child from the run's registry and takes its response. */
export const workflowActions: ActionHandler[] = [
  handle('Workflow', async (run, { name, action, frame, record }) => {
    const inputs = asObject(run.evaluate(action.inputs, frame, name));
    const host = asObject(inputs.host);
    const id = String(host.workflowReferenceName ?? asObject(host.workflow).id ?? '').toLowerCase();
    const child = childFlow(run, name, id);
    record.inputs = { host: { workflowReferenceName: id }, body: (inputs.body ?? null) as WdlValue };
    const childRun = await run.runChildFlow(child, {
      ...run.options,
      runId: undefined,
      seed: Math.floor(run.random() * 2 ** 31),
      trigger: {
        body: toPlainJson((inputs.body ?? {}) as WdlValue),
        headers: asObject(inputs.headers) as Record<string, string>,
      },
      clock: run.clock,
      depth: (run.options.depth ?? 0) + 1,
    });
    record.childRun = childRun;
    record.requests = 1 + childRun.requests;
    if (childRun.notImplemented) {
      throw new RunAbort(
        childRun.notImplemented.construct,
        `${name} → ${childRun.notImplemented.action}`,
        childRun.error?.message ?? '',
      );
    }
    recordChildOutcome(record, childRun);
  }),
];
