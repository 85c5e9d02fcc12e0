import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VirtualClock } from '../clock';
import type { ConnectorCall, ConnectorResponse } from '../connectors';
import { type ActionDefinition } from '../definition';
import { runFlow } from '../runner';
import { findRecord as find, flowOf, runActions as run } from '../test-helpers';

// Each expected result is written from Microsoft's documentation (MicrosoftDocs/azure-docs, articles/logic-apps/):
//  ACTREF = logic-apps-workflow-actions-triggers.md, ERR = error-exception-handling.md,
//  VARS = logic-apps-create-variables-store-values.md, FUNCREF = expression-functions-reference.md,
//  LIMITS-PA = power-automate-docs articles/limits-and-config.md (see shared/reference/flow-runner.md §0).

describe('connectors and retry policies (ERR "Retry policies"; flow-runner.md §3.4, §3.6)', () => {
  const dataverse = {
    shared_commondataserviceforapps: {
      runtimeSource: 'embedded',
      connection: { connectionReferenceLogicalName: 'dxc_dataverse' },
      api: { name: 'shared_commondataserviceforapps' },
    },
  };
  const action = (extra: Record<string, unknown> = {}): Record<string, ActionDefinition> => ({
    List: {
      type: 'OpenApiConnection',
      inputs: {
        host: {
          connectionName: 'shared_commondataserviceforapps',
          operationId: 'ListRecords',
          apiId: '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps',
        },
        parameters: { entityName: 'invoices', $filter: "@concat('name eq ', '''x''')" },
        authentication: "@parameters('$authentication')",
        ...extra,
      },
      runtimeConfiguration: { paginationPolicy: { minimumItemCount: 5000 } },
    },
  });

  test('the connector receives the evaluated call; authentication is passed through unevaluated', async () => {
    const calls: ConnectorCall[] = [];
    const result = await run(
      action(),
      {
        connector: async (call) => {
          calls.push(call);
          return { statusCode: 200, body: { value: [{ invoiceid: '1' }] }, extraRequests: 2 };
        },
        connectionReferences: { dxc_dataverse: { connectionId: 'conn-1' } },
      },
      { connectionReferences: dataverse },
    );
    expect(calls[0]).toMatchObject({
      connectionName: 'shared_commondataserviceforapps',
      connectionReferenceLogicalName: 'dxc_dataverse',
      apiName: 'shared_commondataserviceforapps',
      operationId: 'ListRecords',
      parameters: { entityName: 'invoices', $filter: "name eq 'x'" },
      authentication: "@parameters('$authentication')",
      pagination: { minimumItemCount: 5000 },
      mode: 'action',
      connectionId: 'conn-1',
    });
    const list = find(result.actions, 'List');
    expect(list.outputs).toEqual({ statusCode: 200, headers: {}, body: { value: [{ invoiceid: '1' }] } });
    expect(list.requests).toBe(3); // one call + two extra pages
  });

  test('429 with Retry-After is retried after exactly that wait; attempts and requests are recorded', async () => {
    const clock = new VirtualClock('2025-01-01T00:00:00Z');
    const answers: ConnectorResponse[] = [
      { statusCode: 429, headers: { 'Retry-After': '3' } },
      { statusCode: 503, headers: { 'retry-after': '1' } },
      { statusCode: 200, body: { value: [] } },
    ];
    const result = await runFlow(flowOf(action(), { connectionReferences: dataverse }), {
      clock,
      connector: async () => answers.shift()!,
    });
    const list = find(result.actions, 'List');
    expect(list.status).toBe('Succeeded');
    expect(list.attempts!.map((a) => a.statusCode)).toEqual([429, 503, 200]);
    expect(clock.sleeps).toEqual([3000, 1000]);
    expect(result.requests).toBe(1 + 3);
  });

  test('default policy: 4 retries for 5xx then the action fails with the status name; 404 is not retried', async () => {
    const clock = new VirtualClock();
    const failing = await runFlow(flowOf(action(), { connectionReferences: dataverse }), {
      clock,
      connector: async () => ({ statusCode: 500, body: { error: { code: '0x0', message: 'Boom' } } }),
    });
    const list = find(failing.actions, 'List');
    expect(list.attempts).toHaveLength(5);
    expect(list.status).toBe('Failed');
    expect(list.error).toEqual({ code: 'InternalServerError', message: 'Boom' });
    // Exponential: retry k waits within [2^(k-2)·7 s, 2^(k-1)·7 s] (k ≥ 2), retry 1 within [5 s, 7 s].
    expect(clock.sleeps).toHaveLength(4);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(5000);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(7000);
    expect(clock.sleeps[3]).toBeGreaterThanOrEqual(28000);
    expect(clock.sleeps[3]).toBeLessThanOrEqual(56000);
    const notFound = await runFlow(flowOf(action(), { connectionReferences: dataverse }), {
      connector: async () => ({ statusCode: 404 }),
    });
    expect(find(notFound.actions, 'List').attempts).toHaveLength(1);
  });

  test('explicit policies: none makes one attempt, fixed waits its interval count times', async () => {
    const clock = new VirtualClock();
    const none = await runFlow(
      flowOf(action({ retryPolicy: { type: 'none' } }), { connectionReferences: dataverse }),
      {
        clock,
        connector: async () => ({ statusCode: 503 }),
      },
    );
    expect(find(none.actions, 'List').attempts).toHaveLength(1);
    const fixed = await runFlow(
      flowOf(action({ retryPolicy: { type: 'fixed', count: 2, interval: 'PT10S' } }), {
        connectionReferences: dataverse,
      }),
      {
        clock,
        connector: async () => ({ statusCode: 408 }),
      },
    );
    expect(find(fixed.actions, 'List').attempts).toHaveLength(3);
    expect(clock.sleeps).toEqual([10000, 10000]);
  });

  test('no connector for the api stops the run naming the connector and the action', async () => {
    const result = await runFlow(flowOf(action(), { connectionReferences: dataverse }), {});
    expect(result.status).toBe('Failed');
    expect(result.notImplemented).toEqual({
      construct: "connector for api 'shared_commondataserviceforapps'",
      action: 'List',
    });
  });
});

