import type { Column, SolutionModel } from '@dxc/solution';
import type { ColumnDef, OptionDef, Schema, TableDef } from './schema-types';
import { standardTables, type StandardTableSpec } from './standard-tables';

/** Raised when the solution model and the emulator's platform tables disagree (a build-time defect, not a request error). */
export class SchemaError extends Error {}

const activeInactive = {
  states: [
    { value: 0, label: 'Active' },
    { value: 1, label: 'Inactive' },
  ],
  statuses: [
    { value: 1, label: 'Active', state: 0 },
    { value: 2, label: 'Inactive', state: 1 },
  ],
};

function fromModelColumn(model: SolutionModel, table: string, c: Column): ColumnDef {
  const base = {
    logicalName: c.logicalName,
    schemaName: c.schemaName,
    displayName: c.displayName,
    validForCreate: true,
    validForUpdate: true,
  };
  const t = c.type;
  switch (t.kind) {
    case 'string':
    case 'memo':
      return { ...base, kind: t.kind, maxLength: t.maxLength };
    case 'boolean':
      return {
        ...base,
        kind: 'boolean',
        options: [
          { value: 0, label: t.falseLabel },
          { value: 1, label: t.trueLabel },
        ],
        defaultValue: t.defaultValue,
      };
    case 'choice': {
      const set = model.choices.find((ch) => ch.name === t.optionSet);
      if (!set)
        throw new SchemaError(`${table}.${c.logicalName}: choice '${t.optionSet}' is not in the model`);
      return {
        ...base,
        kind: 'choice',
        options: set.options.map((o) => ({ value: o.value, label: o.label })),
        ...(t.defaultValue !== undefined ? { defaultValue: t.defaultValue } : {}),
      };
    }
    case 'integer':
      return { ...base, kind: 'integer', min: t.min, max: t.max };
    case 'decimal':
    case 'money':
      return { ...base, kind: t.kind, precision: t.precision, min: t.min, max: t.max };
    case 'datetime':
      return { ...base, kind: t.behavior === 'DateOnly' ? 'date' : 'datetime' };
    case 'lookup':
      return {
        ...base,
        kind: 'lookup',
        targets: [
          {
            table: t.target,
            navigationProperty: c.schemaName,
            relationship: t.relationship.name,
            cascadeDelete: t.relationship.cascadeDelete,
          },
        ],
      };
  }
}

function systemColumns(
  spec: Pick<StandardTableSpec, 'logicalName' | 'primaryIdColumn' | 'ownership' | 'stateValidForCreate'>,
  states: OptionDef[],
  statuses: OptionDef[],
): ColumnDef[] {
  const ro = { validForCreate: false, validForUpdate: false };
  const sysLookup = (
    ln: string,
    table: string,
    relationship: string,
    o: Partial<ColumnDef> = ro,
  ): ColumnDef => ({
    logicalName: ln,
    schemaName: ln,
    displayName: ln,
    kind: 'lookup',
    ...ro,
    ...o,
    targets: [{ table, navigationProperty: ln, relationship, cascadeDelete: 'RemoveLink' }],
  });
  const t = spec.logicalName;
  const cols: ColumnDef[] = [
    {
      logicalName: spec.primaryIdColumn,
      schemaName: spec.primaryIdColumn,
      displayName: spec.primaryIdColumn,
      kind: 'primarykey',
      validForCreate: true,
      validForUpdate: false,
    },
    { logicalName: 'createdon', schemaName: 'CreatedOn', displayName: 'Created On', kind: 'datetime', ...ro },
    {
      logicalName: 'modifiedon',
      schemaName: 'ModifiedOn',
      displayName: 'Modified On',
      kind: 'datetime',
      ...ro,
    },
    {
      logicalName: 'overriddencreatedon',
      schemaName: 'OverriddenCreatedOn',
      displayName: 'Record Created On',
      kind: 'datetime',
      validForCreate: true,
      validForUpdate: false,
    },
    {
      logicalName: 'versionnumber',
      schemaName: 'VersionNumber',
      displayName: 'Version Number',
      kind: 'bigint',
      ...ro,
    },
    sysLookup('createdby', 'systemuser', `lk_${t}_createdby`),
    sysLookup('modifiedby', 'systemuser', `lk_${t}_modifiedby`),
    {
      logicalName: 'statecode',
      schemaName: 'StateCode',
      displayName: 'Status',
      kind: 'state',
      // statecode is IsValidForCreate False on Dataverse tables (system-columns.ts of the model says the same);
      // rows start Active and change state by update. Seeds may still load any state.
      validForCreate: spec.stateValidForCreate ?? false,
      validForUpdate: true,
      options: states,
    },
    {
      logicalName: 'statuscode',
      schemaName: 'StatusCode',
      displayName: 'Status Reason',
      kind: 'status',
      validForCreate: true,
      validForUpdate: true,
      options: statuses,
    },
  ];
  if (spec.ownership === 'UserOwned') {
    cols.push(
      sysLookup('ownerid', 'systemuser', `owner_${t}`, { validForCreate: true, validForUpdate: true }),
      sysLookup('owningbusinessunit', 'businessunit', `business_unit_${t}`),
    );
  }
  return cols;
}

