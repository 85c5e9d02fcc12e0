import type { ITheme } from '@fluentui/react';
import { HighContrastSelector, mergeStyleSets } from '@fluentui/react';
import * as React from 'react';
import type { GlyphName } from '../../shared/icons';
import { Glyph } from '../../shared/icons';
import type { Translate } from '../../shared/strings';
import type { StepProgress, StepState } from '../import-progress';

export interface ImportStepsProps {
  steps: StepProgress[];
  theme: ITheme;
  t: Translate;
}

const GLYPHS: Record<StepState | 'none', GlyphName> = {
  pending: 'pending',
  running: 'running',
  done: 'success',
  failed: 'error',
  skipped: 'info',
  incomplete: 'unknown',
  none: 'pending',
};

/** The three imports as an ordered list of steps; the running one is aria-current="step". */
export function ImportSteps({ steps, theme, t }: ImportStepsProps): React.ReactElement {
  const s = theme.semanticColors;
  const colour = (state: StepState | undefined) =>
    state === 'done'
      ? s.successIcon
      : state === 'failed'
        ? s.errorIcon
        : state === 'running'
          ? theme.palette.themePrimary
          : theme.palette.neutralTertiary;
  const classes = mergeStyleSets({
    list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 6 },
    item: { display: 'flex', alignItems: 'flex-start', gap: 8, minWidth: 0 },
    number: { minWidth: 18, fontWeight: 600 },
    text: { display: 'flex', flexWrap: 'wrap', gap: '0 8px', minWidth: 0, overflowWrap: 'anywhere' },
    name: { fontWeight: 600 },
    state: { color: s.bodySubtext, selectors: { [HighContrastSelector]: { color: 'WindowText' } } },
  });
  return (
    <ol className={classes.list} aria-label={t('Steps_Label')} data-testid="import-steps">
      {steps.map((step, index) => {
        const glyphClass = mergeStyleSets({
          g: {
            color: colour(step.state),
            marginTop: 1,
            selectors: { [HighContrastSelector]: { color: 'WindowText' } },
          },
        }).g;
        const stateText = step.state ? t(`StepState_${step.state}`) : t('StepState_notImported');
        return (
          <li
            key={step.step}
            className={classes.item}
            aria-current={step.state === 'running' ? 'step' : undefined}
            data-testid={`step-${step.step}`}
            data-state={step.state ?? 'none'}
          >
            <span className={classes.number} aria-hidden="true">
              {index + 1}.
            </span>
            <Glyph name={GLYPHS[step.state ?? 'none']} className={glyphClass} />
            <span className={classes.text}>
              <span className={classes.name}>{t(`Step_${step.step}`)}</span>
              <span className={classes.state}>
                {stateText}
                {step.count !== undefined ? ` · ${t('StepCount', step.count)}` : ''}
                {step.note ? ` · ${step.note}` : ''}
              </span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}
