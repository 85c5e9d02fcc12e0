// Types of the declarative solution model. The generator turns one `SolutionModel` into SolutionPackager source;
// the Dataverse emulator (sandbox) builds its tables from the same object, so names here are the shared vocabulary.

export type RequiredLevel = 'none' | 'recommended' | 'required';

/** Dataverse date/time behaviours (AttributeMetadata.DateTimeBehavior); exported as Behavior 1/2/3. */
export type DateTimeBehavior = 'UserLocal' | 'DateOnly' | 'TimeZoneIndependent';

export type ColumnType =
  | { kind: 'string'; maxLength: number; format?: 'text' | 'email' | 'url' | 'phone' }
  | { kind: 'memo'; maxLength: number }
  | { kind: 'boolean'; trueLabel: string; falseLabel: string; defaultValue: boolean }
  | { kind: 'choice'; optionSet: string; defaultValue?: number }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'decimal'; precision: number; min: number; max: number }
  /** precision: 2 = "currency precision" source in Dataverse (AccuracySource 2). */
  | { kind: 'money'; precision: number; min: number; max: number }
  | { kind: 'datetime'; behavior: DateTimeBehavior; format: 'date' | 'datetime' }
  | { kind: 'lookup'; target: string; relationship: RelationshipSpec };

export interface RelationshipSpec {
  /** Schema name of the 1:N relationship (also the collection-valued navigation property on the target). */
  name: string;
  /** What happens to this row when the target row is deleted. */
  cascadeDelete: 'RemoveLink' | 'Cascade' | 'Restrict';
}

export interface Column {
  logicalName: string;
  /** PascalCase schema name; for lookups it is also the single-valued navigation property (`dxc_InvoiceId@odata.bind`). */
  schemaName: string;
  displayName: string;
  description: string;
  requiredLevel: RequiredLevel;
  type: ColumnType;
  /** Shown in Advanced Find / quick find search. */
  searchable?: boolean;
}

export interface AlternateKey {
  logicalName: string;
  schemaName: string;
  displayName: string;
  columns: string[];
}

/** A table we create (`isCustom: true`) or a standard table we add columns to (`isCustom: false`). */
export interface Table {
  logicalName: string;
  schemaName: string;
  entitySetName: string;
  displayName: string;
  pluralName: string;
  description: string;
  isCustom: boolean;
  /** Our tables are user-owned so the security role can grant Basic/Local/Deep/Global depth. */
  ownership: 'UserOwned' | 'OrganizationOwned';
  /** Primary id column (e.g. `dxc_xeroconnectionid`, `invoiceid`). */
  primaryIdColumn: string;
  /** Primary name column (e.g. `dxc_name`, `name`). For custom tables it is one of `columns`. */
  primaryNameColumn: string;
  /** Columns we own (custom tables: all non-system columns incl. the primary name; standard tables: only ours). */
  columns: Column[];
  /**
   * Standard tables only: existing platform columns our forms and views use. Not exported (they belong to the
   * platform) but validated against, so a form cannot reference a column nobody declared.
   */
  platformColumns?: string[];
  alternateKeys: AlternateKey[];
  /** Object type code of standard tables (fixed by the platform); custom tables get one at import. */
  objectTypeCode?: number;
  /** Entity name inside privilege names when it differs from schemaName (systemuser → `prvReadUser`). */
  privilegeEntityName?: string;
  /** Privileges are inherited from this parent table (invoicedetail follows invoice; it has none of its own). */
  privilegesFrom?: string;
}

/** A platform table we only read or link to; never exported, but the role and lookups may name it. */
export interface PlatformTable {
  logicalName: string;
  schemaName: string;
  entitySetName: string;
  primaryIdColumn: string;
  primaryNameColumn: string;
  columns: string[];
  privilegeEntityName?: string;
  objectTypeCode?: number;
}

export interface ChoiceOption {
  value: number;
  label: string;
  description?: string;
}

/** A global choice (option set); columns refer to it by name. */
export interface Choice {
  name: string;
  displayName: string;
  description: string;
  options: ChoiceOption[];
}

