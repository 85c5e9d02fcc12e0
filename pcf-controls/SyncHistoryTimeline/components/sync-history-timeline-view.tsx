import {
  DefaultButton,
  HighContrastSelector,
  Spinner,
  SpinnerSize,
  Toggle,
  getId,
  mergeStyleSets,
  useTheme,
} from '@fluentui/react';
import * as React from 'react';
import { Glyph } from '../../shared/icons';
import { Notice } from '../../shared/notice';
import type { Translate } from '../../shared/strings';
import type { FailedCount } from '../failed-count';
import type { HistoryEntry } from '../history-model';
import { groupByDay } from '../history-model';
import { HistoryEntryRow } from './history-entry-row';

export interface SyncHistoryTimelineViewProps {
  entries: HistoryEntry[];
  loading: boolean;
  error?: string;
  /** Rows on the server for the view, with our filter if applied (-1 when the platform does not know). */
  total: number;
  /** The platform filters to failures server-side: `entries` and `total` are failures only. */
  failedFilterApplied: boolean;
  /** Asks the platform to add or drop the Failed filter (it calls updateView with the new rows). */
  onFailedOnlyChange: (failedOnly: boolean) => void;
  /** Counts the record's failures in Dataverse; undefined when the form's record is unknown. */
  countFailed?: () => Promise<FailedCount>;
  /** Changes when the count must be read again (another record, or new entries arrived). */
  countKey: string;
  hasMore: boolean;
  onLoadMore: () => void;
  narrow: boolean;
  t: Translate;
  formatDay: (date: Date) => string;
  formatTime: (date: Date) => string;
  offsetMinutes: (date: Date) => number;
}

