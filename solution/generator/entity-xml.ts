import { systemColumns } from '../model/system-columns';
import type { SystemColumn } from '../model/system-columns';
import type { Column, Table } from '../model/types';
import { INTRODUCED_VERSION } from './constants';
import type { XNode } from './xml';
import { descriptions, displaynames, flag, label } from './xml';

// Entity.xml as SolutionPackager writes it: `<Entity><Name/><EntityInfo><entity>…</entity></EntityInfo>` with forms
// and views in their own files. Element names, order and flag values follow Microsoft's exports
// (coe-starter-kit ALMAcceleratorForAdvancedMakers/SolutionPackage/Entities/*/Entity.xml).

const BEHAVIOR = { UserLocal: '1', DateOnly: '2', TimeZoneIndependent: '3' } as const;

/** The flags every exported attribute carries, in the exporter's order. */
function attributeShell(
  a: {
    physicalName: string;
    type: string;
    logicalName: string;
    requiredLevel: string;
    displayMask?: string;
    imeMode: string;
    create: boolean;
    read?: boolean;
    update: boolean;
    custom: boolean;
    audit: boolean;
    searchable: boolean;
    filterable?: boolean;
    retrievable?: boolean;
    canModifyRequirement?: boolean;
  },
  specific: XNode,
  displayName: string,
  description: string,
): XNode {
  return {
    '@PhysicalName': a.physicalName,
    Type: a.type,
    Name: a.logicalName,
    LogicalName: a.logicalName,
    RequiredLevel: a.requiredLevel,
    ...(a.displayMask !== undefined ? { DisplayMask: a.displayMask } : {}),
    ImeMode: a.imeMode,
    ValidForUpdateApi: flag(a.update),
    ValidForReadApi: flag(a.read ?? true),
    ValidForCreateApi: flag(a.create),
    IsCustomField: flag(a.custom),
    IsAuditEnabled: flag(a.audit),
    IsSecured: '0',
    IntroducedVersion: INTRODUCED_VERSION,
    IsCustomizable: '1',
    IsRenameable: '1',
    CanModifySearchSettings: '1',
    CanModifyRequirementLevelSettings: flag(a.canModifyRequirement ?? true),
    CanModifyAdditionalSettings: '1',
    SourceType: '0',
    IsGlobalFilterEnabled: '0',
    IsSortableEnabled: '0',
    CanModifyGlobalFilterSettings: '1',
    CanModifyIsSortableSettings: '1',
    IsDataSourceSecret: '0',
    AutoNumberFormat: '',
    IsSearchable: flag(a.searchable),
    IsFilterable: flag(a.filterable ?? false),
    IsRetrievable: flag(a.retrievable ?? false),
    IsLocalizable: '0',
    ...specific,
    displaynames: displaynames(displayName),
    Descriptions: descriptions(description),
  };
}

const options = (pairs: [number, string][]) => ({
  option: pairs.map(([value, text]) => ({ '@value': String(value), labels: { label: label(text) } })),
});

type ColumnType = Column['type'];
type AttributeFlags = Parameters<typeof attributeShell>[0];

/** What sets one column kind apart in Entity.xml: its attribute type, IME mode and type-specific elements. */
interface ColumnShape {
  type: string;
  imeMode: string;
  filterable?: boolean;
  specific: XNode;
}