describe('data operations (ACTREF "Data operations")', () => {
  test('Select with a map and templated keys, Query, Join, Table CSV/HTML', async () => {
    const result = await run({
      Data: {
        type: 'Compose',
        inputs: [
          { id: 1, name: 'a,b' },
          { id: 2, name: 'c' },
        ],
      },
      Select: {
        type: 'Select',
        inputs: {
          from: "@outputs('Data')",
          select: { "@{concat('k', 'ey')}": "@item()?['id']", '@@odata.type': 'x' },
        },
        runAfter: { Data: ['Succeeded'] },
      },
      Values: {
        type: 'Select',
        inputs: { from: "@outputs('Data')", select: "@item()?['name']" },
        runAfter: { Data: ['Succeeded'] },
      },
      Query: {
        type: 'Query',
        inputs: { from: "@outputs('Data')", where: "@greater(item()?['id'], 1)" },
        runAfter: { Data: ['Succeeded'] },
      },
      Join: {
        type: 'Join',
        inputs: { from: "@body('Values')", joinWith: '|' },
        runAfter: { Values: ['Succeeded'] },
      },
      Csv: {
        type: 'Table',
        inputs: { from: "@outputs('Data')", format: 'CSV' },
        runAfter: { Data: ['Succeeded'] },
      },
      Html: {
        type: 'Table',
        inputs: {
          from: "@outputs('Data')",
          format: 'HTML',
          columns: [{ header: 'Id', value: "@item()?['id']" }],
        },
        runAfter: { Data: ['Succeeded'] },
      },
    });
    expect(find(result.actions, 'Select').outputs).toEqual({
      body: [
        { key: 1, '@odata.type': 'x' },
        { key: 2, '@odata.type': 'x' },
      ],
    });
    expect(find(result.actions, 'Query').outputs).toEqual({ body: [{ id: 2, name: 'c' }] });
    expect(find(result.actions, 'Join').outputs).toEqual({ body: 'a,b|c' });
    expect(find(result.actions, 'Csv').outputs).toEqual({ body: 'id,name\r\n1,"a,b"\r\n2,c\r\n' });
    expect(find(result.actions, 'Html').outputs).toEqual({
      body: '<table><thead><tr><th>Id</th></tr></thead><tbody><tr><td>1</td></tr><tr><td>2</td></tr></tbody></table>',
    });
  });

  test('Select from a non-array fails with the PA message', async () => {
    const result = await run({ Select: { type: 'Select', inputs: { from: '@null', select: 'x' } } });
    expect(find(result.actions, 'Select').error?.message).toBe(
      "The 'from' property value in the 'select' action inputs is of type 'Null'. The value must be an array.",
    );
  });

  test('ParseJson parses string content and validates against the schema (ValidationFailed on mismatch)', async () => {
    const schema = { type: 'object', properties: { value: { type: 'string' } }, required: ['value'] };
    const ok = await run({ P: { type: 'ParseJson', inputs: { content: '{"value":"x"}', schema } } });
    expect(find(ok.actions, 'P').outputs).toEqual({ body: { value: 'x' } });
    const bad = await run({ P: { type: 'ParseJson', inputs: { content: { value: null }, schema } } });
    expect(find(bad.actions, 'P').status).toBe('Failed');
    expect(find(bad.actions, 'P').error).toEqual({
      code: 'ValidationFailed',
      message: 'The schema validation failed.',
    });
    expect(find(bad.actions, 'P').outputs).toEqual({
      errors: [
        {
          message: 'Invalid type. Expected String but got Null.',
          lineNumber: 0,
          linePosition: 0,
          path: 'value',
          value: null,
          schemaId: '#/properties/value',
          errorType: 'type',
          childErrors: [],
        },
      ],
    });
    const missing = await run({ P: { type: 'ParseJson', inputs: { content: { other: [1] }, schema } } });
    expect((find(missing.actions, 'P').outputs as { errors: { message: string }[] }).errors[0]!.message).toBe(
      'Required properties are missing from object: value.',
    );
  });
});

