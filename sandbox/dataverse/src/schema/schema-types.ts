// The emulator's own view of a table: every column Dataverse would serve (ours from the solution model, the
// platform's from the entity reference pages), with the Web API facts the HTTP layer needs (EDM type,
// navigation properties, create/update validity, state → default status).

export type ColumnKind =
  | 'primarykey'
  | 'string'
  | 'memo'
  | 'boolean'
  | 'choice'
  | 'state'
  | 'status'
  | 'integer'
  | 'bigint'
  | 'decimal'
  | 'money'
  | 'datetime'
  | 'date'
  | 'lookup';

export interface OptionDef {
  value: number;
  label: string;
  /** status options only: the statecode the reason belongs to. */
  state?: number;
}

/** One target of a lookup: polymorphic lookups (customer, owner) have several. */
export interface LookupTarget {
  table: string;
  /** Single-valued navigation property used in `@odata.bind` and `$expand` (`customerid_account`). */
  navigationProperty: string;
  /** Schema name of the 1:N relationship; also the collection-valued navigation property on the target. */
  relationship: string;
  cascadeDelete: 'RemoveLink' | 'Cascade' | 'Restrict';
}

export interface ColumnDef {
  logicalName: string;
  schemaName: string;
  displayName: string;
  kind: ColumnKind;
  validForCreate: boolean;
  validForUpdate: boolean;
  /** Required on create (ApplicationRequired/SystemRequired the platform enforces). */
  requiredOnCreate?: boolean;
  maxLength?: number;
  min?: number;
  max?: number;
  precision?: number;
  options?: OptionDef[];
  defaultValue?: unknown;
  targets?: LookupTarget[];
  /** Why a column cannot be written (shown in the error), e.g. "calculated from the invoice lines". */
  readOnlyReason?: string;
}

export interface AlternateKeyDef {
  logicalName: string;
  columns: string[];
}

/** A collection-valued navigation property: the rows of `table` whose `column` points at this row. */
export interface CollectionNavigation {
  name: string;
  table: string;
  column: string;
}

export interface TableDef {
  logicalName: string;
  schemaName: string;
  entitySetName: string;
  primaryIdColumn: string;
  primaryNameColumn: string;
  ownership: 'UserOwned' | 'OrganizationOwned';
  columns: Map<string, ColumnDef>;
  alternateKeys: AlternateKeyDef[];
  collectionNavigations: CollectionNavigation[];
  /** statecode values whose rows only accept a state change (paid/cancelled invoices). */
  readOnlyStates: number[];
}

export interface Schema {
  tables: Map<string, TableDef>;
  byEntitySet: Map<string, TableDef>;
}