function columnShape(table: Table, c: Column, t: Exclude<ColumnType, { kind: 'money' }>): ColumnShape {
  switch (t.kind) {
    case 'string':
      return {
        type: 'nvarchar',
        imeMode: 'auto',
        specific: {
          Format: t.format ?? 'text',
          MaxLength: String(t.maxLength),
          Length: String(t.maxLength * 2),
        },
      };
    case 'memo':
      return {
        type: 'ntext',
        imeMode: 'auto',
        specific: { Format: 'textarea', MaxLength: String(t.maxLength), Length: String(t.maxLength * 2) },
      };
    case 'boolean':
      return {
        type: 'bit',
        imeMode: 'auto',
        specific: {
          AppDefaultValue: t.defaultValue ? '1' : '0',
          optionset: {
            '@Name': `${table.logicalName}_${c.logicalName}`,
            OptionSetType: 'bit',
            IntroducedVersion: INTRODUCED_VERSION,
            IsCustomizable: '1',
            displaynames: displaynames(c.displayName),
            Descriptions: descriptions(c.description),
            options: options([
              [1, t.trueLabel],
              [0, t.falseLabel],
            ]),
          },
        },
      };
    case 'choice':
      return {
        type: 'picklist',
        imeMode: 'auto',
        specific: { AppDefaultValue: String(t.defaultValue ?? -1), OptionSetName: t.optionSet },
      };
    case 'integer':
      return {
        type: 'int',
        imeMode: 'auto',
        specific: { Format: '', MinValue: String(t.min), MaxValue: String(t.max) },
      };
    case 'decimal':
      return {
        type: 'decimal',
        imeMode: 'auto',
        specific: {
          MinValue: t.min.toFixed(t.precision),
          MaxValue: t.max.toFixed(t.precision),
          Accuracy: String(t.precision),
        },
      };
    case 'datetime':
      return {
        type: 'datetime',
        imeMode: 'inactive',
        filterable: true,
        specific: { Format: t.format, CanChangeDateTimeBehavior: '1', Behavior: BEHAVIOR[t.behavior] },
      };
    case 'lookup':
      return {
        type: 'lookup',
        imeMode: 'auto',
        filterable: true,
        specific: { LookupStyle: 'single', LookupTypes: {} },
      };
  }
}

// AccuracySource 2 = the transaction currency's precision; the platform keeps a `<column>_base` twin in the
// organisation's base currency, which exports list as a calculated attribute. [UNVERIFIED: `_base` shape
// written from memory of exports; no Microsoft sample with a custom money column was found offline.]
function moneyAttributes(
  c: Column,
  t: Extract<ColumnType, { kind: 'money' }>,
  common: Omit<AttributeFlags, 'type' | 'imeMode'>,
): XNode[] {
  const specific = {
    MinValue: t.min.toFixed(2),
    MaxValue: t.max.toFixed(2),
    Accuracy: String(t.precision),
    AccuracySource: '2',
  };
  return [
    attributeShell({ ...common, type: 'money', imeMode: 'disabled' }, specific, c.displayName, c.description),
    attributeShell(
      {
        ...common,
        physicalName: `${c.schemaName}_Base`,
        logicalName: `${c.logicalName}_base`,
        requiredLevel: 'none',
        displayMask: 'ValidForAdvancedFind|ValidForForm|ValidForGrid',
        type: 'money',
        imeMode: 'disabled',
        create: false,
        update: false,
        audit: false,
        searchable: false,
      },
      { ...specific, CalculationOf: c.logicalName },
      `${c.displayName} (Base)`,
      `Value of ${c.displayName} in base currency.`,
    ),
  ];
}

function customAttribute(table: Table, c: Column): XNode[] {
  const t = c.type;
  const common = {
    physicalName: c.schemaName,
    logicalName: c.logicalName,
    requiredLevel: c.requiredLevel === 'required' ? 'required' : c.requiredLevel,
    displayMask:
      c.logicalName === table.primaryNameColumn && table.isCustom
        ? 'PrimaryName|ValidForAdvancedFind|ValidForForm|ValidForGrid|RequiredForForm'
        : 'ValidForAdvancedFind|ValidForForm|ValidForGrid',
    create: true,
    update: true,
    custom: true,
    audit: true,
    searchable: c.searchable ?? false,
    retrievable: c.logicalName === table.primaryNameColumn,
  };
  if (t.kind === 'money') return moneyAttributes(c, t, common);
  const { specific, ...shape } = columnShape(table, c, t);
  return [attributeShell({ ...common, ...shape }, specific, c.displayName, c.description)];
}

function stateOptionSet(table: Table): XNode {
  return {
    '@Name': `${table.logicalName}_statecode`,
    OptionSetType: 'state',
    IntroducedVersion: INTRODUCED_VERSION,
    IsCustomizable: '1',
    displaynames: displaynames('Status'),
    Descriptions: descriptions(`Status of the ${table.displayName}`),
    states: {
      state: [
        {
          '@value': '0',
          '@defaultstatus': '1',
          '@invariantname': 'Active',
          labels: { label: label('Active') },
        },
        {
          '@value': '1',
          '@defaultstatus': '2',
          '@invariantname': 'Inactive',
          labels: { label: label('Inactive') },
        },
      ],
    },
  };
}

