import type { ITheme } from '@fluentui/react';
import { HighContrastSelector, hiddenContentStyle, mergeStyleSets, mergeStyles } from '@fluentui/react';
import * as React from 'react';
import { Glyph } from '../../shared/icons';
import type { Translate } from '../../shared/strings';
import type { Health } from '../sync-centre-model';

export interface HealthLightProps {
  health: Health;
  theme: ITheme;
  t: Translate;
}

const GLYPHS = { Connected: 'success', ReconnectNeeded: 'error', Unknown: 'unknown' } as const;

/** Green / red / grey light with its meaning in words (and a different glyph), so colour is never the only cue. */
export function HealthLight({ health, theme, t }: HealthLightProps): React.ReactElement {
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
    </div>
  );
}
