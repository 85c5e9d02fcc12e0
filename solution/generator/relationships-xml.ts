import { SYSTEM_TARGET_SCHEMA, systemColumns } from '../model/system-columns';
import type { SolutionModel } from '../model/types';
import { INTRODUCED_VERSION } from './constants';
import type { XNode } from './xml';
import { descriptions } from './xml';

/** One 1:N relationship, filed (as SolutionPackager does) under the REFERENCED table's schema name. */
export interface RelationshipDefinition {
  name: string;
  referencedSchema: string;
  node: XNode;
}

function schemaOf(model: SolutionModel, logicalName: string): string {
  return (
    model.tables.find((t) => t.logicalName === logicalName)?.schemaName ??
    model.platformTables.find((t) => t.logicalName === logicalName)?.schemaName ??
    SYSTEM_TARGET_SCHEMA[logicalName] ??
    logicalName
  );
}

export function relationships(model: SolutionModel): RelationshipDefinition[] {
  const out: RelationshipDefinition[] = [];
  for (const t of model.tables) {
    for (const c of t.columns) {
      if (c.type.kind !== 'lookup') continue;
      const rel = c.type.relationship;
      const referencedSchema = schemaOf(model, c.type.target);
      const parental = rel.cascadeDelete === 'Cascade';
      out.push({
        name: rel.name,
        referencedSchema,
        node: {
          '@Name': rel.name,
          EntityRelationshipType: 'OneToMany',
          IsCustomizable: '1',
          IntroducedVersion: INTRODUCED_VERSION,
          IsHierarchical: '0',
          ReferencingEntityName: t.schemaName,
          ReferencedEntityName: referencedSchema,
          CascadeAssign: parental ? 'Cascade' : 'NoCascade',
          CascadeDelete: rel.cascadeDelete,
          CascadeReparent: parental ? 'Cascade' : 'NoCascade',
          CascadeShare: parental ? 'Cascade' : 'NoCascade',
          CascadeUnshare: parental ? 'Cascade' : 'NoCascade',
          CascadeRollupView: 'NoCascade',
          IsValidForAdvancedFind: '1',
          ReferencingAttributeName: c.schemaName,
          RelationshipDescription: { Descriptions: descriptions(c.description) },
          EntityRelationshipRoles: {
            EntityRelationshipRole: [
              {
                NavPaneDisplayOption: 'UseCollectionName',
                NavPaneArea: 'Details',
                NavPaneOrder: '10000',
                NavigationPropertyName: c.schemaName,
                RelationshipRoleType: '1',
              },
              { NavigationPropertyName: rel.name, RelationshipRoleType: '0' },
            ],
          },
        },
      });
    }
    if (!t.isCustom) continue;
    for (const s of systemColumns(t)) {
      if (!s.relationship || !s.target) continue;
      const name = s.relationship.replace('{table}', t.logicalName);
      const referencedSchema = SYSTEM_TARGET_SCHEMA[s.target]!;
      out.push({
        name,
        referencedSchema,
        node: {
          '@Name': name,
          EntityRelationshipType: 'OneToMany',
          IsCustomizable: '1',
          IntroducedVersion: INTRODUCED_VERSION,
          IsHierarchical: '0',
          ReferencingEntityName: t.schemaName,
          ReferencedEntityName: referencedSchema,
          CascadeAssign: 'NoCascade',
          CascadeDelete: 'NoCascade',
          CascadeReparent: 'NoCascade',
          CascadeShare: 'NoCascade',
          CascadeUnshare: 'NoCascade',
          ReferencingAttributeName: s.schemaName,
          RelationshipDescription: { Descriptions: descriptions(s.description) },
        },
      });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
