import { solutionModel } from '@dxc/solution';
import { routeConnectors, type Connector, type ConnectorCall } from '../engine/connectors';
import { walkActions, type LoadedFlow } from '../engine/definition';
import { FlowConfigurationError } from '../engine/runner';
import {
  DATAVERSE_API_NAME,
  dataverseConnector,
  type DataverseConnection,
} from '../connectors/dataverse-connector';
import { dataverseWebApiConnector, WEB_CONTENTS_API_NAME } from '../connectors/dataverse-web-api-connector';
import { proxyConnector, type ProxyConnection } from '../connectors/proxy-connector';

/**
 * What an admin sets when importing the solution, for running its flows against sandboxes (or any environment):
 * environment-variable values and, per connection reference logical name, the connection behind it.
 *
 * ```json
 * { "environmentVariables": { "dxc_ProxyBaseUrl": "http://127.0.0.1:4000" },
 *   "connections": { "dxc_DataverseConnection": { "dataverseUrl": "http://127.0.0.1:5555" },
 *                    "dxc_DataverseWebApiConnection": { "dataverseUrl": "http://127.0.0.1:5555" },
 *                    "dxc_XeroProxyConnection": { "apiKey": "…" } } }
 * ```
 */
export interface SandboxRunConfiguration {
  environmentVariables?: Record<string, unknown>;
  connections?: Record<string, SandboxConnection>;
}

export interface SandboxConnection {
  /**
   * Dataverse connections: the environment URL. For the Dataverse Web API connection (HTTP with Microsoft Entra ID)
   * it is the connection's Base Resource URL, which the admin sets to the same environment URL.
   */
  dataverseUrl?: string;
  bearerToken?: string;
  /** Custom connector connections: the proxy's API key. */
  apiKey?: string;
  /** Custom connector connections: overrides dxc_ProxyBaseUrl for this connection. */
  baseUrl?: string;
}

export const PROXY_BASE_URL_VARIABLE = 'dxc_ProxyBaseUrl';
const CUSTOM_CONNECTOR_SCHEMA_NAME = solutionModel.connector.schemaName;
const solutionConnectionReferences = solutionModel.connectionReferences;

/** The solution's connection reference for an API, by the API's name; `fallback` while the model lacks it. */
function referenceFor(apiName: string, fallback: string): string {
  return solutionConnectionReferences.find((r) => r.apiName === apiName)?.logicalName ?? fallback;
}

/** The solution's connection references to Dataverse: the Dataverse connector and the bulk write-back route. */
export const DATAVERSE_REFERENCE = referenceFor(DATAVERSE_API_NAME, 'dxc_DataverseConnection');
export const DATAVERSE_WEB_API_REFERENCE = referenceFor(
  WEB_CONTENTS_API_NAME,
  'dxc_DataverseWebApiConnection',
);

export interface SandboxConnectorOptions {
  /** Rows per Dataverse page (default 5,000 like the connector; tests lower it). */
  dataversePageSize?: number;
}

/** The connection reference an action uses: its solution logical name, else the flow's local key. */
function referenceName(
  call: Pick<ConnectorCall, 'connectionReferenceLogicalName' | 'connectionName'>,
): string {
  return call.connectionReferenceLogicalName ?? call.connectionName;
}

/** The value of an environment variable by schema name or by the flow's full parameter name `… (schema)`. */
export function environmentVariable(config: SandboxRunConfiguration, schemaName: string): unknown {
  const values = config.environmentVariables ?? {};
  if (values[schemaName] !== undefined) return values[schemaName];
  const entry = Object.entries(values).find(([name]) => name.endsWith(`(${schemaName})`));
  return entry?.[1];
}

type CallSite = Pick<ConnectorCall, 'connectionReferenceLogicalName' | 'connectionName' | 'actionName'>;

function connectionFor(config: SandboxRunConfiguration, call: CallSite): SandboxConnection {
  const name = referenceName(call);
  const connection = config.connections?.[name];
  if (!connection) {
    throw new FlowConfigurationError(
      `The connection reference '${name}' (action '${call.actionName}') has no connection in the run configuration (connections.${name}).`,
    );
  }
  return connection;
}

function dataverseConnection(config: SandboxRunConfiguration, call: ConnectorCall): DataverseConnection {
  const connection = connectionFor(config, call);
  if (!connection.dataverseUrl) {
    throw new FlowConfigurationError(
      `The connection of '${referenceName(call)}' has no dataverseUrl (connections.${referenceName(call)}.dataverseUrl).`,
    );
  }
  return { dataverseUrl: connection.dataverseUrl, bearerToken: connection.bearerToken };
}

/** The proxy connection for an action or trigger, from the run configuration (throws naming what is missing). */
export function proxyConnection(config: SandboxRunConfiguration, call: CallSite): ProxyConnection {
  const connection = connectionFor(config, call);
  const name = referenceName(call);
  if (!connection.apiKey) {
    throw new FlowConfigurationError(
      `The connection of '${name}' has no apiKey (connections.${name}.apiKey).`,
    );
  }
  const baseUrl = connection.baseUrl ?? environmentVariable(config, PROXY_BASE_URL_VARIABLE);
  if (typeof baseUrl !== 'string' || !baseUrl) {
    throw new FlowConfigurationError(
      `The environment variable '${PROXY_BASE_URL_VARIABLE}' (the proxy's base URL) has no value in the run configuration.`,
    );
  }
  return { baseUrl, apiKey: connection.apiKey };
}

