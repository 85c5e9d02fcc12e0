import { HighContrastSelector, mergeStyles } from '@fluentui/react';
import type { Theme } from '@fluentui/react';
import * as React from 'react';
import { Glyph } from '../../shared/icons';
import type { getPanelClassNames } from '../../shared/panel-styles';
import type { Translate } from '../../shared/strings';
import type { ExportStatus, InvoicePanelModel } from '../invoice-panel-model';

const EXPORT_GLYPHS = { No: 'pending', Yes: 'success', Failed: 'error' } as const;

export interface InvoiceFieldsProps {
  model: InvoicePanelModel;
  /** What the panel shows as the export status (a retry just saved shows No before the form refreshes). */
  exportStatus: ExportStatus | undefined;
  t: Translate;
  theme: Theme;
  classes: ReturnType<typeof getPanelClassNames>;
}

/** Amount due (or credit left), amount paid, export status and export date. */
export function InvoiceFields({
  model,
  exportStatus,
  t,
  theme,
  classes,
}: InvoiceFieldsProps): React.ReactElement {
  const notSet = <span className={classes.muted}>{t('Value_NotSet')}</span>;
  const exportClass = mergeStyles({
    display: 'inline-flex',
    alignItems: 'center',
    gap: 4,
    color: exportStatus === 'Failed' ? theme.semanticColors.errorText : undefined,
    selectors: { [HighContrastSelector]: { color: 'WindowText' } },
  });

  return (
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
  );
}
