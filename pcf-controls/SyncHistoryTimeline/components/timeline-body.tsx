import type { ITheme } from '@fluentui/react';
import { HighContrastSelector, Spinner, SpinnerSize, mergeStyleSets } from '@fluentui/react';
import * as React from 'react';
import type { GlyphName } from '../../shared/icons';
import { Glyph } from '../../shared/icons';
import { Notice } from '../../shared/notice';
import type { Translate } from '../../shared/strings';

export interface TimelineBodyProps {
  error?: string;
  loading: boolean;
  /** Entries loaded so far. */
  loaded: number;
  /** Entries shown (loaded, less those the Failed only switch hides). */
  shown: number;
  /** The Failed only switch is on and the platform filters to failures server-side. */
  serverFailedOnly: boolean;
  theme: ITheme;
  t: Translate;
  /** The entries, shown when there are any to show. */
  children: React.ReactNode;
}

/** The load error, a spinner, the empty state that fits, or the entries. */
export function TimelineBody({
  error,
  loading,
  loaded,
  shown,
  serverFailedOnly,
  theme,
  t,
  children,
}: TimelineBodyProps): React.ReactElement {
  if (error) return <Notice kind="error">{t('LoadError', error)}</Notice>;
  if ((loading && loaded === 0) || (serverFailedOnly && loading && shown === 0))
    return <Spinner size={SpinnerSize.medium} label={t('Loading')} />;
  if (serverFailedOnly && shown === 0)
    return <EmptyHistory glyph="success" text={t('EmptyFailedAll_Text')} theme={theme} />;
  if (loaded === 0)
    return <EmptyHistory glyph="info" title={t('Empty_Title')} text={t('Empty_Text')} theme={theme} />;
  if (shown === 0) return <EmptyHistory glyph="success" text={t('EmptyFailed_Text', loaded)} theme={theme} />;
  return <>{children}</>;
}

interface EmptyHistoryProps {
  glyph: GlyphName;
  title?: string;
  text: string;
  theme: ITheme;
}

/** Nothing to list: a glyph and a sentence (under a title when there is no history at all). */
function EmptyHistory({ glyph, title, text, theme }: EmptyHistoryProps): React.ReactElement {
  const s = theme.semanticColors;
  const classes = mergeStyleSets({
    empty: {
      display: 'flex',
      gap: 8,
      alignItems: 'flex-start',
      padding: 12,
      border: `1px dashed ${s.bodyDivider}`,
      selectors: { [HighContrastSelector]: { borderColor: 'WindowText' } },
    },
    emptyTitle: { fontWeight: 600, margin: 0 },
    emptyText: { margin: 0, color: s.bodySubtext },
  });
  const sentence = <p className={classes.emptyText}>{text}</p>;
  return (
    <div className={classes.empty} data-testid="history-empty">
      <Glyph name={glyph} />
      {title === undefined ? (
        sentence
      ) : (
        <div>
          <p className={classes.emptyTitle}>{title}</p>
          {sentence}
        </div>
      )}
    </div>
  );
}
