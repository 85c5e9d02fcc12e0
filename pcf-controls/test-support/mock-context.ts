// A typed stand-in for ComponentFramework.Context, shared by the jsdom unit tests and the browser harness.
// It has no runtime imports on purpose: the harness server transpiles this one file for the page (see
// harness-server.ts), so the browser tests drive the built bundles with exactly the context the unit tests use.

/** Records every call a control makes into the platform, in order. */
export interface PlatformCalls {
  updateRecord: { entityType: string; id: string; data: Record<string, unknown> }[];
  retrieveRecord: { entityType: string; id: string; options?: string }[];
  retrieveMultipleRecords: { entityType: string; options?: string; maxPageSize?: number }[];
  openUrl: string[];
  trackContainerResize: boolean[];
  loadNextPage: number;
  refresh: number;
  setPageSize: number[];
}

/** What `webAPI.retrieveMultipleRecords` resolves with (RetrieveMultipleResponse). */
export interface RetrieveMultipleAnswer {
  entities: Record<string, unknown>[];
  nextLink?: string;
}

/**
 * How the fake Dataverse answers. Default: update succeeds, retrieve returns `{}`, retrieveMultiple rejects (a control
 * must cope with a refused read). The browser harness can answer retrieveMultipleRecords from the Dataverse emulator.
 */
export interface WebApiBehaviour {
  updateRecord?: (entityType: string, id: string, data: Record<string, unknown>) => Promise<unknown>;
  retrieveRecord?: (entityType: string, id: string, options?: string) => Promise<Record<string, unknown>>;
  retrieveMultipleRecords?: (
    entityType: string,
    options?: string,
    maxPageSize?: number,
  ) => Promise<RetrieveMultipleAnswer>;
}

export interface MockContextOptions<TInputs> {
  parameters: TInputs;
  /** resx strings (readResxStrings in node; served as JSON to the harness page). */
  strings: Record<string, string>;
  allocatedWidth?: number;
  allocatedHeight?: number;
  isControlDisabled?: boolean;
  /** The form's record id (`context.mode.contextInfo.entityId`); omit for a new, unsaved record. */
  entityId?: string;
  entityTypeName?: string;
  webApi?: WebApiBehaviour;
  /** The user's time-zone offset from UTC in minutes (Dataverse user setting). */
  timeZoneOffsetMinutes?: number;
}

export interface MockContext<TInputs> {
  context: ComponentFramework.Context<TInputs>;
  calls: PlatformCalls;
}

