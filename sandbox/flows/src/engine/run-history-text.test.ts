import { setTimeout as delay } from 'node:timers/promises';
import { VirtualClock } from './clock';
import type { Connector } from './connectors';
import type { ActionDefinition } from './definition';
import { itemFailures } from './item-failures';
import { formatDuration, renderRunText, type RunResult } from './run-history';
import { runFlow, type RunOptions } from './runner';
import { flowOf } from './test-helpers';

// What a maker reads in `npm run flows -- run …`: the text run history (issue 15 §4).

function call(operationId: string, extra: Partial<ActionDefinition> = {}): ActionDefinition {
  return {
    type: 'OpenApiConnection',
    inputs: { host: { connectionName: 'proxy', operationId }, parameters: {} },
    ...extra,
  };
}

async function run(
  actions: Record<string, ActionDefinition>,
  connector: Connector,
  options: RunOptions = {},
): Promise<RunResult> {
  return runFlow(flowOf(actions), {
    clock: new VirtualClock('2025-01-15T10:00:00Z'),
    connector,
    ...options,
  });
}

/** The tree lines of the history, without the header. */
const treeLines = (text: string) => text.split('\n').filter((l) => /^[│├└ ]/.test(l));

describe('text run history', () => {
  test("a connector's answer shows its status code and body, the headers left out, a long body shortened", async () => {
    const invoices = Array.from({ length: 200 }, (_, i) => ({
      invoiceNumber: `INV-${i}`,
      status: 'AUTHORISED',
    }));
    const result = await run({ Get_invoices: call('GetInvoices') }, async () => ({
      statusCode: 200,
      headers: { 'Content-Type': 'application/json', 'x-ms-request-id': 'r'.repeat(300) },
      body: { invoices },
    }));
    const line = renderRunText(result)
      .split('\n')
      .find((l) => l.includes('Get_invoices'))!;
    expect(line).toContain('→ 200 {"invoices":[{"invoiceNumber":"INV-0","status":"AUTHORISED"}');
    expect(line).not.toContain('x-ms-request-id');
    expect(line.endsWith('…')).toBe(true);
    expect(line.length).toBeLessThan(300);
  });

  test('a Dataverse list shows its rows, not the long @odata.context URL before them', async () => {
    const result = await run({ List_rows: call('ListRecords') }, async () => ({
      statusCode: 200,
      body: {
        '@odata.context': `http://127.0.0.1:1/api/data/v9.2/$metadata#invoices(${'x,'.repeat(80)})`,
        value: [{ name: 'A' }],
      },
    }));
    expect(renderRunText(result)).toMatch(
      /List_rows \(OpenApiConnection\) · Succeeded · [\d.]+ ms → 200 \{"value":\[\{"name":"A"\}\]\}$/m,
    );
  });

  test('an answer without a body says so', async () => {
    const result = await run({ Delete: call('DeleteSubscription') }, async () => ({ statusCode: 204 }));
    expect(renderRunText(result)).toMatch(
      /Delete \(OpenApiConnection\) · Succeeded · [\d.]+ ms → 204 \(no body\)/,
    );
  });

  test("every run has its own id in Power Automate's shape, even with the same seed and clock", async () => {
    const answer: Connector = async () => ({ statusCode: 200 });
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await run({ A: call('Op') }, answer, { seed: 7 })).runId);
    expect(ids.size).toBe(5);
    for (const id of ids) expect(id).toMatch(/^08585\d{24}CU00$/);
    expect((await run({ A: call('Op') }, answer, { runId: 'chosen' })).runId).toBe('chosen');
  });

  test('durations are measured: real time an action spends, plus retry waits the virtual clock skipped', async () => {
    let calls = 0;
    const result = await run(
      {
        Slow: call('Slow'),
        Throttled: call('Throttled', { runAfter: { Slow: ['Succeeded'] } }),
      },
      async (c) => {
        if (c.operationId === 'Slow') {
          await delay(25);
          return { statusCode: 200 };
        }
        calls++;
        return calls === 1 ? { statusCode: 429, headers: { 'Retry-After': '30' } } : { statusCode: 200 };
      },
    );
    const [slow, throttled] = result.actions;
    // setTimeout never fires early by more than its 1 ms granularity.
    expect(slow!.durationMs).toBeGreaterThanOrEqual(24);
    expect(slow!.startTime).toBe(slow!.endTime); // the virtual clock did not move: the time is real
    expect(throttled!.durationMs).toBeGreaterThanOrEqual(30_000);
    expect(result.durationMs).toBeGreaterThanOrEqual(30_024);
    const text = renderRunText(result);
    expect(text).toMatch(/Slow \(OpenApiConnection\) · Succeeded · \d\d ms/);
    expect(text).toMatch(/Throttled \(OpenApiConnection\) · Succeeded · 2 attempts · 30\.\d s/);
    expect(text).toMatch(/took 30\.\d s; 4 Power Platform request\(s\)/);
  });

  test.each([
    [0.04, '0.04 ms'],
    [3.26, '3.3 ms'],
    [412.6, '413 ms'],
    [30_012, '30.0 s'],
    [125_400, '2 min 5 s'],
  ])('%d ms reads %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  test('actions are listed in run order with their run-after outcomes, whatever order the definition has', async () => {
    const result = await run(
      {
        // Written before the scope it handles, as an export may write it.
        Catch: {
          type: 'Scope',
          runAfter: { Try: ['Failed', 'TimedOut'] },
          actions: { Record_failure: { type: 'Compose', inputs: 'recorded' } },
        },
        Try: { type: 'Scope', actions: { Call: call('Fails') } },
        Celebrate: { type: 'Compose', inputs: 'done', runAfter: { Try: ['Succeeded'] } },
        Finally: { type: 'Compose', inputs: 'end', runAfter: { Catch: ['Succeeded', 'Skipped'] } },
      },
      async () => ({ statusCode: 400, body: { error: { code: 'Bad', message: 'no such invoice' } } }),
      { defaultRetryCount: 0 },
    );
    const lines = treeLines(renderRunText(result));
    const order = lines.filter((l) => /^[├└]/.test(l)).map((l) => l.slice(3).split(' ')[0]);
    expect(order).toEqual(['Try', 'Catch', 'Celebrate', 'Finally']);
    expect(lines.find((l) => l.includes('Catch (Scope)'))).toMatch(
      /Catch \(Scope\) · Succeeded · ran after Try Failed/,
    );
    expect(lines.find((l) => l.includes('Celebrate'))).toBe(
      '├─ Celebrate (Compose) · Skipped · runAfter Try was Failed (needs Succeeded)',
    );
    expect(result.actions.find((a) => a.name === 'Catch')!.runAfter).toEqual([
      { action: 'Try', status: 'Failed', expected: ['Failed', 'TimedOut'] },
    ]);
  });

  test('a condition shows the branch it took; the actions of the other branch are named once as not run', async () => {
    const result = await run(
      {
        Is_big: {
          type: 'If',
          expression: { greater: [1, 2] },
          actions: { Big: { type: 'Compose', inputs: 'big' }, Bigger: { type: 'Compose', inputs: 'bigger' } },
          else: { actions: { Small: { type: 'Compose', inputs: 'small' } } },
        },
        Pick: {
          type: 'Switch',
          expression: 'b',
          runAfter: { Is_big: ['Succeeded'] },
          cases: {
            A: { case: 'a', actions: { Was_a: { type: 'Compose', inputs: 'a' } } },
            B: { case: 'b', actions: { Was_b: { type: 'Compose', inputs: 'b' } } },
          },
          default: { actions: { Neither: { type: 'Compose', inputs: 'none' } } },
        },
      },
      async () => ({ statusCode: 200 }),
    );
    const text = renderRunText(result);
    expect(text).toMatch(
      /├─ Is_big \(If\) · Succeeded · branch false \(else\) · [\d.]+ ms\n│ {2}├─ Small \(Compose\) · Succeeded · [\d.]+ ms → "small"\n│ {2}└─ not run \(branch not taken\): Big, Bigger\n/,
    );
    expect(text).toMatch(
      /└─ Pick \(Switch\) · Succeeded · branch case B · [\d.]+ ms\n {3}├─ Was_b \(Compose\) · Succeeded · [\d.]+ ms → "b"\n {3}└─ not run \(branch not taken\): Was_a, Neither$/,
    );
  });

  test('a run that succeeded while every item of its batch failed says so at the top', async () => {
    const batch =
      (failed: number): Connector =>
      async () => ({
        statusCode: 200,
        body: { summary: { total: 3, created: 3 - failed, updated: 0, unchanged: 0, failed }, results: [] },
      });
    const allFailed = await run({ Sync_batch_with_Xero: call('SyncInvoices') }, batch(3));
    expect(allFailed.status).toBe('Succeeded');
    const [first, second] = renderRunText(allFailed).split('\n');
    expect(first).toMatch(/^Run 08585\d+CU00 of 'test flow': Succeeded — every item failed$/);
    expect(second).toBe("Items: Sync_batch_with_Xero: all 3 items failed (its answer's summary).");

    const someFailed = renderRunText(await run({ Sync_batch_with_Xero: call('SyncInvoices') }, batch(1)));
    expect(someFailed.split('\n')[0]).toMatch(/: Succeeded$/);
    expect(someFailed.split('\n')[1]).toBe(
      "Items: Sync_batch_with_Xero: 1 of 3 items failed (its answer's summary).",
    );

    const noneFailed = renderRunText(await run({ Sync_batch_with_Xero: call('SyncInvoices') }, batch(0)));
    expect(noneFailed).not.toContain('Items:');
  });

  test('a loop whose every repetition failed says so at the top, repetitions of enclosing loops added up', async () => {
    const result = await run(
      {
        Each_batch: {
          type: 'Foreach',
          foreach: '@createArray(1, 2)',
          actions: {
            Each_invoice: {
              type: 'Foreach',
              foreach: '@createArray(1, 2, 3)',
              actions: { Send: call('Send') },
            },
          },
        },
        Carry_on: { type: 'Compose', inputs: 'ok', runAfter: { Each_batch: ['Failed'] } },
      },
      async () => ({ statusCode: 400, body: { error: { code: 'Bad', message: 'refused' } } }),
      { defaultRetryCount: 0 },
    );
    expect(itemFailures(result)).toEqual([
      { action: 'Each_batch', kind: 'loop', failed: 2, total: 2 },
      { action: 'Each_invoice', kind: 'loop', failed: 6, total: 6 },
    ]);
    const [first, second] = renderRunText(result).split('\n');
    expect(first).toContain('every item failed');
    expect(second).toBe(
      'Items: Each_batch: all 2 repetitions failed; Each_invoice: all 6 repetitions failed.',
    );
  });
});
