/**
 * The pure parts of serving several organisations in one call (issue 14): an organisation the call could not
 * reach leaves its invoices ready for the next run (a lapsed authorisation marks its connection row), and several
 * organisations' catch-up write-backs join into one message per kind without reordering any organisation's own.
 */
import type { DataverseBulkWrite, InvoiceSyncResult } from '@dxc/openapi';
import { ContractValidator } from '../http/contract-validator';
import { INVOICE, uuid } from '../domain/invoices/test-support/batch-fixtures';
import { joinWriteBacks } from './status-catch-up-organisations';
import { syncWriteBack } from './sync-write-back';
import {
  CONNECTION_ROW,
  connectionLookup,
  HEALTH,
  invoiceRow,
  SYNC_RESULT,
} from './test-support/dataverse-rows';

const UK = '6a1b2c3d-0000-4000-8000-00000000000a';
const NZ = '6a1b2c3d-0000-4000-8000-00000000000b';
const NOW = new Date('2026-02-02T14:57:22Z');
const validator = new ContractValidator();

const notSentYet = (invoiceId: string, message: string): InvoiceSyncResult => ({
  invoiceId,
  outcome: 'failed',
  message,
  errors: [{ code: 'xero_reconnect_needed', message }],
});

describe('an organisation the call could not reach', () => {
  test('its invoices only get the reason; a lapsed authorisation marks its connection row and records one Failed row', () => {
    const nzConnection = connectionLookup(NZ, 2);
    const rows = [1, 2].map((n) =>
      invoiceRow(n, NZ, {
        _dxc_connectionid_value: nzConnection.dxc_xeroconnectionid,
        dxc_ConnectionId: nzConnection,
      }),
    );
    const message = 'Not sent yet: Xero organisation Kiwi Trading (NZ) could not be reached (reconnect).';
    const results = rows.map((r) => notSentYet(String(r.invoiceid), message));
    const writeBack = syncWriteBack({
      rows,
      results: new Map(results.map((r) => [r.invoiceId, r])),
      setbacks: [
        {
          connectionRowId: uuid(CONNECTION_ROW, 2),
          invoiceIds: rows.map((r) => String(r.invoiceid)),
          reconnectNeeded: true,
          message,
        },
      ],
      now: NOW,
      attemptId: 'a1',
    });
    expect(writeBack.map((w) => [w.entitySet, w.message, w.targets.length])).toEqual([
      ['invoices', 'UpdateMultiple', 2],
      ['dxc_synchistories', 'UpsertMultiple', 1],
      ['dxc_xeroconnections', 'UpdateMultiple', 1],
    ]);
    expect(writeBack[0]!.targets[0]).toEqual({
      '@odata.type': 'Microsoft.Dynamics.CRM.invoice',
      invoiceid: uuid(INVOICE, 1),
      dxc_lastsyncmessage: message,
    });
    expect(writeBack[1]!.targets[0]).toMatchObject({
      dxc_status: SYNC_RESULT.Failed,
      dxc_details: message,
      'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${uuid(CONNECTION_ROW, 2)})`,
    });
    expect(writeBack[2]!.targets).toEqual([
      {
        '@odata.type': 'Microsoft.Dynamics.CRM.dxc_xeroconnection',
        dxc_xeroconnectionid: uuid(CONNECTION_ROW, 2),
        dxc_health: HEALTH.ReconnectNeeded,
      },
    ]);
    // Told the same thing again, an invoice that already shows the reason is not written at all.
    const again = syncWriteBack({
      rows: rows.map((r) => ({ ...r, dxc_lastsyncmessage: message })),
      results: new Map(results.map((r) => [r.invoiceId, r])),
      setbacks: [
        {
          connectionRowId: uuid(CONNECTION_ROW, 2),
          invoiceIds: rows.map((r) => String(r.invoiceid)),
          reconnectNeeded: false,
          message,
        },
      ],
      now: NOW,
      attemptId: 'a2',
    });
    expect(again).toEqual([]);
    expect(
      validator.validateResponse('SyncInvoices', 200, {
        summary: { total: 2, created: 0, updated: 0, unchanged: 0, failed: 2 },
        results,
        writeBack,
      }),
    ).toEqual([]);
  });
});

describe('joining organisations’ write-backs', () => {
  const write = (entitySet: string, message: string, ...ids: string[]): DataverseBulkWrite => ({
    entitySet,
    message: message as DataverseBulkWrite['message'],
    key: `${entitySet}-key`,
    targets: ids.map((id) => ({ id })),
  });

  test('one message per kind in each organisation’s order; a kind twice in a row stays two messages', () => {
    const uk = [
      write('invoices', 'UpdateMultiple', 'uk-reopen'),
      write('invoices', 'UpdateMultiple', 'uk-status'),
      write('invoices', 'UpdateMultiple', 'uk-paid'),
      write('dxc_synchistories', 'UpsertMultiple', 'uk-h'),
      write('dxc_xeroconnections', 'UpsertMultiple', UK),
    ];
    const nz = [
      write('invoices', 'UpdateMultiple', 'nz-status'),
      write('invoices', 'UpdateMultiple', 'nz-paid'),
      write('accounts', 'UpdateMultiple', 'nz-a'),
      write('dxc_synchistories', 'UpsertMultiple', 'nz-h'),
      write('dxc_xeroconnections', 'UpsertMultiple', NZ),
    ];
    const joined = joinWriteBacks([uk, nz]);
    expect(joined.map((w) => [w.entitySet, w.targets.map((t) => t.id)])).toEqual([
      ['invoices', ['uk-reopen', 'nz-status']],
      ['invoices', ['uk-status', 'nz-paid']],
      ['accounts', ['nz-a']],
      ['invoices', ['uk-paid']],
      ['dxc_synchistories', ['uk-h', 'nz-h']],
      ['dxc_xeroconnections', [UK, NZ]],
    ]);
    // Each organisation's own messages keep their order in the joined list.
    for (const list of [uk, nz]) {
      const positions = list.map((w) =>
        joined.findIndex((j) => j.targets.some((t) => t.id === w.targets[0]!.id)),
      );
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    }
    expect(joinWriteBacks([uk])).toEqual(uk);
    expect(joinWriteBacks([])).toEqual([]);
  });
});
