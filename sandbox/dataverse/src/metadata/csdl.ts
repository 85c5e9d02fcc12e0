import { create } from 'xmlbuilder2';
import type { ColumnDef, Schema } from '../schema/schema-types';

// `$metadata` (CSDL 4.0, powerapps-docs webapi/web-api-service-documents.md): one EntityType per table with its
// key, properties (lookups as `_x_value` Edm.Guid, as Dataverse declares them), single- and collection-valued
// navigation properties with their partners, and an EntitySet per table in the container.

const EDM: Record<ColumnDef['kind'], string> = {
  primarykey: 'Edm.Guid',
  string: 'Edm.String',
  memo: 'Edm.String',
  boolean: 'Edm.Boolean',
  choice: 'Edm.Int32',
  state: 'Edm.Int32',
  status: 'Edm.Int32',
  integer: 'Edm.Int32',
  bigint: 'Edm.Int64',
  decimal: 'Edm.Decimal',
  money: 'Edm.Decimal',
  datetime: 'Edm.DateTimeOffset',
  date: 'Edm.Date',
  lookup: 'Edm.Guid',
};

export function renderCsdl(schema: Schema): string {
  const doc = create({ version: '1.0', encoding: 'utf-8' }).ele('edmx:Edmx', {
    Version: '4.0',
    'xmlns:edmx': 'http://docs.oasis-open.org/odata/ns/edmx',
  });
  const s = doc.ele('edmx:DataServices').ele('Schema', {
    Namespace: 'Microsoft.Dynamics.CRM',
    Alias: 'mscrm',
    xmlns: 'http://docs.oasis-open.org/odata/ns/edm',
  });
  const tables = [...schema.tables.values()].sort((a, b) => a.logicalName.localeCompare(b.logicalName));
  s.ele('EntityType', { Name: 'crmbaseentity', Abstract: 'true' });
  for (const response of ['CreateMultipleResponse', 'UpsertMultipleResponse']) {
    s.ele('ComplexType', { Name: response }).ele('Property', {
      Name: 'Ids',
      Type: 'Collection(Edm.Guid)',
      Nullable: 'false',
    });
  }
  for (const t of tables) {
    const et = s.ele('EntityType', { Name: t.logicalName, BaseType: 'mscrm.crmbaseentity' });
    et.ele('Key').ele('PropertyRef', { Name: t.primaryIdColumn });
    for (const c of t.columns.values()) {
      const name = c.kind === 'lookup' ? `_${c.logicalName}_value` : c.logicalName;
      const attrs: Record<string, string> = { Name: name, Type: EDM[c.kind] };
      if (c.kind === 'decimal' || c.kind === 'money') attrs.Scale = 'Variable';
      et.ele('Property', attrs);
    }
    for (const c of t.columns.values()) {
      for (const target of c.targets ?? []) {
        et.ele('NavigationProperty', {
          Name: target.navigationProperty,
          Type: `mscrm.${target.table}`,
          Partner: target.relationship,
        }).ele('ReferentialConstraint', {
          Property: `_${c.logicalName}_value`,
          ReferencedProperty: schema.tables.get(target.table)!.primaryIdColumn,
        });
      }
    }
    for (const n of t.collectionNavigations) {
      const child = schema.tables.get(n.table)!;
      const target = child.columns.get(n.column)!.targets!.find((x) => x.relationship === n.name)!;
      et.ele('NavigationProperty', {
        Name: n.name,
        Type: `Collection(mscrm.${n.table})`,
        Partner: target.navigationProperty,
      });
    }
  }
  const container = s.ele('EntityContainer', { Name: 'System' });
  for (const t of tables) {
    const set = container.ele('EntitySet', {
      Name: t.entitySetName,
      EntityType: `Microsoft.Dynamics.CRM.${t.logicalName}`,
    });
    for (const c of t.columns.values()) {
      for (const target of c.targets ?? []) {
        set.ele('NavigationPropertyBinding', {
          Path: target.navigationProperty,
          Target: schema.tables.get(target.table)!.entitySetName,
        });
      }
    }
  }
  for (const action of ['CreateMultiple', 'UpdateMultiple', 'UpsertMultiple']) {
    const a = s.ele('Action', { Name: action, IsBound: 'true' });
    a.ele('Parameter', { Name: 'entityset', Type: 'Collection(mscrm.crmbaseentity)', Nullable: 'false' });
    a.ele('Parameter', { Name: 'Targets', Type: 'Collection(mscrm.crmbaseentity)', Nullable: 'false' });
    if (action !== 'UpdateMultiple')
      a.ele('ReturnType', { Type: `mscrm.${action}Response`, Nullable: 'false' });
  }
  return doc.end({ prettyPrint: true });
}
