import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './cli';
import { flowOf } from './engine/test-helpers';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe('flows CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'flows-cli-'));
    const parent = flowOf(
      {
        List: {
          type: 'OpenApiConnection',
          inputs: {
            host: {
              connectionName: 'dv',
              operationId: 'ListRecords',
              apiId: '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps',
            },
            parameters: { entityName: 'invoices' },
          },
        },
        Child: {
          type: 'Workflow',
          inputs: {
            host: { workflowReferenceName: '11111111-2222-3333-4444-555555555555' },
            body: { text: "@{length(body('List')?['value'])} invoice(s)" },
          },
          runAfter: { List: ['Succeeded'] },
        },
        Done: {
          type: 'Compose',
          inputs: "@concat(parameters('Greeting (dxc_Greeting)'), ' ', outputs('Child')?['Body']?['echo'])",
          runAfter: { Child: ['Succeeded'] },
        },
      },
      {
        parameters: {
          'Greeting (dxc_Greeting)': { type: 'String', metadata: { schemaName: 'dxc_Greeting' } },
        },
        connectionReferences: { dv: { api: { name: 'shared_commondataserviceforapps' } } },
      },
    );
    const child = flowOf({
      Respond: {
        type: 'Response',
        kind: 'PowerApp',
        inputs: { statusCode: 200, body: { echo: "@triggerBody()?['text']" } },
      },
    });
    writeFileSync(
      join(dir, 'SyncInvoices-AAAAAAAA-0000-0000-0000-000000000001.json'),
      `\uFEFF${JSON.stringify({ properties: { definition: parent.definition, connectionReferences: parent.connectionReferences }, schemaVersion: '1.0.0.0' })}`,
    );
    writeFileSync(
      join(dir, 'Child-11111111-2222-3333-4444-555555555555.json'),
      JSON.stringify({ properties: { definition: child.definition } }),
    );
    writeFileSync(
      join(dir, 'run-config.json'),
      JSON.stringify({
        environmentVariables: { dxc_Greeting: 'Hello' },
        clock: '2025-01-01T00:00:00Z',
        answers: { 'ListRecords:invoices': { statusCode: 200, body: { value: [{}, {}] } } },
      }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('run: finds the flow by name, loads child flows from its folder, prints the tree; exit 0', async () => {
    const c = capture();
    const code = await main(
      ['run', 'SyncInvoices', '--flows-dir', dir, '--config', join(dir, 'run-config.json')],
      c.io,
    );
    expect(c.err).toEqual([]);
    expect(code).toBe(0);
    const text = c.out.join('\n');
    expect(text).toMatch(/: Succeeded\n/);
    expect(text).toMatch(/Done \(Compose\) · Succeeded · [\d.]+ ms → "Hello 2 invoice\(s\)"/);
    expect(text).toContain('child run Child-11111111-2222-3333-4444-555555555555: Succeeded');
  });

  test('run --json prints the run history as JSON', async () => {
    const c = capture();
    await main(
      [
        'run',
        join(dir, 'SyncInvoices-AAAAAAAA-0000-0000-0000-000000000001.json'),
        '--config',
        join(dir, 'run-config.json'),
        '--json',
      ],
      c.io,
    );
    const run = JSON.parse(c.out.join('\n'));
    expect(run.status).toBe('Succeeded');
    expect(run.requests).toBe(6); // trigger, List, Child (+ child trigger and Respond), Done
  });

  test('a missing environment variable is a configuration error (exit 2) naming it', async () => {
    const c = capture();
    const code = await main(['run', 'SyncInvoices', '--flows-dir', dir], c.io);
    expect(code).toBe(2);
    expect(c.err.join('\n')).toContain(
      "The environment variable 'dxc_Greeting' (parameter 'Greeting (dxc_Greeting)') has no value",
    );
  });

  test('check validates against the schema; bad usage prints the usage (exit 2)', async () => {
    const ok = capture();
    expect(await main(['check', 'Child', '--flows-dir', dir], ok.io)).toBe(0);
    expect(ok.out).toEqual(['Child-11111111-2222-3333-4444-555555555555: valid']);
    const bad = capture();
    expect(await main(['run'], bad.io)).toBe(2);
    expect(bad.err.join('\n')).toContain('Usage:');
  });
});
