import { toPlainJson } from '../../expressions/values';
import { asObject } from '../as-object';
import { ConnectorNotFoundError, type ConnectorCall } from '../connectors';
import type { FlowRun } from '../flow-run';
import { invalidTemplate } from '../run-errors';
import { handle, type ActionHandler, type ActionStep } from './action-handler';
import { applyResponse, callWithRetries } from './outbound-call';

/** The call a connector action makes: its operation, the connection it uses and its evaluated parameters. */
function connectorCall(run: FlowRun, { name, action, frame, record }: ActionStep): ConnectorCall {
  const inputs = asObject(action.inputs);
  const host = asObject(inputs.host);
  const connectionName = String(host.connectionName ?? asObject(host.connection).name ?? '');
  const operationId = String(host.operationId ?? '');
  if (!operationId) throw invalidTemplate(`Action '${name}': inputs.host.operationId is missing.`);
  const reference = run.flow.connectionReferences[connectionName];
  const parameters = run.evaluate(inputs.parameters ?? {}, frame, name);
  const retryPolicy =
    inputs.retryPolicy === undefined ? undefined : toPlainJson(run.evaluate(inputs.retryPolicy, frame, name));
  const logical = reference?.connection?.connectionReferenceLogicalName;
  const apiId =
    typeof host.apiId === 'string' && host.apiId ? host.apiId : (reference?.id as string | undefined);
  record.inputs = { host: { connectionName, operationId, apiId: apiId ?? null }, parameters };
  const minItems = action.runtimeConfiguration?.paginationPolicy?.minimumItemCount;
  return {
    connectionName,
    connectionReferenceLogicalName: logical,
    apiId,
    apiName: reference?.api?.name ?? apiId?.split('/').pop(),
    apiLogicalName: reference?.api?.logicalName,
    operationId,
    parameters: toPlainJson(parameters) as Record<string, unknown>,
    authentication: inputs.authentication,
    retryPolicy,
    pagination: typeof minItems === 'number' ? { minimumItemCount: minItems } : undefined,
    actionName: name,
    mode: action.type === 'OpenApiConnectionWebhook' ? 'webhook' : 'action',
    limitTimeout: typeof action.limit?.timeout === 'string' ? action.limit.timeout : undefined,
    connectionId: logical ? run.options.connectionReferences?.[logical]?.connectionId : undefined,
  };
}

async function runConnectorAction(run: FlowRun, step: ActionStep): Promise<void> {
  const call = connectorCall(run, step);
  const connector = run.options.connector;
  if (!connector) throw new ConnectorNotFoundError(call);
  applyResponse(step.record, await callWithRetries(run, call.retryPolicy, () => connector(call)));
}

/** Connector actions (OpenApiConnection, and OpenApiConnectionWebhook that waits for its callback). */
export const connectorActions: ActionHandler[] = [
  handle('OpenApiConnection', runConnectorAction),
  handle('OpenApiConnectionWebhook', runConnectorAction),
];