export type FormCell =
  | { kind: 'column'; column: string; label?: string; readOnly?: boolean; control?: PcfBinding }
  | {
      kind: 'subgrid';
      name: string;
      label: string;
      table: string;
      relationship: string;
      view: string;
      rows: number;
      control?: PcfBinding;
    };

/** Binds a PCF control to a cell; `properties` maps manifest property names to columns of the form's table. */
export interface PcfBinding {
  control: string;
  properties: Record<string, string>;
}

export interface FormSection {
  name: string;
  label: string;
  cells: FormCell[];
}

export interface FormTab {
  name: string;
  label: string;
  sections: FormSection[];
}

export interface Form {
  /** Stable key for the deterministic form id. */
  key: string;
  table: string;
  name: string;
  description: string;
  tabs: FormTab[];
}

export type ViewCondition = {
  column: string;
  operator:
    | 'eq'
    | 'ne'
    | 'null'
    | 'not-null'
    | 'on-or-before'
    | 'today'
    | 'in'
    | 'like'
    | 'eq-userid'
    | 'last-x-days';
  value?: string | number | (string | number)[];
};

export interface View {
  key: string;
  table: string;
  name: string;
  description: string;
  /** 0 public, 1 advanced find, 2 associated, 4 quick find, 64 lookup (savedquery.querytype). */
  queryType: 0 | 1 | 2 | 4 | 64;
  isDefault: boolean;
  columns: { column: string; width: number }[];
  filter: ViewCondition[];
  orderBy: { column: string; descending: boolean }[];
  /** Quick find views: the columns searched (conditions with operator like and `{0}`). */
  findColumns?: string[];
}

export type PrivilegeDepth = 'Basic' | 'Local' | 'Deep' | 'Global';
export type PrivilegeAccess =
  'Create' | 'Read' | 'Write' | 'Delete' | 'Append' | 'AppendTo' | 'Assign' | 'Share';

export interface SecurityRole {
  name: string;
  description: string;
  /** Per table: the access rights and depth; expanded to `prv<Access><EntitySchemaName>` privilege names. */
  tables: { table: string; access: PrivilegeAccess[]; depth: PrivilegeDepth }[];
}

export interface EnvironmentVariable {
  schemaName: string;
  displayName: string;
  description: string;
  type: 'String' | 'Number' | 'Boolean' | 'JSON' | 'Secret';
  isRequired: boolean;
  defaultValue?: string;
}

export interface ConnectionReference {
  logicalName: string;
  displayName: string;
  description: string;
  /** The connector's API name, e.g. `shared_commondataserviceforapps`, or our custom connector's schema name. */
  apiName: string;
  /** True when the connector is the custom connector shipped in this solution. */
  customConnector: boolean;
}

export interface CustomConnector {
  /** Solution schema name, `<prefix>_<escaped lowercased display name>` (see power-platform.md 3.5). */
  schemaName: string;
  displayName: string;
  description: string;
  /** Folder (relative to the repository root) holding apiDefinition.swagger.json, apiProperties.json, icon.png. */
  sourceDir: string;
  iconBrandColor: string;
}

export interface PcfControl {
  /** `<Namespace>.<Constructor>` as in ControlManifest.Input.xml, e.g. `Dxc.XeroInvoicePanel`. */
  name: string;
  namespace: string;
  constructorName: string;
  displayName: string;
  description: string;
  /** Build output folder name under pcf-controls/out/controls/. */
  outputFolder: string;
}

export interface Publisher {
  uniqueName: string;
  displayName: string;
  description: string;
  prefix: string;
  optionValuePrefix: number;
  email: string;
  website: string;
}

export interface SolutionModel {
  uniqueName: string;
  displayName: string;
  description: string;
  publisher: Publisher;
  choices: Choice[];
  tables: Table[];
  platformTables: PlatformTable[];
  forms: Form[];
  views: View[];
  roles: SecurityRole[];
  environmentVariables: EnvironmentVariable[];
  connectionReferences: ConnectionReference[];
  connector: CustomConnector;
  controls: PcfControl[];
}
