import type { ITheme } from '@fluentui/react';
import { HighContrastSelector, hiddenContentStyle, mergeStyles } from '@fluentui/react';
import * as React from 'react';
import type { GlyphName } from '../../shared/icons';
import { Glyph } from '../../shared/icons';
import type { XeroStatus } from '../invoice-panel-model';

export type BadgeTone = 'neutral' | 'warning' | 'info' | 'success' | 'error';

/** Xero's lifecycle: Draft → Submitted (awaiting approval) → Authorised (awaiting payment) → Paid; Voided/Deleted end it. */
export const STATUS_TONES: Record<XeroStatus, { tone: BadgeTone; glyph: GlyphName }> = {
  Draft: { tone: 'neutral', glyph: 'pending' },
  Submitted: { tone: 'warning', glyph: 'running' },
  Authorised: { tone: 'info', glyph: 'info' },
  Paid: { tone: 'success', glyph: 'success' },
  Voided: { tone: 'error', glyph: 'error' },
  Deleted: { tone: 'error', glyph: 'error' },
};

function toneColours(theme: ITheme, tone: BadgeTone): { background: string; icon: string } {
  const s = theme.semanticColors;
  switch (tone) {
    case 'warning':
      return { background: s.warningBackground, icon: s.warningIcon };
    case 'info':
      return { background: s.infoBackground, icon: s.infoIcon };
    case 'success':
      return { background: s.successBackground, icon: s.successIcon };
    case 'error':
      return { background: s.errorBackground, icon: s.errorIcon };
    default:
      return { background: theme.palette.neutralLighter, icon: theme.palette.neutralSecondary };
  }
}

export interface StatusBadgeProps {
  theme: ITheme;
  tone: BadgeTone;
  glyph: GlyphName;
  text: string;
  /** Prefix read by screen readers, e.g. "Xero status". */
  label: string;
}

/** A pill with glyph and text; the text always names the state, so colour is never the only signal. */
export function StatusBadge({ theme, tone, glyph, text, label }: StatusBadgeProps): React.ReactElement {
  const colours = toneColours(theme, tone);
  const className = mergeStyles({
    display: 'inline-flex',
    alignItems: 'center',
    gap: 6,
    padding: '2px 10px',
    borderRadius: 12,
    border: '1px solid transparent',
    background: colours.background,
    color: theme.semanticColors.bodyText,
    fontWeight: 600,
    maxWidth: '100%',
    overflowWrap: 'anywhere',
    selectors: {
      '& svg': { color: colours.icon, selectors: { [HighContrastSelector]: { color: 'WindowText' } } },
      [HighContrastSelector]: { borderColor: 'WindowText', color: 'WindowText', background: 'Window' },
    },
  });
  return (
    <span className={className} data-tone={tone} data-testid="status-badge">
      <Glyph name={glyph} />
      <span>
        <span className={mergeStyles(hiddenContentStyle)}>{label}: </span>
        {text}
      </span>
    </span>
  );
}
