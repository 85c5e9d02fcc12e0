import { isObject, type WdlValue } from '../expressions/values';
import type { ActionRecord, RunResult } from './run-history';

/** Items one action handled, and how many of them failed, over the whole run. */
export interface ItemFailures {
  action: string;
  /** `loop`: the repetitions of a Foreach/Until; `batch`: a connector answer's `summary` ({ total, failed }). */
  kind: 'loop' | 'batch';
  failed: number;
  total: number;
}

/**
 * Where a run's items failed, even when the run Succeeded: a run can end well while every invoice in it was
 * refused (a sync batch answers 200 with `summary.failed` = `summary.total`, the contract's BatchSummary) or every
 * repetition of a loop failed and a later action ran after it anyway. One entry per action name with at least one
 * failed item, repetitions of enclosing loops added up, in the order first met.
 */
export function itemFailures(run: RunResult): ItemFailures[] {
  const found = new Map<string, ItemFailures>();
  const add = (action: string, kind: ItemFailures['kind'], failed: number, total: number) => {
    const key = `${kind}:${action}`;
    const entry = found.get(key) ?? { action, kind, failed: 0, total: 0 };
    entry.failed += failed;
    entry.total += total;
    found.set(key, entry);
  };
  const visit = (records: ActionRecord[]) => {
    for (const record of records) {
      if (record.repetitions) {
        const failed = record.repetitions.filter((r) => r.status === 'Failed' || r.status === 'TimedOut');
        add(record.name, 'loop', failed.length, record.repetitions.length);
        for (const repetition of record.repetitions) visit(repetition.actions);
      }
      const summary = batchSummary(record.outputs);
      if (summary) add(record.name, 'batch', summary.failed, summary.total);
      if (record.actions) visit(record.actions);
      if (record.childRun) visit(record.childRun.actions);
    }
  };
  visit(run.actions);
  return [...found.values()].filter((f) => f.failed > 0);
}

function batchSummary(outputs: WdlValue | undefined): { failed: number; total: number } | undefined {
  if (!isObject(outputs) || !isObject(outputs.body) || !isObject(outputs.body.summary)) return undefined;
  const { failed, total } = outputs.body.summary;
  return typeof failed === 'number' && typeof total === 'number' ? { failed, total } : undefined;
}

/** The line at the top of the text history, or undefined when no item failed. */
export function describeItemFailures(run: RunResult): { everyItemFailed: boolean; line: string } | undefined {
  const failures = itemFailures(run);
  if (failures.length === 0) return undefined;
  const parts = failures.map((f) => {
    const count = f.failed === f.total ? `all ${f.total}` : `${f.failed} of ${f.total}`;
    return f.kind === 'loop'
      ? `${f.action}: ${count} repetitions failed`
      : `${f.action}: ${count} items failed (its answer's summary)`;
  });
  return {
    everyItemFailed: failures.every((f) => f.failed === f.total),
    line: `Items: ${parts.join('; ')}.`,
  };
}
