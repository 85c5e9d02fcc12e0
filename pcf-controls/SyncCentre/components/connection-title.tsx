import * as React from 'react';
import type { getPanelClassNames } from '../../shared/panel-styles';
import type { Translate } from '../../shared/strings';
import type { SyncCentreModel } from '../sync-centre-model';

export interface ConnectionTitleProps {
  model: SyncCentreModel;
  t: Translate;
  classes: ReturnType<typeof getPanelClassNames>;
}

/** The Xero organisation's name as the heading, and the connection's own name under it when that differs. */
export function ConnectionTitle({ model, t, classes }: ConnectionTitleProps): React.ReactElement {
  const title = model.tenantName ?? model.connectionName ?? t('Title_Fallback');
  return (
    <>
      <div className={classes.header}>
        <h2 className={classes.title}>{title}</h2>
      </div>
      {model.tenantName && model.connectionName && model.connectionName !== model.tenantName ? (
        <span className={classes.muted}>{model.connectionName}</span>
      ) : null}
    </>
  );
}
