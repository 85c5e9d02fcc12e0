import { PrimaryButton, getId, mergeStyles, useTheme } from '@fluentui/react';
import * as React from 'react';
import { Notice } from '../../shared/notice';
import { getPanelClassNames } from '../../shared/panel-styles';
import type { Translate } from '../../shared/strings';
import { describeWebApiError } from '../../shared/web-api-error';
import { parseImportProgress, resolveSteps } from '../import-progress';
import type { ImportSnapshot, SyncCentreModel } from '../sync-centre-model';
import { HealthLight } from './health-light';
import { ImportSteps } from './import-steps';

export interface SyncCentreViewProps {
  model: SyncCentreModel;
  t: Translate;
  narrow: boolean;
  readOnly: boolean;
  /** Undefined on an unsaved connection. */
  recordId?: string;
  formatDateTime: (date: Date) => string;
  /** Sets dxc_importrequest to Requested on the saved connection. */
  requestImport: () => Promise<void>;
  /** Re-reads the import columns from Dataverse. */
  readLive: () => Promise<Partial<ImportSnapshot>>;
  /** How often to re-read while an import is requested or running; 0 = never. */
  refreshMs: number;
  /** Reads the proxy's admin page URL (environment variable); undefined when unset or unreadable. */
  readAdminPage: () => Promise<string | undefined>;
  openAdminPage: (url: string) => void;
}

interface Feedback {
  kind: 'success' | 'error';
  text: string;
}

export function SyncCentreView(props: SyncCentreViewProps): React.ReactElement {
  const {
    model,
    t,
    narrow,
    readOnly,
    recordId,
    formatDateTime,
    requestImport,
    readLive,
    refreshMs,
    readAdminPage,
    openAdminPage,
  } = props;
  const theme = useTheme();
  const classes = getPanelClassNames(theme, narrow);
  const [working, setWorking] = React.useState(false);
  const [feedback, setFeedback] = React.useState<Feedback | undefined>();
  // Newer than the form: set by our own request and by live re-reads; dropped when the form's values change.
  const [live, setLive] = React.useState<ImportSnapshot | undefined>();
  const [liveError, setLiveError] = React.useState<string | undefined>();
  const mounted = React.useRef(true);
  // updateView passes a new function on every call; the refresh timer must not restart because of that.
  const readLiveRef = React.useRef(readLive);
  readLiveRef.current = readLive;
  const modelRef = React.useRef(model);
  modelRef.current = model;
  const buttonId = React.useRef(getId('dxc-import')).current;
  React.useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const lastImportTime = model.lastImportOn?.getTime();
  React.useEffect(() => {
    setLive(undefined);
    setLiveError(undefined);
  }, [model.request, model.progressText, lastImportTime]);

  const reconnectNeeded = model.health === 'ReconnectNeeded';
  const [adminUrl, setAdminUrl] = React.useState<string | undefined>();
  const readAdminPageRef = React.useRef(readAdminPage);
  readAdminPageRef.current = readAdminPage;
  React.useEffect(() => {
    // Only a lost connection needs the link, so only then is the environment variable read.
    if (!reconnectNeeded || adminUrl) return undefined;
    let cancelled = false;
    const read = async (): Promise<void> => {
      const url = await readAdminPageRef.current();
      if (!cancelled && mounted.current) setAdminUrl(url);
    };
    void read();
    return () => {
      cancelled = true;
    };
  }, [reconnectNeeded, adminUrl]);

  const current: ImportSnapshot = live ?? model;
  const busy = current.request === 'Requested' || current.request === 'Running';

  React.useEffect(() => {
    if (!busy || !recordId || refreshMs <= 0 || liveError) return undefined;
    let cancelled = false;
    const poll = async (): Promise<void> => {
      try {
        const snapshot = await readLiveRef.current();
        if (!cancelled && mounted.current)
          setLive((previous) => ({ ...(previous ?? modelRef.current), ...snapshot }));
      } catch (error: unknown) {
        if (!cancelled && mounted.current) setLiveError(describeWebApiError(error, '?'));
      }
    };
    const timer = window.setTimeout(() => void poll(), refreshMs);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [busy, recordId, refreshMs, live, liveError]);

  const startImport = async (): Promise<void> => {
    setWorking(true);
    setFeedback(undefined);
    try {
      await requestImport();
      if (!mounted.current) return;
      setLive({
        request: 'Requested',
        progressText: current.progressText,
        lastImportOn: current.lastImportOn,
      });
      setFeedback({ kind: 'success', text: t('Import_Success') });
    } catch (error: unknown) {
      if (!mounted.current) return;
      setFeedback({
        kind: 'error',
        text: t('Import_Error', describeWebApiError(error, t('Import_ErrorUnknown'))),
      });
    } finally {
      if (mounted.current) setWorking(false);
    }
  };

  const progress = parseImportProgress(current.progressText);
  const steps = resolveSteps(current.request, progress);
  const blocked = readOnly
    ? t('Import_ReadOnly')
    : !recordId
      ? t('Import_Unsaved')
      : reconnectNeeded
        ? t('Import_Reconnect')
        : busy
          ? t('Import_Busy')
          : undefined;
  const title = model.tenantName ?? model.connectionName ?? t('Title_Fallback');

  return (
    <section className={classes.root} aria-label={t('Region_Label')} data-testid="sync-centre">
      <div className={classes.header}>
        <h2 className={classes.title}>{title}</h2>
      </div>
      {model.tenantName && model.connectionName && model.connectionName !== model.tenantName ? (
        <span className={classes.muted}>{model.connectionName}</span>
      ) : null}
      <HealthLight
        health={model.health ?? 'Unknown'}
        theme={theme}
        t={t}
        adminUrl={adminUrl}
        openAdminPage={openAdminPage}
      />

      <ImportSteps steps={steps} theme={theme} t={t} />

      <p className={classes.message} role="status" data-testid="import-state">
        {current.request ? t(`Request_${current.request}`) : t('Request_Idle')}
      </p>
      {progress.note && current.request !== 'Requested' ? (
        <div className={classes.field}>
          <span className={classes.label}>
            {current.request === 'Failed' ? t('Progress_FailureNote') : t('Progress_Note')}
          </span>
          <p className={classes.message} data-testid="progress-note">
            {progress.note}
          </p>
        </div>
      ) : null}

      <div className={classes.field}>
        <span className={classes.label}>{t('LastImport_Label')}</span>
        <span data-testid="last-import">
          {current.lastImportOn ? (
            formatDateTime(current.lastImportOn)
          ) : (
            <span className={classes.muted}>{t('LastImport_Never')}</span>
          )}
        </span>
      </div>

      <div className={classes.actions}>
        <PrimaryButton
          id={buttonId}
          text={working ? t('Import_Working') : t('Import_Button')}
          disabled={working || blocked !== undefined}
          aria-describedby={blocked ? `${buttonId}-why` : undefined}
          onClick={() => void startImport()}
        />
        {blocked ? (
          <span id={`${buttonId}-why`} className={`${classes.muted} ${mergeStyles({ alignSelf: 'center' })}`}>
            {blocked}
          </span>
        ) : null}
      </div>

      {liveError ? <Notice kind="warning">{t('Live_Unavailable', liveError)}</Notice> : null}
      {feedback ? (
        <Notice kind={feedback.kind} dismissLabel={t('Dismiss')} onDismiss={() => setFeedback(undefined)}>
          {feedback.text}
        </Notice>
      ) : null}
    </section>
  );
}
