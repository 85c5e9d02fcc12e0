import type { DataverseService } from '../dataverse-service';
import { parseKeySegment, type KeySpec } from '../odata/key-segment';
import type { TableDef } from '../schema/schema-types';
import type { Row } from '../store/row-store';
import { DataverseError, errors } from './dataverse-error';

// The bulk operation messages CreateMultiple, UpdateMultiple and UpsertMultiple, bound to an entity set
// (powerapps-docs bulk-operations.md, Web API tabs):
// - every item of `Targets` needs `@odata.type` naming the table;
// - on a standard table the message is one transaction: any error rolls back every target;
// - CreateMultiple answers 200 with `Ids`; UpdateMultiple and UpsertMultiple answer 204 ("The UpsertMultiple action
//   returns 204 NoContent. The UpsertMultipleResponse complex type is not returned.");
// - "Duplicate records in UpdateMultiple Targets parameter": with the same primary or alternate key, "the operation
//   is performed on the first record only. Any subsequent records with the same key value(s) in the payload are
//   ignored"; UpsertMultiple "will return an error" for the same case.
// UpsertMultiple targets name their row with `@odata.id` (`<set>(<key>=<value>)`, use-alternate-key-reference-record.md)
// or with the primary key column.

export type BulkAction = 'CreateMultiple' | 'UpdateMultiple' | 'UpsertMultiple';

export const BULK_ACTIONS: readonly BulkAction[] = ['CreateMultiple', 'UpdateMultiple', 'UpsertMultiple'];

export type BulkResult = { status: 200; body: { Ids: string[] } } | { status: 204 };

interface Target {
  index: number;
  /** The target's columns without `@odata.type` and `@odata.id`. */
  columns: Record<string, unknown>;
  /** How the target names its row: `@odata.id` or the primary key column; undefined when it names none. */
  key?: KeySpec;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// UNVERIFIED codes and wording: Microsoft documents the rules, not the error texts of a malformed bulk message.
const invalid = (action: BulkAction, message: string) => errors.badRequest(`${action}: ${message}`);

/** `<set>(<key>)` or an absolute/relative URL ending in it; the set must be the message's own. */
function keyOfODataId(table: TableDef, action: BulkAction, index: number, odataId: unknown): KeySpec {
  if (typeof odataId !== 'string') {
    throw invalid(
      action,
      `Targets[${index}]['@odata.id'] must be a string like '${table.entitySetName}(<key>)'.`,
    );
  }
  // The entity set is the path segment before the first '(' (key values may hold '/' in quotes).
  const paren = odataId.indexOf('(');
  const tail = paren < 0 ? odataId : odataId.slice(odataId.lastIndexOf('/', paren) + 1);
  const open = tail.indexOf('(');
  if (open <= 0 || !tail.endsWith(')')) {
    throw invalid(
      action,
      `Targets[${index}]['@odata.id'] '${odataId}' is not like '${table.entitySetName}(<key>)'.`,
    );
  }
  if (tail.slice(0, open) !== table.entitySetName) {
    throw invalid(
      action,
      `Targets[${index}]['@odata.id'] '${odataId}' names the entity set '${tail.slice(0, open)}', not '${table.entitySetName}'.`,
    );
  }
  return parseKeySegment(table, tail.slice(open + 1, -1));
}

function readTargets(table: TableDef, action: BulkAction, body: unknown): Target[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid(action, `the request body must be a JSON object with a 'Targets' array.`);
  }
  const targets = (body as { Targets?: unknown }).Targets;
  if (targets === undefined || targets === null)
    throw invalid(action, `the parameter 'Targets' is required.`);
  if (!Array.isArray(targets))
    throw invalid(action, `'Targets' must be an array of ${table.logicalName} rows.`);
  if (targets.length === 0) throw invalid(action, `'Targets' is empty: send at least one row.`);
  const type = `Microsoft.Dynamics.CRM.${table.logicalName}`;
  return targets.map((t: unknown, index): Target => {
    if (typeof t !== 'object' || t === null || Array.isArray(t)) {
      throw invalid(action, `Targets[${index}] must be an object (a ${table.logicalName} row).`);
    }
    const { '@odata.type': odataType, '@odata.id': odataId, ...columns } = t as Record<string, unknown>;
    if (odataType === undefined) {
      throw invalid(
        action,
        `Targets[${index}] has no '@odata.type'; every target needs "@odata.type": "${type}".`,
      );
    }
    if (odataType !== type) {
      throw invalid(
        action,
        `Targets[${index}]['@odata.type'] is '${String(odataType)}'; this entity set takes "${type}".`,
      );
    }
    if (odataId !== undefined) return { index, columns, key: keyOfODataId(table, action, index, odataId) };
    const id = columns[table.primaryIdColumn];
    if (id === undefined || id === null) return { index, columns };
    if (typeof id !== 'string' || !GUID.test(id)) {
      throw invalid(
        action,
        `Targets[${index}].${table.primaryIdColumn} must be a GUID, not ${JSON.stringify(id)}.`,
      );
    }
    return { index, columns, key: { id: id.toLowerCase() } };
  });
}

