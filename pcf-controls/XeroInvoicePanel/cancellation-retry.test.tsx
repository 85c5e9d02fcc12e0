import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import * as React from 'react';
import type { WebApiBehaviour } from '../test-support/mock-context';
import {
  createMockContext,
  dateTimeProperty,
  lookupProperty,
  moneyProperty,
  textProperty,
} from '../test-support/mock-context';
import { renderControl } from '../test-support/render-control';
import { readResxStrings } from '../test-support/resx-strings';
import { createTranslator } from '../shared/strings';
import type { CancellationState } from './cancellation-retry-model';
import { CANCEL_RETRY_COLUMN, latestCancellationQuery, readCancellation } from './cancellation-retry-model';
import { CancellationRetry } from './components/cancellation-retry';
import type { IInputs } from './generated/ManifestTypes';
import { XeroInvoicePanel } from './index';
import { choiceValue } from '@dxc/solution';
import { choiceProperty } from '../test-support/choice-property';

const strings = readResxStrings('XeroInvoicePanel');
const INVOICE_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const FAILED_ROW = '11111111-2222-4333-8444-555555555555';
const OUTCOME_ROW = '66666666-7777-4888-8999-000000000000';
const iso = (date: Date) => date.toISOString();

const historyRow = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  dxc_synchistoryid: FAILED_ROW,
  dxc_status: choiceValue('dxc_syncstatus', 'Failed'),
  dxc_eventon: '2026-12-01T10:00:00Z',
  dxc_details: 'Cancelling it in Xero failed: Xero is temporarily unavailable.',
  [CANCEL_RETRY_COLUMN]: null,
  dxc_InvoiceId: { invoiceid: INVOICE_ID, statecode: 3 },
  ...overrides,
});

function inputs(): IInputs {
  return {
    xeroStatus: choiceProperty('dxc_xerostatus', 'Authorised'),
    xeroInvoiceNumber: textProperty('INV-0044'),
    xeroUrl: textProperty(null),
    amountDue: moneyProperty(1080),
    amountPaid: moneyProperty(0),
    exportStatus: choiceProperty('dxc_exportstatus', 'Yes'),
    exportedOn: dateTimeProperty(new Date('2026-12-01T09:00:00Z')),
    lastSyncMessage: textProperty(null),
    invoiceType: choiceProperty('dxc_invoicetype', 'Sales invoice'),
    onlineInvoiceUrl: textProperty(null),
    connection: lookupProperty([
      {
        id: 'a1b2c3d4-0000-0000-0000-000000000001',
        name: 'Demo Company (UK)',
        entityType: 'dxc_xeroconnection',
      },
    ]),
    currencySymbol: textProperty('£'),
  };
}

/** A Dataverse that answers the panel's one cancellation query with `rows()` (and refuses any other read). */
function historyStore(rows: () => Record<string, unknown>[], update?: WebApiBehaviour['updateRecord']) {
  return {
    retrieveMultipleRecords: (entityType: string, options?: string) =>
      entityType === 'dxc_synchistory' && options === latestCancellationQuery(INVOICE_ID)
        ? Promise.resolve({ entities: rows() })
        : Promise.reject({ message: `unexpected query ${entityType}${options ?? ''}` }),
    updateRecord: update,
  } satisfies WebApiBehaviour;
}

function mountPanel(webApi: WebApiBehaviour, options: { disabled?: boolean; entityId?: string | null } = {}) {
  const mock = createMockContext<IInputs>({
    parameters: inputs(),
    strings,
    entityId: options.entityId === null ? undefined : (options.entityId ?? `{${INVOICE_ID.toUpperCase()}}`),
    isControlDisabled: options.disabled ?? true, // a cancelled invoice's form is read-only
    webApi,
  });
  renderControl(new XeroInvoicePanel(), mock);
  return mock;
}

