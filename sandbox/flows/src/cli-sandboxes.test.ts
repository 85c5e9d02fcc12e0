import { startDataverseEmulator, type DataverseEmulator } from '@dxc/dataverse-emulator';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './cli';
import {
  dataverseAction,
  exportedFlowText,
  PROXY_API_ID,
  PROXY_KEY,
  proxyAction,
} from './sandboxes/exported-flow';
import { API_KEY, startStandInProxy, type StandInProxy } from './sandboxes/stand-in-proxy';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

const FLOW_FILE = 'NameConnections-0A0B0C0D-0000-4000-8000-000000000001.json';
const WEBHOOK_FILE = 'FollowInvoiceChanges-0A0B0C0D-0000-4000-8000-000000000002.json';

describe('flows CLI against running sandboxes', () => {
  let dir: string;
  let emulator: DataverseEmulator;
  let proxy: StandInProxy;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flows-sandboxes-'));
    emulator = await startDataverseEmulator({ port: 0 });
    proxy = await startStandInProxy();
    writeFileSync(
      join(dir, FLOW_FILE),
      exportedFlowText(
        {
          Get_organisation: proxyAction('GetConnection', {}),
          Create_connection: dataverseAction(
            'CreateRecord',
            {
              entityName: 'dxc_xeroconnections',
              'item/dxc_name': "@outputs('Get_organisation')?['body/organisationName']",
              'item/dxc_tenantid': "@outputs('Get_organisation')?['body/tenantId']",
              'item/dxc_shortcode': "@triggerBody()?['text']",
            },
            { runAfter: { Get_organisation: ['Succeeded'] } },
          ),
          List_connections: dataverseAction(
            'ListRecords',
            { entityName: 'dxc_xeroconnections', $select: 'dxc_name,dxc_shortcode' },
            { runAfter: { Create_connection: ['Succeeded'] } },
          ),
        },
        {
          manual: {
            type: 'Request',
            kind: 'Button',
            inputs: {
              schema: { type: 'object', properties: { text: { title: 'Short code', type: 'string' } } },
            },
          },
        },
      ),
    );
    writeFileSync(
      join(dir, `${FLOW_FILE}.data.xml`),
      '<?xml version="1.0" encoding="utf-8"?>\n<Workflow WorkflowId="{0a0b0c0d-0000-4000-8000-000000000001}" Name="Name Xero connections &amp; list them" />\n',
    );
    writeFileSync(
      join(dir, WEBHOOK_FILE),
      exportedFlowText(
        { Record: { type: 'Compose', inputs: "@triggerBody()?['eventType']", runAfter: {} } },
        {
          When_an_invoice_changes: {
            type: 'OpenApiConnectionWebhook',
            inputs: {
              host: { connectionName: PROXY_KEY, operationId: 'WhenAnInvoiceChanges', apiId: PROXY_API_ID },
              parameters: {},
              authentication: "@parameters('$authentication')",
            },
          },
        },
      ),
    );
    writeFileSync(join(dir, 'trigger.json'), JSON.stringify({ text: '!zz' }));
  });
  afterAll(async () => {
    await emulator.close();
    await proxy.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('run by display name against the Dataverse emulator and the proxy: exit 0, history and request count', async () => {
    const c = capture();
    const code = await main(
      [
        'run',
        'Name Xero connections & list them',
        '--flows-dir',
        dir,
        '--dataverse',
        emulator.url,
        '--proxy',
        proxy.url,
        '--api-key',
        API_KEY,
        '--trigger',
        `@${join(dir, 'trigger.json')}`,
      ],
      c.io,
    );
    expect(c.err).toEqual([]);
    expect(code).toBe(0);
    const text = c.out.join('\n');
    expect(text).toMatch(/: Succeeded\n/);
    expect(text).toContain('Create_connection (OpenApiConnection) · Succeeded');
    expect(text).toContain('4 Power Platform request(s)');
    expect(text).not.toContain(API_KEY);
    const rows = emulator.snapshot().dxc_xeroconnection!;
    expect(rows).toEqual([expect.objectContaining({ dxc_name: 'Demo Company (UK)', dxc_shortcode: '!zz' })]);
  });

  test('a Recurrence flow fires at the test clock given by --clock', async () => {
    writeFileSync(
      join(dir, 'Nightly-0A0B0C0D-0000-4000-8000-000000000003.json'),
      exportedFlowText(
        {
          List: dataverseAction('ListRecords', { entityName: 'dxc_xeroconnections', $select: 'dxc_name' }),
          Stamp: {
            type: 'Compose',
            inputs: "@{utcNow()} @{length(outputs('List')?['body/value'])}",
            runAfter: { List: ['Succeeded'] },
          },
        },
        { Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Day', interval: 1 } } },
      ),
    );
    const c = capture();
    const code = await main(
      ['run', 'Nightly', '--flows-dir', dir, '--dataverse', emulator.url, '--clock', '2025-03-01T06:00:00Z'],
      c.io,
    );
    expect(c.err).toEqual([]);
    expect(code).toBe(0);
    expect(c.out.join('\n')).toMatch(
      /Stamp \(Compose\) · Succeeded · [\d.]+ ms → "2025-03-01T06:00:00\.0+Z \d+"/,
    );
  });

  test('a Monday-to-Friday flow asked to run on a Saturday runs when its schedule comes round: Monday', async () => {
    const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
    writeFileSync(
      join(dir, 'Weekdays-0A0B0C0D-0000-4000-8000-000000000004.json'),
      exportedFlowText(
        { Stamp: { type: 'Compose', inputs: '@{utcNow()} @{dayOfWeek(utcNow())}' } },
        {
          Recurrence: {
            type: 'Recurrence',
            recurrence: {
              frequency: 'Week',
              interval: 1,
              timeZone: 'GMT Standard Time',
              schedule: { weekDays: weekdays, hours: [6], minutes: [0] },
            },
          },
        },
      ),
    );
    const saturday = capture();
    expect(
      await main(['run', 'Weekdays', '--flows-dir', dir, '--clock', '2025-03-01T06:00:00Z'], saturday.io),
    ).toBe(0);
    expect(saturday.err.join('\n')).toContain(
      "flows: 2025-03-01T06:00:00.000Z is not on the schedule of 'Weekdays-0A0B0C0D-0000-4000-8000-000000000004'; it first runs at 2025-03-03T06:00:00.000Z (Monday 06:00 GMT Standard Time), so the run happens then.",
    );
    // dayOfWeek: 1 = Monday.
    expect(saturday.out.join('\n')).toMatch(
      /Stamp \(Compose\) · Succeeded · [\d.]+ ms → "2025-03-03T06:00:00\.0+Z 1"/,
    );

    const friday = capture();
    expect(
      await main(['run', 'Weekdays', '--flows-dir', dir, '--clock', '2025-02-28T06:00:00Z'], friday.io),
    ).toBe(0);
    expect(friday.err).toEqual([]);
    expect(friday.out.join('\n')).toMatch(/→ "2025-02-28T06:00:00\.0+Z 5"/);
  });

  test('week days on a Day recurrence are refused (exit 2), not ignored', async () => {
    writeFileSync(
      join(dir, 'DailyWeekdays-0A0B0C0D-0000-4000-8000-000000000005.json'),
      exportedFlowText(
        { Stamp: { type: 'Compose', inputs: '@utcNow()' } },
        {
          Recurrence: {
            type: 'Recurrence',
            recurrence: { frequency: 'Day', interval: 1, schedule: { weekDays: ['Monday', 'Friday'] } },
          },
        },
      ),
    );
    const c = capture();
    expect(
      await main(['run', 'DailyWeekdays', '--flows-dir', dir, '--clock', '2025-03-01T06:00:00Z'], c.io),
    ).toBe(2);
    expect(c.err.join('\n')).toContain("recurrence.schedule.weekDays needs frequency 'Week' (it is 'Day')");
    expect(c.out).toEqual([]);
  });

  test('watch of the shipped "When an invoice changes in Xero" without --dataverse names what is missing (exit 2)', async () => {
    const c = capture();
    const before = proxy.received.length;
    const code = await main(
      ['watch', 'WhenAnInvoiceChanges', '--proxy', proxy.url, '--api-key', API_KEY],
      c.io,
    );
    expect(code).toBe(2);
    expect(c.err.join('\n')).toContain(
      `The connection reference 'dxc_DataverseConnection' has no connection in the run configuration (connections.dxc_DataverseConnection = { "dataverseUrl": … }, or --dataverse).`,
    );
    // It stopped before subscribing: the proxy heard nothing.
    expect(proxy.received.length).toBe(before);
    const usage = capture();
    expect(await main(['watch'], usage.io)).toBe(2);
    expect(usage.err.join('\n')).toContain(
      'flows watch <flow> --dataverse <url> --proxy <url> --api-key <key>',
    );
  });

  test('a connection the flow needs and the command line lacks is named (exit 2)', async () => {
    const c = capture();
    const code = await main(
      ['run', 'NameConnections', '--flows-dir', dir, '--dataverse', emulator.url],
      c.io,
    );
    expect(code).toBe(2);
    expect(c.err.join('\n')).toContain(
      "The connection reference 'dxc_XeroProxyConnection' has no connection",
    );
    const bad = capture();
    expect(await main(['run', 'NameConnections', '--flows-dir', dir, '--proxy', proxy.url], bad.io)).toBe(2);
    expect(bad.err.join('\n')).toContain('--proxy needs --api-key');
  });

  test('a Dataverse error fails the run (exit 1) with the error in the history', async () => {
    const c = capture();
    // The short code column holds 20 characters: the emulator refuses the write with a 400.
    const code = await main(
      [
        'run',
        'NameConnections',
        '--flows-dir',
        dir,
        '--dataverse',
        emulator.url,
        '--proxy',
        proxy.url,
        '--api-key',
        API_KEY,
        '--trigger',
        JSON.stringify({ text: 'a short code far longer than the twenty characters the column allows' }),
      ],
      c.io,
    );
    expect(code).toBe(1);
    expect(c.out.join('\n')).toMatch(/Create_connection \(OpenApiConnection\) · Failed/);
    expect(c.out.join('\n')).toContain('exceeded the maximum allowed length');
  });

  test('watch subscribes the webhook trigger, runs per callback and unsubscribes on stop', async () => {
    const c = capture();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const before = proxy.received.length;
    const watching = main(
      ['watch', 'FollowInvoiceChanges', '--flows-dir', dir, '--proxy', proxy.url, '--api-key', API_KEY],
      c.io,
      { stop: stopped },
    );
    let finished = false;
    void watching.finally(() => (finished = true));
    // Polls the event loop (no timers) until the condition holds; fails fast when the watch ended early.
    const until = async (condition: () => boolean) => {
      while (!condition()) {
        if (finished) throw new Error(`watch ended early: ${c.err.join('\n')}`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    // The subscription is the first thing the watch does: wait for the proxy to have received it.
    await until(() => proxy.callbackUrls.length > 0 && proxy.received.length > before);
    const res = await fetch(proxy.callbackUrls.at(-1)!, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ eventType: 'Voided' }),
    });
    expect(res.status).toBe(202);
    await until(() => c.out.length > 0);
    stop();
    expect(await watching).toBe(0);
    expect(c.out.join('\n')).toContain('"Voided"');
    expect(proxy.received.at(-1)).toMatchObject({ method: 'DELETE', apiKey: API_KEY });
    expect(c.err.join('\n')).toContain('unsubscribed (204); 1 run(s)');
  });
});
