import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { VirtualClock } from './clock';
import { loadFlowFile, type LoadedFlow } from './definition';
import { fakeConnector, ok } from './fake-connector';
import type { ActionRecord, RunResult } from './run-history';
import { checkFlow, runFlow, type RunOptions } from './runner';
import { lookupFunction } from '../expressions/functions';
import type { Expression } from '../expressions/parser';
import { parseTemplate } from '../expressions/template';
import { referenceSpec } from '../../../../scripts/reference-specs';

/**
 * The real exported flows in shared/reference/specs/sample-flows (MIT, Microsoft CoE Starter Kit and Business
 * Approvals Kit; see that folder's SOURCES.md). They are read from the shared folder, not copied. Each test gives the
 * connectors plausible answers and asserts the exact outcome the flow's own logic implies.
 */
const folder = referenceSpec('sample-flows');
const available = existsSync(folder);
if (!available) {
  console.warn(
    `sample flows not found at ${folder}: these tests need /work/shared/reference (see specs/SOURCES.md)`,
  );
}
const describeIfShared = available ? describe : describe.skip;

const files = available ? readdirSync(folder).filter((f) => /-[0-9A-F-]{36}\.json$/i.test(f)) : [];
const flows: Record<string, LoadedFlow> = Object.fromEntries(
  files.map((f) => {
    const flow = loadFlowFile(resolve(folder, f));
    return [flow.name.split('-')[0]!, flow];
  }),
);
const childFlows = Object.fromEntries(Object.values(flows).map((f) => [f.workflowId!, f]));

function find(records: ActionRecord[], name: string): ActionRecord | undefined {
  for (const r of records) {
    if (r.name === name) return r;
    const inner = [...(r.actions ?? []), ...(r.repetitions ?? []).flatMap((rep) => rep.actions)];
    const hit = find(inner, name);
    if (hit) return hit;
  }
  return undefined;
}

function runSample(key: string, options: RunOptions): Promise<RunResult> {
  return runFlow(flows[key]!, { clock: new VirtualClock('2025-01-15T10:00:00Z'), childFlows, ...options });
}

describeIfShared('real exported flows: load and validate', () => {
  test('all 8 flows are present and pass the workflow definition schema and the structure checks', () => {
    expect(files).toHaveLength(8);
    for (const flow of Object.values(flows)) {
      expect({ flow: flow.name, ...checkFlow(flow) }).toEqual({
        flow: flow.name,
        schemaIssues: [],
        structureIssues: [],
      });
    }
  });
});

function templateStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => templateStrings(v, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      templateStrings(v, out);
    }
  }
  return out;
}

function functionNames(expr: Expression, out: Set<string>): void {
  if (expr.kind === 'call') {
    out.add(expr.name);
    expr.args.forEach((a) => functionNames(a, out));
  } else if (expr.kind === 'member') {
    functionNames(expr.target, out);
    functionNames(expr.key, out);
  }
}

describeIfShared('real exported flows: every expression parses and every function is implemented', () => {
  test('the parser accepts all templates of the 8 flows and finds only implemented functions', () => {
    const names = new Set<string>();
    let expressions = 0;
    for (const flow of Object.values(flows)) {
      for (const text of templateStrings(flow.definition)) {
        const template = parseTemplate(text);
        if (template.kind === 'expression') {
          expressions++;
          functionNames(template.expression, names);
        } else if (template.kind === 'interpolation') {
          for (const part of template.parts) {
            if (typeof part !== 'string') {
              expressions++;
              functionNames(part.expression, names);
            }
          }
        }
      }
    }
    expect(expressions).toBeGreaterThan(300); // 354 in the 8 files
    const missing = [...names].filter((n) => !lookupFunction(n) || lookupFunction(n)!.notImplemented);
    expect(missing).toEqual([]);
    // The spellings seen in the files, including utcnow and base64tostring (case-insensitive lookup).
    expect([...names].map((n) => n.toLowerCase())).toEqual(
      expect.arrayContaining([
        'utcnow',
        'base64tostring',
        'convertfromutc',
        'datedifference',
        'rand',
        'result',
      ]),
    );
  });
});

