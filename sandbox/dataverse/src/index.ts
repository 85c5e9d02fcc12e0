/** @dxc/dataverse-emulator: a local Dataverse Web API (OData v4) whose tables come from the solution model. */
export { startDataverseEmulator, type DataverseEmulator, type DataverseEmulatorOptions } from './emulator';
export type { ChangeEvent, ChangeSubscription, ChangeListener, SdkMessage, ChangeFeed } from './change-feed';
export { EmulatorClock } from './clock';
export { REFERENCE_IDS, type SeedRows, type Snapshot } from './seed';
export { DataverseError } from './http/dataverse-error';
export type { ServiceProtectionOptions } from './http/request-gate';
export { parseFilter, tokenize, FilterSyntaxError, type FilterExpr } from './odata/filter-parser';
export { compileFilter } from './odata/filter-evaluator';
export { buildSchema } from './schema/build-schema';
export type { Schema, TableDef, ColumnDef } from './schema/schema-types';