/** The key values a target names, comparable across targets (alternate key text is compared case-insensitively). */
function keyIdentity(key: KeySpec): string {
  if ('id' in key) return `id:${key.id.toLowerCase()}`;
  return Object.keys(key.key)
    .sort()
    .map((c) => `${c}=${String(key.key[c]).toLowerCase()}`)
    .join(',');
}

function describeKey(table: TableDef, key: KeySpec): string {
  return 'id' in key ? `${table.primaryIdColumn} ${key.id}` : `key (${key.text})`;
}

export function runBulkMessage(
  service: DataverseService,
  table: TableDef,
  action: BulkAction,
  body: unknown,
): BulkResult {
  const targets = readTargets(table, action, body);
  const create = (t: Target): string => {
    const keyColumns = t.key ? service.keyColumns(table, t.key) : {};
    const changes = { ...service.parsePayload(table, t.columns, 'create'), ...keyColumns };
    return service.create(table, changes)[table.primaryIdColumn] as string;
  };
  const update = (t: Target, row: Row): void => {
    const { [table.primaryIdColumn]: _id, ...columns } = t.columns;
    service.update(table, row, service.parsePayload(table, columns, 'update'));
  };

  switch (action) {
    case 'CreateMultiple': {
      const ids = service.transaction(() => targets.map(create));
      return { status: 200, body: { Ids: ids } };
    }
    case 'UpdateMultiple': {
      service.transaction(() => {
        const done = new Set<string>();
        for (const t of targets) {
          if (!t.key) {
            throw invalid(
              action,
              `Targets[${t.index}] names no row: give '${table.primaryIdColumn}' or '@odata.id'.`,
            );
          }
          // An update never creates: a missing row fails the whole message (404 naming it).
          const row = service.require(table, t.key);
          const id = row[table.primaryIdColumn] as string;
          if (done.has(id)) continue; // the first target with these key values wins, later ones are ignored
          done.add(id);
          update(t, row);
        }
      });
      return { status: 204 };
    }
    case 'UpsertMultiple': {
      const seen = new Map<string, number>();
      for (const t of targets) {
        if (!t.key) continue;
        const identity = keyIdentity(t.key);
        const first = seen.get(identity);
        if (first !== undefined) {
          // UNVERIFIED code and wording: bulk-operations.md says only that UpsertMultiple returns an error.
          throw new DataverseError(
            400,
            '0x80048d19',
            `UpsertMultiple: Targets[${first}] and Targets[${t.index}] name the same ${table.logicalName} (${describeKey(table, t.key)}); duplicate records in Targets are not supported.`,
          );
        }
        seen.set(identity, t.index);
      }
      service.transaction(() => {
        for (const t of targets) {
          const row = t.key ? service.find(table, t.key) : undefined;
          if (row) update(t, row);
          else create(t);
        }
      });
      return { status: 204 };
    }
  }
}