describeIfShared(
  'BACoreChildGetUserMailboxSettings (custom connector, ParseJson, nested and/and/and, dateDifference)',
  () => {
    test('marks the approver who is out of office beyond the check window; keeps a user without approver unchanged', async () => {
      const users = [
        { id: '1', approver: 'ann@contoso.com', notification: true, type: 'User' },
        { id: '2', approver: '', notification: false, type: 'User' },
      ];
      const fake = fakeConnector({
        GetUserTimezoneSetting: ok({
          '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#x',
          value: 'Pacific Standard Time',
        }),
        GetUserAutomaticRepliesSetting: ok({
          '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#y',
          status: 'scheduled',
          externalAudience: 'all',
          internalReplyMessage: 'Away',
          externalReplyMessage: 'Away',
          scheduledStartDateTime: { dateTime: '2025-01-10T00:00:00.0000000', timeZone: 'UTC' },
          scheduledEndDateTime: { dateTime: '2025-01-25T00:00:00.0000000', timeZone: 'UTC' },
        }),
      });
      const run = await runSample('BACoreChildGetUserMailboxSettings', {
        connector: fake.connector,
        trigger: { body: { text: Buffer.from(JSON.stringify(users)).toString('base64') } },
      });
      expect(run.status).toBe('Succeeded');
      // Today in Pacific time is 2025-01-15; the reply ends 2025-01-24 (Pacific): 9 days > the default 1 day.
      expect(find(run.actions, 'Current_Date_of_User_Timezone')?.outputs).toBe('2025-01-15');
      expect(find(run.actions, 'End_Date')?.outputs).toBe('2025-01-24');
      expect(find(run.actions, 'dateDifference_-_Days')?.outputs).toBe(9);
      const body = run.response?.body as { updated_user_details: string };
      expect(JSON.parse(Buffer.from(body.updated_user_details, 'base64').toString('utf8'))).toEqual([
        { id: '1', approver: 'ann@contoso.com', isOOF: 'true', notification: true, type: 'User' },
        { id: '2', approver: '', notification: false, type: 'User' },
      ]);
      // The custom connector is resolved through its connection reference's logicalName (flow-runner.md §5).
      expect(fake.calls.map((c) => [c.apiLogicalName, c.operationId, c.parameters['user-upn']])).toEqual([
        ['cat_5Fmicrosoft-20graph-20mailboxsetting', 'GetUserTimezoneSetting', 'ann@contoso.com'],
        ['cat_5Fmicrosoft-20graph-20mailboxsetting', 'GetUserAutomaticRepliesSetting', 'ann@contoso.com'],
      ]);
    });
  },
);

