/**
 * What one contract operation's handler receives and returns. Handlers are small (one file per operationId under
 * routes/): the connection comes from the API key, the request is already validated against the contract.
 */
import type { Logger } from 'pino';
import type { ProxyServices } from '../proxy-services';
import type { ConnectionRecord } from '../store/store';

export interface OperationContext<
  Body = unknown,
  Query = Record<string, unknown>,
  Params = Record<string, string>,
> {
  connection: ConnectionRecord;
  body: Body;
  query: Query;
  params: Params;
  services: ProxyServices;
  log: Logger;
}

export interface OperationResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface OperationHandler {
  operationId: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handle(context: OperationContext<any, any, any>): Promise<OperationResult>;
}