function statusOptionSet(table: Table): XNode {
  return {
    '@Name': `${table.logicalName}_statuscode`,
    OptionSetType: 'status',
    IntroducedVersion: INTRODUCED_VERSION,
    IsCustomizable: '1',
    displaynames: displaynames('Status Reason'),
    Descriptions: descriptions(`Reason for the status of the ${table.displayName}`),
    statuses: {
      status: [
        { '@value': '1', '@state': '0', labels: { label: label('Active') } },
        { '@value': '2', '@state': '1', labels: { label: label('Inactive') } },
      ],
    },
  };
}

function systemAttribute(table: Table, s: SystemColumn): XNode {
  const base = {
    physicalName: s.schemaName,
    logicalName: s.logicalName,
    requiredLevel: s.requiredLevel,
    create: s.validForCreate,
    update: s.validForUpdate,
    custom: false,
    audit: false,
    searchable: false,
  };
  const forms = 'ValidForAdvancedFind|ValidForForm|ValidForGrid';
  switch (s.kind) {
    case 'primarykey':
      return attributeShell(
        {
          ...base,
          type: 'primarykey',
          imeMode: 'auto',
          displayMask: 'ValidForAdvancedFind|RequiredForGrid',
          filterable: true,
          retrievable: true,
          canModifyRequirement: false,
        },
        {},
        s.displayName,
        s.description,
      );
    case 'lookup':
      return attributeShell(
        { ...base, type: 'lookup', imeMode: 'auto', displayMask: forms },
        { LookupStyle: 'single', LookupTypes: {} },
        s.displayName,
        s.description,
      );
    case 'owner':
      return attributeShell(
        {
          ...base,
          type: 'owner',
          imeMode: 'auto',
          displayMask: `${forms}|RequiredForForm`,
          audit: true,
          filterable: true,
          retrievable: true,
        },
        { LookupStyle: 'single', LookupTypes: {} },
        s.displayName,
        s.description,
      );
    case 'datetime':
      return attributeShell(
        {
          ...base,
          type: 'datetime',
          imeMode: 'inactive',
          displayMask: s.format === 'date' ? 'ValidForAdvancedFind|ValidForGrid' : forms,
          filterable: s.format !== 'date',
          retrievable: s.format !== 'date',
        },
        { Format: s.format ?? 'datetime', CanChangeDateTimeBehavior: '0', Behavior: '1' },
        s.displayName,
        s.description,
      );
    case 'state':
      return attributeShell(
        { ...base, type: 'state', imeMode: 'auto', displayMask: forms, audit: true, filterable: true },
        { optionset: stateOptionSet(table) },
        s.displayName,
        s.description,
      );
    case 'status':
      return attributeShell(
        { ...base, type: 'status', imeMode: 'auto', displayMask: forms, audit: true },
        { optionset: statusOptionSet(table) },
        s.displayName,
        s.description,
      );
    case 'bigint':
      return attributeShell(
        { ...base, type: 'bigint', imeMode: 'auto' },
        { MinValue: '-9223372036854775808', MaxValue: '9223372036854775807' },
        s.displayName,
        s.description,
      );
    case 'int':
      return attributeShell(
        {
          ...base,
          type: 'int',
          imeMode: s.logicalName === 'importsequencenumber' ? 'disabled' : 'auto',
          ...(s.logicalName === 'importsequencenumber'
            ? { displayMask: 'ValidForAdvancedFind', audit: true }
            : {}),
        },
        { Format: '', MinValue: String(s.min), MaxValue: String(s.max) },
        s.displayName,
        s.description,
      );
  }
}

/** Attributes of a table sorted by physical name, as the exporter sorts them. */
export function tableAttributes(table: Table): XNode[] {
  const attributes = table.columns.flatMap((c) => customAttribute(table, c));
  if (table.isCustom) attributes.push(...systemColumns(table).map((s) => systemAttribute(table, s)));
  return attributes.sort((a, b) =>
    String(a['@PhysicalName']).toLowerCase().localeCompare(String(b['@PhysicalName']).toLowerCase()),
  );
}

