import type { ITheme } from '@fluentui/react';
import { HighContrastSelector, Link, hiddenContentStyle, mergeStyleSets, mergeStyles } from '@fluentui/react';
import * as React from 'react';
import { Glyph } from '../../shared/icons';
import type { Translate } from '../../shared/strings';
import type { Health } from '../sync-centre-model';

export interface HealthLightProps {
  health: Health;
  theme: ITheme;
  t: Translate;
  /** The proxy's admin page, where a lost connection is reconnected (undefined when not configured or unreadable). */
  adminUrl?: string;
  openAdminPage: (url: string) => void;
}

const GLYPHS = { Connected: 'success', ReconnectNeeded: 'error', Unknown: 'unknown' } as const;

/** Green / red / grey light with its meaning in words (and a different glyph), so colour is never the only cue. */
export function HealthLight({
  health,
  theme,
  t,
  adminUrl,
  openAdminPage,
}: HealthLightProps): React.ReactElement {
  const s = theme.semanticColors;
  const colour =
    health === 'Connected'
      ? s.successIcon
      : health === 'ReconnectNeeded'
        ? s.errorIcon
        : theme.palette.neutralTertiary;
  const classes = mergeStyleSets({
    root: { display: 'flex', flexDirection: 'column', gap: 2 },
    line: { display: 'inline-flex', alignItems: 'center', gap: 6, fontWeight: 600 },
    light: { color: colour, selectors: { [HighContrastSelector]: { color: 'WindowText' } } },
    hint: { color: s.bodySubtext, margin: 0, selectors: { [HighContrastSelector]: { color: 'WindowText' } } },
  });
  const hint =
    health === 'ReconnectNeeded'
      ? t('Health_ReconnectHint')
      : health === 'Unknown'
        ? t('Health_UnknownHint')
        : undefined;
  return (
    <div className={classes.root} data-testid="health" data-health={health}>
      <span className={classes.line}>
        <Glyph name={GLYPHS[health]} size={18} className={classes.light} />
        <span>
          <span className={mergeStyles(hiddenContentStyle)}>{t('Health_Label')}: </span>
          {t(`Health_${health}`)}
        </span>
      </span>
      {hint ? <p className={classes.hint}>{hint}</p> : null}
      {health === 'ReconnectNeeded' && adminUrl ? (
        <Link
          href={adminUrl}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="admin-page-link"
          onClick={(event) => {
            // The host decides how to open it (new tab on the web, the system browser in the mobile app).
            event.preventDefault();
            openAdminPage(adminUrl);
          }}
        >
          <span className={mergeStyles({ display: 'inline-flex', alignItems: 'center', gap: 4 })}>
            {t('Health_AdminLink')}
            <Glyph name="external" size={12} />
            <span className={mergeStyles(hiddenContentStyle)}> {t('Open_NewTab')}</span>
          </span>
        </Link>
      ) : null}
    </div>
  );
}
