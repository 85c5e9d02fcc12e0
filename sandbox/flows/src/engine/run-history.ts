import type { WdlValue } from '../expressions/values';
import { jsonPreview, readHistoryJson, writeHistoryJson } from './history-json';
import { describeItemFailures } from './item-failures';
import { inRunOrder } from './run-order';

/** Action and run statuses (LogicAppUnit's ActionStatus / WorkflowRunStatus enums; flow-runner.md §3.2). */
export type ActionStatus = 'Succeeded' | 'Failed' | 'Skipped' | 'TimedOut' | 'Cancelled' | 'Aborted';
export type RunStatus = 'Succeeded' | 'Failed' | 'Cancelled' | 'NotTriggered';

export interface RunError {
  code: string;
  message: string;
}

export interface Attempt {
  attempt: number;
  startTime: string;
  endTime: string;
  statusCode?: number;
  error?: string;
  /** Wait before the next attempt (ms), when one followed. */
  retryAfterMs?: number;
}

export interface Repetition {
  index: number;
  item?: WdlValue;
  status: ActionStatus;
  actions: ActionRecord[];
}

/** How one `runAfter` predecessor ended, and the statuses the action needed from it. */
export interface RunAfterOutcome {
  action: string;
  status: ActionStatus;
  expected: string[];
}

export interface ActionRecord {
  name: string;
  type: string;
  kind?: string;
  status: ActionStatus;
  /** The HTTP-style code PA shows (OK, NotFound, ActionFailed, ActionSkipped, Terminated…). */
  code?: string;
  error?: RunError;
  inputs?: WdlValue;
  outputs?: WdlValue;
  startTime: string;
  endTime: string;
  /**
   * How long the action took (fractional ms): real time measured plus any time a virtual clock skipped for it
   * (`startStopwatch`). startTime/endTime are on the run's clock, which stands still between waits when virtual.
   */
  durationMs: number;
  /** Each `runAfter` predecessor's status when this action was due (absent for actions without runAfter). */
  runAfter?: RunAfterOutcome[];
  trackingId: string;
  clientTrackingId: string;
  attempts?: Attempt[];
  repetitions?: Repetition[];
  /** Inner actions of Scope / If / Switch, in definition order (branches not taken are Skipped). */
  actions?: ActionRecord[];
  /** The branch an If or Switch took ('actions', 'else', a case name or 'default'). */
  branch?: string;
  /** A child-flow call's own run. */
  childRun?: RunResult;
  /** Power Platform requests this action consumed (attempts, pages, inner actions and repetitions included). */
  requests: number;
  /** Set when secureData hides inputs/outputs in the history. */
  secured?: string[];
}

export interface RunResult {
  flowName: string;
  runId: string;
  status: RunStatus;
  error?: RunError;
  startTime: string;
  endTime: string;
  /** How long the run took: measured, as for actions. */
  durationMs: number;
  trigger: {
    name: string;
    type: string;
    kind?: string;
    status: 'Succeeded' | 'Skipped';
    outputs?: WdlValue;
    conditionsMet: boolean;
  };
  actions: ActionRecord[];
  /** The Response action's output, for Request-triggered flows. */
  response?: { statusCode: number; headers?: WdlValue; body?: WdlValue };
  /** Power Platform requests the run consumed: the trigger, every action execution, retry, page and loop iteration. */
  requests: number;
  /** Set when the run stopped on something the runner does not implement. */
  notImplemented?: { construct: string; action: string };
  variables: Record<string, WdlValue>;
}

/** What Power Automate's run history shows for secured inputs/outputs (runtimeConfiguration.secureData). */
export const securedText = 'Content not shown due to security configuration.';

function redactRecord(record: ActionRecord): ActionRecord {
  const copy: ActionRecord = { ...record };
  if (record.secured?.includes('inputs') && copy.inputs !== undefined) copy.inputs = securedText;
  if (record.secured?.includes('outputs') && copy.outputs !== undefined) copy.outputs = securedText;
  if (copy.actions) copy.actions = copy.actions.map(redactRecord);
  if (copy.repetitions)
    copy.repetitions = copy.repetitions.map((r) => ({ ...r, actions: r.actions.map(redactRecord) }));
  if (copy.childRun) copy.childRun = redactRun(copy.childRun);
  return copy;
}

/** A copy of the run with secured inputs and outputs replaced, for display and export. */
export function redactRun(run: RunResult): RunResult {
  return { ...run, actions: run.actions.map(redactRecord) };
}

function summary(value: WdlValue | undefined, max = 120): string {
  if (value === undefined) return '';
  // A preview, not the whole value cut afterwards: records of a long loop may all show a large array.
  return jsonPreview(value, max);
}

/** Milliseconds as the portal would say them: fractions below 10 ms, whole ms, then seconds and minutes. */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A Dataverse answer starts with its long `@odata.context` URL: metadata, not what the maker wants to see. */
function withoutODataContext(body: WdlValue): WdlValue {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !('@odata.context' in body))
    return body;
  const { '@odata.context': _context, ...rest } = body as Record<string, WdlValue>;
  return rest;
}

/**
 * What an action gave back. A connector or HTTP answer (`{statusCode, headers, body}`) shows its status code and
 * its body — the headers come first in the outputs and would use up the whole preview.
 */
function outputsText(outputs: WdlValue): string {
  if (outputs !== null && typeof outputs === 'object' && !Array.isArray(outputs) && 'statusCode' in outputs) {
    const answer = outputs as { statusCode: WdlValue; body?: WdlValue };
    const body =
      answer.body === undefined || answer.body === null
        ? '(no body)'
        : summary(withoutODataContext(answer.body), 200);
    return `${String(answer.statusCode)} ${body}`;
  }
  return summary(outputs);
}

