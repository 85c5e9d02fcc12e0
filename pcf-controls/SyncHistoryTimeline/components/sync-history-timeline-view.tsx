import { DefaultButton, getId, mergeStyleSets, useTheme } from '@fluentui/react';
import * as React from 'react';
import type { Translate } from '../../shared/strings';
import type { FailedCount } from '../failed-count';
import type { HistoryEntry } from '../history-model';
import { groupByDay } from '../history-model';
import { useFailedCount } from '../hooks/use-failed-count';
import { HistoryDays } from './history-days';
import { HistoryToolbar, historySummaryText } from './history-toolbar';
import { TimelineBody } from './timeline-body';

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
  const failedCount = useFailedCount(countFailed, countKey);

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
  const serverFailedOnly = failedOnly && failedFilterApplied;
  const counts = { loaded: entries.length, shown: shown.length, total, failedCount, serverFailedOnly };

  const classes = mergeStyleSets({
    root: {
      display: 'flex',
      flexDirection: 'column',
      gap: 8,
      minWidth: 0,
      color: theme.semanticColors.bodyText,
      fontFamily: theme.fonts.medium.fontFamily,
      fontSize: theme.fonts.medium.fontSize,
    },
    more: { alignSelf: narrow ? 'stretch' : 'flex-start' },
  });

  return (
    <section className={classes.root} aria-label={t('Region_Label')} data-testid="sync-history-timeline">
      <HistoryToolbar
        summary={entries.length > 0 ? historySummaryText(counts, t) : undefined}
        failedOnly={failedOnly}
        onFailedOnlyChange={(checked) => {
          setFailedOnly(checked);
          onFailedOnlyChange(checked);
        }}
        theme={theme}
        t={t}
      />
      <TimelineBody
        error={error}
        loading={loading}
        loaded={entries.length}
        shown={shown.length}
        serverFailedOnly={serverFailedOnly}
        theme={theme}
        t={t}
      >
        <HistoryDays
          days={days}
          headingId={headingId}
          expanded={expanded}
          onToggle={toggle}
          formatDay={formatDay}
          formatTime={formatTime}
          theme={theme}
          t={t}
        />
      </TimelineBody>
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
