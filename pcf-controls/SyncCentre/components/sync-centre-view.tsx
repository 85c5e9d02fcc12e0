import { getId, mergeStyles, useTheme } from '@fluentui/react';
import * as React from 'react';
import { BlockableButton } from '../../shared/blockable-button';
import { Notice } from '../../shared/notice';
import { getPanelClassNames } from '../../shared/panel-styles';
import type { Translate } from '../../shared/strings';
import { describeWebApiError } from '../../shared/web-api-error';
import { useAdminPageUrl } from '../hooks/use-admin-page-url';
import { useLiveImport } from '../hooks/use-live-import';
import { importBlockedReason } from '../import-blocked';
import { parseImportProgress, resolveSteps } from '../import-progress';
import type { ImportSnapshot, SyncCentreModel } from '../sync-centre-model';
import { ConnectionTitle } from './connection-title';
import { HealthLight } from './health-light';
import { ImportState } from './import-state';
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
  const { current, busy, liveError, setLive } = useLiveImport(model, { recordId, readLive, refreshMs });
  const reconnectNeeded = model.health === 'ReconnectNeeded';
  const adminUrl = useAdminPageUrl(reconnectNeeded, readAdminPage);
  const mounted = React.useRef(true);
  const buttonId = React.useRef(getId('dxc-import')).current;
  React.useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

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
  const blocked = importBlockedReason({ readOnly, recordId, reconnectNeeded, busy }, t);

  return (
    <section className={classes.root} aria-label={t('Region_Label')} data-testid="sync-centre">
      <ConnectionTitle model={model} t={t} classes={classes} />
      <HealthLight
        health={model.health ?? 'Unknown'}
        theme={theme}
        t={t}
        adminUrl={adminUrl}
        openAdminPage={openAdminPage}
      />

      <ImportSteps steps={steps} theme={theme} t={t} />

      <ImportState
        current={current}
        progressNote={progress.note}
        t={t}
        classes={classes}
        formatDateTime={formatDateTime}
      />

      <BlockableButton
        id={buttonId}
        primary
        text={working ? t('Import_Working') : t('Import_Button')}
        working={working}
        blocked={blocked}
        reasonId={`${buttonId}-why`}
        reasonClassName={mergeStyles({ alignSelf: 'center' })}
        classes={classes}
        onClick={() => void startImport()}
      />

      {liveError ? <Notice kind="warning">{t('Live_Unavailable', liveError)}</Notice> : null}
      {feedback ? (
        <Notice kind={feedback.kind} dismissLabel={t('Dismiss')} onDismiss={() => setFeedback(undefined)}>
          {feedback.text}
        </Notice>
      ) : null}
    </section>
  );
}