describeIfShared(
  'CLEANUPHELPER-CheckDeletedv4CanvasApps (Select, Query not(contains()), ParseJson, parallel Foreach)',
  () => {
    test('an app in the inventory but no longer in the environment is marked deleted; the flow responds pass', async () => {
      const fake = fakeConnector({
        GetSingleEnvironment: ok({ name: 'env-1', properties: { displayName: 'Dev' } }),
        'GetItem:admin_environments': ok({
          admin_environmentid: 'env-1',
          admin_displayname: 'Dev',
          admin_excusefrominventory: false,
          admin_environmentdeleted: false,
        }),
        'Get-AdminApps': ok({ value: [{ name: 'app-a' }, { name: 'app-c' }] }),
        'ListRecords:admin_apps': ok({
          value: [{ admin_appid: 'app-a' }, { admin_appid: 'app-b' }, { admin_appid: 'app-c' }],
        }),
        'ListRecords:admin_coesolutionmetadatas': ok({ value: [{ admin_coesolutionmetadataid: 'meta-1' }] }),
      });
      const run = await runSample('CLEANUPHELPER', {
        connector: fake.connector,
        trigger: { body: { text: 'env-1', text_1: 'env-1' } },
      });
      expect(run.status).toBe('Succeeded');
      expect(run.response).toEqual({ statusCode: 200, body: { thereturnvalue: 'pass' } });
      const marked = fake.callsOf('UpdateRecord', 'admin_apps');
      expect(
        marked.map((c) => [
          c.parameters.recordId,
          c.parameters['item/admin_appdeleted'],
          c.parameters['item/admin_appdeletedon'],
        ]),
      ).toEqual([['app-b', true, '2025-01-15T10:00:00.0000000Z']]);
      expect(fake.callsOf('UpdateRecord', 'admin_coesolutionmetadatas')[0]?.parameters).toMatchObject({
        recordId: 'meta-1',
        'item/admin_lastrunpassed': true,
      });
    });

    test('an environment the admin API no longer finds (404, not retried) ends early with Terminate Succeeded', async () => {
      const fake = fakeConnector({
        GetSingleEnvironment: {
          statusCode: 404,
          body: { error: { code: 'EnvironmentNotFound', message: 'gone' } },
        },
      });
      const run = await runSample('CLEANUPHELPER', {
        connector: fake.connector,
        trigger: { body: { text: 'env-1', text_1: 'env-1' } },
      });
      expect(run.status).toBe('Succeeded');
      expect(run.response?.body).toEqual({ thereturnvalue: 'pass' });
      expect(find(run.actions, 'Get_Environment_as_Admin')?.attempts).toHaveLength(1);
      expect(find(run.actions, 'Terminate_for_environments_recently_deleted')?.status).toBe('Succeeded');
      expect(find(run.actions, 'Run_Check_Deleted_Scope')?.status).toBe('Skipped');
      expect(fake.callsOf('Get-AdminApps')).toHaveLength(0);
    });
  },
);

describeIfShared('CreateEnvironment (UTF-8 BOM, Until + Wait polling, result() try/catch)', () => {
  const base = {
    'GetItem:systemusers': ok({ systemuserid: 'u-1' }),
    'ListRecords:systemusers': ok({ value: [{ azureactivedirectoryobjectid: 'aad-1' }] }),
    NewAdminEnvironment: ok({
      id: '/providers/Microsoft.BusinessAppPlatform/environments/env-9',
      name: 'env-9',
      properties: { displayName: 'Dev', createdBy: { tenantId: 't-1' } },
    }),
    'Add-AdminPowerAppsSyncUser': ok({}),
  };
  const trigger = { body: { text: 'Dev', text_1: 'u-1', text_2: 'No', text_3: 'maker@contoso.com' } };

  test('polls ProvisionInstance until it stops answering 404 (two 15 s delays) and responds with the new environment', async () => {
    const provision = [
      { statusCode: 404 },
      { statusCode: 404 },
      ok({ properties: { linkedEnvironmentMetadata: { instanceUrl: 'https://dev.crm.dynamics.com/' } } }),
    ];
    const fake = fakeConnector({ ...base, ProvisionInstance: () => provision.shift()! });
    const clock = new VirtualClock('2025-01-15T10:00:00Z');
    const run = await runSample('CreateEnvironment', { connector: fake.connector, trigger, clock });
    expect(run.status).toBe('Succeeded');
    expect(find(run.actions, 'Do_until')?.repetitions).toHaveLength(3);
    expect(clock.sleeps).toEqual([15000, 15000]);
    expect(run.response?.body).toEqual({
      displayname: 'Dev',
      id: '/providers/Microsoft.BusinessAppPlatform/environments/env-9',
      issuccess: 'True',
      message:
        'Created Environment with Name Dev. ID: /providers/Microsoft.BusinessAppPlatform/environments/env-9. Url:https://dev.crm.dynamics.com/',
      name: 'env-9',
      tenantid: 't-1',
      url: 'https://dev.crm.dynamics.com/',
    });
    expect(fake.callsOf('Add-AdminPowerAppsSyncUser')[0]?.parameters).toMatchObject({
      'body/ObjectId': 'aad-1',
      environment: 'env-9',
    });
  });

  test("when creation fails, the catch scope filters result('Scope') and then needs child flow 4ada345e…, which is not in the set: the run stops naming it", async () => {
    const fake = fakeConnector({
      ...base,
      NewAdminEnvironment: { statusCode: 400, body: { error: { code: 'BadName', message: 'Name taken' } } },
    });
    const run = await runSample('CreateEnvironment', { connector: fake.connector, trigger });
    expect(run.status).toBe('Failed');
    expect(run.notImplemented).toEqual({
      construct: "child flow '4ada345e-9007-eb11-a813-000d3aa3e751'",
      action: 'Fetch_Localized_Error_Message',
    });
    expect(find(run.actions, 'Scope')?.status).toBe('Failed');
  });
});

