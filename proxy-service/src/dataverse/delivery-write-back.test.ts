/**
 * Issue 14 §3, §4 in the SyncInvoices write-back: the online invoice link goes to the invoice's column (only when
 * it differs), and an email from Xero adds "Emailed" with the date, or "Email failed: <reason>", to the history.
 */
import type { InvoiceSyncResult } from '@dxc/openapi';
import { ContractValidator } from '../http/contract-validator';
import { INVOICE, uuid } from '../domain/invoices/test-support/batch-fixtures';
import { choiceValue } from './dataverse-vocabulary';
import { syncWriteBack } from './sync-write-back';
import { CONNECTION_ROW, invoiceRow, SYNC_RESULT, type Row } from './test-support/dataverse-rows';

const TENANT = '6a1b2c3d-0000-4000-8000-00000000000a';
const CONNECTION = uuid(CONNECTION_ROW, 1);
const ATTEMPT = '0f0e0d0c-0b0a-4908-8706-050403020100';
const NOW = new Date('2026-02-02T14:57:22.456Z');
const LINK = 'https://in.xero.com/4m27PJFaRb8p9UBJr7fhBRyTWdA';

function result(row: Row, overrides: Partial<InvoiceSyncResult> = {}): InvoiceSyncResult {
  return {
    invoiceId: String(row.invoiceid).toLowerCase(),
    outcome: 'created',
    xeroInvoiceId: uuid(0x20, 1),
    status: 'AUTHORISED',
    message: 'Invoice has been created in Xero - INV-0001',
    errors: [],
    ...overrides,
  };
}

function writeBackOf(rows: Row[], results: InvoiceSyncResult[]) {
  const writeBack = syncWriteBack({
    rows,
    results: new Map(results.map((r) => [r.invoiceId, r])),
    connectionRowId: CONNECTION,
    now: NOW,
    attemptId: ATTEMPT,
  });
  const body = {
    summary: { total: results.length, created: results.length, updated: 0, unchanged: 0, failed: 0 },
    results,
    writeBack,
  };
  expect(new ContractValidator().validateResponse('SyncInvoices', 200, body)).toEqual([]);
  const targets = (set: string) => writeBack.find((w) => w.entitySet === set)?.targets ?? [];
  return { invoices: targets('invoices'), history: targets('dxc_synchistories') };
}

describe('the online invoice link and the email in the write-back', () => {
  test('the link is written to dxc_onlineinvoiceurl once; a row that holds it gets nothing more', () => {
    const row = invoiceRow(1, TENANT, { invoiceid: uuid(INVOICE, 1) });
    const first = writeBackOf([row], [result(row, { onlineInvoiceUrl: LINK })]);
    expect(first.invoices[0]).toMatchObject({ dxc_onlineinvoiceurl: LINK });
    const holding = { ...row, dxc_onlineinvoiceurl: LINK };
    const again = writeBackOf([holding], [result(holding, { outcome: 'unchanged', onlineInvoiceUrl: LINK })]);
    expect(again.invoices[0]).not.toHaveProperty('dxc_onlineinvoiceurl');
  });

  test('"Emailed" with the date: one history row per invoice, whichever attempt writes it', () => {
    const row = invoiceRow(2, TENANT, { invoiceid: uuid(INVOICE, 2) });
    const at = '2026-02-02T14:57:21.000Z';
    const message = 'Emailed from Xero on 2026-02-02 at 14:57 UTC to the customer’s email address in Xero.';
    const { history } = writeBackOf([row], [result(row, { email: { outcome: 'sent', at, message } })]);
    expect(history).toHaveLength(2);
    expect(history[1]).toEqual({
      '@odata.type': 'Microsoft.Dynamics.CRM.dxc_synchistory',
      '@odata.id': `dxc_synchistories(dxc_eventkey='email:${uuid(INVOICE, 2)}')`,
      dxc_name: 'Sync - 2026-02-02 14:57:22',
      dxc_eventon: '2026-02-02T14:57:21Z',
      dxc_action: choiceValue('dxc_syncaction', 'Email'),
      dxc_status: SYNC_RESULT.Successful,
      dxc_details: message,
      'dxc_InvoiceId@odata.bind': `/invoices(${uuid(INVOICE, 2)})`,
      'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${CONNECTION})`,
    });
  });

  test('"Email failed: <reason>" is a failed row of its own; the invoice itself is synced', () => {
    const row = invoiceRow(3, TENANT, { invoiceid: uuid(INVOICE, 3) });
    const message =
      "Email failed: The contact 'A. Datum' has no email address, so the invoice cannot be emailed.";
    const { history, invoices } = writeBackOf(
      [row],
      [result(row, { email: { outcome: 'failed', at: '2026-02-02T14:57:21.000Z', message } })],
    );
    expect(history.map((h) => [h.dxc_status, h['@odata.id']])).toEqual([
      [SYNC_RESULT.Successful, `dxc_synchistories(dxc_eventkey='sync:${uuid(INVOICE, 3)}:${ATTEMPT}')`],
      [SYNC_RESULT.Failed, `dxc_synchistories(dxc_eventkey='email-failed:${uuid(INVOICE, 3)}:${ATTEMPT}')`],
    ]);
    expect(history[1]!.dxc_details).toBe(message);
    expect(invoices[0]).toMatchObject({ dxc_exportstatus: choiceValue('dxc_exportstatus', 'Yes') });
  });
});