describe('reading the latest cancellation', () => {
  const format = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');

  it('asks for one row: the invoice’s latest Delete, Void or Credit note row with the invoice’s state', () => {
    const cancellationActions = ['Delete', 'Void', 'Credit note']
      .map((label) => `dxc_action eq ${choiceValue('dxc_syncaction', label)}`)
      .join(' or ');
    expect(latestCancellationQuery(INVOICE_ID)).toBe(
      `?$select=dxc_synchistoryid,dxc_status,dxc_eventon,dxc_details,dxc_cancelretryrequestedon` +
        `&$filter=_dxc_invoiceid_value eq ${INVOICE_ID} and (${cancellationActions})` +
        `&$orderby=dxc_eventon desc,dxc_cancelretryrequestedon asc,createdon desc&$top=1&$expand=dxc_InvoiceId($select=statecode)`,
    );
  });

  it.each<[string, Record<string, unknown>[], CancellationState]>([
    ['no cancellation row', [], { kind: 'none' }],
    ['an invoice reactivated since', [historyRow({ dxc_InvoiceId: { statecode: 0 } })], { kind: 'none' }],
    [
      'a failure',
      [historyRow()],
      {
        kind: 'failed',
        historyId: FAILED_ROW,
        on: '2026-12-01 10:00',
        details: 'Cancelling it in Xero failed: Xero is temporarily unavailable.',
      },
    ],
    [
      'a failure with a retry requested',
      [historyRow({ [CANCEL_RETRY_COLUMN]: '2026-12-01T10:05:00Z' })],
      { kind: 'pending', historyId: FAILED_ROW, requestedOn: '2026-12-01 10:05' },
    ],
    [
      'a success',
      [
        historyRow({
          dxc_synchistoryid: OUTCOME_ROW,
          dxc_status: choiceValue('dxc_syncstatus', 'Successful'),
          dxc_details: 'Credit note CN-0001.',
        }),
      ],
      { kind: 'cancelled', historyId: OUTCOME_ROW, on: '2026-12-01 10:00', details: 'Credit note CN-0001.' },
    ],
  ])('%s', (_case, rows, expected) => {
    expect(readCancellation(rows, format)).toEqual(expected);
  });
});

