import * as React from 'react';
import { isNarrowWidth } from '../shared/layout';
import { createTranslator } from '../shared/strings';
import { SyncHistoryTimelineView } from './components/sync-history-timeline-view';
import type { IInputs, IOutputs } from './generated/ManifestTypes';
import { readHistory, resolveColumns } from './history-model';

const DEFAULT_PAGE_SIZE = 25;
/** SortDirection.Descending in the PCF typings (the `ComponentFramework` namespace has no runtime value). */
const DESCENDING = 1 as ComponentFramework.PropertyHelper.DataSetApi.Types.SortDirection;

/**
 * Sync history timeline for the dxc_synchistory subgrid. It asks the platform for newest-first rows (server-side
 * sort, so paging returns older entries next) and loads further pages on demand.
 */
export class SyncHistoryTimeline implements ComponentFramework.ReactControl<IInputs, IOutputs> {
  private prepared = false;

  public init(context: ComponentFramework.Context<IInputs>): void {
    context.mode.trackContainerResize(true);
  }

  public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
    const dataset = context.parameters.history;
    if (!this.prepared && !dataset.loading) {
      this.prepared = true;
      this.prepare(context);
    }
    return React.createElement(SyncHistoryTimelineView, {
      entries: readHistory(dataset),
      loading: dataset.loading,
      error: dataset.error ? dataset.errorMessage || '—' : undefined,
      total: typeof dataset.paging?.totalResultCount === 'number' ? dataset.paging.totalResultCount : -1,
      hasMore: dataset.paging?.hasNextPage === true,
      onLoadMore: () => {
        try {
          // Without loadOnlyNewPage the platform returns the whole page range: older entries are appended.
          dataset.paging.loadNextPage();
        } catch {
          // Hosts without paging (the pcf-start harness) throw; the list simply stays as it is.
        }
      },
      narrow: isNarrowWidth(context.mode.allocatedWidth),
      t: createTranslator(context.resources),
      // Days are grouped with the user's time-zone offset; formatDateLong is assumed to apply the same user setting
      // (UNVERIFIED: the PCF docs do not say whether it converts to the user's time zone).
      formatDay: (date: Date) => context.formatting.formatDateLong(date),
      formatTime: (date: Date) =>
        context.formatting.formatTime(
          date,
          1 as ComponentFramework.FormattingApi.Types.DateTimeFieldBehavior,
        ),
      offsetMinutes: (date: Date) => context.userSettings.getTimeZoneOffsetMinutes(date),
    });
  }

  public getOutputs(): IOutputs {
    return {};
  }

  public destroy(): void {
    // Nothing to release: no timers or subscriptions.
  }

  /** Page size from the maker's setting, and a newest-first server sort unless the view already has it. */
  private prepare(context: ComponentFramework.Context<IInputs>): void {
    const dataset = context.parameters.history;
    const requested = context.parameters.pageSize?.raw;
    const pageSize =
      typeof requested === 'number' && Number.isInteger(requested) && requested >= 1 && requested <= 250
        ? requested
        : DEFAULT_PAGE_SIZE;
    const eventOn = resolveColumns(dataset).eventOn;
    const first = dataset.sorting?.[0];
    const sortedNewestFirst =
      first !== undefined && first.name === eventOn && first.sortDirection === DESCENDING;
    try {
      let changed = false;
      if (dataset.paging && dataset.paging.pageSize !== pageSize) {
        dataset.paging.setPageSize(pageSize);
        changed = true;
      }
      if (!sortedNewestFirst && Array.isArray(dataset.sorting)) {
        dataset.sorting.splice(0, dataset.sorting.length, { name: eventOn, sortDirection: DESCENDING });
        changed = true;
      }
      if (changed) dataset.refresh();
    } catch {
      // Some hosts (pcf-start, canvas) do not allow sorting or paging changes; rows are then sorted client-side.
    }
  }
}
