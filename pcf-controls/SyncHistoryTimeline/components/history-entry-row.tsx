import type { ITheme } from '@fluentui/react';
import { HighContrastSelector, mergeStyleSets } from '@fluentui/react';
import * as React from 'react';
import { Glyph } from '../../shared/icons';
import type { Translate } from '../../shared/strings';
import type { HistoryEntry } from '../history-model';
import { summaryLine } from '../history-model';

export interface HistoryEntryRowProps {
  entry: HistoryEntry;
  time: string;
  expanded: boolean;
  onToggle: (id: string) => void;
  theme: ITheme;
  t: Translate;
}

function getClassNames(theme: ITheme, failed: boolean) {
  const s = theme.semanticColors;
  return mergeStyleSets({
    item: {
      listStyle: 'none',
      margin: 0,
      padding: '6px 8px',
      // Failures: thick left rule + tinted background + the word "Failed" (colour is never the only signal).
      borderLeft: failed ? `4px solid ${s.errorIcon}` : `1px solid ${s.bodyDivider}`,
      background: failed ? s.errorBackground : 'transparent',
      selectors: {
        [HighContrastSelector]: {
          borderLeftColor: 'WindowText',
          background: 'Window',
          forcedColorAdjust: 'none',
        },
      },
    },
    toggle: {
      display: 'flex',
      alignItems: 'flex-start',
      gap: 8,
      width: '100%',
      padding: 0,
      border: 'none',
      background: 'transparent',
      color: s.bodyText,
      font: 'inherit',
      textAlign: 'left',
      cursor: 'pointer',
      selectors: {
        ':focus-visible': { outline: `2px solid ${s.focusBorder}`, outlineOffset: 2 },
        [HighContrastSelector]: { color: 'WindowText' },
      },
    },
    statusIcon: {
      color: failed ? s.errorIcon : s.successIcon,
      marginTop: 2,
      selectors: { [HighContrastSelector]: { color: 'WindowText' } },
    },
    text: { display: 'flex', flexDirection: 'column', minWidth: 0, flexGrow: 1, gap: 2 },
    headline: { display: 'flex', flexWrap: 'wrap', gap: '0 8px', fontWeight: 600 },
    status: {
      fontWeight: 600,
      color: failed ? s.errorText : s.bodySubtext,
      selectors: { [HighContrastSelector]: { color: 'WindowText' } },
    },
    summary: {
      color: s.bodySubtext,
      overflowWrap: 'anywhere',
      selectors: { [HighContrastSelector]: { color: 'WindowText' } },
    },
    chevron: { marginTop: 2, transition: 'transform 0.1s', transform: 'rotate(0deg)' },
    chevronOpen: { marginTop: 2, transform: 'rotate(90deg)' },
    details: { margin: '6px 0 0 24px', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  });
}

/** One history entry: a disclosure button (aria-expanded/aria-controls) over the full details. */
export function HistoryEntryRow({
  entry,
  time,
  expanded,
  onToggle,
  theme,
  t,
}: HistoryEntryRowProps): React.ReactElement {
  const failed = entry.status === 'Failed';
  const classes = getClassNames(theme, failed);
  const detailsId = `dxc-history-details-${entry.id}`;
  const action = entry.actionLabel ?? t(`Action_${entry.actionKey ?? 'Unknown'}`);
  const statusText = entry.status ? t(`Status_${entry.status}`) : t('Status_Unknown');
  const summary = summaryLine(entry.details);
  return (
    <li className={classes.item} data-testid="history-entry" data-status={entry.status ?? 'unknown'}>
      <button
        type="button"
        className={classes.toggle}
        aria-expanded={expanded}
        aria-controls={detailsId}
        onClick={() => onToggle(entry.id)}
      >
        <Glyph name="chevron" size={12} className={expanded ? classes.chevronOpen : classes.chevron} />
        <Glyph
          name={failed ? 'error' : entry.status ? 'success' : 'unknown'}
          className={classes.statusIcon}
        />
        <span className={classes.text}>
          <span className={classes.headline}>
            <span>{time}</span>
            <span>{action}</span>
            <span className={classes.status}>{statusText}</span>
          </span>
          {!expanded && summary ? <span className={classes.summary}>{summary}</span> : null}
        </span>
      </button>
      <div id={detailsId} className={classes.details} hidden={!expanded} data-testid="history-details">
        {entry.name ? <div className={classes.summary}>{entry.name}</div> : null}
        {entry.details ?? t('Details_None')}
      </div>
    </li>
  );
}
