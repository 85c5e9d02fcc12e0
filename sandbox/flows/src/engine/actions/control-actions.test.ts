import { VirtualClock } from '../clock';
import type { ConnectorCall, ConnectorResponse } from '../connectors';
import { FlowLoadError, type ActionDefinition } from '../definition';
import { runFlow } from '../runner';
import { findRecord as find, flowOf, runActions as run } from '../test-helpers';

// Each expected result is written from Microsoft's documentation (MicrosoftDocs/azure-docs, articles/logic-apps/):
//  ACTREF = logic-apps-workflow-actions-triggers.md, ERR = error-exception-handling.md,
//  VARS = logic-apps-create-variables-store-values.md, FUNCREF = expression-functions-reference.md,
//  LIMITS-PA = power-automate-docs articles/limits-and-config.md (see shared/reference/flow-runner.md §0).

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