function entityKeys(table: Table): XNode | undefined {
  if (table.alternateKeys.length === 0) return undefined;
  const schemaOf = (ln: string) => table.columns.find((c) => c.logicalName === ln)?.schemaName ?? ln;
  return {
    EntityKey: table.alternateKeys.map((k) => ({
      Name: k.schemaName,
      LogicalName: k.logicalName,
      IntroducedVersion: INTRODUCED_VERSION,
      IsCustomizable: '1',
      displaynames: displaynames(k.displayName),
      EntityKeyAttributes: { AttributeName: k.columns.map(schemaOf) },
    })),
  };
}

/** The `<entity>` element (inside EntityInfo). */
export function entityInfo(table: Table): XNode {
  const names = {
    LocalizedNames: { LocalizedName: label(table.displayName) },
    LocalizedCollectionNames: { LocalizedCollectionName: label(table.pluralName) },
    Descriptions: descriptions(table.description),
  };
  if (!table.isCustom) {
    // A platform table we only add columns to: `unmodified="1"` tells import to leave the table's own settings.
    return {
      '@Name': table.schemaName,
      '@unmodified': '1',
      ...names,
      attributes: { attribute: tableAttributes(table) },
    };
  }
  const keys = entityKeys(table);
  return {
    '@Name': table.schemaName,
    ...names,
    attributes: { attribute: tableAttributes(table) },
    ...(keys ? { EntityKeys: keys } : {}),
    EntitySetName: table.entitySetName,
    IsDuplicateCheckSupported: '1',
    IsBusinessProcessEnabled: '0',
    IsRequiredOffline: '0',
    IsInteractionCentricEnabled: '0',
    IsCollaboration: '0',
    AutoRouteToOwnerQueue: '0',
    IsConnectionsEnabled: '0',
    IsDocumentManagementEnabled: '0',
    AutoCreateAccessTeams: '0',
    IsOneNoteIntegrationEnabled: '0',
    IsKnowledgeManagementEnabled: '0',
    IsSLAEnabled: '0',
    IsDocumentRecommendationsEnabled: '0',
    IsBPFEntity: '0',
    OwnershipTypeMask: table.ownership === 'UserOwned' ? 'UserOwned' : 'OrgOwned',
    IsAuditEnabled: '1',
    IsRetrieveAuditEnabled: '0',
    IsRetrieveMultipleAuditEnabled: '0',
    IsActivity: '0',
    ActivityTypeMask: '',
    IsActivityParty: '0',
    IsReplicated: '0',
    IsReplicationUserFiltered: '0',
    IsMailMergeEnabled: '1',
    IsVisibleInMobile: '0',
    IsVisibleInMobileClient: '1',
    IsReadOnlyInMobileClient: '0',
    IsOfflineInMobileClient: '0',
    DaysSinceRecordLastModified: '0',
    MobileOfflineFilters: '',
    IsMapiGridEnabled: '1',
    IsReadingPaneEnabled: '1',
    IsQuickCreateEnabled: '0',
    SyncToExternalSearchIndex: '0',
    IntroducedVersion: INTRODUCED_VERSION,
    IsCustomizable: '1',
    IsRenameable: '1',
    IsMappable: '1',
    CanModifyAuditSettings: '1',
    CanModifyMobileVisibility: '1',
    CanModifyMobileClientVisibility: '1',
    CanModifyMobileClientReadOnly: '1',
    CanModifyMobileClientOffline: '1',
    CanModifyConnectionSettings: '1',
    CanModifyDuplicateDetectionSettings: '1',
    CanModifyMailMergeSettings: '1',
    CanModifyQueueSettings: '1',
    CanCreateAttributes: '1',
    CanCreateForms: '1',
    CanCreateCharts: '1',
    CanCreateViews: '1',
    CanModifyAdditionalSettings: '1',
    CanEnableSyncToExternalSearchIndex: '1',
    EnforceStateTransitions: '0',
    CanChangeHierarchicalRelationship: '1',
    EntityHelpUrlEnabled: '0',
    ChangeTrackingEnabled: '1',
    CanChangeTrackingBeEnabled: '1',
    IsEnabledForExternalChannels: '0',
    IsSolutionAware: '0',
  };
}

/** Entities/<SchemaName>/Entity.xml body; forms and views live in sibling files. */
export function entityFile(table: Table): XNode {
  return {
    '@xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    Name: { '@LocalizedName': table.displayName, '@OriginalName': table.displayName, '#': table.schemaName },
    EntityInfo: { entity: entityInfo(table) },
    FormXml: {},
    SavedQueries: {},
  };
}
