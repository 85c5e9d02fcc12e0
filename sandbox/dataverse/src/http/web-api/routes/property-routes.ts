import type { ColumnDef } from '../../../schema/schema-types';
import { errors } from '../../dataverse-error';
import { baseUrl } from '../odata-path';
import { send } from '../odata-reply';
import type { RowPartRequest } from '../web-api-request';

// Parts of one existing row: a single property (update-delete-entities-using-web-api.md "Update a single property
// value") and a single-valued navigation property's reference (associate-disassociate-entities-using-web-api.md).

function navigationColumn({ table, segments }: RowPartRequest): ColumnDef {
  const name = segments[0]!;
  const column = [...table.columns.values()].find((c) =>
    c.targets?.some((t) => t.navigationProperty === name),
  );
  if (!column) throw errors.propertyNotFound(name, table.logicalName);
  return column;
}

export function disassociate(r: RowPartRequest): void {
  const column = navigationColumn(r);
  if (!column.validForUpdate)
    throw errors.notWritable(column.logicalName, r.table.logicalName, 'update', column.readOnlyReason);
  r.service.update(r.table, r.row, { [column.logicalName]: null });
  send(r.res, 204);
}

export function associate(r: RowPartRequest): void {
  navigationColumn(r);
  const body = r.req.body as Record<string, unknown> | undefined;
  const bind = { [`${r.segments[0]!}@odata.bind`]: body?.['@odata.id'] };
  r.service.update(r.table, r.row, r.service.parsePayload(r.table, bind, 'update'));
  send(r.res, 204);
}

/** A column a single-property request may address: lookups are reached through their navigation property. */
function plainColumn({ table, segments }: RowPartRequest): string {
  const name = segments[0]!;
  const column = table.columns.get(name);
  if (!column || column.kind === 'lookup') throw errors.propertyNotFound(name, table.logicalName);
  return name;
}

function writeProperty(r: RowPartRequest, name: string, value: unknown): void {
  r.service.update(r.table, r.row, r.service.parsePayload(r.table, { [name]: value }, 'update'));
  send(r.res, 204);
}

export function putProperty(r: RowPartRequest): void {
  const name = plainColumn(r);
  const body = r.req.body as { value?: unknown } | undefined;
  if (!body || !('value' in body)) throw errors.badRequest(`PUT …/${name} needs a body {"value": …}.`);
  writeProperty(r, name, body.value);
}

export function clearProperty(r: RowPartRequest): void {
  writeProperty(r, plainColumn(r), null);
}

/** A column's value, or a lookup's id through its `_x_value` property. */
export function getProperty(r: RowPartRequest): void {
  const { table, row } = r;
  const name = r.segments[0]!;
  const prop = table.columns.get(name);
  const lookupValue =
    name.startsWith('_') && name.endsWith('_value') ? table.columns.get(name.slice(1, -6)) : undefined;
  if (prop && prop.kind !== 'lookup') {
    const context = `${baseUrl(r.req)}/$metadata#${table.entitySetName}(${String(row[table.primaryIdColumn])})/${name}`;
    send(r.res, 200, { '@odata.context': context, value: row[name] ?? null }, r.prefs);
    return;
  }
  if (lookupValue?.kind === 'lookup') {
    const v = row[lookupValue.logicalName] as { id: string } | null;
    send(r.res, 200, { value: v ? v.id : null }, r.prefs);
    return;
  }
  throw errors.propertyNotFound(name, table.logicalName);
}

export function methodNotAllowedOnRowPart({ method, segments }: RowPartRequest): never {
  throw errors.methodNotAllowed(method, segments.join('/'));
}
