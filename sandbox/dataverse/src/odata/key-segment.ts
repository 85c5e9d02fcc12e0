import { errors } from '../http/dataverse-error';
import type { TableDef } from '../schema/schema-types';
import { FilterSyntaxError, tokenize } from './filter-parser';

// The key inside `invoices(<key>)`: a GUID, or alternate key pairs `(dxc_connectionid=<guid>,dxc_taxtype='X')`
// (powerapps-docs webapi/retrieve-entity-using-web-api.md "Retrieve using an alternate key"). Lookup columns of a
// key may be named either `dxc_connectionid` or `_dxc_connectionid_value`.

export type KeySpec = { id: string } | { key: Record<string, string | number | boolean>; text: string };

export function parseKeySegment(table: TableDef, text: string): KeySpec {
  let tokens;
  try {
    tokens = tokenize(text);
  } catch (e) {
    if (e instanceof FilterSyntaxError)
      throw errors.badRequest(`Bad key '${text}': ${e.message}`, '0x80060888');
    throw e;
  }
  const first = tokens[0];
  if (tokens.length === 2 && first?.kind === 'guid') return { id: String(first.value) };
  const key: Record<string, string | number | boolean> = {};
  let i = 0;
  const bad = () =>
    errors.badRequest(
      `The key '${text}' of ${table.entitySetName} is not a GUID or a list of name=value pairs.`,
      '0x80060888',
    );
  for (;;) {
    const name = tokens[i++];
    const eq = tokens[i++];
    const value = tokens[i++];
    if (name?.kind !== 'ident' || eq?.kind !== '=' || !value) throw bad();
    let column = name.text;
    if (column.startsWith('_') && column.endsWith('_value')) column = column.slice(1, -'_value'.length);
    if (!table.columns.has(column)) throw errors.propertyNotFound(name.text, table.logicalName);
    if (value.kind === 'string' || value.kind === 'guid' || value.kind === 'number')
      key[column] = value.value!;
    else if (value.kind === 'ident' && (value.text === 'true' || value.text === 'false'))
      key[column] = value.text === 'true';
    else throw bad();
    const sep = tokens[i++];
    if (!sep || sep.kind === 'end') break;
    if (sep.kind !== ',') throw bad();
  }
  const names = Object.keys(key).sort();
  if (names.length === 1 && names[0] === table.primaryIdColumn)
    return { id: String(key[table.primaryIdColumn]) };
  const match = table.alternateKeys.find(
    (k) => k.columns.length === names.length && [...k.columns].sort().every((c, n) => c === names[n]),
  );
  if (!match) {
    throw errors.badRequest(
      `The key attributes (${names.join(', ')}) do not match any alternate key defined for ${table.logicalName}.`,
      '0x80060888',
    );
  }
  return { key, text };
}
