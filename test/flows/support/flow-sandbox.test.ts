/** The sandbox itself: both emulators and the proxy are reachable through a flow's connection references. */
import { exportedFlow, dataverseAction, proxyAction } from '@dxc/flow-runner';
import { failedActions, startFlowSandbox } from './flow-sandbox';
import type { FlowSandbox } from './flow-sandbox';

let sandbox: FlowSandbox;
beforeAll(async () => {
  sandbox = await startFlowSandbox();
});
afterAll(async () => sandbox?.close());

test('a flow reaches the proxy (Xero organisation) and Dataverse through its connection references', async () => {
  const flow = exportedFlow('sandbox-check', {
    Get_organisation: proxyAction('GetConnection', {}),
    List_currencies: dataverseAction(
      'ListRecords',
      { entityName: 'transactioncurrencies', $select: 'isocurrencycode' },
      { runAfter: { Get_organisation: ['Succeeded'] } },
    ),
  });
  const run = await sandbox.run(flow);
  expect(failedActions(run)).toEqual([]);
  const organisation = run.actions.find((a) => a.name === 'Get_organisation')!.outputs as {
    body: { tenantId: string };
  };
  expect(organisation.body.tenantId).toBe(sandbox.connection.tenantId);
  const currencies = run.actions.find((a) => a.name === 'List_currencies')!.outputs as {
    body: { value: { isocurrencycode: string }[] };
  };
  expect(currencies.body.value.map((c) => c.isocurrencycode).sort()).toEqual(['GBP', 'USD']);
});
