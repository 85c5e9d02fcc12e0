import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deterministicGuid } from '../generator/deterministic-guid';

export interface FlowFixtureOptions {
  name: string;
  connectionReference?: string;
  /** Declared env var parameter: `<Display> (<schema>)` with metadata.schemaName. */
  environmentVariable?: string;
  /** Extra raw expression placed in an action input (e.g. "@parameters('dxc_Unknown')"). */
  expression?: string;
}

/** Writes a minimal but real-shaped cloud flow (definition + .json.data.xml) into `<src>/Workflows`. */
export function writeFlowFixture(
  srcDir: string,
  o: FlowFixtureOptions,
): { jsonFile: string; workflowId: string } {
  const workflowId = deterministicGuid(`test-flow:${o.name}`);
  const fileBase = `${o.name.replace(/[^A-Za-z0-9]/g, '')}-${workflowId.toUpperCase()}`;
  const jsonFile = `${fileBase}.json`;
  const env = o.environmentVariable ?? 'dxc_ProxyBaseUrl';
  const envParam = `Xero proxy base URL (${env})`;
  const definition = {
    properties: {
      connectionReferences: {
        shared_commondataserviceforapps: {
          runtimeSource: 'embedded',
          connection: { connectionReferenceLogicalName: o.connectionReference ?? 'dxc_DataverseConnection' },
          api: { name: 'shared_commondataserviceforapps' },
        },
      },
      definition: {
        $schema:
          'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
        contentVersion: '1.0.0.0',
        parameters: {
          $connections: { defaultValue: {}, type: 'Object' },
          $authentication: { defaultValue: {}, type: 'SecureObject' },
          [envParam]: {
            defaultValue: '',
            type: 'String',
            metadata: { schemaName: env, description: 'Proxy URL' },
          },
        },
        triggers: { Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Minute', interval: 5 } } },
        actions: {
          Compose_proxy_url: {
            type: 'Compose',
            runAfter: {},
            inputs: o.expression ?? `@parameters('${envParam}')`,
          },
        },
        outputs: {},
      },
    },
    schemaVersion: '1.0.0.0',
  };
  const dir = join(srcDir, 'Workflows');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, jsonFile), `${JSON.stringify(definition, null, 2)}\n`);
  writeFileSync(
    join(dir, `${jsonFile}.data.xml`),
    `<?xml version="1.0" encoding="utf-8"?>
<Workflow WorkflowId="{${workflowId}}" Name="${o.name}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <JsonFileName>/Workflows/${jsonFile}</JsonFileName>
  <Type>1</Type>
  <Subprocess>0</Subprocess>
  <Category>5</Category>
  <Mode>0</Mode>
  <Scope>4</Scope>
  <OnDemand>0</OnDemand>
  <TriggerOnCreate>0</TriggerOnCreate>
  <TriggerOnDelete>0</TriggerOnDelete>
  <AsyncAutodelete>0</AsyncAutodelete>
  <SyncWorkflowLogOnFailure>0</SyncWorkflowLogOnFailure>
  <StateCode>1</StateCode>
  <StatusCode>2</StatusCode>
  <RunAs>1</RunAs>
  <IsTransacted>1</IsTransacted>
  <IntroducedVersion>1.0.0.0</IntroducedVersion>
  <IsCustomizable>1</IsCustomizable>
  <BusinessProcessType>0</BusinessProcessType>
  <PrimaryEntity>none</PrimaryEntity>
  <LocalizedNames>
    <LocalizedName languagecode="1033" description="${o.name}" />
  </LocalizedNames>
</Workflow>
`,
  );
  return { jsonFile, workflowId };
}
