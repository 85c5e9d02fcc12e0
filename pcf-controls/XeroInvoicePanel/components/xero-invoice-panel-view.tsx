import {
  DefaultButton,
  Dialog,
  DialogFooter,
  DialogType,
  HighContrastSelector,
  Link,
  PrimaryButton,
  Spinner,
  SpinnerSize,
  getId,
  hiddenContentStyle,
  mergeStyles,
  useTheme,
} from '@fluentui/react';
import * as React from 'react';
import { Glyph } from '../../shared/icons';
import { Notice } from '../../shared/notice';
import { getPanelClassNames } from '../../shared/panel-styles';
import type { Translate } from '../../shared/strings';
import { describeWebApiError } from '../../shared/web-api-error';
import type { CancellationState } from '../cancellation-retry-model';
import type { ExportStatus, InvoicePanelModel } from '../invoice-panel-model';
import { CancellationRetry } from './cancellation-retry';
import { STATUS_TONES, StatusBadge } from './status-badge';

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

const EXPORT_GLYPHS = { No: 'pending', Yes: 'success', Failed: 'error' } as const;

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
  const notSet = <span className={classes.muted}>{t('Value_NotSet')}</span>;

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

  const badge = model.xeroStatus ? (
    <StatusBadge
      theme={theme}
      {...STATUS_TONES[model.xeroStatus]}
      text={t(`Status_${model.xeroStatus}`)}
      label={t('Label_Status')}
    />
  ) : (
    <StatusBadge
      theme={theme}
      tone="neutral"
      glyph={model.unknownStatusLabel ? 'unknown' : 'pending'}
      text={model.unknownStatusLabel ? t('Status_Unknown', model.unknownStatusLabel) : t('Status_None')}
      label={t('Label_Status')}
    />
  );

  const exportClass = mergeStyles({
    display: 'inline-flex',
    alignItems: 'center',
    gap: 4,
    color: exportStatus === 'Failed' ? theme.semanticColors.errorText : undefined,
    selectors: { [HighContrastSelector]: { color: 'WindowText' } },
  });

  const retryBlocked = readOnly ? t('Retry_ReadOnly') : recordId ? undefined : t('Retry_Unsaved');
  const showRetry = exportStatus === 'Failed';

  return (
    <section className={classes.root} aria-label={t('Region_Label')} data-testid="xero-invoice-panel">
      <div className={classes.header}>
        {badge}
        {model.isCreditNote ? (
          <span className={classes.muted} data-testid="credit-note-tag">
            {t('Label_CreditNote')}
          </span>
        ) : null}
        {model.invoiceNumber ? (
          <span className={classes.title} data-testid="invoice-number">
            <span className={mergeStyles(hiddenContentStyle)}>{t('Label_InvoiceNumber')}: </span>
            {model.invoiceNumber}
          </span>
        ) : null}
        {model.xeroUrl ? (
          <Link
            href={model.xeroUrl}
            target="_blank"
            rel="noopener noreferrer"
            onClick={(event) => {
              // The host decides how to open it (new tab on the web, the system browser in the mobile app).
              event.preventDefault();
              openInXero(model.xeroUrl as string);
            }}
          >
            <span className={mergeStyles({ display: 'inline-flex', alignItems: 'center', gap: 4 })}>
              {t('Open_InXero')}
              <Glyph name="external" size={12} />
              <span className={mergeStyles(hiddenContentStyle)}> {t('Open_NewTab')}</span>
            </span>
          </Link>
        ) : null}
      </div>

      {model.isLinked ? null : (
        <p className={`${classes.muted} ${classes.message}`} data-testid="not-linked-hint">
          <Glyph name="info" size={12} /> {t('NotLinked_Hint')}
        </p>
      )}

      <dl className={classes.fields}>
        <div className={classes.field}>
          <dt className={classes.label}>{t(model.isCreditNote ? 'Label_CreditLeft' : 'Label_AmountDue')}</dt>
          <dd className={classes.value} data-testid="amount-due">
            {model.amountDue ?? notSet}
          </dd>
        </div>
        <div className={classes.field}>
          <dt className={classes.label}>{t('Label_AmountPaid')}</dt>
          <dd className={classes.value} data-testid="amount-paid">
            {model.amountPaid ?? notSet}
          </dd>
        </div>
        <div className={classes.field}>
          <dt className={classes.label}>{t('Label_ExportStatus')}</dt>
          <dd className={classes.value} data-testid="export-status">
            {exportStatus ? (
              <span className={exportClass}>
                <Glyph name={EXPORT_GLYPHS[exportStatus]} size={14} />
                {t(`Export_${exportStatus}`)}
              </span>
            ) : (
              notSet
            )}
          </dd>
        </div>
        <div className={classes.field}>
          <dt className={classes.label}>{t('Label_ExportedOn')}</dt>
          <dd className={classes.value} data-testid="exported-on">
            {model.exportedOn ?? notSet}
          </dd>
        </div>
      </dl>

      {model.onlineInvoiceUrl ? (
        <div className={classes.field} data-testid="pay-link">
          <span className={classes.label}>{t('Label_PayLink')}</span>
          <div className={mergeStyles({ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 })}>
            <Link
              href={model.onlineInvoiceUrl}
              target="_blank"
              rel="noopener noreferrer"
              title={t('PayLink_Open')}
              className={mergeStyles({ wordBreak: 'break-all' })}
              onClick={(event) => {
                event.preventDefault();
                openInXero(model.onlineInvoiceUrl as string);
              }}
            >
              {model.onlineInvoiceUrl}
              <span className={mergeStyles(hiddenContentStyle)}> {t('Open_NewTab')}</span>
            </Link>
            <DefaultButton
              text={t('PayLink_Copy')}
              onClick={() => void copyPayLink(model.onlineInvoiceUrl as string)}
            />
          </div>
        </div>
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
        <div className={classes.actions}>
          <DefaultButton
            id={retryButtonId}
            text={phase === 'working' ? t('Retry_Working') : t('Retry_Button')}
            disabled={phase === 'working' || retryBlocked !== undefined}
            aria-describedby={retryBlocked ? `${retryButtonId}-blocked` : undefined}
            onClick={() => setPhase('confirming')}
          >
            {phase === 'working' ? (
              <Spinner size={SpinnerSize.xSmall} styles={{ root: { marginLeft: 8 } }} />
            ) : null}
          </DefaultButton>
          {retryBlocked ? (
            <span id={`${retryButtonId}-blocked`} className={classes.muted}>
              {retryBlocked}
            </span>
          ) : null}
        </div>
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

      <Dialog
        hidden={phase !== 'confirming'}
        onDismiss={() => setPhase('idle')}
        dialogContentProps={{
          type: DialogType.normal,
          title: t('Retry_DialogTitle'),
          subText: t('Retry_DialogText'),
          // Fluent adds an icon-font close button to blocking dialogs; Cancel already closes it.
          showCloseButton: false,
        }}
        modalProps={{ isBlocking: true }}
      >
        <DialogFooter>
          <PrimaryButton text={t('Retry_Confirm')} onClick={() => void confirmRetry()} />
          <DefaultButton text={t('Retry_Cancel')} onClick={() => setPhase('idle')} />
        </DialogFooter>
      </Dialog>
    </section>
  );
}
