import { VirtualClock } from './clock';
import { nextOccurrences, RecurrenceError } from './recurrence';
import { renderRunText, runToJson, securedText } from './run-history';
import { runFlow } from './runner';
import type { RecurrenceDefinition } from './definition';
import { flowOf } from './test-helpers';
import { describeTrigger, firstOccurrence, runRecurrence } from './triggers';

// Recurrence semantics: ACTREF "Recurrence trigger" (frequency, interval, startTime, timeZone, schedule) —
// MicrosoftDocs/azure-docs articles/logic-apps/logic-apps-workflow-actions-triggers.md.

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('Recurrence occurrences on the test clock', () => {
  test('every 5 minutes from the moment the flow is turned on', () => {
    const times = nextOccurrences(
      { frequency: 'Minute', interval: 5 },
      { after: new Date('2025-01-01T10:02:00Z'), anchor: new Date('2025-01-01T09:00:00Z'), count: 3 },
    );
    expect(iso(times)).toEqual([
      '2025-01-01T10:05:00.000Z',
      '2025-01-01T10:10:00.000Z',
      '2025-01-01T10:15:00.000Z',
    ]);
  });

  test("weekly on Thursday at the startTime's 10:00 (the Pulse sample's schedule)", () => {
    const times = nextOccurrences(
      {
        frequency: 'Week',
        interval: 1,
        startTime: '2022-02-14T10:00:00Z',
        schedule: { weekDays: ['Thursday'] },
      },
      { after: new Date('2025-01-13T00:00:00Z'), count: 2 },
    );
    expect(iso(times)).toEqual(['2025-01-16T10:00:00.000Z', '2025-01-23T10:00:00.000Z']);
  });

  test('daily at 08:30 wall time in a Windows time zone follows DST (Pacific: 16:30Z in winter, 15:30Z in summer)', () => {
    const times = nextOccurrences(
      {
        frequency: 'Day',
        interval: 1,
        startTime: '2025-03-07T00:00:00',
        timeZone: 'Pacific Standard Time',
        schedule: { hours: [8], minutes: [30] },
      },
      { after: new Date('2025-03-07T00:00:00Z'), count: 4 },
    );
    expect(iso(times)).toEqual([
      '2025-03-07T16:30:00.000Z',
      '2025-03-08T16:30:00.000Z',
      '2025-03-09T15:30:00.000Z',
      '2025-03-10T15:30:00.000Z',
    ]);
  });

  test('Monday to Friday at 06:00 London time: no run on the weekend, and the first run of a Saturday start is Monday', async () => {
    const recurrence: RecurrenceDefinition = {
      frequency: 'Week',
      interval: 1,
      timeZone: 'GMT Standard Time',
      schedule: {
        weekDays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
        hours: [6],
        minutes: [0],
      },
    };
    const flow = flowOf(
      { Day: { type: 'Compose', inputs: '@dayOfWeek(utcNow())' } },
      { trigger: { Recurrence: { type: 'Recurrence', recurrence } } },
    );
    // Thursday 27 February 2025 to Tuesday 4 March, across the weekend.
    const clock = new VirtualClock('2025-02-27T00:00:00Z');
    const runs = await runRecurrence(flow, { clock, until: new Date('2025-03-04T12:00:00Z') });
    expect(runs.map((r) => r.actions[0]!.outputs)).toEqual([4, 5, 1, 2]);
    expect(iso([firstOccurrence(recurrence, new VirtualClock('2025-03-01T06:00:00Z'))])).toEqual([
      '2025-03-03T06:00:00.000Z',
    ]);
    expect(iso([firstOccurrence(recurrence, new VirtualClock('2025-03-03T06:00:00Z'))])).toEqual([
      '2025-03-03T06:00:00.000Z',
    ]);
  });

  test('week days with a frequency other than Week are refused, not ignored', () => {
    expect(() =>
      nextOccurrences(
        { frequency: 'Day', interval: 1, schedule: { weekDays: ['Monday'] } },
        { after: new Date('2025-03-01T00:00:00Z'), count: 1 },
      ),
    ).toThrow(
      new RecurrenceError(
        "recurrence.schedule.weekDays needs frequency 'Week' (it is 'Day'): for Monday to Friday, use frequency Week, interval 1 and weekDays Monday…Friday.",
      ),
    );
  });

  test('runRecurrence runs the flow at each occurrence up to a time, with utcNow() at the scheduled time', async () => {
    const flow = flowOf(
      { Now: { type: 'Compose', inputs: '@utcNow()' } },
      { trigger: { Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Minute', interval: 5 } } } },
    );
    const clock = new VirtualClock('2025-01-01T10:00:00Z');
    const runs = await runRecurrence(flow, { clock, until: new Date('2025-01-01T10:12:00Z') });
    expect(runs.map((r) => r.actions[0]!.outputs)).toEqual([
      '2025-01-01T10:00:00.0000000Z',
      '2025-01-01T10:05:00.0000000Z',
      '2025-01-01T10:10:00.0000000Z',
    ]);
    expect(new Set(runs.map((r) => r.runId)).size).toBe(3);
  });
});

describe('describeTrigger (what a Dataverse emulator subscribes to)', () => {
  test('evaluates connector trigger parameters with environment variables and resolves the connection reference', () => {
    const flow = flowOf(
      {},
      {
        parameters: { 'Table (dxc_Table)': { type: 'String', metadata: { schemaName: 'dxc_Table' } } },
        connectionReferences: {
          dv: {
            connection: { connectionReferenceLogicalName: 'dxc_dataverse' },
            api: { name: 'shared_commondataserviceforapps' },
          },
        },
        trigger: {
          When_a_row_is_modified: {
            type: 'OpenApiConnectionWebhook',
            inputs: {
              host: {
                connectionName: 'dv',
                operationId: 'SubscribeWebhookTrigger',
                apiId: '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps',
              },
              parameters: {
                'subscriptionRequest/message': 3,
                'subscriptionRequest/entityname': "@parameters('Table (dxc_Table)')",
                'subscriptionRequest/scope': 4,
                'subscriptionRequest/filteringattributes': 'statecode,statuscode',
              },
            },
            conditions: [{ expression: "@equals(triggerOutputs()?['body/statecode'], 3)" }],
          },
        },
      },
    );
    expect(describeTrigger(flow, { environmentVariables: { dxc_Table: 'invoice' } })).toEqual({
      name: 'When_a_row_is_modified',
      type: 'OpenApiConnectionWebhook',
      kind: undefined,
      operationId: 'SubscribeWebhookTrigger',
      connectionName: 'dv',
      apiName: 'shared_commondataserviceforapps',
      apiLogicalName: undefined,
      connectionReferenceLogicalName: 'dxc_dataverse',
      parameters: {
        'subscriptionRequest/message': 3,
        'subscriptionRequest/entityname': 'invoice',
        'subscriptionRequest/scope': 4,
        'subscriptionRequest/filteringattributes': 'statecode,statuscode',
      },
      conditions: ["@equals(triggerOutputs()?['body/statecode'], 3)"],
    });
  });
});

describe('secure inputs and outputs (runtimeConfiguration.secureData)', () => {
  test('expressions still read the values, but the text and JSON history hide them', async () => {
    const result = await runFlow(
      flowOf({
        Secret: {
          type: 'Compose',
          inputs: 'api-key-123',
          runtimeConfiguration: { secureData: { properties: ['inputs', 'outputs'] } },
        },
        Use: { type: 'Compose', inputs: "@length(outputs('Secret'))", runAfter: { Secret: ['Succeeded'] } },
      }),
      { clock: new VirtualClock('2025-01-01T00:00:00Z') },
    );
    expect(result.actions[1]!.outputs).toBe(11);
    expect(renderRunText(result)).not.toContain('api-key-123');
    expect(runToJson(result)).not.toContain('api-key-123');
    expect(JSON.parse(runToJson(result)).actions[0].outputs).toBe(securedText);
  });
});
