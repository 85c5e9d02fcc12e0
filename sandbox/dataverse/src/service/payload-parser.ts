import { errors } from '../http/dataverse-error';
import { resolveNavigation, resolveProperty } from '../odata/filter-evaluator';
import type { ColumnDef, TableDef } from '../schema/schema-types';
import type { LookupRef, Row } from '../store/row-store';
import { convertColumnValue } from './column-conversion';

// How a Web API body becomes column changes: @odata.bind references, annotations skipped, unknown and read-only
// properties refused (create-entity-web-api.md, associate-disassociate-entities-using-web-api.md).

export interface WriteOptions {
  /** Seed loading: skips validForCreate/Update and the read-only state rule, keeps type checks. */
  trusted?: boolean;
}

export type WriteMode = 'create' | 'update';

/** Resolves an `@odata.bind` value to the row it names, of one of the `allowed` tables. */
export type ReferenceResolver = (value: unknown, allowed: string[], context: string) => LookupRef;

/** Turns a Web API body into column changes. */
export function parsePayload(
  table: TableDef,
  body: unknown,
  mode: WriteMode,
  o: WriteOptions,
  resolveReference: ReferenceResolver,
): Row {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw errors.badRequest('The request body must be a JSON object.');
  }
  const changes: Row = {};
  for (const [prop, value] of Object.entries(body as Record<string, unknown>)) {
    if (prop.startsWith('@odata.')) {
      if (prop === '@odata.type' && value !== `Microsoft.Dynamics.CRM.${table.logicalName}`) {
        throw errors.badRequest(
          `The @odata.type '${String(value)}' does not match the entity set of ${table.logicalName}.`,
        );
      }
      continue;
    }
    if (prop.endsWith('@odata.bind')) {
      const nav = prop.slice(0, -'@odata.bind'.length);
      const found = resolveNavigation(table, nav);
      if (!found) {
        throw errors.badRequest(
          `An undeclared property '${nav}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.`,
        );
      }
      checkWritable(table, found.column, mode, o);
      changes[found.column.logicalName] =
        value === null ? null : resolveReference(value, [found.target], `${table.logicalName}.${nav}`);
      continue;
    }
    if (prop.includes('@')) continue; // instance annotations sent back by clients (FormattedValue etc.)
    const column = table.columns.get(prop);
    if (!column) {
      if (resolveProperty(table, prop)?.lookupValue) {
        throw errors.badRequest(
          `'${prop}' is read-only: set the lookup with '<navigation property>@odata.bind' instead (${table.logicalName}).`,
        );
      }
      if (resolveNavigation(table, prop) || table.collectionNavigations.some((n) => n.name === prop)) {
        throw errors.notImplemented(`Deep insert/update through '${prop}'`);
      }
      throw errors.payloadPropertyUnknown(prop, table.logicalName);
    }
    if (column.kind === 'lookup' && o.trusted && (typeof value === 'string' || value === null)) {
      // Seeds may give a lookup as a plain id when it has a single target.
      if (value === null) changes[prop] = null;
      else if (column.targets!.length === 1)
        changes[prop] = { id: value.toLowerCase(), table: column.targets![0]!.table };
      else
        throw errors.badRequest(
          `${table.logicalName}.${prop} has several targets: use '<navigation>@odata.bind'.`,
        );
      continue;
    }
    if (!(column.kind === 'primarykey' && mode === 'create')) checkWritable(table, column, mode, o);
    changes[prop] = convertColumnValue(table, column, value);
  }
  return changes;
}

function checkWritable(table: TableDef, c: ColumnDef, mode: WriteMode, o: WriteOptions): void {
  if (o.trusted) return;
  if (mode === 'create' ? !c.validForCreate : !c.validForUpdate) {
    throw errors.notWritable(c.logicalName, table.logicalName, mode, c.readOnlyReason);
  }
}
