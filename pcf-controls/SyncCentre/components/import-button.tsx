import { PrimaryButton, mergeStyles } from '@fluentui/react';
import * as React from 'react';
import type { getPanelClassNames } from '../../shared/panel-styles';
import type { Translate } from '../../shared/strings';

export interface ImportBlockers {
  readOnly: boolean;
  /** Undefined on an unsaved connection. */
  recordId?: string;
  reconnectNeeded: boolean;
  /** An import is already requested or running. */
  busy: boolean;
}

/** Why an import cannot be asked for now, in the order a user can act on it; undefined when it can. */
export function importBlockedReason(
  { readOnly, recordId, reconnectNeeded, busy }: ImportBlockers,
  t: Translate,
): string | undefined {
  return readOnly
    ? t('Import_ReadOnly')
    : !recordId
      ? t('Import_Unsaved')
      : reconnectNeeded
        ? t('Import_Reconnect')
        : busy
          ? t('Import_Busy')
          : undefined;
}

export interface ImportButtonProps {
  id: string;
  working: boolean;
  /** Why the import cannot be asked for (see importBlockedReason), or undefined. */
  blocked: string | undefined;
  t: Translate;
  classes: ReturnType<typeof getPanelClassNames>;
  onClick: () => void;
}

/** "Import from Xero", disabled with the reason beside it when an import cannot be asked for. */
export function ImportButton({
  id,
  working,
  blocked,
  t,
  classes,
  onClick,
}: ImportButtonProps): React.ReactElement {
  return (
    <div className={classes.actions}>
      <PrimaryButton
        id={id}
        text={working ? t('Import_Working') : t('Import_Button')}
        disabled={working || blocked !== undefined}
        aria-describedby={blocked ? `${id}-why` : undefined}
        onClick={onClick}
      />
      {blocked ? (
        <span id={`${id}-why`} className={`${classes.muted} ${mergeStyles({ alignSelf: 'center' })}`}>
          {blocked}
        </span>
      ) : null}
    </div>
  );
}