/** Custom connector runtime names are `<logical name, lower-cased and re-encoded>-5f<hash>` (flow-runner.md §5). */
function isOurCustomConnector(apiName: string | undefined): boolean {
  if (!apiName) return false;
  const stem = CUSTOM_CONNECTOR_SCHEMA_NAME.toLowerCase().replace('_5f', '-5f');
  const name = apiName.toLowerCase().replace(/^shared_/, '');
  return name === CUSTOM_CONNECTOR_SCHEMA_NAME.toLowerCase() || name.startsWith(stem);
}

/**
 * Routes Dataverse operations and the Dataverse Web API connection's HTTP requests to the Dataverse Web API, and our
 * custom connector's operations to the proxy.
 */
export function sandboxConnector(
  config: SandboxRunConfiguration,
  options: SandboxConnectorOptions = {},
): Connector {
  const dataverse = dataverseConnector({
    connection: (call) => dataverseConnection(config, call),
    pageSize: options.dataversePageSize,
  });
  const dataverseWebApi = dataverseWebApiConnector({
    connection: (call) => dataverseConnection(config, call),
  });
  const proxy = proxyConnector({ connection: (call) => proxyConnection(config, call) });
  const routed = routeConnectors({
    [DATAVERSE_API_NAME]: dataverse,
    [WEB_CONTENTS_API_NAME]: dataverseWebApi,
    [CUSTOM_CONNECTOR_SCHEMA_NAME]: proxy,
  });
  return async (call) => {
    if (isOurCustomConnector(call.apiLogicalName) || isOurCustomConnector(call.apiName)) return proxy(call);
    return routed(call);
  };
}

/**
 * Problems with a run configuration for this flow, before anything runs: every connection reference the flow
 * uses needs a connection of the right kind, and the proxy connection needs dxc_ProxyBaseUrl.
 */
export function checkRunConfiguration(flow: LoadedFlow, config: SandboxRunConfiguration): string[] {
  const problems: string[] = [];
  const hostOf = (inputs: unknown) => {
    const host = ((inputs ?? {}) as { host?: { connectionName?: unknown; connection?: { name?: unknown } } })
      .host;
    return String(host?.connectionName ?? host?.connection?.name ?? '');
  };
  // Only the references the trigger and actions use: an unused one never needs a connection to run.
  const used = new Set([
    ...Object.values(flow.definition.triggers ?? {}).map((t) => hostOf(t.inputs)),
    ...walkActions(flow.definition).map((a) => hostOf(a.action.inputs)),
  ]);
  for (const [key, reference] of Object.entries(flow.connectionReferences)) {
    if (!used.has(key)) continue;
    const name = reference.connection?.connectionReferenceLogicalName ?? key;
    const connection = config.connections?.[name];
    const apiName =
      reference.api?.name ??
      String(reference.id ?? '')
        .split('/')
        .pop();
    const isProxy = isOurCustomConnector(reference.api?.logicalName) || isOurCustomConnector(apiName);
    const isDataverse = apiName === DATAVERSE_API_NAME || apiName === WEB_CONTENTS_API_NAME;
    if (!connection) {
      const what = isProxy
        ? '{ "apiKey": … }, or --proxy and --api-key'
        : isDataverse
          ? '{ "dataverseUrl": … }, or --dataverse'
          : 'a connection';
      problems.push(
        `The connection reference '${name}' has no connection in the run configuration (connections.${name} = ${what}).`,
      );
      continue;
    }
    if (isDataverse && !connection.dataverseUrl)
      problems.push(`connections.${name}.dataverseUrl is missing.`);
    if (isProxy) {
      if (!connection.apiKey) problems.push(`connections.${name}.apiKey is missing.`);
      if (!connection.baseUrl && environmentVariable(config, PROXY_BASE_URL_VARIABLE) === undefined) {
        problems.push(
          `The environment variable '${PROXY_BASE_URL_VARIABLE}' has no value in the run configuration.`,
        );
      }
    }
  }
  return problems;
}

/**
 * The run configuration for sandboxes started on this machine, with the solution's connection reference names:
 * the Dataverse emulator (behind both the Dataverse connection and the Dataverse Web API connection, whose Base
 * Resource URL is the same environment URL), the proxy and its API key.
 */
export function sandboxRunConfiguration(sandboxes: {
  dataverseUrl?: string;
  bearerToken?: string;
  proxyUrl?: string;
  apiKey?: string;
}): SandboxRunConfiguration {
  const proxyRef = solutionConnectionReferences.find((r) => r.customConnector)!.logicalName;
  const config: SandboxRunConfiguration = { environmentVariables: {}, connections: {} };
  if (sandboxes.dataverseUrl) {
    for (const reference of [DATAVERSE_REFERENCE, DATAVERSE_WEB_API_REFERENCE]) {
      config.connections![reference] = {
        dataverseUrl: sandboxes.dataverseUrl,
        bearerToken: sandboxes.bearerToken,
      };
    }
  }
  if (sandboxes.proxyUrl) config.environmentVariables![PROXY_BASE_URL_VARIABLE] = sandboxes.proxyUrl;
  if (sandboxes.apiKey) config.connections![proxyRef] = { apiKey: sandboxes.apiKey };
  return config;
}
