import { act, fireEvent, screen, within } from '@testing-library/react';
import type { MockRow, WebApiBehaviour } from '../test-support/mock-context';
import { createMockContext, datasetCalls, datasetProperty } from '../test-support/mock-context';
import { renderControl } from '../test-support/render-control';
import { readResxStrings } from '../test-support/resx-strings';
import type { IInputs } from './generated/ManifestTypes';
import { FAILED_COUNT_LIMIT, failedCountQuery } from './failed-count';
import { summaryLine } from './history-model';
import { SyncHistoryTimeline } from './index';
import { choiceValue } from '@dxc/solution';

const strings = readResxStrings('SyncHistoryTimeline');
const COLUMNS = [
  { name: 'dxc_eventon', alias: 'eventOn', dataType: 'DateAndTime.DateAndTime' },
  { name: 'dxc_status', alias: 'status', dataType: 'OptionSet' },
  { name: 'dxc_action', alias: 'action', dataType: 'OptionSet' },
  { name: 'dxc_details', alias: 'details', dataType: 'Multiple' },
  { name: 'dxc_name', alias: 'entryName', dataType: 'SingleLine.Text' },
];
const CREATE = choiceValue('dxc_syncaction', 'Create');
const UPDATE = choiceValue('dxc_syncaction', 'Update');
const PAYMENT = choiceValue('dxc_syncaction', 'Payment');
const OK = choiceValue('dxc_syncstatus', 'Successful');
const FAILED = choiceValue('dxc_syncstatus', 'Failed');
const LABELS = {
  dxc_action: { [CREATE]: 'Create', [UPDATE]: 'Update', [PAYMENT]: 'Payment' },
  dxc_status: { [OK]: 'Successful', [FAILED]: 'Failed' },
};

function row(id: string, at: string, status: number, action: number, details: string | null): MockRow {
  return {
    id,
    dxc_eventon: new Date(at),
    dxc_status: status,
    dxc_action: action,
    dxc_details: details,
    dxc_name: `Sync - ${at}`,
  };
}

const SAMPLE: MockRow[] = [
  row('a', '2026-02-02T14:57:22Z', OK, CREATE, 'Invoice has been created in Xero - 81f93ef2'),
  row('b', '2026-02-02T15:07:52Z', OK, PAYMENT, 'Invoice has been paid in Xero'),
  row(
    'c',
    '2026-02-03T09:00:00Z',
    FAILED,
    UPDATE,
    'Xero rejected the update:\nAccount code 200 is archived.\nChoose another account.',
  ),
  row('d', '2026-02-02T15:06:31Z', OK, UPDATE, null),
];

/** `count` entries an hour apart, newest first; every seventh one failed (9 of 60). */
const longHistory = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    row(
      `r${i}`,
      new Date(Date.UTC(2026, 0, 1) + (count - i) * 3600_000).toISOString(),
      i % 7 === 0 ? FAILED : OK,
      UPDATE,
      `entry ${i}`,
    ),
  );

/** Lets the failed-count read resolve and React apply it. */
const settle = () => act(async () => undefined);

const INVOICE_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

/** Dataverse's answer to the failed-count query: the ids of the record's failed rows (all rows are the record's). */
const countFromRows = (rows: MockRow[]): WebApiBehaviour => ({
  retrieveMultipleRecords: (entityType, options, maxPageSize) => {
    if (
      entityType !== 'dxc_synchistory' ||
      options !== failedCountQuery('dxc_invoiceid', INVOICE_ID, 'dxc_status')
    )
      return Promise.reject({ message: `unexpected query ${entityType}${options ?? ''}` });
    const failed = rows
      .filter((r) => r['dxc_status'] === FAILED)
      .map((r) => ({ dxc_synchistoryid: r['id'] }));
    const page = maxPageSize ?? 5000;
    return Promise.resolve({
      entities: failed.slice(0, page),
      nextLink: failed.length > page ? 'page-2' : undefined,
    });
  },
});

