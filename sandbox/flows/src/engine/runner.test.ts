import { VirtualClock } from './clock';
import { FlowLoadError, type ActionDefinition } from './definition';
import { renderRunText, runToJson } from './run-history';
import { FlowConfigurationError, runFlow } from './runner';
import { findRecord as find, flowOf, runActions as run } from './test-helpers';

// Each expected result is written from Microsoft's documentation (MicrosoftDocs/azure-docs, articles/logic-apps/):
//  ACTREF = logic-apps-workflow-actions-triggers.md, ERR = error-exception-handling.md,
//  VARS = logic-apps-create-variables-store-values.md, FUNCREF = expression-functions-reference.md,
//  LIMITS-PA = power-automate-docs articles/limits-and-config.md (see shared/reference/flow-runner.md §0).

describe('expression failures (flow-runner.md §1.5 error envelope)', () => {
  test('a failing expression fails the action with InvalidTemplate and the PA envelope', async () => {
    const result = await run({ Bad: { type: 'Compose', inputs: "@if('true', 1, 2)" } });
    const bad = find(result.actions, 'Bad');
    expect(bad.status).toBe('Failed');
    expect(bad.error).toEqual({
      code: 'InvalidTemplate',
      message:
        "Unable to process template language expressions in action 'Bad' inputs at line '0' and column '0': 'The template language function 'if' expects its first parameter to be of type boolean. The provided value is of type 'String'. Please see https://aka.ms/logicexpressions#if for usage details.'.",
    });
  });
});

describe('runAfter and Skipped propagation (ERR "Manage the run after behavior")', () => {
  test('a failure skips Succeeded-successors, runs Failed-successors; Skipped spreads; only "Skipped" runs after Skipped', async () => {
    const result = await run({
      A: { type: 'Compose', inputs: "@triggerBody()['missing']" },
      B: { type: 'Compose', inputs: 'b', runAfter: { A: ['Succeeded'] } },
      C: { type: 'Compose', inputs: 'c', runAfter: { B: ['Succeeded'] } },
      D: { type: 'Compose', inputs: 'd', runAfter: { B: ['Skipped'] } },
      Catch: {
        type: 'Compose',
        inputs: "@actions('A')?['error']?['code']",
        runAfter: { A: ['Failed', 'TimedOut'] },
      },
    });
    expect(find(result.actions, 'A').status).toBe('Failed');
    const b = find(result.actions, 'B');
    expect(b.status).toBe('Skipped');
    expect(b.error?.message).toBe(
      "The execution of template action 'B' is skipped: the 'runAfter' condition for action 'A' is not satisfied. Expected status values 'Succeeded' and actual value 'Failed'.",
    );
    expect(find(result.actions, 'C').status).toBe('Skipped');
    expect(find(result.actions, 'D').status).toBe('Succeeded');
    expect(find(result.actions, 'Catch').outputs).toBe('InvalidTemplate');
    // Branch A→B→C ends Skipped, taking A's Failed; so the run fails even though the catch branch succeeded.
    expect(result.status).toBe('Failed');
    expect(result.requests).toBe(1 + 3); // trigger + A + D + Catch; skipped actions cost nothing
  });

  test('statuses are compared case-insensitively (Standard exports write SUCCEEDED)', async () => {
    const result = await run({
      A: { type: 'Compose', inputs: 1 },
      B: { type: 'Compose', inputs: 2, runAfter: { A: ['SUCCEEDED'] } },
    });
    expect(find(result.actions, 'B').status).toBe('Succeeded');
  });

  test('parallel branches: an action waits for all of its predecessors', async () => {
    const result = await run({
      A: { type: 'Compose', inputs: 'a' },
      B: { type: 'Compose', inputs: 'b' },
      Join: {
        type: 'Compose',
        inputs: "@concat(outputs('A'), outputs('B'))",
        runAfter: { A: ['Succeeded'], B: ['Succeeded'] },
      },
    });
    expect(find(result.actions, 'Join').outputs).toBe('ab');
  });
});

