import { Link, hiddenContentStyle, mergeStyles } from '@fluentui/react';
import type { Theme } from '@fluentui/react';
import * as React from 'react';
import { Glyph } from '../../shared/icons';
import type { getPanelClassNames } from '../../shared/panel-styles';
import type { Translate } from '../../shared/strings';
import type { InvoicePanelModel } from '../invoice-panel-model';
import { STATUS_TONES, StatusBadge } from './status-badge';

export interface InvoiceHeaderProps {
  model: InvoicePanelModel;
  t: Translate;
  theme: Theme;
  classes: ReturnType<typeof getPanelClassNames>;
  openInXero: (url: string) => void;
}

/** Xero's status, the invoice number and the deep link into Xero; a hint when the invoice is not in Xero yet. */
export function InvoiceHeader({
  model,
  t,
  theme,
  classes,
  openInXero,
}: InvoiceHeaderProps): React.ReactElement {
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

  return (
    <>
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
    </>
  );
}
