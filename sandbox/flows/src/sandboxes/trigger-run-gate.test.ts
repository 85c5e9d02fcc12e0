/**
 * Trigger concurrency control: with `runtimeConfiguration.concurrency.runs` set, a trigger that fires repeatedly
 * runs at most that many runs at once; the rest wait in arrival order. Without it, runs go side by side.
 */
import type { ChangeEvent, ChangeListener } from '@dxc/dataverse-emulator';
import type { ConnectorCall } from '../engine/connectors';
import { ok } from '../engine/fake-connector';
import { exportedFlow } from './exported-flow';
import { runFlowOnDataverseChanges } from './dataverse-trigger';
import { TriggerRunGate, triggerRunLimit } from './trigger-run-gate';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('TriggerRunGate', () => {
  it('runs at most `limit` at once, in arrival order', async () => {
    const gate = new TriggerRunGate(1);
    const log: string[] = [];
    const first = deferred();
    const a = gate.run(async () => {
      log.push('a starts');
      await first.promise;
      log.push('a ends');
    });
    const b = gate.run(async () => void log.push('b runs'));
    await Promise.resolve();
    expect(log).toEqual(['a starts']);
    first.resolve();
    // Arrives as a finishes: still after b.
    const c = a.then(() => gate.run(async () => void log.push('c runs')));
    await Promise.all([a, b, c]);
    expect(log).toEqual(['a starts', 'a ends', 'b runs', 'c runs']);
  });

  it('keeps running after a run fails', async () => {
    const gate = new TriggerRunGate(1);
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(async () => 'next')).resolves.toBe('next');
  });
});

const trigger = (runtimeConfiguration?: Record<string, unknown>) => ({
  When_an_invoice_changes: {
    type: 'OpenApiConnectionWebhook',
    inputs: {
      host: {
        connectionName: 'shared_commondataserviceforapps',
        operationId: 'SubscribeWebhookTrigger',
        apiId: '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps',
      },
      parameters: {
        'subscriptionRequest/message': 3,
        'subscriptionRequest/entityname': 'invoice',
        'subscriptionRequest/scope': 4,
      },
    },
    ...(runtimeConfiguration ? { runtimeConfiguration } : {}),
  },
});

const flowWith = (runtimeConfiguration?: Record<string, unknown>) =>
  exportedFlow(
    'gated',
    {
      Read_invoice: {
        type: 'OpenApiConnection',
        inputs: {
          host: {
            connectionName: 'shared_commondataserviceforapps',
            operationId: 'GetItem',
            apiId: '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps',
          },
          parameters: { entityName: 'invoices', recordId: "@triggerBody()?['invoiceid']" },
        },
        runAfter: {},
      },
    },
    trigger(runtimeConfiguration),
  );

const change = (n: number): ChangeEvent =>
  ({
    sequence: n,
    message: 'Update',
    table: 'invoice',
    entitySetName: 'invoices',
    id: `00000000-0000-4000-8000-00000000000${n}`,
    image: { invoiceid: `00000000-0000-4000-8000-00000000000${n}` },
    preImage: {},
    changedAttributes: ['name'],
    at: '2026-11-25T10:00:00.000Z',
    userId: '00000000-0000-4000-8000-0000000000aa',
    raw: {},
  }) satisfies ChangeEvent;

/** Three changes at once; the connector holds every call until released, and counts how many are in progress. */
async function threeChangesAtOnce(runtimeConfiguration?: Record<string, unknown>) {
  let listener: ChangeListener | undefined;
  const release = deferred();
  let inProgress = 0;
  let most = 0;
  const order: string[] = [];
  const watch = runFlowOnDataverseChanges(flowWith(runtimeConfiguration), {
    changes: { subscribe: (_spec, l) => ((listener = l), () => undefined) },
    connector: async (call: ConnectorCall) => {
      inProgress += 1;
      most = Math.max(most, inProgress);
      order.push(String(call.parameters.recordId));
      await release.promise;
      inProgress -= 1;
      return ok({ invoiceid: call.parameters.recordId });
    },
    defaultRetryCount: 0,
  });
  for (const n of [1, 2, 3]) listener!(change(n));
  // Let every run that may start do so: the first reaches the connector, then a few more turns for the others.
  while (order.length === 0) await new Promise((r) => setImmediate(r));
  for (let turn = 0; turn < 10; turn++) await new Promise((r) => setImmediate(r));
  const startedBeforeRelease = order.length;
  release.resolve();
  const runs = await watch.settled();
  await watch.stop();
  return { runs, most, order, startedBeforeRelease };
}

describe('trigger concurrency of a Dataverse-triggered flow', () => {
  it('reads the limit from the trigger', () => {
    expect(triggerRunLimit(flowWith({ concurrency: { runs: 1 } }))).toBe(1);
    expect(triggerRunLimit(flowWith())).toBeUndefined();
  });

  it('concurrency 1: one run at a time, in the order the changes came', async () => {
    const result = await threeChangesAtOnce({ concurrency: { runs: 1 } });
    expect(result.startedBeforeRelease).toBe(1);
    expect(result.most).toBe(1);
    expect(result.order.map((id) => id.slice(-1))).toEqual(['1', '2', '3']);
    expect(result.runs.map((r) => r.status)).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
  });

  it('without concurrency control, the runs go side by side', async () => {
    const result = await threeChangesAtOnce();
    expect(result.startedBeforeRelease).toBe(3);
    expect(result.most).toBe(3);
  });
});