describe('Retry cancellation on the Xero invoice panel', () => {
  it('offers the retry on a failed cancellation although the form is read-only, and writes the history row', async () => {
    const mock = mountPanel(historyStore(() => [historyRow()]));
    const button = await screen.findByRole('button', { name: 'Retry cancellation' });
    expect(screen.getByTestId('cancellation-failed')).toHaveTextContent(
      /^Cancelling this invoice in Xero failed \(2026-12-01 10:00\)\. Cancelling it in Xero failed: Xero is temporarily unavailable\.$/,
    );
    expect(button).toBeEnabled();
    const before = Date.now();
    fireEvent.click(button);
    await screen.findByTestId('cancellation-pending');
    expect(screen.queryByRole('button', { name: 'Retry cancellation' })).not.toBeInTheDocument();
    expect(mock.calls.updateRecord).toHaveLength(1);
    const [call] = mock.calls.updateRecord;
    expect(call).toMatchObject({ entityType: 'dxc_synchistory', id: FAILED_ROW });
    expect(Object.keys(call!.data)).toEqual([CANCEL_RETRY_COLUMN]);
    const requestedAt = Date.parse(call!.data[CANCEL_RETRY_COLUMN] as string);
    expect(requestedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(call!.data[CANCEL_RETRY_COLUMN]).toBe(iso(new Date(requestedAt)));
    // Nothing is written on the invoice: a cancelled invoice is read-only.
    expect(mock.calls.updateRecord.filter((c) => c.entityType === 'invoice')).toEqual([]);
  });

  it('shows a retry already requested (by anyone) as pending, without a button', async () => {
    mountPanel(historyStore(() => [historyRow({ [CANCEL_RETRY_COLUMN]: '2026-12-01T10:05:00Z' })]));
    expect(await screen.findByTestId('cancellation-pending')).toHaveTextContent(
      'Retry requested. Cancelling it in Xero again…',
    );
    expect(screen.queryByRole('button', { name: 'Retry cancellation' })).not.toBeInTheDocument();
  });

  it('shows nothing about cancellation when the invoice is active, the read is refused, or the invoice is unsaved', async () => {
    const active = mountPanel(historyStore(() => [historyRow({ dxc_InvoiceId: { statecode: 0 } })]));
    await waitFor(() => expect(active.calls.retrieveMultipleRecords).toHaveLength(1));
    expect(screen.queryByTestId('cancellation')).not.toBeInTheDocument();

    const refused = mountPanel({});
    await waitFor(() => expect(refused.calls.retrieveMultipleRecords).toHaveLength(1));
    expect(screen.queryByTestId('cancellation')).not.toBeInTheDocument();

    const unsaved = mountPanel(
      historyStore(() => [historyRow()]),
      { entityId: null },
    );
    expect(unsaved.calls.retrieveMultipleRecords).toEqual([]);
    expect(screen.queryByTestId('cancellation')).not.toBeInTheDocument();
  });

  it('says why when the request is refused, and offers the button again', async () => {
    mountPanel(
      historyStore(
        () => [historyRow()],
        () => Promise.reject({ message: 'Principal user is missing prvWritedxc_SyncHistory privilege' }),
      ),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Retry cancellation' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The retry could not be requested: Principal user is missing prvWritedxc_SyncHistory privilege',
    );
    expect(screen.getByRole('button', { name: 'Retry cancellation' })).toBeEnabled();
    expect(screen.queryByTestId('cancellation-pending')).not.toBeInTheDocument();
  });

  it('reads again while pending and shows the outcome the flow recorded', async () => {
    let rows = [historyRow()];
    const requests: string[] = [];
    const store = historyStore(() => rows);
    const t = createTranslator({
      getString: (key: string) => strings[key] ?? key,
    } as ComponentFramework.Resources);
    render(
      <CancellationRetry
        load={async () =>
          readCancellation(
            (await store.retrieveMultipleRecords('dxc_synchistory', latestCancellationQuery(INVOICE_ID)))
              .entities,
            (d) => d.toISOString().slice(0, 16).replace('T', ' '),
          )
        }
        requestRetry={async (historyId) => {
          requests.push(historyId);
        }}
        t={t}
        classes={{ field: 'f', label: 'l', message: 'm', muted: 'u', actions: 'a' }}
        pollMs={10}
        maxPolls={1000}
      />,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Retry cancellation' }));
    await screen.findByTestId('cancellation-pending');
    expect(requests).toEqual([FAILED_ROW]);
    // The Retry cancellation in Xero flow records its outcome as a new, newer row.
    rows = [
      historyRow({
        dxc_synchistoryid: OUTCOME_ROW,
        dxc_status: choiceValue('dxc_syncstatus', 'Successful'),
        dxc_eventon: '2026-12-01T10:06:00Z',
        dxc_details:
          'Cancellation retried. A credit note CN-0001 for the full amount has been raised in Xero.',
      }),
    ];
    expect(await screen.findByTestId('cancellation-outcome')).toHaveTextContent(
      'Cancelled in Xero (2026-12-01 10:06). Cancellation retried. A credit note CN-0001 for the full amount has been raised in Xero.',
    );
    expect(screen.queryByRole('button', { name: 'Retry cancellation' })).not.toBeInTheDocument();
  });

  it('stops reading after its last poll and says to look later', async () => {
    const t = createTranslator({
      getString: (key: string) => strings[key] ?? key,
    } as ComponentFramework.Resources);
    let reads = 0;
    render(
      <CancellationRetry
        load={async () => {
          reads += 1;
          return { kind: 'pending', historyId: FAILED_ROW };
        }}
        requestRetry={async () => undefined}
        t={t}
        classes={{ field: 'f', label: 'l', message: 'm', muted: 'u', actions: 'a' }}
        pollMs={5}
        maxPolls={3}
      />,
    );
    await screen.findByText(/no outcome yet\. Refresh the form later/);
    expect(reads).toBe(4); // the first read and three polls
  });
});
