import { getId, useTheme } from '@fluentui/react';
import * as React from 'react';
import { Notice } from '../../shared/notice';
import { getPanelClassNames } from '../../shared/panel-styles';
import type { Translate } from '../../shared/strings';
import { describeWebApiError } from '../../shared/web-api-error';
import type { CancellationState } from '../cancellation-retry-model';
import type { ExportStatus, InvoicePanelModel } from '../invoice-panel-model';
import { CancellationRetry } from './cancellation-retry';
import { InvoiceFields } from './invoice-fields';
import { InvoiceHeader } from './invoice-header';
import { PayLink } from './pay-link';
import { RetryExportButton, RetryExportDialog } from './retry-export';

export interface XeroInvoicePanelViewProps {
  model: InvoicePanelModel;
  t: Translate;
  narrow: boolean;
  /** The form (or this field) is read-only: nothing may be changed from the panel. */
  readOnly: boolean;
  /** Undefined on an unsaved invoice: there is nothing to update yet. */
  recordId?: string;
  openInXero: (url: string) => void;
  /** Puts the pay link on the clipboard (rejects when the browser refuses). */
  copyText: (text: string) => Promise<void>;
  /** Sets dxc_exportstatus back to No on the saved invoice. */
  requestRetry: () => Promise<void>;
  /** Issue 14 §6: the latest cancellation in Xero, read on a saved invoice. */
  loadCancellation?: () => Promise<CancellationState>;
  /** Asks the Retry cancellation in Xero flow to cancel again, on the Failed history row. */
  requestCancelRetry?: (historyId: string) => Promise<void>;
}

/** While a cancellation retry is pending its outcome is read every 5 s, for 2 minutes at most. */
const CANCEL_RETRY_POLL = { pollMs: 5_000, maxPolls: 24 };

type RetryPhase = 'idle' | 'confirming' | 'working';
interface Feedback {
  kind: 'success' | 'error';
  text: string;
}

export function XeroInvoicePanelView(props: XeroInvoicePanelViewProps): React.ReactElement {
  const {
    model,
    t,
    narrow,
    readOnly,
    recordId,
    openInXero,
    copyText,
    requestRetry,
    loadCancellation,
    requestCancelRetry,
  } = props;
  const theme = useTheme();
  const classes = getPanelClassNames(theme, narrow);
  const [phase, setPhase] = React.useState<RetryPhase>('idle');
  const [feedback, setFeedback] = React.useState<Feedback | undefined>();
  // After a successful retry the form still holds "Failed" until it refreshes; show what was saved instead.
  const [retriedFrom, setRetriedFrom] = React.useState<ExportStatus | undefined>();
  const mounted = React.useRef(true);
  const retryButtonId = React.useRef(getId('dxc-retry')).current;
  React.useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  React.useEffect(() => {
    if (retriedFrom !== undefined && model.exportStatus !== retriedFrom) setRetriedFrom(undefined);
  }, [model.exportStatus, retriedFrom]);

  const exportStatus: ExportStatus | undefined = retriedFrom !== undefined ? 'No' : model.exportStatus;

  const copyPayLink = async (url: string): Promise<void> => {
    try {
      await copyText(url);
      if (mounted.current) setFeedback({ kind: 'success', text: t('PayLink_Copied') });
    } catch (error: unknown) {
      if (!mounted.current) return;
      setFeedback({ kind: 'error', text: t('PayLink_CopyError', describeWebApiError(error, String(error))) });
    }
  };

  const confirmRetry = async (): Promise<void> => {
    setPhase('working');
    setFeedback(undefined);
    try {
      await requestRetry();
      if (!mounted.current) return;
      setRetriedFrom(model.exportStatus);
      setPhase('idle');
      setFeedback({ kind: 'success', text: t('Retry_Success') });
    } catch (error: unknown) {
      if (!mounted.current) return;
      setPhase('idle');
      setFeedback({
        kind: 'error',
        text: t('Retry_Error', describeWebApiError(error, t('Retry_ErrorUnknown'))),
      });
    }
  };

  const retryBlocked = readOnly ? t('Retry_ReadOnly') : recordId ? undefined : t('Retry_Unsaved');
  const showRetry = exportStatus === 'Failed';

  return (
    <section className={classes.root} aria-label={t('Region_Label')} data-testid="xero-invoice-panel">
      <InvoiceHeader model={model} t={t} theme={theme} classes={classes} openInXero={openInXero} />

      <InvoiceFields model={model} exportStatus={exportStatus} t={t} theme={theme} classes={classes} />

      {model.onlineInvoiceUrl ? (
        <PayLink
          url={model.onlineInvoiceUrl}
          t={t}
          classes={classes}
          openInXero={openInXero}
          copy={(url) => void copyPayLink(url)}
        />
      ) : null}

      {model.lastSyncMessage ? (
        <div className={classes.field}>
          <span className={classes.label} id={`${retryButtonId}-msg-label`}>
            {t('Label_LastSync')}
          </span>
          <p
            className={classes.message}
            aria-labelledby={`${retryButtonId}-msg-label`}
            data-testid="last-sync-message"
          >
            {model.lastSyncMessage}
          </p>
        </div>
      ) : null}

      {showRetry ? (
        <RetryExportButton
          id={retryButtonId}
          working={phase === 'working'}
          blocked={retryBlocked}
          t={t}
          classes={classes}
          onClick={() => setPhase('confirming')}
        />
      ) : null}

      {requestCancelRetry ? (
        <CancellationRetry
          load={loadCancellation}
          requestRetry={requestCancelRetry}
          t={t}
          classes={classes}
          {...CANCEL_RETRY_POLL}
        />
      ) : null}

      {feedback ? (
        <Notice kind={feedback.kind} dismissLabel={t('Dismiss')} onDismiss={() => setFeedback(undefined)}>
          {feedback.text}
        </Notice>
      ) : null}

      <RetryExportDialog
        hidden={phase !== 'confirming'}
        t={t}
        onConfirm={() => void confirmRetry()}
        onCancel={() => setPhase('idle')}
      />
    </section>
  );
}
