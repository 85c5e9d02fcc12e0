import type { Row } from '../../../store/row-store';
import { errors } from '../../dataverse-error';
import { representation, send, sendWrittenRow } from '../odata-reply';
import type { RowRequest } from '../web-api-request';

// One row by key: retrieve, update or upsert, delete (retrieve-entity-using-web-api.md,
// update-delete-entities-using-web-api.md). ETags are `W/"<versionnumber>"`.

function etag(row: Row): string {
  return `W/"${row.versionnumber}"`;
}

/** `If-Match` (optimistic concurrency): `*` or the row's current ETag. */
function checkIfMatch(r: RowRequest, row: Row): void {
  const ifMatch = r.req.get('If-Match');
  if (ifMatch && ifMatch !== '*' && ifMatch !== etag(row)) throw errors.versionMismatch();
}

export function getRow(r: RowRequest): void {
  const row = r.service.find(r.table, r.keySpec) ?? r.service.require(r.table, r.keySpec);
  const ifNoneMatch = r.req.get('If-None-Match');
  if (ifNoneMatch && ifNoneMatch !== 'null' && ifNoneMatch === etag(row)) {
    r.res.setHeader('OData-Version', '4.0');
    r.res.status(304).end();
    return;
  }
  send(r.res, 200, representation(r, row), r.prefs);
}

export function patchRow(r: RowRequest): void {
  const { service, table, keySpec } = r;
  const existing = service.find(table, keySpec);
  if (existing) {
    if (r.req.get('If-None-Match') === '*') throw errors.duplicate();
    checkIfMatch(r, existing);
    const row = service.update(table, existing, service.parsePayload(table, r.req.body, 'update'));
    sendWrittenRow(r, row, 200);
    return;
  }
  if (r.req.get('If-Match')) service.require(table, keySpec);
  // Upsert: create with the id or the alternate key values of the URL.
  const changes = {
    ...service.parsePayload(table, r.req.body, 'create'),
    ...service.keyColumns(table, keySpec),
  };
  sendWrittenRow(r, service.create(table, changes), 201);
}

export function deleteRow(r: RowRequest): void {
  const row = r.service.require(r.table, r.keySpec);
  checkIfMatch(r, row);
  r.service.delete(r.table, row);
  send(r.res, 204);
}
