import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VirtualClock } from './clock';
import type { ConnectorCall, ConnectorResponse } from './connectors';
import { FlowLoadError, type ActionDefinition } from './definition';
import { renderRunText, runToJson, type ActionRecord, type RunResult } from './run-history';
import { FlowConfigurationError, runFlow, type RunOptions } from './runner';
import { flowOf } from './test-helpers';

// Each expected result is written from Microsoft's documentation (MicrosoftDocs/azure-docs, articles/logic-apps/):
//  ACTREF = logic-apps-workflow-actions-triggers.md, ERR = error-exception-handling.md,
//  VARS = logic-apps-create-variables-store-values.md, FUNCREF = expression-functions-reference.md,
//  LIMITS-PA = power-automate-docs articles/limits-and-config.md (see shared/reference/flow-runner.md §0).

const find = (records: ActionRecord[], name: string): ActionRecord => {
  for (const r of records) {
    if (r.name === name) return r;
    const inner = [...(r.actions ?? []), ...(r.repetitions ?? []).flatMap((rep) => rep.actions)];
    try {
      return find(inner, name);
    } catch {
      // keep looking
    }
  }
  throw new Error(`no record ${name}`);
};

async function run(
  actions: Record<string, ActionDefinition>,
  options: RunOptions = {},
  extra = {},
): Promise<RunResult> {
  return runFlow(flowOf(actions, extra), { clock: new VirtualClock('2025-01-15T10:00:00Z'), ...options });
}

describe('Compose and variables (VARS)', () => {
  test('initialize (lower-case types as exports write them), set, increment by default 1, decrement, append', async () => {
    const result = await run({
      Init_count: {
        type: 'InitializeVariable',
        inputs: { variables: [{ name: 'count', type: 'integer', value: 1 }] },
      },
      Init_list: {
        type: 'InitializeVariable',
        inputs: { variables: [{ name: 'list', type: 'array', value: [] }] },
        runAfter: { Init_count: ['Succeeded'] },
      },
      Init_text: {
        type: 'InitializeVariable',
        inputs: { variables: [{ name: 'text', type: 'String', value: 'a' }] },
        runAfter: { Init_list: ['Succeeded'] },
      },
      Increment: {
        type: 'IncrementVariable',
        inputs: { name: 'count' },
        runAfter: { Init_text: ['Succeeded'] },
      },
      Decrement: {
        type: 'DecrementVariable',
        inputs: { name: 'count', value: 5 },
        runAfter: { Increment: ['Succeeded'] },
      },
      Append: {
        type: 'AppendToArrayVariable',
        inputs: { name: 'list', value: "@variables('count')" },
        runAfter: { Decrement: ['Succeeded'] },
      },
      Append_text: {
        type: 'AppendToStringVariable',
        inputs: { name: 'text', value: '@{true}b' },
        runAfter: { Append: ['Succeeded'] },
      },
      Set: {
        type: 'SetVariable',
        inputs: { name: 'count', value: 10 },
        runAfter: { Append_text: ['Succeeded'] },
      },
      Compose: {
        type: 'Compose',
        inputs: { list: "@variables('list')", text: "@variables('text')" },
        runAfter: { Set: ['Succeeded'] },
      },
    });
    expect(result.status).toBe('Succeeded');
    expect(result.variables).toEqual({ count: 10, list: [-3], text: 'aTrueb' });
    expect(find(result.actions, 'Compose').outputs).toEqual({ list: [-3], text: 'aTrueb' });
  });

  test('setting a value of the wrong type fails with the InvalidTemplate text PA shows', async () => {
    const result = await run({
      Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'n', type: 'integer', value: 1 }] } },
      Set: { type: 'SetVariable', inputs: { name: 'n', value: 'abc' }, runAfter: { Init: ['Succeeded'] } },
    });
    const set = find(result.actions, 'Set');
    expect(set.status).toBe('Failed');
    expect(set.error?.code).toBe('InvalidTemplate');
    expect(set.error?.message).toContain(
      "The variable 'n' of type 'Integer' cannot be initialized or updated with value of type 'String'.",
    );
    expect(result.status).toBe('Failed');
  });

  test('InitializeVariable inside a scope is refused at load (VARS: top level only)', async () => {
    await expect(
      run({
        S: {
          type: 'Scope',
          actions: {
            I: {
              type: 'InitializeVariable',
              inputs: { variables: [{ name: 'x', type: 'string', value: '' }] },
            },
          },
        },
      }),
    ).rejects.toThrow(/InitializeVariable is only allowed at the top level/);
  });
});

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

