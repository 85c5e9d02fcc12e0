// Columns Dataverse adds to every user-owned custom table. They are part of each exported Entity.xml (a solution
// that omits them fails import) and the Dataverse emulator serves them, so they are listed once here.
// Shapes follow Microsoft's own exports (coe-starter-kit `Entities/*/Entity.xml`).

export type SystemColumnKind =
  'primarykey' | 'lookup' | 'owner' | 'datetime' | 'state' | 'status' | 'bigint' | 'int';

export interface SystemColumn {
  logicalName: string;
  /** PhysicalName in Entity.xml. */
  schemaName: string;
  kind: SystemColumnKind;
  displayName: string;
  description: string;
  /** Target table of lookups (`owner` targets systemuser or team). */
  target?: string;
  /** Relationship name pattern; `{table}` is replaced by the table's logical name. */
  relationship?: string;
  validForCreate: boolean;
  validForUpdate: boolean;
  requiredLevel: 'none' | 'systemrequired';
  min?: number;
  max?: number;
  format?: 'date' | 'datetime';
}

export function systemColumns(table: {
  logicalName: string;
  schemaName: string;
  displayName: string;
}): SystemColumn[] {
  const idSchema = `${table.schemaName}Id`;
  const sc = (
    c: Partial<SystemColumn> &
      Pick<SystemColumn, 'logicalName' | 'schemaName' | 'kind' | 'displayName' | 'description'>,
  ) => ({ validForCreate: false, validForUpdate: false, requiredLevel: 'none', ...c }) as SystemColumn;
  return [
    sc({
      logicalName: idSchema.toLowerCase(),
      schemaName: idSchema,
      kind: 'primarykey',
      displayName: table.displayName,
      description: 'Unique identifier for entity instances',
      validForCreate: true,
      requiredLevel: 'systemrequired',
    }),
    sc({
      logicalName: 'createdby',
      schemaName: 'CreatedBy',
      kind: 'lookup',
      target: 'systemuser',
      relationship: 'lk_{table}_createdby',
      displayName: 'Created By',
      description: 'Unique identifier of the user who created the record.',
    }),
    sc({
      logicalName: 'createdon',
      schemaName: 'CreatedOn',
      kind: 'datetime',
      format: 'datetime',
      displayName: 'Created On',
      description: 'Date and time when the record was created.',
    }),
    sc({
      logicalName: 'createdonbehalfby',
      schemaName: 'CreatedOnBehalfBy',
      kind: 'lookup',
      target: 'systemuser',
      relationship: 'lk_{table}_createdonbehalfby',
      displayName: 'Created By (Delegate)',
      description: 'Unique identifier of the delegate user who created the record.',
    }),
    sc({
      logicalName: 'importsequencenumber',
      schemaName: 'ImportSequenceNumber',
      kind: 'int',
      min: -2147483648,
      max: 2147483647,
      validForCreate: true,
      displayName: 'Import Sequence Number',
      description: 'Sequence number of the import that created this record.',
    }),
    sc({
      logicalName: 'modifiedby',
      schemaName: 'ModifiedBy',
      kind: 'lookup',
      target: 'systemuser',
      relationship: 'lk_{table}_modifiedby',
      displayName: 'Modified By',
      description: 'Unique identifier of the user who modified the record.',
    }),
    sc({
      logicalName: 'modifiedon',
      schemaName: 'ModifiedOn',
      kind: 'datetime',
      format: 'datetime',
      displayName: 'Modified On',
      description: 'Date and time when the record was modified.',
    }),
    sc({
      logicalName: 'modifiedonbehalfby',
      schemaName: 'ModifiedOnBehalfBy',
      kind: 'lookup',
      target: 'systemuser',
      relationship: 'lk_{table}_modifiedonbehalfby',
      displayName: 'Modified By (Delegate)',
      description: 'Unique identifier of the delegate user who modified the record.',
    }),
    sc({
      logicalName: 'overriddencreatedon',
      schemaName: 'OverriddenCreatedOn',
      kind: 'datetime',
      format: 'date',
      validForCreate: true,
      displayName: 'Record Created On',
      description: 'Date and time that the record was migrated.',
    }),
    sc({
      logicalName: 'ownerid',
      schemaName: 'OwnerId',
      kind: 'owner',
      target: 'owner',
      relationship: 'owner_{table}',
      validForCreate: true,
      validForUpdate: true,
      requiredLevel: 'systemrequired',
      displayName: 'Owner',
      description: 'Owner Id',
    }),
    sc({
      logicalName: 'owningbusinessunit',
      schemaName: 'OwningBusinessUnit',
      kind: 'lookup',
      target: 'businessunit',
      relationship: 'business_unit_{table}',
      displayName: 'Owning Business Unit',
      description: 'Unique identifier for the business unit that owns the record',
    }),
    sc({
      logicalName: 'owningteam',
      schemaName: 'OwningTeam',
      kind: 'lookup',
      target: 'team',
      relationship: 'team_{table}',
      displayName: 'Owning Team',
      description: 'Unique identifier for the team that owns the record.',
    }),
    sc({
      logicalName: 'owninguser',
      schemaName: 'OwningUser',
      kind: 'lookup',
      target: 'systemuser',
      relationship: 'user_{table}',
      displayName: 'Owning User',
      description: 'Unique identifier for the user that owns the record.',
    }),
    sc({
      logicalName: 'statecode',
      schemaName: 'statecode',
      kind: 'state',
      validForUpdate: true,
      requiredLevel: 'systemrequired',
      displayName: 'Status',
      description: `Status of the ${table.displayName}`,
    }),
    sc({
      logicalName: 'statuscode',
      schemaName: 'statuscode',
      kind: 'status',
      validForCreate: true,
      validForUpdate: true,
      displayName: 'Status Reason',
      description: `Reason for the status of the ${table.displayName}`,
    }),
    sc({
      logicalName: 'timezoneruleversionnumber',
      schemaName: 'TimeZoneRuleVersionNumber',
      kind: 'int',
      min: -1,
      max: 2147483647,
      validForCreate: true,
      validForUpdate: true,
      displayName: 'Time Zone Rule Version Number',
      description: 'For internal use only.',
    }),
    sc({
      logicalName: 'utcconversiontimezonecode',
      schemaName: 'UTCConversionTimeZoneCode',
      kind: 'int',
      min: -1,
      max: 2147483647,
      validForCreate: true,
      validForUpdate: true,
      displayName: 'UTC Conversion Time Zone Code',
      description: 'Time zone code that was in use when the record was created.',
    }),
    sc({
      logicalName: 'versionnumber',
      schemaName: 'VersionNumber',
      kind: 'bigint',
      displayName: 'Version Number',
      description: 'Version Number',
    }),
  ];
}

/** Referenced entity (schema name) of each system relationship target, as the Relationships/<Entity>.xml files name it. */
export const SYSTEM_TARGET_SCHEMA: Record<string, string> = {
  systemuser: 'SystemUser',
  businessunit: 'BusinessUnit',
  team: 'Team',
  owner: 'Owner',
};