async function mount(
  rows: MockRow[],
  options: {
    width?: number;
    pageSize?: number;
    offset?: number;
    loading?: boolean;
    disabled?: boolean;
    webApi?: WebApiBehaviour;
    entityId?: string | null;
  } = {},
) {
  let rerender: () => void = () => undefined;
  const history = datasetProperty(rows, {
    columns: COLUMNS,
    labels: LABELS,
    pageSize: 25,
    loading: options.loading,
    onChange: () => rerender(),
  });
  const mock = createMockContext<IInputs>({
    parameters: {
      history,
      pageSize: {
        raw: options.pageSize ?? 25,
        formatted: '',
        type: 'Whole.None',
        error: false,
        errorMessage: '',
      } as unknown as IInputs['pageSize'],
    },
    strings,
    allocatedWidth: options.width ?? 900,
    timeZoneOffsetMinutes: options.offset ?? 0,
    isControlDisabled: options.disabled,
    entityId: options.entityId === null ? undefined : (options.entityId ?? `{${INVOICE_ID.toUpperCase()}}`),
    entityTypeName: 'invoice',
    webApi: options.webApi ?? countFromRows(rows),
  });
  const view = renderControl(new SyncHistoryTimeline(), mock);
  rerender = view.update;
  // The failed count is read from Dataverse after the first render: let it arrive.
  await settle();
  return { ...view, ...mock, history };
}

// Role queries over the whole document are very slow in jsdom once Fluent's styles are in; query within an entry.
const entryButton = (text: RegExp) =>
  within(
    screen.getAllByTestId('history-entry').find((li) => text.test(li.textContent ?? '')) as HTMLElement,
  ).getByRole('button');
const buttonByText = (text: string) => screen.queryByText(text)?.closest('button') ?? null;
const entryTexts = () =>
  screen.getAllByTestId('history-entry').map((li) => within(li).getByRole('button').textContent);

