import { VirtualClock } from '../engine/clock';
import { runFlow } from '../engine/runner';
import { flowOf } from '../engine/test-helpers';
import { AppendOnlyArray, prefixView, prefixViewSource } from './append-only-array';
import { evaluateTemplateString } from './evaluator';
import { deepEquals, toJsonText, toPlainJson, type WdlValue } from './values';

describe('prefix views of an append-only array', () => {
  it('behave as plain arrays of their first items: length, index, iteration, methods, JSON, equality', () => {
    const buffer: WdlValue[] = [1, 'two', { three: 3 }, [4]];
    const view = prefixView(buffer, 3);
    expect(Array.isArray(view)).toBe(true);
    expect(view.length).toBe(3);
    expect([view[0], view[2], view[3]]).toEqual([1, { three: 3 }, undefined]);
    expect([...view]).toEqual([1, 'two', { three: 3 }]);
    expect(view.map((v) => typeof v)).toEqual(['number', 'string', 'object']);
    expect(view.slice(1)).toEqual(['two', { three: 3 }]);
    expect([0, ...view].concat(view)).toHaveLength(7);
    expect(Object.keys(view)).toEqual(['0', '1', '2']);
    expect(2 in view).toBe(true);
    expect(3 in view).toBe(false);
    expect(JSON.stringify(view)).toBe('[1,"two",{"three":3}]');
    expect(toJsonText(view)).toBe('[1,"two",{"three":3}]');
    expect(toPlainJson(view)).toEqual([1, 'two', { three: 3 }]);
    expect(deepEquals(view, [1, 'two', { three: 3 }])).toBe(true);
    expect(view).toEqual([1, 'two', { three: 3 }]);
    expect(prefixViewSource(view)).toEqual({ buffer, length: 3 });
    expect(prefixViewSource([1, 2])).toBeUndefined();
  });

  it('cannot be changed in place', () => {
    const view = prefixView([1, 2], 2);
    expect(() => view.push(3)).toThrow(TypeError);
    expect(() => {
      view[0] = 9;
    }).toThrow('A value of the flow run cannot be changed in place.');
    expect(() => view.sort()).toThrow(TypeError);
    expect(view).toEqual([1, 2]);
  });

  it('work in expressions as any array does', () => {
    const items = new AppendOnlyArray([]);
    for (const n of [3, 1, 2]) items.append(n);
    const value = items.value;
    const ctx = {
      state: { variable: () => value } as never,
      now: () => new Date('2025-01-15T10:00:00Z'),
      random: () => 0.5,
      newGuid: () => '00000000-0000-4000-8000-000000000000',
    };
    const evaluate = (expression: string) => evaluateTemplateString(expression, ctx);
    expect(evaluate("@length(variables('x'))")).toBe(3);
    expect(evaluate("@sort(variables('x'))")).toEqual([1, 2, 3]);
    expect(evaluate("@variables('x')[1]")).toBe(1);
    expect(evaluate("@union(variables('x'), createArray(4))")).toEqual([3, 1, 2, 4]);
    expect(evaluate("@contains(variables('x'), 2)")).toBe(true);
    expect(evaluate("@{variables('x')}")).toBe('[3,1,2]');
  });

  it('an append copies the value the variable was set to once, then grows in place; old views keep their length', () => {
    const initial: WdlValue[] = ['a'];
    const growing = new AppendOnlyArray(initial);
    expect(growing.value).toBe(initial);
    const first = growing.append('b');
    const second = growing.append('c');
    expect(initial).toEqual(['a']);
    expect(first).toEqual(['a', 'b']);
    expect(second).toEqual(['a', 'b', 'c']);
    expect(prefixViewSource(first)!.buffer).toBe(prefixViewSource(second)!.buffer);
    expect(growing.value).toBe(growing.value);
  });
});

describe('array variables in a run', () => {
  it('appending never changes a value another action already showed, nor the value the variable was set to', async () => {
    const run = await runFlow(
      flowOf({
        Base: { type: 'Compose', inputs: [1, 2], runAfter: {} },
        Init: {
          type: 'InitializeVariable',
          inputs: { variables: [{ name: 'Arr', type: 'array', value: "@outputs('Base')" }] },
          runAfter: { Base: ['Succeeded'] },
        },
        Append_3: {
          type: 'AppendToArrayVariable',
          inputs: { name: 'Arr', value: 3 },
          runAfter: { Init: ['Succeeded'] },
        },
        Seen: { type: 'Compose', inputs: "@variables('Arr')", runAfter: { Append_3: ['Succeeded'] } },
        Append_4: {
          type: 'AppendToArrayVariable',
          inputs: { name: 'Arr', value: 4 },
          runAfter: { Seen: ['Succeeded'] },
        },
        Reset: {
          type: 'SetVariable',
          inputs: { name: 'Arr', value: "@outputs('Seen')" },
          runAfter: { Append_4: ['Succeeded'] },
        },
        Append_5: {
          type: 'AppendToArrayVariable',
          inputs: { name: 'Arr', value: 5 },
          runAfter: { Reset: ['Succeeded'] },
        },
      }),
      { clock: new VirtualClock('2025-01-15T10:00:00Z') },
    );
    expect(run.status).toBe('Succeeded');
    const outputs = Object.fromEntries(run.actions.map((a) => [a.name, a.outputs]));
    expect(outputs.Base).toEqual([1, 2]);
    expect(outputs.Append_3).toEqual({ body: { name: 'Arr', value: [1, 2, 3] } });
    expect(outputs.Seen).toEqual([1, 2, 3]);
    expect(outputs.Append_4).toEqual({ body: { name: 'Arr', value: [1, 2, 3, 4] } });
    expect(outputs.Reset).toEqual({ body: { name: 'Arr', value: [1, 2, 3] } });
    expect(outputs.Append_5).toEqual({ body: { name: 'Arr', value: [1, 2, 3, 5] } });
    expect(run.variables.Arr).toEqual([1, 2, 3, 5]);
  });
});
