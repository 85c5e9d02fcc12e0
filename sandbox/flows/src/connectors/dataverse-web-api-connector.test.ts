import { startDataverseEmulator, type DataverseEmulator } from '@dxc/dataverse-emulator';
import { VirtualClock } from '../engine/clock';
import type { ActionRecord } from '../engine/run-history';
import { runToJson } from '../engine/run-history';
import { runFlow, type RunOptions } from '../engine/runner';
import { dataverseWebApiAction, exportedFlow } from '../sandboxes/exported-flow';
import {
  checkRunConfiguration,
  sandboxConnector,
  sandboxRunConfiguration,
} from '../sandboxes/sandbox-connector';
import { choiceValue } from '@dxc/solution';

// The bulk write-back route through "HTTP with Microsoft Entra ID (preauthorized)" against the Dataverse emulator
// over HTTP: what the connector sends, what it refuses, and how the requests are counted.

const ACCOUNT = (n: number) => `a0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('Dataverse Web API connection (shared_webcontents) against the Dataverse emulator', () => {
  let emulator: DataverseEmulator;
  let options: RunOptions;

  const start = async (
    emulatorOptions: Parameters<typeof startDataverseEmulator>[0] = {},
    token?: string,
  ) => {
    emulator = await startDataverseEmulator({ port: 0, ...emulatorOptions });
    emulator.load({
      account: [1, 2, 3].map((n) => ({ accountid: ACCOUNT(n), name: `Account ${n}`, telephone1: 'old' })),
    });
    const config = sandboxRunConfiguration({ dataverseUrl: emulator.url, bearerToken: token });
    options = {
      connector: sandboxConnector(config),
      environmentVariables: config.environmentVariables,
      clock: new VirtualClock('2025-01-15T10:00:00Z'),
    };
  };
  afterEach(async () => {
    await emulator.close();
  });

  const phones = () =>
    Object.fromEntries(emulator.snapshot().account!.map((a) => [a.accountid as string, a.telephone1]));
  // In a flow definition a key starting with '@' is an expression: exported flows escape it as '@@odata.type'.
  const updateTargets = (ids: string[], phone: string) => ({
    Targets: ids.map((id) => ({
      '@@odata.type': 'Microsoft.Dynamics.CRM.account',
      accountid: id,
      telephone1: phone,
    })),
  });

  it('posts UpdateMultiple as the flow describes it: one action, one request, every row written', async () => {
    // The service protection limit proves the emulator saw one request: a second one would be refused.
    await start({ serviceProtection: { maxRequests: 1, windowSeconds: 300 } });
    const flow = exportedFlow('bulk', {
      Rows: {
        type: 'Compose',
        inputs: updateTargets([ACCOUNT(1), ACCOUNT(2), ACCOUNT(3)], 'new'),
        runAfter: {},
      },
      Update_in_bulk: dataverseWebApiAction(
        'POST',
        '/api/data/v9.2/accounts/Microsoft.Dynamics.CRM.UpdateMultiple',
        "@{string(outputs('Rows'))}",
        { runAfter: { Rows: ['Succeeded'] } },
      ),
    });
    const run = await runFlow(flow, options);
    expect(run.status).toBe('Succeeded');
    const action = run.actions.find((a) => a.name === 'Update_in_bulk')!;
    expect(action).toMatchObject({ status: 'Succeeded', code: 'NoContent', requests: 1 });
    expect((action.outputs as { statusCode: number }).statusCode).toBe(204);
    expect(phones()).toEqual({ [ACCOUNT(1)]: 'new', [ACCOUNT(2)]: 'new', [ACCOUNT(3)]: 'new' });
    // Trigger + Compose + one request for three rows.
    expect(run.requests).toBe(3);
    expect((await fetch(`${emulator.apiUrl}/accounts`)).status).toBe(429);
  });

  it('hands the flow the parsed answer: Ids of CreateMultiple, and the PATCH fallback updates one row', async () => {
    await start();
    const flow = exportedFlow('create and fallback', {
      Create_in_bulk: dataverseWebApiAction(
        'POST',
        '/api/data/v9.2/accounts/Microsoft.Dynamics.CRM.CreateMultiple',
        { Targets: [{ '@@odata.type': 'Microsoft.Dynamics.CRM.account', name: 'Made in bulk' }] },
      ),
      Update_one_row: dataverseWebApiAction(
        'PATCH',
        `/api/data/v9.2/accounts(@{first(body('Create_in_bulk')?['Ids'])})`,
        { telephone1: 'patched' },
        {
          headers: { 'Content-Type': 'application/json', 'If-Match': '*' },
          runAfter: { Create_in_bulk: ['Succeeded'] },
        },
      ),
      Update_missing_row: dataverseWebApiAction(
        'PATCH',
        '/api/data/v9.2/accounts(a0000000-0000-4000-8000-0000000000ff)',
        { telephone1: 'never' },
        {
          headers: { 'Content-Type': 'application/json', 'If-Match': '*' },
          runAfter: { Update_one_row: ['Succeeded'] },
        },
      ),
    });
    const run = await runFlow(flow, options);
    const [create, patch, missing] = run.actions as [ActionRecord, ActionRecord, ActionRecord];
    const ids = (create.outputs as { body: { Ids: string[] } }).body.Ids;
    expect(ids).toHaveLength(1);
    expect(patch).toMatchObject({ status: 'Succeeded', code: 'NoContent' });
    expect(phones()[ids[0]!]).toBe('patched');
    // If-Match: * keeps the fallback an update: a missing row fails the action with Dataverse's answer.
    expect(missing).toMatchObject({ status: 'Failed', code: 'NotFound' });
    expect(missing.error!.message).toBe(
      'account With Id = a0000000-0000-4000-8000-0000000000ff Does Not Exist',
    );
    expect(emulator.snapshot().account).toHaveLength(4);
  });

  it('upserts a row by its alternate key (the fallback of UpsertMultiple): created once, then updated', async () => {
    await start();
    const row = (details: string) => ({
      dxc_name: 'Sync - 2025-01-15 10:00:00',
      dxc_eventon: '2025-01-15T10:00:00Z',
      dxc_action: choiceValue('dxc_syncaction', 'Status'),
      dxc_status: choiceValue('dxc_syncstatus', 'Successful'),
      dxc_details: details,
    });
    const url = "/api/data/v9.2/dxc_synchistories(dxc_eventkey='xero:1:2025-01-15T10:00:00Z')";
    const flow = exportedFlow('upsert by key', {
      First: dataverseWebApiAction('PATCH', url, row('first')),
      Again: dataverseWebApiAction('PATCH', url, row('again'), { runAfter: { First: ['Succeeded'] } }),
    });
    const run = await runFlow(flow, options);
    expect(run.actions.map((a) => a.status)).toEqual(['Succeeded', 'Succeeded']);
    expect(emulator.snapshot().dxc_synchistory).toEqual([
      expect.objectContaining({ dxc_eventkey: 'xero:1:2025-01-15T10:00:00Z', dxc_details: 'again' }),
    ]);
  });

  it('refuses every other route with a 400 naming what is allowed, and sends nothing', async () => {
    await start();
    const routes: Record<string, ReturnType<typeof dataverseWebApiAction>> = {
      Read_rows: dataverseWebApiAction('GET', '/api/data/v9.2/accounts'),
      Create_one_row: dataverseWebApiAction('POST', '/api/data/v9.2/accounts', { name: 'single' }),
      Batch: dataverseWebApiAction('POST', '/api/data/v9.2/$batch', '--batch_1--'),
      Delete_row: dataverseWebApiAction('DELETE', `/api/data/v9.2/accounts(${ACCOUNT(1)})`),
      Upsert_row: dataverseWebApiAction('PATCH', `/api/data/v9.2/accounts(${ACCOUNT(1)})`, {
        telephone1: 'x',
      }),
      With_query: dataverseWebApiAction(
        'POST',
        '/api/data/v9.2/accounts/Microsoft.Dynamics.CRM.UpdateMultiple?$select=name',
        updateTargets([ACCOUNT(1)], 'x'),
      ),
      Other_host: dataverseWebApiAction(
        'POST',
        'http://127.0.0.1:9/api/data/v9.2/accounts/Microsoft.Dynamics.CRM.UpdateMultiple',
        updateTargets([ACCOUNT(1)], 'x'),
      ),
      Unbound_action: dataverseWebApiAction('POST', '/api/data/v9.2/WhoAmI', {}),
    };
    const run = await runFlow(exportedFlow('refused', routes), options);
    for (const name of Object.keys(routes)) {
      const action = run.actions.find((a) => a.name === name)!;
      expect({ name, status: action.status, code: action.code }).toEqual({
        name,
        status: 'Failed',
        code: 'BadRequest',
      });
      expect(action.error!.message).toContain(
        "The Dataverse Web API connection serves only POST /api/data/v9.2/<entity set>/Microsoft.Dynamics.CRM.CreateMultiple, UpdateMultiple or UpsertMultiple, PATCH /api/data/v9.2/<entity set>(<guid>) with If-Match: *, and PATCH /api/data/v9.2/<entity set>(<key>='<value>') (upsert by alternate key).",
      );
      expect(action.attempts).toHaveLength(1);
    }
    const message = (name: string) => run.actions.find((a) => a.name === name)!.error!.message;
    expect(message('Read_rows')).toMatch(/^GET \/api\/data\/v9\.2\/accounts is not allowed\./);
    expect(message('Upsert_row')).toContain('needs the header If-Match: * (update only, never create)');
    expect(message('With_query')).toContain('has a query string');
    expect(message('Other_host')).toContain(`is outside the connection's base resource URL ${emulator.url}`);
    expect(phones()[ACCOUNT(1)]).toBe('old');
    expect(emulator.snapshot().account).toHaveLength(3);
  });

  it('retries a throttled bulk message per the retry policy and counts every attempt', async () => {
    await start();
    emulator.throttleNext(2, 1);
    const flow = exportedFlow('throttled', {
      Update_in_bulk: dataverseWebApiAction(
        'POST',
        '/api/data/v9.2/accounts/Microsoft.Dynamics.CRM.UpdateMultiple',
        updateTargets([ACCOUNT(1), ACCOUNT(2)], 'after retry'),
      ),
    });
    const run = await runFlow(flow, options);
    expect(run.status).toBe('Succeeded');
    expect(run.actions[0]!.attempts!.map((a) => a.statusCode)).toEqual([429, 429, 204]);
    expect(run.actions[0]!.requests).toBe(3);
    expect(run.requests).toBe(1 + 3);
    expect(phones()[ACCOUNT(2)]).toBe('after retry');
  });

  it('a failing bulk message fails the action with Dataverse status and message, and writes nothing', async () => {
    await start();
    const flow = exportedFlow('missing row', {
      Update_in_bulk: dataverseWebApiAction(
        'POST',
        '/api/data/v9.2/accounts/Microsoft.Dynamics.CRM.UpdateMultiple',
        updateTargets([ACCOUNT(1), 'a0000000-0000-4000-8000-0000000000ee'], 'x'),
      ),
    });
    const run = await runFlow(flow, options);
    expect(run.actions[0]).toMatchObject({ status: 'Failed', code: 'NotFound' });
    expect(run.actions[0]!.error!.message).toBe(
      'account With Id = a0000000-0000-4000-8000-0000000000ee Does Not Exist',
    );
    expect(phones()[ACCOUNT(1)]).toBe('old');
  });

  it('sends the connection bearer token (never the flow own Authorization), and keeps it out of the history', async () => {
    await start({ requireBearerToken: 'web-api-s3cret' }, 'web-api-s3cret');
    const flow = exportedFlow('token', {
      Update_in_bulk: dataverseWebApiAction(
        'POST',
        '/api/data/v9.2/accounts/Microsoft.Dynamics.CRM.UpdateMultiple',
        updateTargets([ACCOUNT(3)], 'with token'),
        { headers: { 'Content-Type': 'application/json', Authorization: 'Bearer forged' } },
      ),
    });
    const run = await runFlow(flow, options);
    expect(run.actions[0]).toMatchObject({ status: 'Succeeded', code: 'NoContent' });
    expect(phones()[ACCOUNT(3)]).toBe('with token');
    expect(runToJson(run)).not.toContain('web-api-s3cret');
  });
});

