import type { ActionDefinition, LoadedFlow, TriggerDefinition } from '../engine/definition';
import { parseFlow } from '../engine/definition';
import { schemaUrl } from '../engine/test-helpers';

/**
 * Builds flows in the shape a solution export has (`Workflows/<Name>-<GUID>.json`, flow-runner.md §3.1 and §5), with
 * the solution's connection references, for tests and demos that run against sandboxes.
 */
export const DATAVERSE_KEY = 'shared_commondataserviceforapps';
export const PROXY_KEY = 'shared_dxc-5fdxc-20xero-20invoice-20sync-5f0123456789abcdef';
export const DATAVERSE_API_ID = '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps';
export const PROXY_API_ID = `/providers/Microsoft.PowerApps/apis/${PROXY_KEY}`;
export const WEB_API_KEY = 'shared_webcontents';
export const WEB_API_API_ID = '/providers/Microsoft.PowerApps/apis/shared_webcontents';

export const exportedConnectionReferences = {
  [DATAVERSE_KEY]: {
    runtimeSource: 'embedded',
    connection: { connectionReferenceLogicalName: 'dxc_DataverseConnection' },
    api: { name: 'shared_commondataserviceforapps' },
  },
  [PROXY_KEY]: {
    runtimeSource: 'embedded',
    connection: { connectionReferenceLogicalName: 'dxc_XeroProxyConnection' },
    api: { name: PROXY_KEY, logicalName: 'dxc_5Fdxc-20xero-20invoice-20sync' },
  },
  [WEB_API_KEY]: {
    runtimeSource: 'embedded',
    connection: { connectionReferenceLogicalName: 'dxc_DataverseWebApiConnection' },
    api: { name: 'shared_webcontents' },
  },
};

/** An OpenApiConnection action of the Dataverse connector. */
export function dataverseAction(
  operationId: string,
  parameters: Record<string, unknown>,
  extra: Partial<ActionDefinition> = {},
): ActionDefinition {
  return {
    type: 'OpenApiConnection',
    inputs: {
      host: { connectionName: DATAVERSE_KEY, operationId, apiId: DATAVERSE_API_ID },
      parameters,
      authentication: "@parameters('$authentication')",
    },
    runAfter: {},
    ...extra,
  };
}

/**
 * "Invoke an HTTP request" of the HTTP with Microsoft Entra ID connector on the Dataverse Web API connection
 * (`url` relative to the environment URL; `body` a JSON string or an object).
 */
export function dataverseWebApiAction(
  method: string,
  url: string,
  body?: unknown,
  extra: Partial<ActionDefinition> & { headers?: Record<string, unknown> } = {},
): ActionDefinition {
  const { headers = { 'Content-Type': 'application/json' }, ...rest } = extra;
  return {
    type: 'OpenApiConnection',
    inputs: {
      host: { connectionName: WEB_API_KEY, operationId: 'InvokeHttp', apiId: WEB_API_API_ID },
      parameters: {
        'request/method': method,
        'request/url': url,
        'request/headers': headers,
        ...(body === undefined ? {} : { 'request/body': body }),
      },
      authentication: "@parameters('$authentication')",
    },
    runAfter: {},
    ...rest,
  };
}

/** An OpenApiConnection action of our custom connector. */
export function proxyAction(
  operationId: string,
  parameters: Record<string, unknown>,
  extra: Partial<ActionDefinition> = {},
): ActionDefinition {
  return {
    type: 'OpenApiConnection',
    inputs: {
      host: { connectionName: PROXY_KEY, operationId, apiId: PROXY_API_ID },
      parameters,
      authentication: "@parameters('$authentication')",
    },
    runAfter: {},
    ...extra,
  };
}

/** The exported file text of a flow, as `pac solution unpack` writes it (with the BOM exports often carry). */
export function exportedFlowText(
  actions: Record<string, ActionDefinition>,
  triggers: Record<string, TriggerDefinition> = {
    manual: { type: 'Request', kind: 'Button', inputs: { schema: { type: 'object', properties: {} } } },
  },
): string {
  return `\uFEFF${JSON.stringify({
    properties: {
      connectionReferences: exportedConnectionReferences,
      definition: {
        $schema: schemaUrl,
        contentVersion: '1.0.0.0',
        parameters: {
          $connections: { defaultValue: {}, type: 'Object' },
          $authentication: { defaultValue: {}, type: 'SecureObject' },
          'Xero proxy base URL (dxc_ProxyBaseUrl)': {
            defaultValue: '',
            type: 'String',
            metadata: { schemaName: 'dxc_ProxyBaseUrl' },
          },
        },
        triggers,
        actions,
        outputs: {},
      },
      templateName: null,
    },
    schemaVersion: '1.0.0.0',
  })}`;
}

export function exportedFlow(
  name: string,
  actions: Record<string, ActionDefinition>,
  triggers?: Record<string, TriggerDefinition>,
): LoadedFlow {
  return parseFlow(exportedFlowText(actions, triggers), name);
}