describe('child flows and Response (flow-runner.md §6; ACTREF Response, Workflow)', () => {
  test("the parent passes the body; the child responds; the parent reads outputs(...)?['Body']", async () => {
    const child = flowOf(
      {
        Respond: {
          type: 'Response',
          kind: 'PowerApp',
          inputs: { statusCode: 200, body: { greeting: "@concat('hi ', triggerBody()?['text'])" } },
        },
      },
      {
        name: 'Child',
        workflowId: '5625768c-bd3d-ec11-8c63-00224829720b',
        trigger: { manual: { type: 'Request', kind: 'PowerAppV2', inputs: { schema: {} } } },
      },
    );
    const result = await run(
      {
        Call: {
          type: 'Workflow',
          inputs: {
            host: { workflowReferenceName: '5625768c-bd3d-ec11-8c63-00224829720b' },
            body: { text: 'Ann' },
          },
        },
        Read: {
          type: 'Compose',
          inputs: "@outputs('Call')?['Body']?['greeting']",
          runAfter: { Call: ['Succeeded'] },
        },
      },
      { childFlows: { '5625768c-bd3d-ec11-8c63-00224829720b': child } },
    );
    expect(find(result.actions, 'Read').outputs).toBe('hi Ann');
    expect(find(result.actions, 'Call').childRun?.status).toBe('Succeeded');
    expect(result.requests).toBe(1 + 1 + (1 + 1) + 1); // trigger, Call, child (trigger + Respond), Read
  });

  test('a child flow missing from the registry stops the run naming it', async () => {
    const result = await run({
      Call: { type: 'Workflow', inputs: { host: { workflowReferenceName: 'abc' } } },
    });
    expect(result.notImplemented).toEqual({ construct: "child flow 'abc'", action: 'Call' });
  });

  test('Response needs a Request trigger: refused at load for a Recurrence flow', async () => {
    await expect(
      run(
        { R: { type: 'Response', inputs: { statusCode: 200 } } },
        {},
        { trigger: { Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Day', interval: 1 } } } },
      ),
    ).rejects.toThrow(/a Response action needs a Request/);
  });
});

describe('Http action (only 127.0.0.1 / localhost)', () => {
  let server: Server;
  let base: string;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits++;
      if (hits === 1) {
        res.writeHead(503, { 'Retry-After': '2' });
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, method: req.method }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('calls the local server over real HTTP, retrying a 503 after its Retry-After', async () => {
    const clock = new VirtualClock();
    const result = await runFlow(
      flowOf({
        H: {
          type: 'Http',
          inputs: { method: 'POST', uri: `${base}/x`, queries: { a: '1' }, body: { k: 1 } },
        },
      }),
      { clock },
    );
    const h = find(result.actions, 'H');
    expect(h.status).toBe('Succeeded');
    expect((h.outputs as { body: unknown }).body).toEqual({ path: '/x?a=1', method: 'POST' });
    expect(clock.sleeps).toEqual([2000]);
  });

  test('any other host stops the run', async () => {
    const result = await run({ H: { type: 'Http', inputs: { method: 'GET', uri: 'https://example.com/' } } });
    expect(result.notImplemented).toEqual({ construct: "Http action to host 'example.com'", action: 'H' });
  });
});
