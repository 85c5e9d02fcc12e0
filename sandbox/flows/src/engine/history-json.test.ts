import { prefixViewSource } from '../expressions/append-only-array';
import { toJsonText, type WdlValue } from '../expressions/values';
import { VirtualClock } from './clock';
import type { ActionDefinition } from './definition';
import { jsonPreview } from './history-json';
import { readRunJson, renderRunText, runToJson, type ActionRecord, type RunResult } from './run-history';
import { runFlow } from './runner';
import { flowOf } from './test-helpers';

// The run history must grow linearly with the work a run does (issue 12: 304 MB of history at 800 open invoices,
// 11.8 GB at 5,000, from loops whose every iteration shows a whole list or a growing array). Sizes here are
// deterministic: the JSON text of the history, and the array slots and object keys the history keeps alive.

// Rows about the size of an invoice row, so that the shared list and the growing array are worth linking.
const DESCRIPTION = 'An open invoice row with a description long enough to look like the real thing. '.repeat(
  2,
);

/** A loop over a list that grows with the work, as the old status flow looped over the open invoices. */
function loopOverGrowingList(rows: number): Record<string, ActionDefinition> {
  return {
    List: {
      type: 'Select',
      inputs: {
        from: `@range(0, ${rows})`,
        select: { id: '@item()', name: "@{concat('Invoice ', item())}", description: DESCRIPTION },
      },
      runAfter: {},
    },
    Initialize_done: {
      type: 'InitializeVariable',
      inputs: { variables: [{ name: 'Done', type: 'array', value: [] }] },
      runAfter: { List: ['Succeeded'] },
    },
    For_each_row: {
      type: 'Foreach',
      foreach: "@body('List')",
      runtimeConfiguration: { concurrency: { repetitions: 1 } },
      runAfter: { Initialize_done: ['Succeeded'] },
      actions: {
        Find_row: {
          type: 'Query',
          inputs: { from: "@body('List')", where: "@equals(item()?['id'], items('For_each_row')?['id'])" },
          runAfter: {},
        },
        Mark_done: {
          type: 'AppendToArrayVariable',
          inputs: { name: 'Done', value: "@items('For_each_row')" },
          runAfter: { Find_row: ['Succeeded'] },
        },
        Done_so_far: {
          type: 'Compose',
          inputs: "@variables('Done')",
          runAfter: { Mark_done: ['Succeeded'] },
        },
      },
    },
  };
}

const runLoop = (rows: number) =>
  runFlow(flowOf(loopOverGrowingList(rows)), { clock: new VirtualClock('2025-01-15T10:00:00Z') });

/** Array slots and object keys reachable from the history, each object once; a snapshot view costs one slot. */
function retainedSlots(run: RunResult): number {
  const seen = new Set<object>();
  let slots = 0;
  const visit = (v: unknown): void => {
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    const view = prefixViewSource(v);
    if (view) {
      slots += 1;
      visit(view.buffer);
      return;
    }
    const children = Array.isArray(v) ? v : Object.values(v);
    slots += children.length;
    children.forEach(visit);
  };
  visit(run);
  return slots;
}

const repetitionRecords = (run: RunResult, loop: string, name: string): ActionRecord[] =>
  run.actions
    .find((a) => a.name === loop)!
    .repetitions!.map((rep) => rep.actions.find((a) => a.name === name)!);

describe('run history size', () => {
  it('4× the iterations of a loop over a growing list gives about 4× the JSON, not 16×', async () => {
    const small = await runLoop(40);
    const large = await runLoop(160);
    const ratio = runToJson(large, 0).length / runToJson(small, 0).length;
    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThan(5);
  });

  it('4× the iterations keeps about 4× the values alive, not 16×', async () => {
    const ratio = retainedSlots(await runLoop(160)) / retainedSlots(await runLoop(40));
    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThan(5);
  });

  it('the request count stays exact: trigger, every action and every iteration', async () => {
    const run = await runLoop(40);
    // Trigger, Select, Initialize variable, Foreach, and three actions in each of the 40 iterations.
    expect(run.requests).toBe(1 + 3 + 40 * 3);
  });
});

describe('what the history shows', () => {
  it('every action keeps its inputs and outputs: the JSON read back equals the history in memory', async () => {
    const run = await runLoop(30);
    const text = runToJson(run, 0);
    expect(text).toContain('"historyContents"');
    expect(readRunJson(text)).toEqual(JSON.parse(toJsonText(run as unknown as WdlValue)));
  });

  it('a snapshot of a growing array stays as it was when its action ran', async () => {
    const run = await runLoop(5);
    const names = [0, 1, 2, 3, 4].map((id) => ({ id, name: `Invoice ${id}`, description: DESCRIPTION }));
    const appended = repetitionRecords(run, 'For_each_row', 'Mark_done');
    const composed = repetitionRecords(run, 'For_each_row', 'Done_so_far');
    appended.forEach((record, i) => {
      expect(record.outputs).toEqual({ body: { name: 'Done', value: names.slice(0, i + 1) } });
      expect(composed[i]!.outputs).toEqual(names.slice(0, i + 1));
    });
    expect(run.variables.Done).toEqual(names);
    const readBack = readRunJson(runToJson(run));
    const firstRepetition = readBack.actions.find((a) => a.name === 'For_each_row')!.repetitions![0]!;
    expect(firstRepetition.actions.find((a) => a.name === 'Done_so_far')!.outputs).toEqual(names.slice(0, 1));
  });

  it('a small value shared by records stays inline; the text view previews without writing everything', async () => {
    const run = await runLoop(2);
    expect(runToJson(run)).not.toContain('historyContents');
    const text = renderRunText(await runLoop(300));
    // Each line shows at most a 120-character preview of the growing array.
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThan(400);
    expect(jsonPreview({ a: [1, 2, { b: 'x'.repeat(500) }] }, 20)).toBe('{"a":[1,2,{"b":"xxx…');
    expect(jsonPreview({ a: [1, 2.5, null, true] }, 120)).toBe('{"a":[1,2.5,null,true]}');
  });
});