export function createMockContext<TInputs>(options: MockContextOptions<TInputs>): MockContext<TInputs> {
  const calls: PlatformCalls = {
    updateRecord: [],
    retrieveRecord: [],
    retrieveMultipleRecords: [],
    openUrl: [],
    trackContainerResize: [],
    loadNextPage: 0,
    refresh: 0,
    setPageSize: [],
  };
  const offset = options.timeZoneOffsetMinutes ?? 0;
  const behaviour = options.webApi ?? {};

  const mode = {
    allocatedWidth: options.allocatedWidth ?? 800,
    allocatedHeight: options.allocatedHeight ?? -1,
    isControlDisabled: options.isControlDisabled ?? false,
    isVisible: true,
    label: 'Xero',
    contextInfo: options.entityId
      ? { entityId: options.entityId, entityTypeName: options.entityTypeName ?? '', entityRecordName: '' }
      : undefined,
    setControlState: () => true,
    setFullScreen: () => undefined,
    trackContainerResize: (value: boolean) => {
      calls.trackContainerResize.push(value);
    },
  };

  const formatting = {
    formatCurrency: (value: number, precision?: number, symbol?: string) => {
      const digits = precision ?? 2;
      const text = Math.abs(value).toLocaleString('en-GB', {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
      return `${value < 0 ? '-' : ''}${symbol ?? '$'}${text}`;
    },
    formatDecimal: (value: number, precision?: number) => value.toFixed(precision ?? 2),
    formatInteger: (value: number) => value.toLocaleString('en-GB'),
    formatDateShort: (value: Date, includeTime?: boolean) => {
      const local = new Date(value.getTime() + offset * 60000).toISOString();
      return includeTime ? `${local.slice(0, 10)} ${local.slice(11, 16)}` : local.slice(0, 10);
    },
    formatDateLong: (value: Date) =>
      new Date(value.getTime() + offset * 60000).toLocaleDateString('en-GB', {
        timeZone: 'UTC',
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
      }),
    formatDateLongAbbreviated: (value: Date) => value.toISOString().slice(0, 10),
    formatDateYearMonth: (value: Date) => value.toISOString().slice(0, 7),
    formatDateAsFilterStringInUTC: (value: Date) => value.toISOString(),
    formatLanguage: (value: number) => String(value),
    formatTime: (value: Date) => new Date(value.getTime() + offset * 60000).toISOString().slice(11, 16),
    getWeekOfYear: () => 1,
  };

  const webAPI = {
    updateRecord: (entityType: string, id: string, data: Record<string, unknown>) => {
      calls.updateRecord.push({ entityType, id, data });
      const answer = behaviour.updateRecord
        ? behaviour.updateRecord(entityType, id, data)
        : Promise.resolve();
      return answer.then(() => ({ entityType, id, name: '' }));
    },
    retrieveRecord: (entityType: string, id: string, options?: string) => {
      calls.retrieveRecord.push({ entityType, id, options });
      return behaviour.retrieveRecord
        ? behaviour.retrieveRecord(entityType, id, options)
        : Promise.resolve({});
    },
    createRecord: () => Promise.reject(new Error('createRecord is not used by these controls')),
    deleteRecord: () => Promise.reject(new Error('deleteRecord is not used by these controls')),
    retrieveMultipleRecords: (entityType: string, options?: string, maxPageSize?: number) => {
      calls.retrieveMultipleRecords.push({ entityType, options, maxPageSize });
      return behaviour.retrieveMultipleRecords
        ? behaviour.retrieveMultipleRecords(entityType, options, maxPageSize)
        : Promise.reject({ message: `retrieveMultipleRecords(${entityType}) has no answer in this test` });
    },
  };

  const context = {
    parameters: options.parameters,
    mode,
    formatting,
    webAPI,
    resources: {
      getString: (id: string) => (id in options.strings ? (options.strings[id] as string) : id),
      getResource: (_id: string, _ok: (data: string) => void, failure: () => void) => failure(),
    },
    navigation: {
      openUrl: (url: string) => {
        calls.openUrl.push(url);
      },
    },
    userSettings: {
      getTimeZoneOffsetMinutes: () => offset,
      isRTL: false,
      languageId: 1033,
      userId: '{00000000-0000-0000-0000-000000000001}',
      userName: 'Test User',
      securityRoles: [],
    },
    client: {
      getClient: () => 'Web',
      getFormFactor: () => 1,
      isOffline: () => false,
      isNetworkAvailable: () => true,
    },
    updatedProperties: [],
  };
  return { context: context as unknown as ComponentFramework.Context<TInputs>, calls };
}

/** Property builders: the shapes the platform passes for bound columns. */
export function optionSetProperty(
  raw: number | null,
  formatted?: string,
): ComponentFramework.PropertyTypes.OptionSetProperty {
  return {
    raw,
    formatted: formatted ?? (raw === null ? '' : String(raw)),
    type: 'OptionSet',
    error: false,
    errorMessage: '',
    security: { editable: true, readable: true, secured: false },
    attributes: undefined,
  } as unknown as ComponentFramework.PropertyTypes.OptionSetProperty;
}

export function textProperty(raw: string | null): ComponentFramework.PropertyTypes.StringProperty {
  return {
    raw,
    formatted: raw ?? '',
    type: 'SingleLine.Text',
    error: false,
    errorMessage: '',
  } as unknown as ComponentFramework.PropertyTypes.StringProperty;
}

export function moneyProperty(
  raw: number | null,
  formatted?: string,
): ComponentFramework.PropertyTypes.NumberProperty {
  return {
    raw,
    formatted: formatted ?? '',
    type: 'Currency',
    error: false,
    errorMessage: '',
    attributes: { Precision: 2 },
  } as unknown as ComponentFramework.PropertyTypes.NumberProperty;
}

export function dateTimeProperty(raw: Date | null): ComponentFramework.PropertyTypes.DateTimeProperty {
  return {
    raw,
    formatted: raw ? raw.toISOString() : '',
    type: 'DateAndTime.DateAndTime',
    error: false,
    errorMessage: '',
  } as unknown as ComponentFramework.PropertyTypes.DateTimeProperty;
}

export function lookupProperty(
  raw: ComponentFramework.LookupValue[] | null,
): ComponentFramework.PropertyTypes.LookupProperty {
  return {
    raw: raw ?? [],
    formatted: raw?.[0]?.name ?? '',
    type: 'Lookup.Simple',
    error: false,
    errorMessage: '',
  } as unknown as ComponentFramework.PropertyTypes.LookupProperty;
}

/** One row of a dataset: column logical name → value (Date for date columns, number for choices). */
export type MockRow = Record<string, string | number | Date | null>;

export interface MockDatasetOptions {
  /** Logical names and the manifest property-set aliases they are mapped to. */
  columns: { name: string; alias: string; dataType: string }[];
  pageSize?: number;
  /** Formatted labels per column and raw value (choices). */
  labels?: Record<string, Record<number, string>>;
  loading?: boolean;
  /** Called after paging changes the loaded records, like the platform's next updateView. */
  onChange?: () => void;
}

/** A dataset filter as the control sets it (ConditionOperator 0 = Equal is the only one this fake evaluates). */
interface MockFilter {
  filterOperator: number;
  conditions: { attributeName: string; conditionOperator: number; value: string | string[] }[];
}

/** Whether the dataset's filter keeps `row` (no filter keeps every row). */
function matchesFilter(row: MockRow, filter: MockFilter | null): boolean {
  return (
    !filter ||
    filter.conditions.every((c) => {
      const value = row[c.attributeName];
      const wanted = Array.isArray(c.value) ? c.value : [c.value];
      return value !== null && value !== undefined && wanted.includes(String(value));
    })
  );
}

/** One dataset record (EntityRecord) over a row; choices are formatted with `labels`. */
function mockRecord(id: string, row: MockRow, labels: MockDatasetOptions['labels']) {
  return {
    getRecordId: () => id,
    getValue: (column: string) => row[column] ?? null,
    getFormattedValue: (column: string) => {
      const value = row[column];
      if (value === null || value === undefined) return '';
      if (typeof value === 'number') return labels?.[column]?.[value] ?? String(value);
      if (value instanceof Date) return value.toISOString();
      return value;
    },
    getNamedReference: () => ({
      id: { guid: id },
      name: String(row['dxc_name'] ?? ''),
      etn: 'dxc_synchistory',
    }),
  };
}

/**
 * A dataset over `rows` (the "server" result, in server order) that loads `pageSize` rows per page and accumulates
 * pages on loadNextPage, as model-driven grids do for `loadNextPage()` without `loadOnlyNewPage`. A filter set with
 * `filtering.setFilter` applies to the whole result (the server's query), and `totalResultCount` counts what it
 * keeps; `refresh()` reloads and, like the platform, calls updateView again (`onChange`).
 */
export function datasetProperty(
  rows: MockRow[],
  options: MockDatasetOptions,
): ComponentFramework.PropertyTypes.DataSet {
  let pageSize = options.pageSize ?? 25;
  let pages = 1;
  const dataset = {
    loading: options.loading ?? false,
    error: false,
    errorMessage: '',
    columns: options.columns.map((column, order) => ({
      name: column.name,
      alias: column.alias,
      displayName: column.alias,
      dataType: column.dataType,
      order,
      visualSizeFactor: 1,
    })),
    sorting: [] as { name: string; sortDirection: number }[],
    filtering: {
      getFilter: () => filter,
      setFilter: (expression: MockFilter) => {
        if (expression.filterOperator !== 0) throw new Error('the mock dataset evaluates And filters only');
        for (const condition of expression.conditions) {
          if (condition.conditionOperator !== 0) throw new Error('the mock dataset evaluates Equal only');
          if (!options.columns.some((c) => c.name === condition.attributeName))
            throw new Error(`no column ${condition.attributeName} in the view`);
        }
        calls.filters.push(JSON.parse(JSON.stringify(expression)) as MockFilter);
        filter = expression;
      },
      clearFilter: () => {
        calls.filters.push(null);
        filter = null;
      },
    },
    linking: {},
    records: {} as Record<string, unknown>,
    sortedRecordIds: [] as string[],
    paging: {
      totalResultCount: rows.length,
      firstPageNumber: 1,
      lastPageNumber: 1,
      pageSize,
      hasNextPage: false,
      hasPreviousPage: false,
      loadNextPage: () => {
        calls.loadNextPage += 1;
        pages += 1;
        load();
        options.onChange?.();
      },
      loadPreviousPage: () => undefined,
      loadExactPage: () => undefined,
      reset: () => {
        pages = 1;
        load();
      },
      setPageSize: (size: number) => {
        calls.setPageSize.push(size);
        pageSize = size;
        dataset.paging.pageSize = size;
        load();
      },
    },
    refresh: () => {
      calls.refresh += 1;
      load();
      options.onChange?.();
    },
    getTargetEntityType: () => 'dxc_synchistory',
    getTitle: () => 'Sync history',
    getViewId: () => '00000000-0000-0000-0000-000000000000',
    getSelectedRecordIds: () => [] as string[],
    setSelectedRecordIds: () => undefined,
    clearSelectedRecordIds: () => undefined,
    openDatasetItem: () => undefined,
  };
  let filter: MockFilter | null = null;
  const calls = {
    loadNextPage: 0,
    refresh: 0,
    setPageSize: [] as number[],
    filters: [] as (MockFilter | null)[],
  };
  function load(): void {
    const result = rows.filter((row) => matchesFilter(row, filter));
    dataset.paging.totalResultCount = result.length;
    const visible = result.slice(0, pages * pageSize);
    dataset.records = {};
    dataset.sortedRecordIds = [];
    visible.forEach((row, index) => {
      const id = String(row['id'] ?? `row-${index}`);
      dataset.sortedRecordIds.push(id);
      dataset.records[id] = mockRecord(id, row, options.labels);
    });
    dataset.paging.lastPageNumber = pages;
    dataset.paging.hasNextPage = visible.length < result.length;
  }
  load();
  return Object.assign(dataset, { mockCalls: calls }) as unknown as ComponentFramework.PropertyTypes.DataSet;
}

export interface DatasetCalls {
  loadNextPage: number;
  refresh: number;
  setPageSize: number[];
  /** Every setFilter expression, and null for each clearFilter. */
  filters: (MockFilter | null)[];
}

/** The paging/refresh/filter calls a `datasetProperty` received. */
export function datasetCalls(dataset: ComponentFramework.PropertyTypes.DataSet): DatasetCalls {
  return (dataset as unknown as { mockCalls: DatasetCalls }).mockCalls;
}