describe('Scope, result() and try/catch (ERR "Evaluate actions with scopes and their results")', () => {
  const tryCatch: Record<string, ActionDefinition> = {
    Try: {
      type: 'Scope',
      actions: {
        Ok: { type: 'Compose', inputs: 1 },
        Broken: { type: 'Compose', inputs: '@div(1, 0)', runAfter: { Ok: ['Succeeded'] } },
        Never: { type: 'Compose', inputs: 2, runAfter: { Broken: ['Succeeded'] } },
      },
    },
    Catch: {
      type: 'Query',
      inputs: { from: "@result('Try')", where: "@equals(item()?['status'], 'Failed')" },
      runAfter: { Try: ['Failed', 'TimedOut'] },
    },
  };

  test('an inner failure fails the scope with ActionFailed; the catch reads result(); the run succeeds', async () => {
    const result = await run(tryCatch);
    const scope = find(result.actions, 'Try');
    expect(scope.status).toBe('Failed');
    expect(scope.error).toEqual({
      code: 'ActionFailed',
      message: 'An action failed. No dependent actions succeeded.',
    });
    const failed = find(result.actions, 'Catch').outputs as { body: { name: string }[] };
    expect(failed.body.map((r) => r.name)).toEqual(['Broken']);
    expect(result.status).toBe('Succeeded');
  });

  test('result() lists only the top-level actions of the scope, each shaped like actions()', async () => {
    const result = await run({
      S: {
        type: 'Scope',
        actions: {
          C: { type: 'Compose', inputs: 'x' },
          If: {
            type: 'If',
            expression: '@true',
            actions: { Inner: { type: 'Compose', inputs: 1 } },
            runAfter: { C: ['Succeeded'] },
          },
        },
      },
      R: { type: 'Compose', inputs: "@result('S')", runAfter: { S: ['Succeeded'] } },
    });
    const entries = find(result.actions, 'R').outputs as Record<string, unknown>[];
    expect(entries.map((e) => e.name)).toEqual(['C', 'If']);
    expect(Object.keys(entries[0]!).sort()).toEqual(
      [
        'clientTrackingId',
        'code',
        'endTime',
        'inputs',
        'name',
        'outputs',
        'startTime',
        'status',
        'trackingId',
      ].sort(),
    );
  });
});

describe('If and Switch (ACTREF)', () => {
  test('condition objects with and/or/not and the designer operators; the untaken branch is Skipped', async () => {
    const result = await run(
      {
        If: {
          type: 'If',
          expression: {
            and: [
              { not: { equals: ["@triggerBody()?['x']", '@null'] } },
              { or: [{ greater: ["@triggerBody()?['x']", 5] }, { contains: ['abc', 'z'] }] },
              { startsWith: ['Hello', 'he'] },
            ],
          },
          actions: { Yes: { type: 'Compose', inputs: 'yes' } },
          else: { actions: { No: { type: 'Compose', inputs: 'no' } } },
        },
      },
      { trigger: { body: { x: 7 } } },
    );
    const ifRecord = find(result.actions, 'If');
    expect(ifRecord.branch).toBe('actions');
    expect(find(result.actions, 'Yes').status).toBe('Succeeded');
    expect(find(result.actions, 'No').status).toBe('Skipped');
  });

  test('an expression-string condition must be a boolean', async () => {
    const result = await run(
      { If: { type: 'If', expression: "@triggerBody()?['x']", actions: {} } },
      { trigger: { body: { x: 'true' } } },
    );
    expect(find(result.actions, 'If').status).toBe('Failed');
    expect(find(result.actions, 'If').error?.message).toMatch(/must evaluate to a boolean/);
  });

  test('Switch runs the matching case or default', async () => {
    const sw = (value: unknown) =>
      run(
        {
          Switch: {
            type: 'Switch',
            expression: "@triggerBody()?['op']",
            cases: {
              Create: { case: 'Create', actions: { C: { type: 'Compose', inputs: 'c' } } },
              Two: { case: 2, actions: { T: { type: 'Compose', inputs: 't' } } },
            },
            default: { actions: { D: { type: 'Compose', inputs: 'd' } } },
          },
        },
        { trigger: { body: { op: value } } },
      );
    expect(find((await sw('Create')).actions, 'Switch').branch).toBe('Create');
    expect(find((await sw(2)).actions, 'T').status).toBe('Succeeded');
    const other = await sw('Delete');
    expect(find(other.actions, 'Switch').branch).toBe('default');
    expect(find(other.actions, 'C').status).toBe('Skipped');
    expect(find(other.actions, 'D').status).toBe('Succeeded');
  });
});