describeIfShared(
  'DeprecatedChildAdminSyncLogs (custom connector, nested parallel Foreach, Switch, ParseJson with union types)',
  () => {
    test('each audit record lands by its Operation: launch inserted and dated, app and flow deletions marked, others ignored', async () => {
      const details: Record<string, unknown[]> = {
        c1: [
          {
            CreationTime: '2025-01-15T08:10:00',
            Id: 'log-1',
            Operation: 'LaunchPowerApp',
            Workload: 'PowerApps',
            AppName: 'app-1',
            ObjectId: null,
            UserId: 'u@contoso.com',
            UserKey: 'k1',
          },
          {
            CreationTime: '2025-01-15T08:20:00',
            Id: 'log-2',
            Operation: 'DeletePowerApp',
            Workload: 'PowerApps',
            AppName: 'app-2',
            ObjectId: null,
            UserId: 'u@contoso.com',
            UserKey: null,
          },
        ],
        c2: [
          {
            CreationTime: '2025-01-15T08:30:00',
            Id: 'log-3',
            Operation: 'DeleteFlow',
            Workload: 'MicrosoftFlow',
            AppName: '',
            ObjectId: 'flow-3',
            UserId: 'u@contoso.com',
            UserKey: 'k3',
          },
          {
            CreationTime: '2025-01-15T08:40:00',
            Id: 'log-4',
            Operation: 'PowerAppPermissionEdited',
            Workload: 'PowerApps',
            AppName: 'app-4',
            ObjectId: null,
            UserId: 'u@contoso.com',
            UserKey: 'k4',
          },
          {
            CreationTime: '2025-01-15T08:50:00',
            Id: 'log-5',
            Operation: 'FileAccessed',
            Workload: 'SharePoint',
            AppName: '',
            ObjectId: 'x',
            UserId: 'u@contoso.com',
            UserKey: 'k5',
          },
        ],
      };
      let throttled = false;
      const fake = fakeConnector({
        ListContent: ok([
          { contentId: 'c1', contentType: 'Audit.General' },
          { contentId: 'c2', contentType: 'Audit.General' },
        ]),
        ListContentDetails: (_call, request) => {
          // One 429 first: the action's own retryPolicy (exponential, count 10) applies and honours Retry-After.
          if (!throttled) {
            throttled = true;
            return { statusCode: 429, headers: { 'Retry-After': '30' } };
          }
          return ok(details[String(request.contentId)]);
        },
        'ListRecords:admin_apps': ok({ value: [{ admin_appid: 'app-1' }] }),
      });
      const clock = new VirtualClock('2025-01-15T10:00:00Z');
      const run = await runSample('DeprecatedChildAdminSyncLogs', {
        connector: fake.connector,
        clock,
        trigger: {
          body: { text: 'tenant-1', text_1: '2025-01-15T08:00:00Z', text_2: '2025-01-15T09:00:00Z' },
        },
      });
      expect(run.status).toBe('Succeeded');
      expect(run.response?.body).toEqual({ response: '200' });
      expect(clock.sleeps).toContain(30000);
      expect(fake.callsOf('ListContent')[0]).toMatchObject({
        apiLogicalName: 'admin_5Foffice-20365-20management-20api',
        parameters: {
          tenant: 'tenant-1',
          contentType: 'Audit.General',
          startTime: '2025-01-15T08:00:00Z',
          endTime: '2025-01-15T09:00:00Z',
        },
      });
      expect(
        fake.callsOf('CreateRecord', 'admin_auditlogs').map((c) => c.parameters['item/admin_auditlogid']),
      ).toEqual(['log-1']);
      expect(
        fake.callsOf('CreateRecord', 'admin_auditlogs')[0]?.parameters['item/admin_AppLookup@odata.bind'],
      ).toBe('admin_apps(app-1)');
      const updates = fake.callsOf('UpdateRecord').map((c) => [
        c.parameters.entityName,
        c.parameters.recordId,
        Object.keys(c.parameters)
          .filter((k) => k.startsWith('item/'))
          .sort(),
      ]);
      expect(updates).toEqual(
        expect.arrayContaining([
          ['admin_apps', 'app-1', ['item/admin_applastlaunchedon']],
          ['admin_apps', 'app-2', ['item/admin_appdeleted', 'item/admin_appdeletedon']],
          ['admin_flows', 'flow-3', ['item/admin_flowdeleted', 'item/admin_flowdeletedon']],
        ]),
      );
      const switches = find(run.actions, 'Apply_to_each_cluster')!.repetitions!.flatMap((rep) =>
        find(rep.actions, 'Apply_to_each_Audit_Log')!.repetitions!.map(
          (r) => find(r.actions, 'Switch')!.branch,
        ),
      );
      expect(switches).toEqual(['LaunchPowerApp_Case', 'DeletePowerApp_Case', 'DeleteFlow_Case', 'default']);
    });
  },
);

