import { BULK_ACTIONS, runBulkMessage, type BulkAction } from '../../bulk-messages';
import { errors } from '../../dataverse-error';
import { baseUrl } from '../odata-path';
import { send, sendWrittenRow } from '../odata-reply';
import { BOUND_ACTION_PREFIX } from '../path-patterns';
import type { TableRequest } from '../web-api-request';

// Writes addressed to an entity set: create one row, or run a bulk message over many (bulk-operations.md).
// Reading the set is list-rows.ts.

export function createRow(r: TableRequest): void {
  const row = r.service.create(r.table, r.service.parsePayload(r.table, r.req.body, 'create'));
  sendWrittenRow(r, row, 201);
}

export function runBulkAction(r: TableRequest): void {
  const action = r.path.rest[0]!.slice(BOUND_ACTION_PREFIX.length);
  if (!(BULK_ACTIONS as readonly string[]).includes(action)) {
    throw errors.segmentNotFound(`${BOUND_ACTION_PREFIX}${action}`);
  }
  const result = runBulkMessage(r.service, r.table, action as BulkAction, r.req.body);
  if (result.status === 204) send(r.res, 204);
  else
    send(r.res, 200, {
      '@odata.context': `${baseUrl(r.req)}/$metadata#${BOUND_ACTION_PREFIX}${action}Response`,
      ...result.body,
    });
}

/** `accounts/x`, `accounts/$count/x`: the first segment the set does not have. */
export function unknownCollectionSegment({ path }: TableRequest): never {
  const [segment, more] = path.rest;
  throw errors.segmentNotFound(more ?? segment!);
}
