import * as React from 'react';
import { getFormRecordId } from '../shared/entity-id';
import { PROXY_BASE_URL_QUERY, adminPageFromRows } from './admin-page';
import { formatDateTime } from '../shared/format';
import { isNarrowWidth } from '../shared/layout';
import { createTranslator } from '../shared/strings';
import { SyncCentreView } from './components/sync-centre-view';
import type { IInputs, IOutputs } from './generated/ManifestTypes';
import { IMPORT_REQUESTED, LIVE_SELECT, readSyncCentre, snapshotFromRow } from './sync-centre-model';

const DEFAULT_REFRESH_SECONDS = 5;

/**
 * Sync centre for the Xero connection form. "Import from Xero" writes dxc_importrequest = Requested through
 * context.webAPI instead of the bound output + notifyOutputChanged: the import flow triggers on the saved row, and a
 * form edit would wait for the user (or autosave) to save, and would be lost if they discard their other changes.
 * While an import is requested or running the control re-reads the three import columns so the steps move on
 * without reloading the form.
 */
export class SyncCentre implements ComponentFramework.ReactControl<IInputs, IOutputs> {
  /** The environment variable does not change while the form is open: read it once per control. */
  private adminPage: Promise<string | undefined> | undefined;

  public init(context: ComponentFramework.Context<IInputs>): void {
    context.mode.trackContainerResize(true);
  }

  public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
    const recordId = getFormRecordId(context.mode);
    const seconds = context.parameters.refreshSeconds?.raw;
    const refreshSeconds =
      seconds === 0
        ? 0
        : typeof seconds === 'number' && Number.isFinite(seconds)
          ? Math.min(60, Math.max(2, seconds))
          : DEFAULT_REFRESH_SECONDS;
    return React.createElement(SyncCentreView, {
      model: readSyncCentre(context.parameters),
      t: createTranslator(context.resources),
      narrow: isNarrowWidth(context.mode.allocatedWidth),
      readOnly: context.mode.isControlDisabled,
      recordId,
      formatDateTime: (date: Date) => formatDateTime(context.formatting, date),
      requestImport: async () => {
        if (!recordId) throw new Error('The connection is not saved yet.');
        await context.webAPI.updateRecord('dxc_xeroconnection', recordId, {
          dxc_importrequest: IMPORT_REQUESTED,
        });
      },
      readLive: async () => {
        if (!recordId) return {};
        const row = await context.webAPI.retrieveRecord('dxc_xeroconnection', recordId, LIVE_SELECT);
        return snapshotFromRow(row as Record<string, unknown>);
      },
      refreshMs: refreshSeconds * 1000,
      readAdminPage: () => {
        this.adminPage ??= context.webAPI
          .retrieveMultipleRecords('environmentvariabledefinition', PROXY_BASE_URL_QUERY)
          .then((result) => adminPageFromRows(result.entities as Record<string, unknown>[]))
          .catch(() => undefined);
        return this.adminPage;
      },
      openAdminPage: (url: string) => context.navigation.openUrl(url),
    });
  }

  public getOutputs(): IOutputs {
    return {};
  }

  public destroy(): void {
    // The view's effect clears its refresh timer when React unmounts it.
  }
}