describe('Foreach (ACTREF; LIMITS-PA "Apply to each concurrency")', () => {
  test('sequential by default: items() and item(), nested loops reach the outer item, every iteration is counted', async () => {
    const result = await run({
      Init: {
        type: 'InitializeVariable',
        inputs: { variables: [{ name: 'out', type: 'array', value: [] }] },
      },
      Outer: {
        type: 'Foreach',
        foreach: '@createArray(1, 2)',
        runAfter: { Init: ['Succeeded'] },
        actions: {
          Inner: {
            type: 'Foreach',
            foreach: "@createArray('a', 'b')",
            actions: {
              Add: {
                type: 'AppendToArrayVariable',
                inputs: { name: 'out', value: "@{items('Outer')}@{item()}" },
              },
            },
          },
        },
      },
    });
    expect(result.variables.out).toEqual(['1a', '1b', '2a', '2b']);
    const outer = find(result.actions, 'Outer');
    expect(outer.repetitions).toHaveLength(2);
    // trigger 1 + Init 1 + Outer 1 + 2 × (Inner 1 + 2 × Add 1) = 9
    expect(result.requests).toBe(9);
  });

  test('concurrency repetitions run iterations in parallel and keep results in item order', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const connector = async (call: ConnectorCall): Promise<ConnectorResponse> => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return { statusCode: 200, body: { echo: call.parameters.id } };
    };
    const result = await run(
      {
        Loop: {
          type: 'Foreach',
          foreach: '@range(0, 6)',
          runtimeConfiguration: { concurrency: { repetitions: 3 } },
          actions: {
            Get: {
              type: 'OpenApiConnection',
              inputs: {
                host: {
                  connectionName: 'dv',
                  operationId: 'GetItem',
                  apiId: '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps',
                },
                parameters: { id: '@item()' },
              },
            },
          },
        },
        Collect: {
          type: 'Compose',
          inputs: "@length(result('Loop')[0]['outputs'])",
          runAfter: { Loop: ['Succeeded'] },
        },
      },
      { connector },
      { connectionReferences: { dv: { api: { name: 'shared_commondataserviceforapps' } } } },
    );
    expect(maxInFlight).toBe(3);
    expect(
      find(result.actions, 'Loop').repetitions!.map(
        (r) => (r.actions[0]!.outputs as { body: { echo: number } }).body.echo,
      ),
    ).toEqual([0, 1, 2, 3, 4, 5]);
    expect(find(result.actions, 'Collect').outputs).toBe(6);
  });

  test('a variable cannot be written inside a parallel Foreach: the flow does not load', async () => {
    const flow = {
      Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'n', type: 'integer', value: 0 }] } },
      Loop: {
        type: 'Foreach',
        foreach: '@range(0, 3)',
        runAfter: { Init: ['Succeeded'] },
        runtimeConfiguration: { concurrency: { repetitions: 5 } },
        actions: { Inc: { type: 'IncrementVariable', inputs: { name: 'n' } } },
      },
    };
    await expect(run(flow)).rejects.toThrow(FlowLoadError);
    await expect(run(flow)).rejects.toThrow(
      /IncrementVariable cannot be used inside an Apply to each \(Foreach\) that runs in parallel/,
    );
  });

  test('foreach over a non-array fails with the PA message; one failed iteration fails the loop', async () => {
    const result = await run(
      {
        Loop: { type: 'Foreach', foreach: '@triggerBody()', actions: {} },
        Loop2: {
          type: 'Foreach',
          foreach: '@createArray(1, 0, 2)',
          actions: { D: { type: 'Compose', inputs: '@div(1, item())' } },
        },
      },
      { trigger: { body: { a: 1 } } },
    );
    expect(find(result.actions, 'Loop').error?.message).toMatch(
      /is of type 'Object'. The result must be a valid array/,
    );
    const loop2 = find(result.actions, 'Loop2');
    expect(loop2.repetitions!.map((r) => r.status)).toEqual(['Succeeded', 'Failed', 'Succeeded']);
    expect(loop2.status).toBe('Failed');
  });
});

