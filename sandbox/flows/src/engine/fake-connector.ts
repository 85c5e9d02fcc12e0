import {
  unflattenParameters,
  type Connector,
  type ConnectorCall,
  type ConnectorResponse,
} from './connectors';

/**
 * A scripted connector for tests and demos: answers by `operationId` or `operationId:entityName`, and otherwise
 * answers Dataverse operations with plausible Web API shapes (ListRecords `{value: []}`, GetItem the row id,
 * CreateRecord/UpdateRecord the written columns). Anything else gets a 400 naming the operation, so a missing
 * answer shows up in the run history instead of passing silently.
 */
export type FakeAnswer =
  | ConnectorResponse
  | ((
      call: ConnectorCall,
      request: Record<string, unknown>,
    ) => ConnectorResponse | Promise<ConnectorResponse>);

export interface FakeConnector {
  connector: Connector;
  calls: ConnectorCall[];
  callsOf(operationId: string, entityName?: string): ConnectorCall[];
}

export function ok(body: unknown, headers: Record<string, string> = {}): ConnectorResponse {
  return { statusCode: 200, headers, body };
}

export function fakeConnector(answers: Record<string, FakeAnswer> = {}): FakeConnector {
  const calls: ConnectorCall[] = [];
  const connector: Connector = async (call) => {
    calls.push(call);
    const request = unflattenParameters(call.parameters);
    const entity = typeof request.entityName === 'string' ? request.entityName : '';
    const answer = answers[`${call.operationId}:${entity}`] ?? answers[call.operationId];
    if (answer) return typeof answer === 'function' ? answer(call, request) : answer;
    const item = (request.item ?? {}) as Record<string, unknown>;
    switch (call.operationId) {
      case 'ListRecords':
        return ok({
          '@odata.context': `https://org.crm.dynamics.com/api/data/v9.2/$metadata#${entity}`,
          value: [],
        });
      case 'GetItem':
        return ok({ [`${entity.replace(/(es|s)$/, '')}id`]: request.recordId });
      case 'CreateRecord':
      case 'UpdateRecord':
      case 'UpdateOnlyRecord':
        return ok({
          ...item,
          '@odata.id': `https://org.crm.dynamics.com/api/data/v9.2/${entity}(${String(request.recordId ?? 'new')})`,
        });
      default:
        return {
          statusCode: 400,
          body: {
            error: {
              code: 'NoFakeAnswer',
              message: `The fake connector has no answer for ${call.operationId}.`,
            },
          },
        };
    }
  };
  return {
    connector,
    calls,
    callsOf: (operationId, entityName) =>
      calls.filter(
        (c) =>
          c.operationId === operationId &&
          (entityName === undefined || c.parameters.entityName === entityName),
      ),
  };
}
