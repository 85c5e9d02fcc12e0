import type { WdlValue } from '../expressions/values';
import { jsonPreview, readHistoryJson, writeHistoryJson } from './history-json';

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
  durationMs: number;
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

function line(record: ActionRecord): string {
  const bits = [`${record.name} (${record.type}${record.kind ? `/${record.kind}` : ''})`, record.status];
  if (record.code && record.status !== 'Succeeded') bits.push(record.code);
  if (record.branch) bits.push(`branch ${record.branch}`);
  if (record.repetitions) bits.push(`${record.repetitions.length} repetition(s)`);
  if (record.attempts && record.attempts.length > 1) bits.push(`${record.attempts.length} attempts`);
  bits.push(`${record.durationMs} ms`);
  let text = bits.join(' · ');
  if (record.error && record.status !== 'Skipped') text += ` — ${record.error.code}: ${record.error.message}`;
  else if (record.status === 'Succeeded' && record.outputs !== undefined) {
    text += ` → ${summary(record.outputs)}`;
  }
  return text;
}

function renderActions(records: ActionRecord[], prefix: string, out: string[]): void {
  records.forEach((record, i) => {
    const last = i === records.length - 1;
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
}

/** The run as a readable tree, like the run-history page of Power Automate. */
export function renderRunText(unredacted: RunResult): string {
  const run = redactRun(unredacted);
  const out: string[] = [];
  out.push(
    `Run ${run.runId} of '${run.flowName}': ${run.status}${run.error ? ` — ${run.error.code}: ${run.error.message}` : ''}`,
  );
  out.push(`Started ${run.startTime}, ended ${run.endTime}; ${run.requests} Power Platform request(s).`);
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
