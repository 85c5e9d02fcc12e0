import * as React from 'react';
import { getFormEntityType, getFormRecordId } from '../shared/entity-id';
import { isNarrowWidth } from '../shared/layout';
import { createTranslator } from '../shared/strings';
import { SyncHistoryTimelineView } from './components/sync-history-timeline-view';
import type { IInputs, IOutputs } from './generated/ManifestTypes';
import type { FailedCount } from './failed-count';
import {
  FAILED_COUNT_LIMIT,
  FAILED_STATUS,
  PARENT_LOOKUPS,
  failedCountOf,
  failedCountQuery,
} from './failed-count';
import { readHistory, resolveColumns } from './history-model';

const DEFAULT_PAGE_SIZE = 25;
/** SortDirection.Descending in the PCF typings (the `ComponentFramework` namespace has no runtime value). */
const DESCENDING = 1 as ComponentFramework.PropertyHelper.DataSetApi.Types.SortDirection;
/** ConditionOperator.Equal and FilterOperator.And in the PCF typings. */
const EQUAL = 0 as ComponentFramework.PropertyHelper.DataSetApi.Types.ConditionOperator;
const AND = 0 as ComponentFramework.PropertyHelper.DataSetApi.Types.FilterOperator;

/**
 * Sync history timeline for the dxc_synchistory subgrid. It asks the platform for newest-first rows (server-side
 * sort, so paging returns older entries next) and loads further pages on demand. "Failed only" is a server-side
 * filter on the subgrid's own query, and the failed count is read from Dataverse, so neither depends on which pages
 * happen to be loaded.
 */
export class SyncHistoryTimeline implements ComponentFramework.ReactControl<IInputs, IOutputs> {
  private prepared = false;
  /** The platform accepted our Failed filter: the loaded rows are failures only, and the total counts failures. */
  private failedFilterApplied = false;
  /** The subgrid's total without our filter, so the failed count is re-read only when new entries arrive. */
  private unfilteredTotal = -1;

  public init(context: ComponentFramework.Context<IInputs>): void {
    context.mode.trackContainerResize(true);
  }

  public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
    const dataset = context.parameters.history;
    if (!this.prepared && !dataset.loading) {
      this.prepared = true;
      this.prepare(context);
    }
    // UNVERIFIED: the platform's totalResultCount for a subgrid stops at 5,000 like its other counts (it may be -1).
    const total = typeof dataset.paging?.totalResultCount === 'number' ? dataset.paging.totalResultCount : -1;
    if (!this.failedFilterApplied && !dataset.loading) this.unfilteredTotal = total;
    const recordId = getFormRecordId(context.mode);
    const entityType = getFormEntityType(context.mode);
    const parentLookup = entityType === undefined ? undefined : PARENT_LOOKUPS[entityType];
    const statusColumn = resolveColumns(dataset).status;
    return React.createElement(SyncHistoryTimelineView, {
      entries: readHistory(dataset),
      loading: dataset.loading,
      error: dataset.error ? dataset.errorMessage || '—' : undefined,
      total,
      failedFilterApplied: this.failedFilterApplied,
      onFailedOnlyChange: (failedOnly: boolean) => this.filterFailed(context, failedOnly),
      countKey: `${recordId ?? ''}|${this.unfilteredTotal}`,
      countFailed:
        recordId && parentLookup
          ? async (): Promise<FailedCount> =>
              failedCountOf(
                await context.webAPI.retrieveMultipleRecords(
                  'dxc_synchistory',
                  failedCountQuery(parentLookup, recordId, statusColumn),
                  FAILED_COUNT_LIMIT,
                ),
              )
          : undefined,
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

  /**
   * Adds (or removes) `status = Failed` to the subgrid's query and reloads from the first page. The choice value is
   * passed as text, as ConditionExpression.value is typed. Hosts without dataset filtering (pcf-start, canvas) throw;
   * the view then filters the loaded rows itself and says the count is of loaded entries.
   * UNVERIFIED: Microsoft documents dataset.filtering for model-driven datasets but not, explicitly, that a related-
   * records subgrid keeps its relationship condition under ours, nor the text form of a choice value.
   */
  private filterFailed(context: ComponentFramework.Context<IInputs>, failedOnly: boolean): void {
    const dataset = context.parameters.history;
    try {
      if (failedOnly) {
        dataset.filtering.setFilter({
          filterOperator: AND,
          conditions: [
            {
              attributeName: resolveColumns(dataset).status,
              conditionOperator: EQUAL,
              value: String(FAILED_STATUS),
            },
          ],
        });
      } else {
        dataset.filtering.clearFilter();
      }
      this.failedFilterApplied = failedOnly;
      dataset.paging.reset();
      dataset.refresh();
    } catch {
      this.failedFilterApplied = false;
    }
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
