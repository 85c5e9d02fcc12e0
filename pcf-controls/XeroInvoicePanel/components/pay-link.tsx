import { DefaultButton, Link, hiddenContentStyle, mergeStyles } from '@fluentui/react';
import * as React from 'react';
import type { getPanelClassNames } from '../../shared/panel-styles';
import type { Translate } from '../../shared/strings';

export interface PayLinkProps {
  url: string;
  t: Translate;
  classes: ReturnType<typeof getPanelClassNames>;
  openInXero: (url: string) => void;
  copy: (url: string) => void;
}

/** The online invoice (pay) link Xero made, with a Copy button. */
export function PayLink({ url, t, classes, openInXero, copy }: PayLinkProps): React.ReactElement {
  return (
    <div className={classes.field} data-testid="pay-link">
      <span className={classes.label}>{t('Label_PayLink')}</span>
      <div className={mergeStyles({ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 })}>
        <Link
          href={url}
          target="_blank"
          rel="noopener noreferrer"
          title={t('PayLink_Open')}
          className={mergeStyles({ wordBreak: 'break-all' })}
          onClick={(event) => {
            event.preventDefault();
            openInXero(url);
          }}
        >
          {url}
          <span className={mergeStyles(hiddenContentStyle)}> {t('Open_NewTab')}</span>
        </Link>
        <DefaultButton text={t('PayLink_Copy')} onClick={() => copy(url)} />
      </div>
    </div>
  );
}
