import { dateValue, textValue } from '../shared/format';
import type { ChoiceLabel } from '../shared/option-values';
import { choiceLabel, choiceValue } from '../shared/option-values';
import type { IInputs } from './generated/ManifestTypes';
import type { ImportRequest } from './import-progress';

/** dxc_health's labels and the keys the control names them by (its resx strings and glyphs). */
const HEALTH_KEYS = {
  Unknown: 'Unknown',
  Connected: 'Connected',
  'Reconnect needed': 'ReconnectNeeded',
} as const satisfies Record<ChoiceLabel<'dxc_health'>, string>;
export type Health = (typeof HEALTH_KEYS)[ChoiceLabel<'dxc_health'>];

/** dxc_importrequest = Requested: the import flow's trigger. */
export const IMPORT_REQUESTED = choiceValue('dxc_importrequest', 'Requested');

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
  return choiceLabel('dxc_importrequest', value);
}

export function readSyncCentre(parameters: IInputs): SyncCentreModel {
  const health = choiceLabel('dxc_health', parameters.health?.raw);
  return {
    connectionName: textValue(parameters.connectionName),
    tenantName: textValue(parameters.tenantName),
    request: importRequestOf(parameters.importRequest?.raw),
    progressText: textValue(parameters.importProgress),
    lastImportOn: dateValue(parameters.lastImportOn),
    health: health === undefined ? undefined : HEALTH_KEYS[health],
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
