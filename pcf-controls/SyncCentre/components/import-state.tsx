import * as React from 'react';
import type { getPanelClassNames } from '../../shared/panel-styles';
import type { Translate } from '../../shared/strings';
import type { ImportSnapshot } from '../sync-centre-model';

export interface ImportStateProps {
  current: ImportSnapshot;
  /** Progress text that is not in the step format (e.g. an error from the flow), shown as written. */
  progressNote: string | undefined;
  t: Translate;
  classes: ReturnType<typeof getPanelClassNames>;
  formatDateTime: (date: Date) => string;
}

/** Where the import request stands, the import's own note and when the last import finished. */
export function ImportState({
  current,
  progressNote,
  t,
  classes,
  formatDateTime,
}: ImportStateProps): React.ReactElement {
  return (
    <>
      <p className={classes.message} role="status" data-testid="import-state">
        {current.request ? t(`Request_${current.request}`) : t('Request_Idle')}
      </p>
      {progressNote && current.request !== 'Requested' ? (
        <div className={classes.field}>
          <span className={classes.label}>
            {current.request === 'Failed' ? t('Progress_FailureNote') : t('Progress_Note')}
          </span>
          <p className={classes.message} data-testid="progress-note">
            {progressNote}
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
    </>
  );
}