describe('parameters, environment variables and triggers', () => {
  const parameters = {
    $connections: { defaultValue: {}, type: 'Object' },
    $authentication: { defaultValue: {}, type: 'SecureObject' },
    'Proxy base URL (dxc_ProxyBaseUrl)': { type: 'String', metadata: { schemaName: 'dxc_ProxyBaseUrl' } },
    'Batch size (dxc_BatchSize)': {
      type: 'Int',
      defaultValue: 50,
      metadata: { schemaName: 'dxc_BatchSize' },
    },
  };
  const actions: Record<string, ActionDefinition> = {
    C: {
      type: 'Compose',
      inputs: {
        url: "@parameters('Proxy base URL (dxc_ProxyBaseUrl)')",
        size: "@parameters('Batch size (dxc_BatchSize)')",
      },
    },
  };

  test('environment variables come from the run configuration by schema name, else the default value', async () => {
    const result = await run(
      actions,
      { environmentVariables: { dxc_ProxyBaseUrl: 'http://127.0.0.1:9', dxc_BatchSize: '20' } },
      { parameters },
    );
    expect(find(result.actions, 'C').outputs).toEqual({ url: 'http://127.0.0.1:9', size: 20 });
    const defaults = await run(actions, { environmentVariables: { dxc_ProxyBaseUrl: 'u' } }, { parameters });
    expect(find(defaults.actions, 'C').outputs).toEqual({ url: 'u', size: 50 });
  });

  test('a missing environment variable or a value of the wrong type is a clear configuration error', async () => {
    await expect(run(actions, {}, { parameters })).rejects.toThrow(FlowConfigurationError);
    await expect(run(actions, {}, { parameters })).rejects.toThrow(
      "The environment variable 'dxc_ProxyBaseUrl' (parameter 'Proxy base URL (dxc_ProxyBaseUrl)') has no value",
    );
    await expect(
      run(
        actions,
        { environmentVariables: { dxc_ProxyBaseUrl: 'u', dxc_BatchSize: 'many' } },
        { parameters },
      ),
    ).rejects.toThrow(/is of type Int; the value "many" does not fit/);
  });

  test('trigger conditions: a false condition means no run (NotTriggered); Dataverse trigger body comes from the source', async () => {
    const trigger = {
      When_a_row_is_added: {
        type: 'OpenApiConnectionWebhook',
        inputs: {
          host: {
            connectionName: 'dv',
            operationId: 'SubscribeWebhookTrigger',
            apiId: '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps',
          },
          parameters: {
            'subscriptionRequest/message': 4,
            'subscriptionRequest/entityname': 'invoice',
            'subscriptionRequest/scope': 4,
          },
        },
        conditions: [{ expression: "@equals(triggerOutputs()?['body/statecode'], 0)" }],
      },
    };
    const flowActions: Record<string, ActionDefinition> = {
      Id: { type: 'Compose', inputs: "@triggerOutputs()?['body/invoiceid']" },
    };
    const fired = await run(
      flowActions,
      { trigger: { body: { invoiceid: 'i-1', statecode: 0 } } },
      { trigger },
    );
    expect(fired.status).toBe('Succeeded');
    expect(find(fired.actions, 'Id').outputs).toBe('i-1');
    const skipped = await run(
      flowActions,
      { trigger: { body: { invoiceid: 'i-1', statecode: 1 } } },
      { trigger },
    );
    expect(skipped.status).toBe('NotTriggered');
    expect(skipped.actions).toEqual([]);
    await expect(run(flowActions, {}, { trigger })).rejects.toThrow(/give the trigger's body/);
  });

  test('Recurrence: utcNow() and workflow() read the injected clock and run identity', async () => {
    const result = await runFlow(
      flowOf(
        {
          Now: {
            type: 'Compose',
            inputs: {
              now: '@utcNow()',
              name: "@workflow()?['tags']['flowDisplayName']",
              run: "@workflow()?['run']['name']",
            },
          },
        },
        { trigger: { Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Minute', interval: 5 } } } },
      ),
      {
        clock: new VirtualClock('2025-03-01T08:00:00Z'),
        runId: 'run-1',
        workflow: { displayName: 'Sync invoices' },
      },
    );
    expect(find(result.actions, 'Now').outputs).toEqual({
      now: '2025-03-01T08:00:00.0000000Z',
      name: 'Sync invoices',
      run: 'run-1',
    });
  });
});

describe('constructs the runner lacks stop the run, naming construct and action', () => {
  test('an action type', async () => {
    const result = await run({
      L: {
        type: 'Liquid',
        kind: 'JsonToJson',
        inputs: { content: {}, integrationAccount: { map: { name: 'm' } } },
      },
    });
    expect(result.status).toBe('Failed');
    expect(result.notImplemented).toEqual({ construct: "action type 'Liquid'", action: 'L' });
  });
  test('an expression function, even inside a try/catch scope', async () => {
    const result = await run({
      Try: { type: 'Scope', actions: { X: { type: 'Compose', inputs: "@xpath(xml('<a/>'), '/a')" } } },
      Catch: { type: 'Compose', inputs: 'caught', runAfter: { Try: ['Failed'] } },
    });
    // The outer call is checked before its arguments are evaluated, so the first missing function named is xpath.
    expect(result.notImplemented).toEqual({ construct: "template language function 'xpath'", action: 'X' });
    expect(result.actions.find((a) => a.name === 'Catch')).toBeUndefined();
    expect(result.error?.code).toBe('NotImplementedInRunner');
  });
});

describe('more constructs the runner stops on, and connectivity failures', () => {
  test('an unknown operation option stops the run naming it', async () => {
    const result = await run({ C: { type: 'Compose', inputs: 1, operationOptions: 'SomethingNew' } });
    expect(result.notImplemented).toEqual({ construct: "operation option 'SomethingNew'", action: 'C' });
  });

  test('a trigger type the runner lacks stops the run naming the trigger', async () => {
    const result = await run(
      { C: { type: 'Compose', inputs: 1 } },
      {},
      {
        trigger: {
          Hook: {
            type: 'HttpWebhook',
            inputs: { subscribe: { method: 'POST', uri: 'http://127.0.0.1/s' }, unsubscribe: {} },
          },
        },
      },
    );
    expect(result.notImplemented).toEqual({ construct: "trigger type 'HttpWebhook'", action: 'Hook' });
    expect(result.actions).toEqual([]);
  });

  test('actions not yet started when the run stops are recorded as skipped, not run', async () => {
    const calls: string[] = [];
    const result = await run(
      {
        A: {
          type: 'Liquid',
          kind: 'JsonToJson',
          inputs: { content: {}, integrationAccount: { map: { name: 'm' } } },
        },
        B: {
          type: 'OpenApiConnection',
          inputs: { host: { connectionName: 'x', operationId: 'Op' }, parameters: {} },
          runAfter: { A: ['Succeeded', 'Failed'] },
        },
      },
      {
        connector: async (c) => {
          calls.push(c.operationId);
          return { statusCode: 200 };
        },
      },
    );
    expect(result.notImplemented?.action).toBe('A');
    expect(calls).toEqual([]);
  });

  test('a connector that throws (connectivity) is retried like a 5xx and then fails BadGateway', async () => {
    const clock = new VirtualClock();
    let n = 0;
    const result = await runFlow(
      flowOf({
        A: {
          type: 'OpenApiConnection',
          inputs: {
            host: { connectionName: 'x', operationId: 'Op' },
            parameters: {},
            retryPolicy: { type: 'fixed', count: 2, interval: 'PT1S' },
          },
        },
      }),
      {
        clock,
        connector: async () => {
          n++;
          throw new Error('ECONNREFUSED 127.0.0.1:1');
        },
      },
    );
    expect(n).toBe(3);
    expect(result.actions[0]!.error).toEqual({ code: 'BadGateway', message: 'ECONNREFUSED 127.0.0.1:1' });
    expect(result.actions[0]!.attempts!.map((a) => a.error)).toEqual(
      Array(3).fill('ECONNREFUSED 127.0.0.1:1'),
    );
    expect(clock.sleeps).toEqual([1000, 1000]);
  });
});

describe('schema validation on load', () => {
  test('schema errors are reported with their paths', async () => {
    const promise = run({
      A: { type: 'Compose', inputs: 1, runAfter: {} },
      B: { type: 'Compose', inputs: 1, runAfter: { A: ['Done'] } },
    });
    await expect(promise).rejects.toThrow(FlowLoadError);
    await expect(run({ B: { type: 'Compose', inputs: 1, runAfter: { A: ['Done'] } } })).rejects.toThrow(
      /\/actions\/B\/runAfter\/A\/0: must be one of/,
    );
  });
});

describe('run history', () => {
  test('text view is a tree with statuses, repetitions, errors and the request count; JSON round-trips', async () => {
    const result = await run(
      {
        Loop: {
          type: 'Foreach',
          foreach: '@createArray(1, 2)',
          actions: { C: { type: 'Compose', inputs: '@item()' } },
        },
        S: {
          type: 'Scope',
          runAfter: { Loop: ['Succeeded'] },
          actions: { Bad: { type: 'Compose', inputs: '@div(1, 0)' } },
        },
      },
      { runId: 'r1' },
    );
    const text = renderRunText(result);
    expect(text).toContain(
      "Run r1 of 'test flow': Failed — ActionFailed: An action failed. No dependent actions succeeded.",
    );
    // trigger 1 + Loop (1 + 2 iterations × C) + S (1 + Bad, failed actions count too) = 6
    expect(text).toContain('6 Power Platform request(s).');
    expect(text).toMatch(/├─ Loop \(Foreach\) · Succeeded · 2 repetition\(s\)/);
    expect(text).toMatch(
      /│ {2}├─ #0 Succeeded item 1\n│ {2}│ {2}└─ C \(Compose\) · Succeeded · [\d.]+ ms → 1/,
    );
    expect(text).toMatch(/└─ S \(Scope\) · Failed · ActionFailed/);
    expect(text).toMatch(/ {3}└─ Bad \(Compose\) · Failed · InvalidTemplate .*divide by zero/);
    const json = JSON.parse(runToJson(result));
    expect(json.actions[0].repetitions[1].actions[0].outputs).toBe(2);
  });
});