export function SyncHistoryTimelineView(props: SyncHistoryTimelineViewProps): React.ReactElement {
  const {
    entries,
    loading,
    error,
    total,
    failedFilterApplied,
    onFailedOnlyChange,
    countFailed,
    countKey,
    hasMore,
    onLoadMore,
    narrow,
    t,
    formatDay,
    formatTime,
    offsetMinutes,
  } = props;
  const theme = useTheme();
  const [failedOnly, setFailedOnly] = React.useState(false);
  const [expanded, setExpanded] = React.useState<ReadonlySet<string>>(new Set());
  const headingId = React.useRef(getId('dxc-history')).current;

  const [failedCount, setFailedCount] = React.useState<FailedCount | undefined>();
  // updateView passes a new function on every call; only a new record or new entries should re-read the count.
  const countFailedRef = React.useRef(countFailed);
  countFailedRef.current = countFailed;
  const canCount = countFailed !== undefined;
  React.useEffect(() => {
    const count = countFailedRef.current;
    if (!count) return undefined;
    let cancelled = false;
    const read = async (): Promise<void> => {
      let result: FailedCount | undefined;
      try {
        result = await count();
      } catch {
        // A refused read (privileges, offline) leaves the failed count out rather than showing a guess.
        result = undefined;
      }
      if (!cancelled) setFailedCount(result);
    };
    void read();
    return () => {
      cancelled = true;
    };
  }, [countKey, canCount]);

  // The filter also runs here: rows loaded before the platform applied it, or a host that cannot filter.
  const shown = failedOnly ? entries.filter((e) => e.status === 'Failed') : entries;
  const days = groupByDay(shown, offsetMinutes);
  const toggle = React.useCallback((id: string) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  const s = theme.semanticColors;
  const classes = mergeStyleSets({
    root: {
      display: 'flex',
      flexDirection: 'column',
      gap: 8,
      minWidth: 0,
      color: s.bodyText,
      fontFamily: theme.fonts.medium.fontFamily,
      fontSize: theme.fonts.medium.fontSize,
    },
    toolbar: {
      display: 'flex',
      flexWrap: 'wrap',
      alignItems: 'center',
      justifyContent: 'space-between',
      gap: 8,
    },
    summary: { color: s.bodySubtext, selectors: { [HighContrastSelector]: { color: 'WindowText' } } },
    dayHeading: { ...theme.fonts.mediumPlus, fontWeight: 600, margin: '8px 0 4px' },
    list: { display: 'flex', flexDirection: 'column', gap: 4, margin: 0, padding: 0 },
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
    more: { alignSelf: narrow ? 'stretch' : 'flex-start' },
  });

  const failedText = failedCount
    ? failedCount.atLeast
      ? t('Summary_FailedAtLeast', failedCount.count)
      : failedCount.count > 0
        ? t('Summary_Failed', failedCount.count)
        : undefined
    : undefined;
  const serverFailedOnly = failedOnly && failedFilterApplied;
  const summaryText = serverFailedOnly
    ? total >= 0
      ? t('Summary_LoadedFailed', shown.length, total)
      : t('Summary_LoadedFailedUnknownTotal', shown.length)
    : [
        total >= 0
          ? t('Summary_Loaded', entries.length, total)
          : t('Summary_LoadedUnknownTotal', entries.length),
        failedText,
      ]
        .filter(Boolean)
        .join(' · ');

  let body: React.ReactNode;
  if (error) {
    body = <Notice kind="error">{t('LoadError', error)}</Notice>;
  } else if (loading && entries.length === 0) {
    body = <Spinner size={SpinnerSize.medium} label={t('Loading')} />;
  } else if (serverFailedOnly && loading && shown.length === 0) {
    body = <Spinner size={SpinnerSize.medium} label={t('Loading')} />;
  } else if (serverFailedOnly && shown.length === 0) {
    body = (
      <div className={classes.empty} data-testid="history-empty">
        <Glyph name="success" />
        <p className={classes.emptyText}>{t('EmptyFailedAll_Text')}</p>
      </div>
    );
  } else if (entries.length === 0) {
    body = (
      <div className={classes.empty} data-testid="history-empty">
        <Glyph name="info" />
        <div>
          <p className={classes.emptyTitle}>{t('Empty_Title')}</p>
          <p className={classes.emptyText}>{t('Empty_Text')}</p>
        </div>
      </div>
    );
  } else if (shown.length === 0) {
    body = (
      <div className={classes.empty} data-testid="history-empty">
        <Glyph name="success" />
        <p className={classes.emptyText}>{t('EmptyFailed_Text', entries.length)}</p>
      </div>
    );
  } else {
    body = days.map((day) => {
      const dayId = `${headingId}-${day.key}`;
      return (
        <section key={day.key} aria-labelledby={dayId} data-testid="history-day">
          <h3 id={dayId} className={classes.dayHeading}>
            {day.sample ? formatDay(day.sample) : t('Day_Unknown')}
          </h3>
          <ol className={classes.list}>
            {day.entries.map((entry) => (
              <HistoryEntryRow
                key={entry.id}
                entry={entry}
                time={entry.eventOn ? formatTime(entry.eventOn) : t('Time_Unknown')}
                expanded={expanded.has(entry.id)}
                onToggle={toggle}
                theme={theme}
                t={t}
              />
            ))}
          </ol>
        </section>
      );
    });
  }

  return (
    <section className={classes.root} aria-label={t('Region_Label')} data-testid="sync-history-timeline">
      <div className={classes.toolbar}>
        <span className={classes.summary} role="status" aria-live="polite" data-testid="history-summary">
          {entries.length > 0 ? summaryText : null}
        </span>
        <Toggle
          label={t('FailedOnly_Label')}
          inlineLabel
          checked={failedOnly}
          onChange={(_event, checked) => {
            setFailedOnly(checked === true);
            onFailedOnlyChange(checked === true);
          }}
          styles={{ root: { marginBottom: 0 } }}
        />
      </div>
      {body}
      {hasMore && !error ? (
        <DefaultButton
          className={classes.more}
          text={loading ? t('LoadingOlder') : t('LoadOlder')}
          disabled={loading}
          onClick={onLoadMore}
        />
      ) : null}
    </section>
  );
}