/** The runAfter outcome worth a look: a predecessor that did not succeed, or the condition that skipped the action. */
const skippedByRunAfter = (record: ActionRecord) =>
  record.status === 'Skipped' && record.error?.code === 'ActionConditionFailed';

function runAfterText(record: ActionRecord): string | undefined {
  const outcomes = record.runAfter ?? [];
  if (skippedByRunAfter(record)) {
    const unmet = outcomes.filter((o) => !o.expected.some((e) => e.toLowerCase() === o.status.toLowerCase()));
    return `runAfter ${unmet.map((o) => `${o.action} was ${o.status} (needs ${o.expected.join(' or ')})`).join(', ')}`;
  }
  const notSucceeded = outcomes.filter((o) => o.status !== 'Succeeded');
  if (notSucceeded.length === 0) return undefined;
  return `ran after ${notSucceeded.map((o) => `${o.action} ${o.status}`).join(', ')}`;
}

function branchText(record: ActionRecord): string {
  if (record.type === 'If')
    return `branch ${record.branch === 'actions' ? 'true' : 'false'} (${record.branch})`;
  return record.branch === 'default' ? 'branch default' : `branch case ${record.branch}`;
}

function line(record: ActionRecord): string {
  const bits = [`${record.name} (${record.type}${record.kind ? `/${record.kind}` : ''})`, record.status];
  if (record.code && record.status !== 'Succeeded' && !skippedByRunAfter(record)) bits.push(record.code);
  const after = runAfterText(record);
  if (after) bits.push(after);
  if (record.branch) bits.push(branchText(record));
  if (record.repetitions) bits.push(`${record.repetitions.length} repetition(s)`);
  if (record.attempts && record.attempts.length > 1) bits.push(`${record.attempts.length} attempts`);
  if (record.status !== 'Skipped') bits.push(formatDuration(record.durationMs));
  let text = bits.join(' · ');
  if (record.error && record.status !== 'Skipped') text += ` — ${record.error.code}: ${record.error.message}`;
  else if (record.status === 'Skipped' && record.error && !skippedByRunAfter(record))
    text += ` — ${record.error.message}`;
  else if (record.status === 'Succeeded' && record.outputs !== undefined) {
    text += ` → ${outputsText(record.outputs)}`;
  }
  return text;
}

function renderActions(all: ActionRecord[], prefix: string, out: string[]): void {
  // The actions of a branch not taken never ran: one line names them after those that did.
  const notTaken = all.filter((r) => r.code === 'BranchNotTaken');
  const records = inRunOrder(all.filter((r) => r.code !== 'BranchNotTaken'));
  const lines = records.length + (notTaken.length ? 1 : 0);
  records.forEach((record, i) => {
    const last = i === lines - 1;
    out.push(`${prefix}${last ? '└─ ' : '├─ '}${line(record)}`);
    const childPrefix = `${prefix}${last ? '   ' : '│  '}`;
    if (record.actions) renderActions(record.actions, childPrefix, out);
    if (record.repetitions) {
      record.repetitions.forEach((rep, r) => {
        const lastRep = r === record.repetitions!.length - 1;
        const item = rep.item === undefined ? '' : ` item ${summary(rep.item, 60)}`;
        out.push(`${childPrefix}${lastRep ? '└─ ' : '├─ '}#${rep.index} ${rep.status}${item}`);
        renderActions(rep.actions, `${childPrefix}${lastRep ? '   ' : '│  '}`, out);
      });
    }
    if (record.childRun) {
      out.push(`${childPrefix}└─ child run ${record.childRun.flowName}: ${record.childRun.status}`);
      renderActions(record.childRun.actions, `${childPrefix}   `, out);
    }
  });
  if (notTaken.length) {
    out.push(`${prefix}└─ not run (branch not taken): ${notTaken.map((r) => r.name).join(', ')}`);
  }
}

/** The run as a readable tree, like the run-history page of Power Automate. */
export function renderRunText(unredacted: RunResult): string {
  const run = redactRun(unredacted);
  const out: string[] = [];
  const items = describeItemFailures(run);
  const everyItemFailed = items?.everyItemFailed ? ' — every item failed' : '';
  out.push(
    `Run ${run.runId} of '${run.flowName}': ${run.status}${everyItemFailed}${run.error ? ` — ${run.error.code}: ${run.error.message}` : ''}`,
  );
  if (items) out.push(items.line);
  const took = run.durationMs === undefined ? '' : `, took ${formatDuration(run.durationMs)}`;
  out.push(
    `Started ${run.startTime}, ended ${run.endTime}${took}; ${run.requests} Power Platform request(s).`,
  );
  if (run.notImplemented) {
    out.push(
      `Stopped on a construct the runner does not implement: ${run.notImplemented.construct} (action '${run.notImplemented.action}').`,
    );
  }
  const t = run.trigger;
  out.push(
    `Trigger ${t.name} (${t.type}${t.kind ? `/${t.kind}` : ''}) ${t.status}${t.conditionsMet ? '' : ' — trigger conditions not met'}`,
  );
  renderActions(run.actions, '', out);
  if (run.response) out.push(`Response ${run.response.statusCode}: ${summary(run.response.body, 200)}`);
  return out.join('\n');
}

/**
 * The run as plain JSON (tagged floats as numbers, big integers exact). A large value that several records share is
 * written once under `historyContents` and linked where it occurs (`history-json.ts`), so the text stays linear in
 * the work the run did; `readRunJson` gives the history back with every link resolved.
 */
export function runToJson(run: RunResult, indent = 2): string {
  return writeHistoryJson(redactRun(run), indent);
}

/** A run history written by `runToJson`, with its content links resolved into plain values. */
export function readRunJson(text: string): RunResult {
  return readHistoryJson(text) as unknown as RunResult;
}
