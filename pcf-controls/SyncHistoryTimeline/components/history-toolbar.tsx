import type { ITheme } from '@fluentui/react';
import { HighContrastSelector, Toggle, mergeStyleSets } from '@fluentui/react';
import * as React from 'react';
import type { Translate } from '../../shared/strings';
import type { FailedCount } from '../failed-count';

export interface SummaryCounts {
  /** Entries loaded so far. */
  loaded: number;
  /** Entries shown (loaded, less those the Failed only switch hides). */
  shown: number;
  /** Rows on the server for the view (-1 when the platform does not know). */
  total: number;
  /** The record's failures as counted in Dataverse, when known. */
  failedCount?: FailedCount;
  /** The Failed only switch is on and the platform filters to failures server-side. */
  serverFailedOnly: boolean;
}

/** "Showing 25 of 120 entries · 3 failed", or the loaded failures alone when the server filters to them. */
export function historySummaryText(
  { loaded, shown, total, failedCount, serverFailedOnly }: SummaryCounts,
  t: Translate,
): string {
  const failedText = failedCount
    ? failedCount.atLeast
      ? t('Summary_FailedAtLeast', failedCount.count)
      : failedCount.count > 0
        ? t('Summary_Failed', failedCount.count)
        : undefined
    : undefined;
  return serverFailedOnly
    ? total >= 0
      ? t('Summary_LoadedFailed', shown, total)
      : t('Summary_LoadedFailedUnknownTotal', shown)
    : [total >= 0 ? t('Summary_Loaded', loaded, total) : t('Summary_LoadedUnknownTotal', loaded), failedText]
        .filter(Boolean)
        .join(' · ');
}

export interface HistoryToolbarProps {
  /** The summary line; undefined shows an empty live region (nothing loaded). */
  summary: string | undefined;
  failedOnly: boolean;
  onFailedOnlyChange: (failedOnly: boolean) => void;
  theme: ITheme;
  t: Translate;
}

/** The summary (a polite live region) and the Failed only switch. */
export function HistoryToolbar({
  summary,
  failedOnly,
  onFailedOnlyChange,
  theme,
  t,
}: HistoryToolbarProps): React.ReactElement {
  const classes = mergeStyleSets({
    toolbar: {
      display: 'flex',
      flexWrap: 'wrap',
      alignItems: 'center',
      justifyContent: 'space-between',
      gap: 8,
    },
    summary: {
      color: theme.semanticColors.bodySubtext,
      selectors: { [HighContrastSelector]: { color: 'WindowText' } },
    },
  });
  return (
    <div className={classes.toolbar}>
      <span className={classes.summary} role="status" aria-live="polite" data-testid="history-summary">
        {summary ?? null}
      </span>
      <Toggle
        label={t('FailedOnly_Label')}
        inlineLabel
        checked={failedOnly}
        onChange={(_event, checked) => onFailedOnlyChange(checked === true)}
        styles={{ root: { marginBottom: 0 } }}
      />
    </div>
  );
}
