import { DataverseError } from '../http/dataverse-error';
import type { TableDef } from '../schema/schema-types';
import type { Row } from '../store/row-store';

/** Keeps statecode and statuscode consistent: either one sets the other, and a mismatched pair is refused. */
export function applyState(table: TableDef, row: Row, changes: Row): void {
  const stateCol = table.columns.get('statecode')!;
  const statusCol = table.columns.get('statuscode')!;
  if ('statecode' in changes && !('statuscode' in changes)) {
    row.statuscode = statusCol.options!.find((o) => o.state === changes.statecode)?.value ?? null;
  } else if ('statuscode' in changes && !('statecode' in changes) && changes.statuscode !== null) {
    row.statecode = statusCol.options!.find((o) => o.value === changes.statuscode)?.state ?? row.statecode;
  }
  const status = statusCol.options!.find((o) => o.value === row.statuscode);
  if (row.statuscode !== null && status && status.state !== row.statecode) {
    const state = stateCol.options!.find((o) => o.value === row.statecode)?.label ?? String(row.statecode);
    // UNVERIFIED code (InvalidStateCode family); the message is the platform's wording.
    throw new DataverseError(
      400,
      '0x80040225',
      `${String(row.statuscode)} is not a valid status code for state code ${table.schemaName}State.${state} on ${table.logicalName} with Id ${String(row[table.primaryIdColumn])}.`,
    );
  }
}

export function stateLabel(table: TableDef, row: Row): string {
  return (
    table.columns.get('statecode')!.options!.find((o) => o.value === row.statecode)?.label ??
    String(row.statecode)
  );
}
