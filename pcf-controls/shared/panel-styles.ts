import type { IProcessedStyleSet, IStyle, ITheme } from '@fluentui/react';
import { HighContrastSelector, mergeStyleSets } from '@fluentui/react';

export interface PanelClassNames {
  root: string;
  header: string;
  title: string;
  fields: string;
  field: string;
  label: string;
  value: string;
  muted: string;
  actions: string;
  message: string;
}

/**
 * Layout shared by the form panels. The field list is a grid that wraps by itself from 300 px to full width; `narrow`
 * (from allocatedWidth) only makes the actions full-width. Colours are theme semantic slots; in forced-colours mode
 * the browser substitutes system colours, so nothing here depends on a background colour to be legible.
 */
export function getPanelClassNames(
  theme: ITheme,
  narrow: boolean,
): IProcessedStyleSet<Record<keyof PanelClassNames, IStyle>> {
  return mergeStyleSets({
    root: {
      display: 'flex',
      flexDirection: 'column',
      gap: 12,
      minWidth: 0,
      maxWidth: '100%',
      boxSizing: 'border-box',
      color: theme.semanticColors.bodyText,
      fontFamily: theme.fonts.medium.fontFamily,
      fontSize: theme.fonts.medium.fontSize,
    },
    header: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, minWidth: 0 },
    title: { ...theme.fonts.large, fontWeight: 600, margin: 0, overflowWrap: 'anywhere' },
    fields: {
      display: 'grid',
      gridTemplateColumns: narrow ? '1fr' : 'repeat(auto-fill, minmax(180px, 1fr))',
      gap: '8px 16px',
      margin: 0,
    },
    field: { minWidth: 0, display: 'flex', flexDirection: 'column', gap: 2 },
    label: { color: theme.semanticColors.bodySubtext, fontSize: theme.fonts.small.fontSize, margin: 0 },
    value: { margin: 0, fontWeight: 600, overflowWrap: 'anywhere' },
    muted: {
      color: theme.semanticColors.bodySubtext,
      fontWeight: 400,
      selectors: { [HighContrastSelector]: { color: 'GrayText' } },
    },
    actions: {
      display: 'flex',
      flexWrap: 'wrap',
      gap: 8,
      selectors: narrow ? { '& > *': { flexGrow: 1 } } : undefined,
    },
    message: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: 0 },
  });
}
