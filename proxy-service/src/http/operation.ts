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
  /** The organisation the request works on (organisation-choice.ts). */
  connection: ConnectionRecord;
  /**
   * Every organisation the request may reach: the chosen one, or, for a handler that routes by row and a key
   * granted several, all of them (in grant order, `connection` first).
   */
  organisations: ConnectionRecord[];
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
  /**
   * The handler works on every organisation it is given (ListOrganisations), or sends each Dataverse row to its own
   * organisation (SyncInvoices with rows, GetInvoiceStatuses with connections), so a key granted several needs no
   * `organisation` parameter here.
   */
  spansOrganisations?: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handle(context: OperationContext<any, any, any>): Promise<OperationResult>;
}