describe('Sync history timeline', () => {
  it('shows an empty state when the record has no history', async () => {
    await mount([]);
    expect(screen.getByTestId('history-empty')).toHaveTextContent('No sync history yet');
    expect(buttonByText('Load older entries')).toBeNull();
  });

  it('lists entries newest first, grouped under one heading per day', async () => {
    await mount(SAMPLE);
    const days = screen.getAllByTestId('history-day');
    expect(days.map((d) => within(d).getByRole('heading').textContent)).toEqual([
      'Tuesday, 3 February 2026',
      'Monday, 2 February 2026',
    ]);
    expect(entryTexts()).toEqual([
      expect.stringContaining('09:00UpdateFailed'),
      expect.stringContaining('15:07PaymentSuccessful'),
      expect.stringContaining('15:06UpdateSuccessful'),
      expect.stringContaining('14:57CreateSuccessful'),
    ]);
    expect(screen.getByRole('status')).toHaveTextContent('Showing 4 of 4 entries · 1 failed');
  });

  it("groups by the user's day, not UTC's (Tokyo: 15:06 UTC on 2 Feb is 00:06 on 3 Feb)", async () => {
    await mount(SAMPLE, { offset: 9 * 60 });
    const headings = screen
      .getAllByTestId('history-day')
      .map((d) => within(d).getByRole('heading').textContent);
    expect(headings).toEqual(['Tuesday, 3 February 2026', 'Monday, 2 February 2026']);
    expect(
      within(screen.getAllByTestId('history-day')[0] as HTMLElement).getAllByTestId('history-entry'),
    ).toHaveLength(3);
  });

  it('makes failures stand out with a word, not only a colour', async () => {
    await mount(SAMPLE);
    const failed = screen.getAllByTestId('history-entry').filter((li) => li.dataset.status === 'Failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toHaveTextContent('Failed');
    expect(getComputedStyle(failed[0] as HTMLElement).borderLeft).toMatch(/^4px solid/);
  });

  it('expands and collapses details with an accessible disclosure button', async () => {
    await mount(SAMPLE);
    const toggle = entryButton(/09:00UpdateFailed/);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(toggle).toHaveTextContent('Xero rejected the update:');
    const details = document.getElementById(toggle.getAttribute('aria-controls') as string) as HTMLElement;
    expect(details).not.toBeVisible();
    fireEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(details).toBeVisible();
    expect(details).toHaveTextContent('Account code 200 is archived. Choose another account.');
    fireEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(details).not.toBeVisible();
  });

  it('summarises multi-line details on one line in the collapsed row and cuts long ones', async () => {
    expect(summaryLine('Xero validation error:\r\nContact missing.\n  Attempt 2.')).toBe(
      'Xero validation error: Contact missing. Attempt 2.',
    );
    const long = summaryLine('x'.repeat(200)) as string;
    expect(long).toHaveLength(140);
    expect(long.endsWith('…')).toBe(true);
    expect(summaryLine(undefined)).toBeUndefined();
  });

  it('says so when an entry has no details', async () => {
    await mount(SAMPLE);
    fireEvent.click(entryButton(/15:06Update/));
    expect(screen.getByText('No details were recorded.')).toBeVisible();
  });

  it('"Failed only" filters on the server: failures beyond the loaded pages are shown', async () => {
    const rows = longHistory(60);
    const view = await mount(rows);
    expect(screen.getAllByTestId('history-entry')).toHaveLength(25);
    const filter = screen.getByRole('switch', { name: 'Failed only' });
    fireEvent.click(filter);
    expect(filter).toBeChecked();
    expect(datasetCalls(view.history).filters).toEqual([
      {
        filterOperator: 0,
        conditions: [{ attributeName: 'dxc_status', conditionOperator: 0, value: String(FAILED) }],
      },
    ]);
    // All 9 failures of the 60 entries, though only 4 of them were among the 25 loaded.
    expect(screen.getAllByTestId('history-entry')).toHaveLength(9);
    expect(entryTexts().every((text) => /Failed/.test(text ?? ''))).toBe(true);
    expect(screen.getByTestId('history-summary')).toHaveTextContent(/^Showing 9 of 9 failed entries$/);
    fireEvent.click(filter);
    expect(datasetCalls(view.history).filters[1]).toBeNull();
    expect(screen.getAllByTestId('history-entry')).toHaveLength(25);
    expect(screen.getByTestId('history-summary')).toHaveTextContent('Showing 25 of 60 entries · 9 failed');
  });

  it('says when the record has no failures at all', async () => {
    await mount(SAMPLE.filter((r) => r['dxc_status'] === OK));
    fireEvent.click(screen.getByRole('switch', { name: 'Failed only' }));
    expect(screen.getByTestId('history-empty')).toHaveTextContent('No failed syncs for this record.');
  });

  it('filters the loaded entries itself when the host cannot filter the dataset, and says so', async () => {
    const view = await mount(SAMPLE.filter((r) => r['dxc_status'] === OK));
    Object.assign(view.history.filtering, {
      setFilter: () => {
        throw new Error('filtering is not supported here');
      },
    });
    fireEvent.click(screen.getByRole('switch', { name: 'Failed only' }));
    expect(screen.getByTestId('history-empty')).toHaveTextContent(
      'No failed syncs among the 3 loaded entries.',
    );
  });

  it('counts failures in Dataverse, not among the loaded rows', async () => {
    const view = await mount(longHistory(60));
    expect(screen.getAllByTestId('history-entry')).toHaveLength(25);
    expect(screen.getByTestId('history-summary')).toHaveTextContent(/^Showing 25 of 60 entries · 9 failed$/);
    expect(view.calls.retrieveMultipleRecords).toEqual([
      {
        entityType: 'dxc_synchistory',
        options: failedCountQuery('dxc_invoiceid', INVOICE_ID, 'dxc_status'),
        maxPageSize: FAILED_COUNT_LIMIT,
      },
    ]);
    // Paging changes nothing on the server: the count is not read again.
    fireEvent.click(buttonByText('Load older entries') as HTMLElement);
    expect(view.calls.retrieveMultipleRecords).toHaveLength(1);
  });

  it('shows "5000+ failed" when there are more failures than one read counts', async () => {
    const rows = Array.from({ length: 5001 }, (_, i) =>
      row(`f${i}`, new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), FAILED, UPDATE, null),
    );
    await mount(rows);
    expect(screen.getByTestId('history-summary')).toHaveTextContent(
      'Showing 25 of 5001 entries · 5000+ failed',
    );
  });

  it('leaves the failed count out, rather than guessing, when Dataverse refuses the read or the record is new', async () => {
    await mount(longHistory(60), {
      webApi: { retrieveMultipleRecords: () => Promise.reject({ message: 'prvReadDxc_SyncHistory' }) },
    });
    expect(screen.getByTestId('history-summary')).toHaveTextContent(/^Showing 25 of 60 entries$/);

    const unsaved = await mount(longHistory(60), { entityId: null });
    expect(unsaved.calls.retrieveMultipleRecords).toEqual([]);
  });

  it('pages through a long history: loads older entries on demand until there are no more', async () => {
    const view = await mount(longHistory(60));
    expect(screen.getAllByTestId('history-entry')).toHaveLength(25);
    expect(screen.getByRole('status')).toHaveTextContent('Showing 25 of 60 entries');
    fireEvent.click(buttonByText('Load older entries') as HTMLElement);
    expect(datasetCalls(view.history).loadNextPage).toBe(1);
    expect(screen.getAllByTestId('history-entry')).toHaveLength(50);
    fireEvent.click(buttonByText('Load older entries') as HTMLElement);
    expect(screen.getAllByTestId('history-entry')).toHaveLength(60);
    expect(buttonByText('Load older entries')).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('Showing 60 of 60 entries · 9 failed');
  });

  it("asks the platform for newest-first rows and the maker's page size once", async () => {
    const view = await mount(SAMPLE, { pageSize: 10 });
    expect(datasetCalls(view.history).setPageSize).toEqual([10]);
    expect(view.history.sorting).toEqual([{ name: 'dxc_eventon', sortDirection: 1 }]);
    expect(datasetCalls(view.history).refresh).toBe(1);
    view.update();
    expect(datasetCalls(view.history).refresh).toBe(1);
  });

  it('shows a spinner while the first page loads and the platform error if loading fails', async () => {
    const view = await mount([], { loading: true });
    expect(screen.getByText('Loading sync history…')).toBeInTheDocument();
    Object.assign(view.history, {
      loading: false,
      error: true,
      errorMessage: 'You do not have permission to read Sync History.',
    });
    view.update();
    await settle();
    expect(screen.getByRole('alert')).toHaveTextContent('You do not have permission to read Sync History.');
  });

  it('stretches the paging button to the full width at 300 px', async () => {
    const rows = Array.from({ length: 30 }, (_, i) =>
      row(`n${i}`, `2026-03-01T10:${String(i).padStart(2, '0')}:00Z`, OK, UPDATE, null),
    );
    await mount(rows, { width: 300 });
    expect(getComputedStyle(buttonByText('Load older entries') as HTMLElement).alignSelf).toBe('stretch');
  });

  it('on a read-only form still lets users read: expand, filter and page (it never writes)', async () => {
    const view = await mount(SAMPLE, { disabled: true });
    fireEvent.click(entryButton(/09:00UpdateFailed/));
    expect(entryButton(/09:00UpdateFailed/)).toHaveAttribute('aria-expanded', 'true');
    fireEvent.click(screen.getByRole('switch', { name: 'Failed only' }));
    expect(screen.getAllByTestId('history-entry')).toHaveLength(1);
    expect(view.calls.updateRecord).toHaveLength(0);
  });

  it('keeps failures distinct in forced-colours mode (system colours, the thick rule stays)', async () => {
    await mount(SAMPLE);
    const failed = screen
      .getAllByTestId('history-entry')
      .find((li) => li.dataset.status === 'Failed') as HTMLElement;
    const css = Array.from(document.styleSheets)
      .flatMap((sheet) => Array.from(sheet.cssRules).map((rule) => rule.cssText))
      .join('\n');
    expect(css).toContain(
      `(forced-colors: active) {.${failed.className} {border-left-color: WindowText; background: Window; forced-color-adjust: none;}}`,
    );
    expect(getComputedStyle(failed).borderLeft).toMatch(/^4px solid/);
  });
});
