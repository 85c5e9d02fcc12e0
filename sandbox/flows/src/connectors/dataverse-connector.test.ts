import { startDataverseEmulator, type DataverseEmulator } from '@dxc/dataverse-emulator';
import { VirtualClock } from '../engine/clock';
import { renderRunText } from '../engine/run-history';
import { runFlow, type RunOptions } from '../engine/runner';
import { dataverseAction, exportedFlow } from '../sandboxes/exported-flow';
import { runFlowOnDataverseChanges } from '../sandboxes/dataverse-trigger';
import { sandboxConnector, sandboxRunConfiguration } from '../sandboxes/sandbox-connector';

const TENANT = '8a1b2c3d-0000-4000-8000-000000000001';

describe('Dataverse connector against the Dataverse emulator', () => {
  let emulator: DataverseEmulator;
  let options: RunOptions;

  beforeEach(async () => {
    emulator = await startDataverseEmulator({ port: 0 });
    const config = sandboxRunConfiguration({ dataverseUrl: emulator.url });
    options = {
      connector: sandboxConnector(config, { dataversePageSize: 2 }),
      environmentVariables: config.environmentVariables,
      clock: new VirtualClock('2025-01-15T10:00:00Z'),
    };
  });
  afterEach(async () => {
    await emulator.close();
  });

  const seedConnections = (names: string[]) =>
    emulator.load({
      dxc_xeroconnection: names.map((n, i) => ({
        dxc_name: n,
        dxc_tenantid: `8a1b2c3d-0000-4000-8000-00000000010${i}`,
      })),
    }).dxc_xeroconnection!;

  it('creates a row, binds a lookup, reads it back with $expand, updates and deletes it', async () => {
    const flow = exportedFlow('crud', {
      Create_connection: dataverseAction('CreateRecord', {
        entityName: 'dxc_xeroconnections',
        'item/dxc_name': 'Contoso UK',
        'item/dxc_tenantid': TENANT,
      }),
      Create_account: dataverseAction(
        'CreateRecord',
        {
          entityName: 'dxc_xeroaccounts',
          'item/dxc_name': 'Sales',
          'item/dxc_code': '200',
          'item/dxc_ConnectionId@odata.bind':
            "/dxc_xeroconnections(@{outputs('Create_connection')?['body/dxc_xeroconnectionid']})",
        },
        { runAfter: { Create_connection: ['Succeeded'] } },
      ),
      Get_account: dataverseAction(
        'GetItem',
        {
          entityName: 'dxc_xeroaccounts',
          recordId: "@outputs('Create_account')?['body/dxc_xeroaccountid']",
          $select: 'dxc_name,dxc_code,_dxc_connectionid_value',
          $expand: 'dxc_ConnectionId($select=dxc_name)',
        },
        { runAfter: { Create_account: ['Succeeded'] } },
      ),
      Rename_connection: dataverseAction(
        'UpdateRecord',
        {
          entityName: 'dxc_xeroconnections',
          recordId: "@outputs('Create_connection')?['body/dxc_xeroconnectionid']",
          'item/dxc_name': 'Contoso Ltd',
        },
        { runAfter: { Get_account: ['Succeeded'] } },
      ),
      Delete_account: dataverseAction(
        'DeleteRecord',
        { entityName: 'dxc_xeroaccounts', recordId: "@outputs('Create_account')?['body/dxc_xeroaccountid']" },
        { runAfter: { Rename_connection: ['Succeeded'] } },
      ),
      Result: {
        type: 'Compose',
        inputs: {
          expandedName: "@outputs('Get_account')?['body/dxc_ConnectionId/dxc_name']",
          lookup: "@outputs('Get_account')?['body/_dxc_connectionid_value']",
          lookupName:
            "@outputs('Get_account')?['body/_dxc_connectionid_value@OData.Community.Display.V1.FormattedValue']",
          createdId: "@outputs('Create_account')?['body/@odata.id']",
          renamed: "@outputs('Rename_connection')?['body/dxc_name']",
          deleteStatus: "@outputs('Delete_account')?['statusCode']",
        },
        runAfter: { Delete_account: ['Succeeded'] },
      },
    });
    const run = await runFlow(flow, options);
    expect(run.status).toBe('Succeeded');
    const snapshot = emulator.snapshot();
    const connection = snapshot.dxc_xeroconnection!.find((r) => r.dxc_tenantid === TENANT)!;
    expect(connection.dxc_name).toBe('Contoso Ltd');
    expect(snapshot.dxc_xeroaccount ?? []).toHaveLength(0);
    const result = run.actions.find((a) => a.name === 'Result')!.outputs as Record<string, unknown>;
    expect(result).toMatchObject({
      expandedName: 'Contoso UK',
      lookup: connection.dxc_xeroconnectionid,
      lookupName: 'Contoso UK',
      renamed: 'Contoso Ltd',
      deleteStatus: 204,
    });
    expect(String(result.createdId)).toMatch(
      new RegExp(`^${emulator.url}/api/data/v9.2/dxc_xeroaccounts\\([0-9a-f-]{36}\\)$`),
    );
    expect(run.actions.find((a) => a.name === 'Create_connection')!.code).toBe('Created');
    // Trigger + six actions, one request each.
    expect(run.requests).toBe(7);
  });

  it('lists rows with $filter/$orderby/$top, one page without pagination and every page with it', async () => {
    seedConnections(['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']);
    const list = (extra: Record<string, unknown>, pagination?: number) =>
      dataverseAction(
        'ListRecords',
        { entityName: 'dxc_xeroconnections', $select: 'dxc_name', $orderby: 'dxc_name desc', ...extra },
        pagination ? { runtimeConfiguration: { paginationPolicy: { minimumItemCount: pagination } } } : {},
      );
    const flow = exportedFlow('list', {
      One_page: list({}),
      All_pages: list({}, 100),
      Filtered: list({ $filter: "startswith(dxc_name,'C') or dxc_name eq 'Echo'", $top: 1 }),
      Names: {
        type: 'Select',
        inputs: { from: "@outputs('All_pages')?['body/value']", select: "@item()?['dxc_name']" },
        runAfter: { One_page: ['Succeeded'], All_pages: ['Succeeded'], Filtered: ['Succeeded'] },
      },
    });
    const run = await runFlow(flow, options);
    expect(run.status).toBe('Succeeded');
    const outputs = (name: string) => run.actions.find((a) => a.name === name)!;
    const onePage = outputs('One_page').outputs as { body: Record<string, unknown> };
    expect(onePage.body['@odata.context']).toContain('$metadata#dxc_xeroconnections');
    expect((onePage.body.value as unknown[]).length).toBe(2);
    expect(onePage.body['@odata.nextLink']).toContain('$skiptoken');
    const allPages = outputs('All_pages');
    expect((allPages.outputs as { body: Record<string, unknown> }).body['@odata.nextLink']).toBeUndefined();
    expect((outputs('Names').outputs as { body: unknown }).body).toEqual([
      'Echo',
      'Delta',
      'Charlie',
      'Bravo',
      'Alpha',
    ]);
    // Three pages of two rows: two extra Power Platform requests.
    expect(allPages.requests).toBe(3);
    const filtered = (outputs('Filtered').outputs as { body: { value: { dxc_name: string }[] } }).body.value;
    expect(filtered.map((r) => r.dxc_name)).toEqual(['Echo']);
    expect(run.requests).toBe(1 + 1 + 3 + 1 + 1);
    expect(renderRunText(run)).toContain('All_pages');
  });

  it('lists rows with $expand of a lookup', async () => {
    const [alpha] = seedConnections(['Alpha']);
    emulator.load({
      dxc_xeroaccount: [
        {
          dxc_name: 'Sales',
          dxc_code: '200',
          'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${alpha})`,
        },
      ],
    });
    const flow = exportedFlow('expand', {
      List: dataverseAction('ListRecords', {
        entityName: 'dxc_xeroaccounts',
        $select: 'dxc_code',
        $expand: 'dxc_ConnectionId($select=dxc_name,dxc_tenantid)',
      }),
    });
    const run = await runFlow(flow, options);
    expect(run.status).toBe('Succeeded');
    const rows = (run.actions[0]!.outputs as { body: { value: Record<string, unknown>[] } }).body.value;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      dxc_code: '200',
      dxc_ConnectionId: expect.objectContaining({ dxc_name: 'Alpha', dxc_xeroconnectionid: alpha }),
    });
  });

  it('upserts by alternate key: the first UpdateRecord creates, the second updates the same row', async () => {
    const [alpha] = seedConnections(['Alpha']);
    const upsert = (name: string, after?: string) =>
      dataverseAction(
        'UpdateRecord',
        {
          entityName: 'dxc_xeroaccounts',
          recordId: `dxc_connectionid=${alpha},dxc_code='300'`,
          'item/dxc_name': name,
        },
        after ? { runAfter: { [after]: ['Succeeded'] } } : {},
      );
    const flow = exportedFlow('upsert', { First: upsert('Rent'), Second: upsert('Rent and rates', 'First') });
    const run = await runFlow(flow, options);
    expect(run.status).toBe('Succeeded');
    expect(run.actions.map((a) => a.code)).toEqual(['Created', 'OK']);
    const rows = emulator.snapshot().dxc_xeroaccount!;
    expect(rows).toEqual([
      expect.objectContaining({
        dxc_code: '300',
        dxc_name: 'Rent and rates',
        _dxc_connectionid_value: alpha,
      }),
    ]);
  });

  it('follows a manual $skiptoken from @odata.nextLink', async () => {
    seedConnections(['Alpha', 'Bravo', 'Charlie']);
    const flow = exportedFlow('skiptoken', {
      First: dataverseAction('ListRecords', { entityName: 'dxc_xeroconnections', $orderby: 'dxc_name' }),
      Second: dataverseAction(
        'ListRecords',
        {
          entityName: 'dxc_xeroconnections',
          $orderby: 'dxc_name',
          $skiptoken:
            "@decodeUriComponent(last(split(outputs('First')?['body/@odata.nextLink'], '$skiptoken=')))",
        },
        { runAfter: { First: ['Succeeded'] } },
      ),
    });
    const run = await runFlow(flow, options);
    expect(run.status).toBe('Succeeded');
    const second = run.actions.find((a) => a.name === 'Second')!.outputs as {
      body: { value: { dxc_name: string }[] };
    };
    expect(second.body.value.map((r) => r.dxc_name)).toEqual(['Charlie']);
  });

  it('fails the action with the Web API error: 404 on a missing row, 400 on a bad column; UpdateOnlyRecord does not create', async () => {
    const missing = '11111111-2222-4333-8444-555555555555';
    const flow = exportedFlow('errors', {
      Get_missing: dataverseAction('GetItem', { entityName: 'dxc_xeroconnections', recordId: missing }),
      Bad_column: dataverseAction('CreateRecord', {
        entityName: 'dxc_xeroconnections',
        'item/dxc_name': 'X',
        'item/dxc_tenantid': TENANT,
        'item/dxc_nosuchcolumn': 1,
      }),
      Update_only: dataverseAction('UpdateOnlyRecord', {
        entityName: 'dxc_xeroconnections',
        recordId: missing,
        'item/dxc_name': 'Ghost',
      }),
      Upsert: dataverseAction('UpdateRecord', {
        entityName: 'dxc_xeroconnections',
        recordId: missing,
        'item/dxc_name': 'Upserted',
        'item/dxc_tenantid': TENANT,
      }),
    });
    const run = await runFlow(flow, options);
    expect(run.status).toBe('Failed');
    const action = (name: string) => run.actions.find((a) => a.name === name)!;
    expect(action('Get_missing')).toMatchObject({ status: 'Failed', code: 'NotFound' });
    expect(action('Get_missing').error!.message).toContain(missing);
    expect(action('Bad_column')).toMatchObject({ status: 'Failed', code: 'BadRequest' });
    expect(action('Bad_column').error!.message).toContain('dxc_nosuchcolumn');
    expect(action('Bad_column').attempts).toHaveLength(1);
    expect(action('Update_only')).toMatchObject({ status: 'Failed', code: 'NotFound' });
    expect(action('Upsert')).toMatchObject({ status: 'Succeeded', code: 'Created' });
    const rows = emulator.snapshot().dxc_xeroconnection!;
    expect(rows.map((r) => r.dxc_name)).toEqual(['Upserted']);
  });

  it('retries a throttled request and counts every attempt', async () => {
    emulator.throttleNext(2, 1);
    const flow = exportedFlow('throttled', {
      List: dataverseAction('ListRecords', { entityName: 'dxc_xeroconnections' }),
    });
    const run = await runFlow(flow, options);
    expect(run.status).toBe('Succeeded');
    const list = run.actions[0]!;
    expect(list.attempts!.map((a) => a.statusCode)).toEqual([429, 429, 200]);
    expect(run.requests).toBe(1 + 3);
  });

  it('an unreachable Dataverse is a connectivity failure: retried, then BadGateway naming the address', async () => {
    const stopped = await startDataverseEmulator({ port: 0 });
    await stopped.close();
    const flow = exportedFlow('unreachable', {
      List: dataverseAction('ListRecords', { entityName: 'dxc_xeroconnections' }),
    });
    const run = await runFlow(flow, {
      ...options,
      connector: sandboxConnector(sandboxRunConfiguration({ dataverseUrl: stopped.url })),
      defaultRetryCount: 1,
    });
    expect(run.actions[0]).toMatchObject({ status: 'Failed', code: 'BadGateway' });
    expect(run.actions[0]!.error!.message).toContain(`Cannot reach ${stopped.url} (GET): ECONNREFUSED`);
    expect(run.requests).toBe(1 + 2);
  });

  it('stops the run naming fetchXml, which the sandbox does not implement', async () => {
    const flow = exportedFlow('fetchxml', {
      List: dataverseAction('ListRecords', {
        entityName: 'dxc_xeroconnections',
        fetchXml: '<fetch><entity name="dxc_xeroconnection" /></fetch>',
      }),
    });
    const run = await runFlow(flow, options);
    expect(run.status).toBe('Failed');
    expect(run.error!.message).toContain('fetchXml');
    expect(run.notImplemented).toMatchObject({ action: 'List' });
  });

  it('names the missing connection when the run configuration lacks it', async () => {
    const flow = exportedFlow('no-connection', {
      List: dataverseAction('ListRecords', { entityName: 'dxc_xeroconnections' }),
    });
    await expect(runFlow(flow, { ...options, connector: sandboxConnector({}) })).rejects.toThrow(
      /connection reference 'dxc_DataverseConnection'.*connections\.dxc_DataverseConnection/,
    );
  });

  it('starts a run for updates of a filtering attribute only, with the row as the trigger body', async () => {
    const [id] = seedConnections(['Alpha']);
    const flow = exportedFlow(
      'on-update',
      {
        Record: {
          type: 'Compose',
          inputs: {
            message: "@triggerOutputs()?['body/SdkMessage']",
            name: "@triggerOutputs()?['body/dxc_name']",
            id: "@triggerBody()?['dxc_xeroconnectionid']",
            user: "@triggerOutputs()?['body/RunAsSystemUserId']",
          },
          runAfter: {},
        },
      },
      {
        When_a_connection_is_modified: {
          type: 'OpenApiConnectionWebhook',
          inputs: {
            host: {
              connectionName: 'shared_commondataserviceforapps',
              operationId: 'SubscribeWebhookTrigger',
              apiId: '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps',
            },
            parameters: {
              'subscriptionRequest/message': 3,
              'subscriptionRequest/entityname': 'dxc_xeroconnection',
              'subscriptionRequest/scope': 4,
              'subscriptionRequest/filteringattributes': 'dxc_name',
            },
            authentication: "@parameters('$authentication')",
          },
        },
      },
    );
    const watch = runFlowOnDataverseChanges(flow, { ...options, changes: emulator.changes });
    try {
      const patch = async (body: Record<string, unknown>) => {
        const res = await fetch(`${emulator.apiUrl}/dxc_xeroconnections(${id})`, {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(res.status).toBe(204);
      };
      await patch({ dxc_shortcode: '!abc' });
      await patch({ dxc_name: 'Alpha 2' });
      await patch({ dxc_timezone: 'Europe/London' });
      const runs = await watch.settled();
      expect(runs).toHaveLength(1);
      expect(runs[0]!.status).toBe('Succeeded');
      expect(runs[0]!.actions[0]!.outputs).toEqual({
        message: 'Update',
        name: 'Alpha 2',
        id,
        user: emulator.ids.systemUser,
      });
      expect(watch.subscription).toMatchObject({
        entityName: 'dxc_xeroconnection',
        message: 3,
        filteringAttributes: 'dxc_name',
      });
    } finally {
      await watch.stop();
    }
    // After stop, changes start nothing.
    await fetch(`${emulator.apiUrl}/dxc_xeroconnections(${id})`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ dxc_name: 'Alpha 3' }),
    });
    expect(await watch.settled()).toHaveLength(1);
  });

  it('applies the trigger filter expression on created rows', async () => {
    const flow = exportedFlow(
      'on-create',
      { Record: { type: 'Compose', inputs: "@triggerBody()?['dxc_name']", runAfter: {} } },
      {
        When_added: {
          type: 'OpenApiConnectionWebhook',
          inputs: {
            host: {
              connectionName: 'shared_commondataserviceforapps',
              operationId: 'SubscribeWebhookTrigger',
              apiId: '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps',
            },
            parameters: {
              'subscriptionRequest/message': 1,
              'subscriptionRequest/entityname': 'dxc_xeroconnection',
              'subscriptionRequest/scope': 4,
              'subscriptionRequest/filterexpression': "startswith(dxc_name,'B')",
            },
          },
        },
      },
    );
    const watch = runFlowOnDataverseChanges(flow, { ...options, changes: emulator.changes });
    try {
      seedConnections(['Alpha', 'Bravo', 'Charlie']);
      const runs = await watch.settled();
      expect(runs.map((r) => r.actions[0]!.outputs)).toEqual(['Bravo']);
    } finally {
      await watch.stop();
    }
  });

  it('delivers only the row id for a delete', async () => {
    const [id] = seedConnections(['Alpha']);
    const flow = exportedFlow(
      'on-delete',
      { Record: { type: 'Compose', inputs: '@triggerBody()', runAfter: {} } },
      {
        When_deleted: {
          type: 'OpenApiConnectionWebhook',
          inputs: {
            host: {
              connectionName: 'shared_commondataserviceforapps',
              operationId: 'SubscribeWebhookTrigger',
              apiId: '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps',
            },
            parameters: {
              'subscriptionRequest/message': 2,
              'subscriptionRequest/entityname': 'dxc_xeroconnection',
              'subscriptionRequest/scope': 4,
            },
          },
        },
      },
    );
    const watch = runFlowOnDataverseChanges(flow, { ...options, changes: emulator.changes });
    try {
      const res = await fetch(`${emulator.apiUrl}/dxc_xeroconnections(${id})`, { method: 'DELETE' });
      expect(res.status).toBe(204);
      const runs = await watch.settled();
      expect(runs).toHaveLength(1);
      expect(runs[0]!.actions[0]!.outputs).toEqual({
        dxc_xeroconnectionid: id,
        SdkMessage: 'Delete',
        RunAsSystemUserId: emulator.ids.systemUser,
      });
    } finally {
      await watch.stop();
    }
  });
});
