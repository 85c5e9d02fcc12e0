import { HighContrastSelector, mergeStyles, useTheme } from '@fluentui/react';
import * as React from 'react';
import { Glyph } from '../../shared/icons';
import { getPanelClassNames } from '../../shared/panel-styles';
import type { Translate } from '../../shared/strings';
import type { BalanceModel } from '../balance-model';
import { OverdueMeter } from './overdue-meter';

export interface CustomerBalanceCardViewProps {
  model: BalanceModel;
  t: Translate;
  narrow: boolean;
}

export function CustomerBalanceCardView({
  model,
  t,
  narrow,
}: CustomerBalanceCardViewProps): React.ReactElement {
  const theme = useTheme();
  const classes = getPanelClassNames(theme, narrow);
  const notSet = <span className={classes.muted}>{t('Value_NotSet')}</span>;

  const placeholder = (testId: string, title: string, text: string) => (
    <section className={classes.root} aria-label={t('Region_Label')} data-testid="customer-balance-card">
      <div
        className={mergeStyles({ display: 'flex', gap: 8, alignItems: 'flex-start' })}
        data-testid={testId}
      >
        <Glyph name="info" />
        <div>
          <p className={mergeStyles({ margin: 0, fontWeight: 600 })}>{title}</p>
          <p className={`${classes.muted} ${classes.message}`}>{text}</p>
        </div>
      </div>
    </section>
  );
  if (model.state === 'notInXero') return placeholder('balance-empty', t('Empty_Title'), t('Empty_Text'));
  // An empty amount owed means the balance sync has not run for this customer: saying "Nothing owed" (or showing
  // "Not set" amounts) would read as a zero balance.
  if (model.state === 'notSynced') {
    return placeholder('balance-not-synced', t('NotSynced_Title'), t('NotSynced_Text'));
  }

  const overdueClass = mergeStyles({
    display: 'inline-flex',
    alignItems: 'center',
    gap: 4,
    color: model.hasOverdue ? theme.semanticColors.errorText : undefined,
    selectors: { [HighContrastSelector]: { color: 'WindowText' } },
  });
  const shareText =
    model.state === 'inCredit'
      ? t('Share_InCredit', model.credit ?? '')
      : model.overduePercent === undefined
        ? t('Share_NothingOwed')
        : model.overduePercent === 0
          ? t('Share_AllCurrent')
          : t('Share_Text', model.overduePercent);

  return (
    <section className={classes.root} aria-label={t('Region_Label')} data-testid="customer-balance-card">
      <dl className={classes.fields}>
        <div className={classes.field}>
          <dt className={classes.label}>
            {model.state === 'inCredit' ? t('Label_Credit') : t('Label_Owed')}
          </dt>
          <dd
            className={`${classes.value} ${mergeStyles(theme.fonts.xLarge, { fontWeight: 600 })}`}
            data-testid="amount-owed"
            data-state={model.state}
          >
            {(model.state === 'inCredit' ? model.credit : model.owed) ?? notSet}
          </dd>
        </div>
        <div className={classes.field}>
          <dt className={classes.label}>{t('Label_Overdue')}</dt>
          <dd
            className={`${classes.value} ${mergeStyles(theme.fonts.xLarge, { fontWeight: 600 })}`}
            data-testid="amount-overdue"
          >
            {model.overdue ? (
              <span className={overdueClass}>
                {model.hasOverdue ? <Glyph name="warning" /> : null}
                {model.overdue}
                {model.hasOverdue ? (
                  <span className={mergeStyles(theme.fonts.small)}>({t('Overdue_Flag')})</span>
                ) : null}
              </span>
            ) : (
              notSet
            )}
          </dd>
        </div>
      </dl>
      <div className={classes.field}>
        {model.overduePercent === undefined ? null : (
          <OverdueMeter
            theme={theme}
            percent={model.overduePercent}
            label={t('Label_Share')}
            valueText={shareText}
          />
        )}
        <span className={classes.muted} data-testid="overdue-share">
          {shareText}
        </span>
      </div>
      <div className={classes.field}>
        <span className={classes.label}>{t('Label_SyncedOn')}</span>
        <span data-testid="synced-on">
          {model.syncedOn ?? <span className={classes.muted}>{t('Value_NotSynced')}</span>}
        </span>
      </div>
    </section>
  );
}
