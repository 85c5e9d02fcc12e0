import * as React from 'react';
import { getFormRecordId } from '../shared/entity-id';
import { isNarrowWidth } from '../shared/layout';
import { formatDateTime } from '../shared/format';
import { createTranslator } from '../shared/strings';
import { XeroInvoicePanelView } from './components/xero-invoice-panel-view';
import type { IInputs, IOutputs } from './generated/ManifestTypes';
import { CANCEL_RETRY_COLUMN, latestCancellationQuery, readCancellation } from './cancellation-retry-model';
import { EXPORT_STATUS_NO, readInvoicePanel } from './invoice-panel-model';

/**
 * Xero invoice panel for the invoice form (virtual control on platform React 16.14 / Fluent 8.121.1).
 * Retry writes through `context.webAPI` rather than an output property: it must reach Dataverse now (the sync flow
 * polls saved rows), not wait for the user to save the form.
 */
export class XeroInvoicePanel implements ComponentFramework.ReactControl<IInputs, IOutputs> {
  public init(context: ComponentFramework.Context<IInputs>): void {
    context.mode.trackContainerResize(true);
  }

  public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
    const recordId = getFormRecordId(context.mode);
    return React.createElement(XeroInvoicePanelView, {
      model: readInvoicePanel(context.parameters, context.formatting),
      t: createTranslator(context.resources),
      narrow: isNarrowWidth(context.mode.allocatedWidth),
      readOnly: context.mode.isControlDisabled,
      recordId,
      openInXero: (url: string) => context.navigation.openUrl(url),
      copyText: (text: string) => navigator.clipboard.writeText(text),
      requestRetry: async () => {
        if (!recordId) throw new Error('The invoice is not saved yet.');
        await context.webAPI.updateRecord('invoice', recordId, { dxc_exportstatus: EXPORT_STATUS_NO });
      },
      loadCancellation: recordId
        ? async () =>
            readCancellation(
              (
                await context.webAPI.retrieveMultipleRecords(
                  'dxc_synchistory',
                  latestCancellationQuery(recordId),
                  1,
                )
              ).entities,
              (date) => formatDateTime(context.formatting, date),
            )
        : undefined,
      requestCancelRetry: async (historyId: string) => {
        await context.webAPI.updateRecord('dxc_synchistory', historyId, {
          [CANCEL_RETRY_COLUMN]: new Date().toISOString(),
        });
      },
    });
  }

  public getOutputs(): IOutputs {
    return {};
  }

  public destroy(): void {
    // React unmounts the view; no timers or subscriptions are held here.
  }
}