describeIfShared(
  'DeprecatedAdminSyncAuditLogs (Recurrence, Expression kinds, Until with an env-var limit, child flows in a parallel Foreach)',
  () => {
    test('splits the last day into 24 one-hour segments and calls the child flow once per segment', async () => {
      const fake = fakeConnector({ ListContent: ok([]) });
      const run = await runSample('DeprecatedAdminSyncAuditLogs', { connector: fake.connector });
      expect(run.status).toBe('Succeeded');
      const segments = run.variables.arrTimeSegments as { startTime: string; endTime: string }[];
      expect(segments).toHaveLength(24);
      expect(segments[0]).toEqual({
        startTime: '2025-01-14T10:00:00.0000000Z',
        endTime: '2025-01-14T11:00:00.0000000Z',
      });
      // The last segment is clipped to CONFIGURE_::_End_Time, a GetPastTime of 1 minute.
      expect(segments[23]).toEqual({
        startTime: '2025-01-15T09:00:00.0000000Z',
        endTime: '2025-01-15T09:59:00.0000000Z',
      });
      const calls = find(run.actions, 'Apply_to_each_timeSegment')!.repetitions!.map((r) =>
        find(r.actions, 'Run_a_Child_Flow')!,
      );
      expect(calls).toHaveLength(24);
      expect(calls.every((c) => c.status === 'Succeeded' && c.childRun?.status === 'Succeeded')).toBe(true);
      expect(fake.callsOf('ListContent').map((c) => c.parameters.startTime)).toContain(
        '2025-01-14T10:00:00.0000000Z',
      );
      expect(new Set(fake.callsOf('ListContent').map((c) => c.parameters.tenant))).toEqual(
        new Set(['67c96cd6-4a95-46ee-ac9b-8ee13ae256c4']),
      );
    });
  },
);

