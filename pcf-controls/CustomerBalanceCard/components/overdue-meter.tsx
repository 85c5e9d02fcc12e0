import type { ITheme } from '@fluentui/react';
import { HighContrastSelector, mergeStyleSets } from '@fluentui/react';
import * as React from 'react';

export interface OverdueMeterProps {
  theme: ITheme;
  percent: number;
  label: string;
  valueText: string;
}

/**
 * The overdue share as a bar. role="meter" (a measurement within a known range, not task progress) with
 * aria-valuenow/min/max and a sentence in aria-valuetext; the same sentence is printed beside it.
 */
export function OverdueMeter({ theme, percent, label, valueText }: OverdueMeterProps): React.ReactElement {
  const s = theme.semanticColors;
  const classes = mergeStyleSets({
    track: {
      position: 'relative',
      height: 8,
      borderRadius: 4,
      background: theme.palette.neutralLighter,
      border: `1px solid ${s.bodyDivider}`,
      overflow: 'hidden',
      selectors: {
        [HighContrastSelector]: {
          borderColor: 'WindowText',
          background: 'Window',
          forcedColorAdjust: 'none',
        },
      },
    },
    fill: {
      height: '100%',
      width: `${percent}%`,
      background: percent > 0 ? s.errorIcon : 'transparent',
      // Forced colours would drop a background-only bar; paint it with the system highlight instead.
      selectors: { [HighContrastSelector]: { background: 'Highlight', forcedColorAdjust: 'none' } },
    },
  });
  return (
    <div
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={valueText}
      className={classes.track}
      data-testid="overdue-meter"
    >
      <div className={classes.fill} />
    </div>
  );
}
