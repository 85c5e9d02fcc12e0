import type { Translate } from '../shared/strings';

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