function tableFrom(
  spec: StandardTableSpec,
  extraColumns: ColumnDef[],
  alternateKeys: TableDef['alternateKeys'],
): TableDef {
  const columns = new Map<string, ColumnDef>();
  for (const c of [...systemColumns(spec, spec.states, spec.statuses), ...spec.columns, ...extraColumns]) {
    if (columns.has(c.logicalName))
      throw new SchemaError(`${spec.logicalName}.${c.logicalName} is declared twice`);
    columns.set(c.logicalName, c);
  }
  return {
    logicalName: spec.logicalName,
    schemaName: spec.schemaName,
    entitySetName: spec.entitySetName,
    primaryIdColumn: spec.primaryIdColumn,
    primaryNameColumn: spec.primaryNameColumn,
    ownership: spec.ownership,
    columns,
    alternateKeys,
    collectionNavigations: [],
    readOnlyStates: spec.readOnlyStates ?? [],
  };
}

/**
 * Our tables and columns come from the solution model; the platform tables (and the platform columns of the
 * standard tables we extend) from `standardTables`. Every model platform column must exist here, so a flow or form
 * that names a column the emulator lacks is caught at start.
 */
export function buildSchema(model: SolutionModel): Schema {
  const tables = new Map<string, TableDef>();
  const specs = new Map(standardTables.map((s) => [s.logicalName, s]));
  for (const t of model.tables) {
    const own = t.columns.map((c) => fromModelColumn(model, t.logicalName, c));
    const keys = t.alternateKeys.map((k) => ({ logicalName: k.logicalName, columns: k.columns }));
    if (t.isCustom) {
      const spec: StandardTableSpec = {
        logicalName: t.logicalName,
        schemaName: t.schemaName,
        entitySetName: t.entitySetName,
        primaryIdColumn: t.primaryIdColumn,
        primaryNameColumn: t.primaryNameColumn,
        ownership: t.ownership,
        columns: [],
        ...activeInactive,
      };
      tables.set(t.logicalName, tableFrom(spec, own, keys));
    } else {
      const spec = specs.get(t.logicalName);
      if (!spec)
        throw new SchemaError(`standard table '${t.logicalName}' of the model is unknown to the emulator`);
      if (spec.entitySetName !== t.entitySetName || spec.primaryIdColumn !== t.primaryIdColumn) {
        throw new SchemaError(
          `standard table '${t.logicalName}': entity set or primary id differs from the model`,
        );
      }
      tables.set(t.logicalName, tableFrom(spec, own, keys));
    }
  }
  for (const spec of standardTables) {
    if (!tables.has(spec.logicalName)) tables.set(spec.logicalName, tableFrom(spec, [], []));
  }
  for (const pt of model.platformTables) {
    const t = tables.get(pt.logicalName);
    if (!t)
      throw new SchemaError(`platform table '${pt.logicalName}' of the model is unknown to the emulator`);
    for (const c of pt.columns) {
      if (!t.columns.has(c))
        throw new SchemaError(`platform column ${pt.logicalName}.${c} is unknown to the emulator`);
    }
  }
  for (const mt of model.tables) {
    for (const c of mt.platformColumns ?? []) {
      if (!tables.get(mt.logicalName)!.columns.has(c)) {
        throw new SchemaError(`platform column ${mt.logicalName}.${c} is unknown to the emulator`);
      }
    }
  }
  for (const t of tables.values()) {
    for (const k of t.alternateKeys) {
      for (const c of k.columns) {
        if (!t.columns.has(c))
          throw new SchemaError(`${t.logicalName}: key ${k.logicalName} names unknown column ${c}`);
      }
    }
    for (const c of t.columns.values()) {
      for (const target of c.targets ?? []) {
        const other = tables.get(target.table);
        if (!other)
          throw new SchemaError(`${t.logicalName}.${c.logicalName} targets unknown table ${target.table}`);
        other.collectionNavigations.push({
          name: target.relationship,
          table: t.logicalName,
          column: c.logicalName,
        });
      }
    }
  }
  return { tables, byEntitySet: new Map([...tables.values()].map((t) => [t.entitySetName, t])) };
}