describe('run configuration of the Dataverse Web API connection', () => {
  it('sandboxRunConfiguration gives it the Dataverse URL; checkRunConfiguration names it when missing', () => {
    const config = sandboxRunConfiguration({ dataverseUrl: 'http://127.0.0.1:5555', bearerToken: 't' });
    expect(config.connections!.dxc_DataverseWebApiConnection).toEqual({
      dataverseUrl: 'http://127.0.0.1:5555',
      bearerToken: 't',
    });
    const flow = exportedFlow('uses web api', {
      Update_in_bulk: dataverseWebApiAction(
        'POST',
        '/api/data/v9.2/accounts/Microsoft.Dynamics.CRM.UpdateMultiple',
        {},
      ),
    });
    expect(checkRunConfiguration(flow, config)).toEqual([]);
    expect(checkRunConfiguration(flow, { connections: {} })).toEqual([
      `The connection reference 'dxc_DataverseWebApiConnection' has no connection in the run configuration (connections.dxc_DataverseWebApiConnection = { "dataverseUrl": … }, or --dataverse).`,
    ]);
    expect(
      checkRunConfiguration(flow, { connections: { dxc_DataverseWebApiConnection: { apiKey: 'k' } } }),
    ).toEqual(['connections.dxc_DataverseWebApiConnection.dataverseUrl is missing.']);
  });
});
