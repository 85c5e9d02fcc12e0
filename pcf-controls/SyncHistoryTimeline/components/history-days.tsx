import type { ITheme } from '@fluentui/react';
import { mergeStyleSets } from '@fluentui/react';
import * as React from 'react';
import type { Translate } from '../../shared/strings';
import type { HistoryDay } from '../history-model';
import { HistoryEntryRow } from './history-entry-row';

export interface HistoryDaysProps {
  days: HistoryDay[];
  /** Prefix of the day headings' ids (each day's section is labelled by its heading). */
  headingId: string;
  expanded: ReadonlySet<string>;
  onToggle: (id: string) => void;
  formatDay: (date: Date) => string;
  formatTime: (date: Date) => string;
  theme: ITheme;
  t: Translate;
}

/** The entries grouped by day: one section per day, headed by the date, over an ordered list of entries. */
export function HistoryDays({
  days,
  headingId,
  expanded,
  onToggle,
  formatDay,
  formatTime,
  theme,
  t,
}: HistoryDaysProps): React.ReactElement {
  const classes = mergeStyleSets({
    dayHeading: { ...theme.fonts.mediumPlus, fontWeight: 600, margin: '8px 0 4px' },
    list: { display: 'flex', flexDirection: 'column', gap: 4, margin: 0, padding: 0 },
  });
  return (
    <>
      {days.map((day) => {
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
                  onToggle={onToggle}
                  theme={theme}
                  t={t}
                />
              ))}
            </ol>
          </section>
        );
      })}
    </>
  );
}
