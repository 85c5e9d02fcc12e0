import {
  DefaultButton,
  Dialog,
  DialogFooter,
  DialogType,
  PrimaryButton,
  Spinner,
  SpinnerSize,
} from '@fluentui/react';
import * as React from 'react';
import { BlockableButton } from '../../shared/blockable-button';
import type { getPanelClassNames } from '../../shared/panel-styles';
import type { Translate } from '../../shared/strings';

export interface RetryExportButtonProps {
  id: string;
  working: boolean;
  /** Why the retry cannot be asked for here (read-only form, unsaved invoice), or undefined. */
  blocked: string | undefined;
  t: Translate;
  classes: ReturnType<typeof getPanelClassNames>;
  onClick: () => void;
}

/** "Retry sync" on a failed export, disabled with the reason when it cannot be asked for. */
export function RetryExportButton({
  id,
  working,
  blocked,
  t,
  classes,
  onClick,
}: RetryExportButtonProps): React.ReactElement {
  return (
    <BlockableButton
      id={id}
      text={working ? t('Retry_Working') : t('Retry_Button')}
      working={working}
      blocked={blocked}
      reasonId={`${id}-blocked`}
      classes={classes}
      onClick={onClick}
    >
      {working ? <Spinner size={SpinnerSize.xSmall} styles={{ root: { marginLeft: 8 } }} /> : null}
    </BlockableButton>
  );
}

export interface RetryExportDialogProps {
  hidden: boolean;
  t: Translate;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks before setting the export status back to No, which sends the invoice to Xero again. */
export function RetryExportDialog({
  hidden,
  t,
  onConfirm,
  onCancel,
}: RetryExportDialogProps): React.ReactElement {
  return (
    <Dialog
      hidden={hidden}
      onDismiss={onCancel}
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
        <PrimaryButton text={t('Retry_Confirm')} onClick={onConfirm} />
        <DefaultButton text={t('Retry_Cancel')} onClick={onCancel} />
      </DialogFooter>
    </Dialog>
  );
}
