import { dateValue, textValue } from '../shared/format';
import { CHOICE_BASE, choiceIndex } from '../shared/option-values';
import type { IInputs } from './generated/ManifestTypes';
import type { ImportRequest } from './import-progress';
import { IMPORT_REQUESTS } from './import-progress';

/** dxc_health, in choice order. */
export const HEALTH_STATES = ['Unknown', 'Connected', 'ReconnectNeeded'] as const;
export type Health = (typeof HEALTH_STATES)[number];

/** dxc_importrequest = Requested: the import flow's trigger. */
export const IMPORT_REQUESTED = CHOICE_BASE + IMPORT_REQUESTS.indexOf('Requested');

export interface ImportSnapshot {
  request?: ImportRequest;
  progressText?: string;
  lastImportOn?: Date;
}

export interface SyncCentreModel extends ImportSnapshot {
  connectionName?: string;
  tenantName?: string;
  health?: Health;
}

export function importRequestOf(value: unknown): ImportRequest | undefined {
  const index = choiceIndex(typeof value === 'number' ? value : undefined, IMPORT_REQUESTS.length);
  return index === undefined ? undefined : IMPORT_REQUESTS[index];
}

export function readSyncCentre(parameters: IInputs): SyncCentreModel {
  const healthIndex = choiceIndex(parameters.health?.raw, HEALTH_STATES.length);
  return {
    connectionName: textValue(parameters.connectionName),
    tenantName: textValue(parameters.tenantName),
    request: importRequestOf(parameters.importRequest?.raw),
    progressText: textValue(parameters.importProgress),
    lastImportOn: dateValue(parameters.lastImportOn),
    health: healthIndex === undefined ? undefined : HEALTH_STATES[healthIndex],
  };
}

/** The columns re-read while an import runs (the form only refreshes them when the user reloads it). */
export const LIVE_SELECT = '?$select=dxc_importrequest,dxc_importprogress,dxc_lastimporton';

/**
 * Maps a Web API row (`retrieveRecord` with LIVE_SELECT) to a snapshot. Only columns present in the row are set, so
 * the caller can lay it over what it already shows; a column that is present but null clears the value.
 */
export function snapshotFromRow(row: Record<string, unknown>): Partial<ImportSnapshot> {
  const snapshot: Partial<ImportSnapshot> = {};
  if ('dxc_importrequest' in row) snapshot.request = importRequestOf(row['dxc_importrequest']);
  if ('dxc_importprogress' in row) {
    const progress = row['dxc_importprogress'];
    snapshot.progressText = typeof progress === 'string' && progress.trim() ? progress.trim() : undefined;
  }
  if ('dxc_lastimporton' in row) {
    const last = row['dxc_lastimporton'];
    const date = typeof last === 'string' && last ? new Date(last) : undefined;
    snapshot.lastImportOn = date && !Number.isNaN(date.getTime()) ? date : undefined;
  }
  return snapshot;
}
