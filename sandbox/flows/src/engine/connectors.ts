/**
 * The connector seam. Every OpenApiConnection / OpenApiConnectionWebhook action and connector trigger goes through one
 * function, so later work can route Dataverse operations to the Dataverse emulator and the custom connector's
 * operationIds to the proxy over HTTP.
 */
export interface ConnectorCall {
  /** Key in the flow's connectionReferences (inputs.host.connectionName). */
  connectionName: string;
  /** The solution connection reference's logical name, if the flow is solution-aware. */
  connectionReferenceLogicalName?: string;
  /** inputs.host.apiId, e.g. /providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps. */
  apiId?: string;
  /** connectionReferences[…].api.name (environment-specific for custom connectors). */
  apiName?: string;
  /** connectionReferences[…].api.logicalName: stable connector schema name (custom connectors only). */
  apiLogicalName?: string;
  operationId: string;
  /** Evaluated parameters as the flow gives them, with `/`-joined keys (`item/name`). */
  parameters: Record<string, unknown>;
  /** Not evaluated: offline there is no X-MS-APIM-Tokens header (flow-runner.md §3.1). */
  authentication: unknown;
  retryPolicy?: unknown;
  /** runtimeConfiguration.paginationPolicy.minimumItemCount, when set. */
  pagination?: { minimumItemCount: number };
  actionName: string;
  /** 'action', 'webhook' (an OpenApiConnectionWebhook action waiting for its callback) or 'trigger'. */
  mode: 'action' | 'webhook' | 'trigger';
  /** The action's `limit.timeout` (ISO 8601): how long a webhook action waits for its callback (e.g. P6D). */
  limitTimeout?: string;
  /** Connection id an admin mapped to the connection reference (run configuration). */
  connectionId?: string;
}

export interface ConnectorResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Extra Power Platform requests this call made (e.g. pagination pages beyond the first). */
  extraRequests?: number;
  /** A webhook action whose callback never came within its limit: the action ends TimedOut. */
  timedOut?: boolean;
}

export type Connector = (call: ConnectorCall) => Promise<ConnectorResponse>;

/** Builds the `body` of a connector request from flattened `a/b/c` parameter keys (flow-runner.md §3.6). */
export function unflattenParameters(parameters: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parameters)) {
    const segments = key.split('/');
    let node = out;
    segments.forEach((segment, i) => {
      if (i === segments.length - 1) {
        node[segment] = value;
      } else {
        const next = node[segment];
        if (next === null || typeof next !== 'object' || Array.isArray(next)) node[segment] = {};
        node = node[segment] as Record<string, unknown>;
      }
    });
  }
  return out;
}

/**
 * Routes calls by connector: the key is the connection reference's `api.logicalName` (custom connectors), its
 * `api.name`, or the last segment of `apiId` (`shared_commondataserviceforapps`), tried in that order.
 */
export function routeConnectors(routes: Record<string, Connector>): Connector {
  return async (call) => {
    const apiFromId = call.apiId?.split('/').pop();
    for (const key of [call.apiLogicalName, call.apiName, apiFromId]) {
      if (key && routes[key]) return routes[key](call);
    }
    throw new ConnectorNotFoundError(call);
  };
}

export class ConnectorNotFoundError extends Error {
  constructor(readonly call: ConnectorCall) {
    super(
      `No connector is registered for api '${call.apiLogicalName ?? call.apiName ?? call.apiId ?? call.connectionName}' (operation '${call.operationId}').`,
    );
    this.name = 'ConnectorNotFoundError';
  }
}