describeIfShared('HELPER-SendEmail (PowerAppV2 trigger, Response, env-var HTML parts)', () => {
  const trigger = {
    body: {
      email: 'ann@contoso.com',
      text: 'Hello',
      text_1: 'Body text',
      email_1: '',
      email_2: '',
      email_3: '',
      text_2: '',
    },
  };
  test('sends the e-mail wrapped in the environment-variable HTML and responds pass', async () => {
    const fake = fakeConnector({
      SendEmailV2: ok({}),
      'ListRecords:admin_coesolutionmetadatas': ok({ value: [{ admin_coesolutionmetadataid: 'm-1' }] }),
    });
    const run = await runSample('HELPER', { connector: fake.connector, trigger });
    expect(run.status).toBe('Succeeded');
    expect(run.response?.body).toEqual({ thereturnstring: 'pass' });
    const mail = fake.callsOf('SendEmailV2')[0]!.parameters;
    expect(mail).toMatchObject({
      'emailMessage/To': 'ann@contoso.com',
      'emailMessage/Subject': 'Hello',
      'emailMessage/Importance': 'Normal',
      'emailMessage/Cc': '',
    });
    expect(String(mail['emailMessage/Body'])).toMatch(
      /^<head>[\s\S]*<\/head>\n<body>[\s\S]*\nBody text\n<\/td>/,
    );
  });

  test('a mail failure (400) sets the return value to the error message and still responds', async () => {
    const fake = fakeConnector({
      SendEmailV2: {
        statusCode: 400,
        body: { error: { code: 'ErrorInvalidRecipients', message: 'Invalid recipient' } },
      },
    });
    const run = await runSample('HELPER', { connector: fake.connector, trigger });
    expect(run.response?.body).toEqual({ thereturnstring: 'Invalid recipient' });
    expect(find(run.actions, 'update_with_pass_or_fail')?.branch).toBe('else');
  });
});