describe('Until (ACTREF "Until action"; limits count 60 / PT1H by default)', () => {
  test('do-while: the body runs before the first check; iterationIndexes counts from 0', async () => {
    const result = await run({
      Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'i', type: 'integer', value: 0 }] } },
      Loop: {
        type: 'Until',
        expression: '@equals(true, true)',
        limit: { count: 5, timeout: 'PT1H' },
        runAfter: { Init: ['Succeeded'] },
        actions: {
          Inc: { type: 'IncrementVariable', inputs: { name: 'i' } },
          Idx: { type: 'Compose', inputs: "@iterationIndexes('Loop')", runAfter: { Inc: ['Succeeded'] } },
        },
      },
    });
    expect(result.variables.i).toBe(1);
    expect(find(result.actions, 'Loop').repetitions).toHaveLength(1);
  });

  test('the count limit ends the loop Succeeded; with FailWhenLimitsReached it is TimedOut', async () => {
    const loop = (options?: string) =>
      run({
        Init: {
          type: 'InitializeVariable',
          inputs: { variables: [{ name: 'i', type: 'integer', value: 0 }] },
        },
        Loop: {
          type: 'Until',
          expression: "@greater(variables('i'), 100)",
          limit: { count: '@add(1, 2)' },
          operationOptions: options,
          runAfter: { Init: ['Succeeded'] },
          actions: { Inc: { type: 'IncrementVariable', inputs: { name: 'i' } } },
        },
      });
    const plain = await loop();
    expect(plain.variables.i).toBe(3);
    expect(find(plain.actions, 'Loop').status).toBe('Succeeded');
    const failing = await loop('FailWhenLimitsReached');
    expect(find(failing.actions, 'Loop').status).toBe('TimedOut');
  });

  test('the timeout is measured on the injected clock (a Wait of 15 s per iteration, PT1M timeout → 4 iterations)', async () => {
    const clock = new VirtualClock('2025-01-01T00:00:00Z');
    const result = await runFlow(
      flowOf({
        Loop: {
          type: 'Until',
          expression: '@false',
          limit: { count: 60, timeout: 'PT1M' },
          actions: { Delay: { type: 'Wait', inputs: { interval: { count: 15, unit: 'Second' } } } },
        },
      }),
      { clock },
    );
    expect(find(result.actions, 'Loop').repetitions).toHaveLength(4);
    expect(clock.sleeps).toEqual([15000, 15000, 15000, 15000]);
    expect(result.endTime).toBe('2025-01-01T00:01:00.000Z');
  });
});

describe('Terminate (ACTREF "Terminate action")', () => {
  test('Failed with runError sets the run status and error; remaining actions are skipped', async () => {
    const result = await run({
      Stop: {
        type: 'Terminate',
        inputs: { runStatus: 'Failed', runError: { code: '500', message: "@concat('bad ', 'thing')" } },
      },
      After: { type: 'Compose', inputs: 1, runAfter: { Stop: ['Succeeded'] } },
    });
    expect(result.status).toBe('Failed');
    expect(result.error).toEqual({ code: '500', message: 'bad thing' });
    expect(find(result.actions, 'After').status).toBe('Skipped');
    expect(find(result.actions, 'After').error?.code).toBe('Terminated');
  });

  test('Succeeded and Cancelled end the run with that status even inside a failed scope', async () => {
    const result = await run({
      S: { type: 'Scope', actions: { Fail: { type: 'Compose', inputs: '@div(1,0)' } } },
      Stop: { type: 'Terminate', inputs: { runStatus: 'Cancelled' }, runAfter: { S: ['Failed'] } },
    });
    expect(result.status).toBe('Cancelled');
    expect(result.error).toBeUndefined();
  });

  test('Terminate inside a Foreach is refused at load', async () => {
    await expect(
      run({
        L: {
          type: 'Foreach',
          foreach: '@range(0,1)',
          actions: { T: { type: 'Terminate', inputs: { runStatus: 'Succeeded' } } },
        },
      }),
    ).rejects.toThrow(/Terminate is not allowed inside a Foreach or Until loop/);
  });
});

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
