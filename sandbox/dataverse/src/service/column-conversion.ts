import { errors } from '../http/dataverse-error';
import type { ColumnDef, TableDef } from '../schema/schema-types';
import { round } from './rounding';

const GUID_LENGTH = 36;
const isGuid = (s: string) =>
  s.length === GUID_LENGTH &&
  [...s].every((c, i) => ([8, 13, 18, 23].includes(i) ? c === '-' : /[0-9a-fA-F]/.test(c)));

/** A Web API value for column `c`, checked against the column's type and range and put in stored form. */
export function convertColumnValue(table: TableDef, c: ColumnDef, value: unknown): unknown {
  const edm = (t: string) =>
    errors.badRequest(
      `Cannot convert the literal '${JSON.stringify(value)}' to the expected type '${t}' (${table.logicalName}.${c.logicalName}).`,
    );
  if (value === null) {
    if (c.kind === 'state' || c.kind === 'primarykey')
      throw edm(c.kind === 'state' ? 'Edm.Int32' : 'Edm.Guid');
    return null;
  }
  switch (c.kind) {
    case 'primarykey':
      if (typeof value !== 'string' || !isGuid(value)) throw edm('Edm.Guid');
      return value.toLowerCase();
    case 'string':
    case 'memo':
      if (typeof value !== 'string') throw edm('Edm.String');
      if (c.maxLength !== undefined && value.length > c.maxLength) {
        throw errors.badRequest(
          `A validation error occurred. The length of the '${c.logicalName}' attribute of the '${table.logicalName}' entity exceeded the maximum allowed length of '${c.maxLength}'.`,
          '0x80044331',
        );
      }
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw edm('Edm.Boolean');
      return value;
    case 'choice':
    case 'state':
    case 'status':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw edm('Edm.Int32');
      if (!c.options?.some((o) => o.value === value))
        throw errors.outOfRange(c.logicalName, table.logicalName, value);
      return value;
    case 'integer':
    case 'bigint':
    case 'decimal':
    case 'money': {
      const integral = c.kind === 'integer' || c.kind === 'bigint';
      if (typeof value !== 'number' || !Number.isFinite(value) || (integral && !Number.isInteger(value))) {
        throw edm(integral ? 'Edm.Int32' : 'Edm.Decimal');
      }
      if ((c.min !== undefined && value < c.min) || (c.max !== undefined && value > c.max)) {
        throw errors.outOfRange(c.logicalName, table.logicalName, value);
      }
      return integral ? value : round(value, c.precision ?? 2);
    }
    case 'datetime': {
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value)) || value.length < 10)
        throw edm('Edm.DateTimeOffset');
      const iso = value.length === 10 ? `${value}T00:00:00Z` : value;
      return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    case 'date':
      if (typeof value !== 'string' || value.length !== 10 || Number.isNaN(Date.parse(value)))
        throw edm('Edm.Date');
      return value;
    case 'lookup':
      throw errors.badRequest(
        `${table.logicalName}.${c.logicalName} is a lookup: set it with '<navigation property>@odata.bind'.`,
      );
  }
}
