/**
 * syncInvoiceRows against the real sync service, the real xero-node and the Xero emulator: which rows go to Xero,
 * which fail alone and why, results in row order, the summary.
 */
import type { InvoiceSyncResult } from '@dxc/openapi';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import type { ConnectionRecord } from '../store/store';
import { INVOICE, uuid } from '../domain/invoices/test-support/batch-fixtures';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness, withoutRateLimits } from '../test-support/proxy-harness';
import { syncInvoiceRows } from './sync-invoice-rows';
import { accountLookup, connectionLookup, customerColumns, invoiceRow } from './test-support/dataverse-rows';

jest.setTimeout(120_000);

const OTHER_TENANT = '0b0b0b0b-0000-4000-8000-0000000000ff';
const NOW = new Date('2026-02-02T14:57:22Z');

let h: Harness;
let connection: ConnectionRecord;

beforeAll(async () => {
  h = await startHarness(withoutRateLimits());
  ({ connection } = await h.connect());
});
afterAll(async () => h?.close());

const xeroCalls = (): number => h.emulator.limits.usage(connection.tenantId)[0]?.total ?? 0;
const books = () => h.emulator.books<OrganisationBooks>(connection.tenantId);
const inXero = (invoiceNumber: string) => books().findInvoice(invoiceNumber) !== undefined;
const outcomes = (results: InvoiceSyncResult[]) => results.map((r) => [r.invoiceId, r.outcome]);

describe('SyncInvoices rows: one batch, one connection row of this organisation', () => {
  test('rows of another organisation or a second connection row fail alone, with a message; the rest go, in row order', async () => {
    const tenant = connection.tenantId;
    const rows = [
      invoiceRow(101, tenant),
      invoiceRow(102, tenant, { dxc_ConnectionId: connectionLookup(OTHER_TENANT, 7) }),
      invoiceRow(103, tenant, { dxc_ConnectionId: connectionLookup(tenant, 2) }),
      invoiceRow(104, tenant, { _customerid_value: null, customerid_account: null }),
      invoiceRow(105, tenant, { invoiceid: uuid(INVOICE, 105).toUpperCase() }),
    ];
    const before = xeroCalls();
    const answer = await syncInvoiceRows(h.proxy.services.invoiceSync, connection, rows, NOW);
    expect(outcomes(answer.results)).toEqual([
      [uuid(INVOICE, 101), 'created'],
      [uuid(INVOICE, 102), 'failed'],
      [uuid(INVOICE, 103), 'failed'],
      [uuid(INVOICE, 104), 'failed'],
      [uuid(INVOICE, 105), 'created'],
    ]);
    expect(answer.summary).toEqual({ total: 5, created: 2, updated: 0, unchanged: 0, failed: 3 });
    expect(answer.results[1]!.message).toBe(
      `Not sent: the invoice's Xero connection is organisation ${OTHER_TENANT}, but this connector's key reaches ${connection.tenantName}.`,
    );
    expect(answer.results[2]!.message).toBe(
      'Not sent in this batch: a batch carries the invoices of one Xero connection row; the next run sends it.',
    );
    expect(answer.results[3]!.message).toMatch(/^Not sent to Xero: the invoice has no customer\./);
    for (const failed of answer.results.slice(1, 4))
      expect(failed.errors).toEqual([{ code: 'invalid_invoice', message: failed.message }]);
    // Only the two rows of the batch's connection reached Xero, in one batch (contact, item and invoice writes).
    expect([101, 102, 103, 104, 105].map((n) => inXero(`ROW-00${n}`))).toEqual([
      true,
      false,
      false,
      false,
      true,
    ]);
    expect(xeroCalls() - before).toBeLessThanOrEqual(5);
    // Each row's history is recorded against its own connection row, the refused rows' too.
    const history = answer.writeBack!.find((w) => w.entitySet === 'dxc_synchistories')!.targets;
    expect(history).toHaveLength(5);
    const rowOf = (tenantId: string, n?: number) =>
      `/dxc_xeroconnections(${connectionLookup(tenantId, n).dxc_xeroconnectionid as string})`;
    expect(history.map((t) => t['dxc_ConnectionId@odata.bind'])).toEqual([
      rowOf(tenant),
      rowOf(OTHER_TENANT, 7),
      rowOf(tenant, 2),
      rowOf(tenant),
      rowOf(tenant),
    ]);
  });

  test('the batch’s connection row is the first of this organisation’s, whatever comes before it', async () => {
    const tenant = connection.tenantId;
    const rows = [
      invoiceRow(111, tenant, { dxc_ConnectionId: connectionLookup(OTHER_TENANT, 7) }),
      invoiceRow(112, tenant, { dxc_ConnectionId: connectionLookup(tenant, 3) }),
      // Not expanded: taken to be this organisation's, and of the batch's row when its id says so.
      invoiceRow(113, tenant, {
        dxc_ConnectionId: null,
        _dxc_connectionid_value: connectionLookup(tenant, 3).dxc_xeroconnectionid,
        ...customerColumns(accountLookup(112)),
      }),
    ];
    const answer = await syncInvoiceRows(h.proxy.services.invoiceSync, connection, rows, NOW);
    expect(outcomes(answer.results)).toEqual([
      [uuid(INVOICE, 111), 'failed'],
      [uuid(INVOICE, 112), 'created'],
      [uuid(INVOICE, 113), 'created'],
    ]);
  });

  test('rows that all fail cost no Xero call and still answer their write-back', async () => {
    const tenant = connection.tenantId;
    const rows = [
      invoiceRow(121, tenant, { invoice_details: [] }),
      invoiceRow(122, tenant, { name: 'n'.repeat(301) }),
    ];
    const before = xeroCalls();
    const answer = await syncInvoiceRows(h.proxy.services.invoiceSync, connection, rows, NOW);
    expect(xeroCalls()).toBe(before);
    expect(answer.summary).toEqual({ total: 2, created: 0, updated: 0, unchanged: 0, failed: 2 });
    expect(answer.results[1]!.message).toBe(
      'Not sent to Xero: rows[1].name must NOT have more than 300 characters.',
    );
    expect(answer.writeBack!.map((w) => [w.entitySet, w.targets.length])).toEqual([
      ['invoices', 2],
      ['dxc_synchistories', 2],
    ]);
  });
});