describeIfShared(
  'MicrosoftTeamsAdminAskforBusinessJustification (Dataverse trigger, webhook action with TimedOut branch, child flow)',
  () => {
    const row = {
      admin_environmentid: 'env-7',
      admin_displayname: 'Team env',
      admin_environmentsku: 'Teams',
      _admin_maker_value: 'maker-1',
    };
    const answers = {
      'GetItem:admin_makers': ok({
        admin_makerid: 'maker-1',
        admin_useremail: ' maker@contoso.com ',
        admin_userpreferredlanguage: 'en-US',
      }),
      'ListRecords:admin_customizedemails': ok({ value: [{ admin_customizedemailid: 'mail-1' }] }),
      'GetItem:admin_customizedemails': ok({
        admin_subject: 'Justify',
        admin_body: 'Please justify',
        admin_cc: null,
        admin_sendonbehalf: null,
        admin_replyto: null,
        admin_importance: 'High',
      }),
      SendEmailV2: ok({}),
    };

    test('the maker answers the adaptive card: the justification is saved and the admin is mailed through the HELPER child flow', async () => {
      const fake = fakeConnector({
        ...answers,
        SubscribeUserFlowContinuation: ok({ data: { myBusinessJustification: 'Needed for project X' } }),
      });
      const run = await runSample('MicrosoftTeamsAdminAskforBusinessJustificationwhen', {
        connector: fake.connector,
        trigger: { body: row },
      });
      expect(run.status).toBe('Succeeded');
      expect(fake.callsOf('SubscribeUserFlowContinuation')[0]).toMatchObject({
        mode: 'webhook',
        parameters: { 'UserFlowContinuationSubscriptionRequest/body/recipient/to': 'maker@contoso.com;' },
      });
      const saved = fake.callsOf('UpdateRecord', 'admin_environments').map((c) => c.parameters);
      expect(saved).toEqual([
        {
          entityName: 'admin_environments',
          recordId: 'env-7',
          'item/admin_businessjustificationdate': '2025-01-15T10:00:00.0000000Z',
        },
        {
          entityName: 'admin_environments',
          recordId: 'env-7',
          'item/admin_makerrequirementbusinessjustification': 'Needed for project X',
        },
      ]);
      expect(
        fake
          .callsOf('SendEmailV2')
          .map((c) => [
            c.parameters['emailMessage/To'],
            c.parameters['emailMessage/Subject'],
            c.parameters['emailMessage/Importance'],
          ]),
      ).toEqual([
        [' maker@contoso.com ', 'Justify Team env', 'High'],
        ['PowerPlatformAdmins@powercattools.onmicrosoft.com ', 'Justify Team env', 'High'],
      ]);
    });

    test("no answer within the card's P6D limit: the action is TimedOut, the time-out note is posted, nothing is saved", async () => {
      const fake = fakeConnector({
        ...answers,
        SubscribeUserFlowContinuation: { statusCode: 200, timedOut: true },
        PostMessageToConversation: ok({}),
      });
      const run = await runSample('MicrosoftTeamsAdminAskforBusinessJustificationwhen', {
        connector: fake.connector,
        trigger: { body: row },
      });
      expect(run.status).toBe('Succeeded');
      expect(find(run.actions, 'Post_an_Adaptive_Card_to_a_Teams_user_and_wait_for_a_response')?.status).toBe(
        'TimedOut',
      );
      expect(fake.callsOf('PostMessageToConversation')[0]?.parameters).toMatchObject({
        'body/recipient': 'maker@contoso.com;',
      });
      expect(find(run.actions, 'Check_if_Business_Justification_has_been_provided')?.branch).toBe('else');
      expect(fake.callsOf('UpdateRecord', 'admin_environments')).toHaveLength(1);
    });

    test('the trigger body comes from the Dataverse trigger source; an environment already justified exits via Terminate', async () => {
      const fake = fakeConnector(answers);
      const run = await runSample('MicrosoftTeamsAdminAskforBusinessJustificationwhen', {
        connector: fake.connector,
        trigger: { body: { ...row, admin_makerrequirementbusinessjustification: 'done before' } },
      });
      expect(run.status).toBe('Succeeded');
      expect(find(run.actions, 'Terminate')?.status).toBe('Succeeded');
      expect(fake.calls).toHaveLength(0);
    });
  },
);

describeIfShared(
  'Pulse-SurveyMakersforCoEfeedback (weekly Recurrence, rand(), Until, IncrementVariable)',
  () => {
    test('picks a maker with rand() and then needs child flow c31d2018…, which is not in the set: the run stops naming it', async () => {
      const makers = [1, 2, 3].map((i) => ({
        admin_makerid: `m-${i}`,
        admin_userprincipalname: `m${i}@contoso.com`,
        admin_useremail: `m${i}@contoso.com`,
      }));
      const fake = fakeConnector({
        'ListRecords:admin_makers': ok({ value: makers }),
        UserProfile_V2: ok({ id: 'aad', mail: 'x' }),
      });
      const run = await runSample('Pulse', { connector: fake.connector, seed: 7 });
      expect(run.status).toBe('Failed');
      expect(run.notImplemented).toEqual({
        construct: "child flow 'c31d2018-ab8d-ec11-b400-000d3a5d3a92'",
        action: 'Run_a_Child_Flow',
      });
      // rand(1, 3) never picks index 0 (max is exclusive, FUNCREF rand), so the first maker is never surveyed.
      expect(['m2@contoso.com', 'm3@contoso.com']).toContain(
        fake.callsOf('UserProfile_V2')[0]?.parameters.id,
      );
    });

    test('with no makers found, the else branch terminates Succeeded and skips the rest', async () => {
      const fake = fakeConnector({});
      const run = await runSample('Pulse', { connector: fake.connector });
      expect(run.status).toBe('Succeeded');
      expect(find(run.actions, 'Get_my_profile_(V2)')?.status).toBe('Skipped');
      expect(find(run.actions, 'Update_last_run_as_pass')?.status).toBe('Skipped');
    });
  },
);
