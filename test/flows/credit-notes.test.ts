/**
 * Credit notes raised in Dynamics 365 (issue 14 §5), end to end with the shipped flows: the Sync flow sends a sales
 * credit note naming its invoice and the proxy allocates it (the invoice's amount due drops in Xero, and in
 * Dynamics after the status flow), a purchase credit note goes as ACCPAYCREDIT, the Cancel flow deletes a draft
 * note, voids an approved one and refuses an allocated one, and a negative quantity on an ordinary invoice fails
 * with a message that points to the credit note type. Choice values come from the solution model.
 */
import { randomUUID } from 'node:crypto';
import type { DataverseTriggerWatch, RunResult } from '@dxc/flow-runner';
import { renderRunText } from '@dxc/flow-runner';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import { withoutRateLimits } from '@dxc/proxy-service/testing';
import { choiceValue } from '@dxc/solution';
import { failedActions, failedSteps, loadSolutionFlow, startFlowSandbox } from './support/flow-sandbox';
import type { FlowSandbox } from './support/flow-sandbox';
import { ACTION, EXPORT, RESULT, XERO_STATUS } from './support/choices';
import { connectionRow } from './support/seed-rows';

jest.setTimeout(120_000);

type Row = Record<string, unknown>;

const TYPE = {
  sales: choiceValue('dxc_invoicetype', 'Sales invoice'),
  salesCredit: choiceValue('dxc_invoicetype', 'Sales credit note'),
  purchaseCredit: choiceValue('dxc_invoicetype', 'Purchase credit note'),
};

const syncFlow = loadSolutionFlow('SyncInvoicesToXero');
const statusFlow = loadSolutionFlow('InvoiceStatusAndPayments');
const cancelFlow = loadSolutionFlow('CancelInvoiceInXero');

let sandbox: FlowSandbox;
let books: OrganisationBooks;
let watch: DataverseTriggerWatch;
const connectionRowId = randomUUID();
const salesAccountId = randomUUID();
const purchaseAccountId = randomUUID();
const outputTaxId = randomUUID();
const inputTaxId = randomUUID();
const customerId = randomUUID();
const supplierId = randomUUID();

beforeAll(async () => {
  sandbox = await startFlowSandbox({
    startAt: '2026-02-02T10:00:00Z',
    proxy: withoutRateLimits({ env: { XERO_HTTP_TIMEOUT_MS: '4000' } }),
  });
  books = sandbox.xero.emulator.books<OrganisationBooks>(sandbox.connection.tenantId);
  const connectionBind = `/dxc_xeroconnections(${connectionRowId})`;
  sandbox.dataverse.load({
    dxc_xeroconnection: [
      connectionRow(
        sandbox,
        { connectionRowId, salesAccountId },
        {
          dxc_defaultinvoicestatus: choiceValue('dxc_defaultinvoicestatus', 'Authorised'),
          dxc_cancellationpolicy: choiceValue('dxc_cancellationpolicy', 'Credit note'),
          'dxc_DefaultPurchaseAccountId@odata.bind': `/dxc_xeroaccounts(${purchaseAccountId})`,
        },
      ),
    ],
    dxc_xeroaccount: [
      {
        dxc_xeroaccountid: salesAccountId,
        dxc_name: 'Sales',
        dxc_code: '200',
        'dxc_ConnectionId@odata.bind': connectionBind,
      },
      {
        dxc_xeroaccountid: purchaseAccountId,
        dxc_name: 'Purchases',
        dxc_code: '310',
        'dxc_ConnectionId@odata.bind': connectionBind,
      },
    ],
    dxc_xerotaxrate: [
      {
        dxc_xerotaxrateid: outputTaxId,
        dxc_name: '20% (VAT on Income)',
        dxc_taxtype: 'OUTPUT2',
        dxc_rate: 20,
      },
      {
        dxc_xerotaxrateid: inputTaxId,
        dxc_name: '20% (VAT on Expenses)',
        dxc_taxtype: 'INPUT2',
        dxc_rate: 20,
      },
    ],
    account: [
      { accountid: customerId, name: 'Credit customer Ltd' },
      { accountid: supplierId, name: 'Toner supplier Ltd' },
    ],
  });
  watch = sandbox.watchDataverse(cancelFlow);
});
afterAll(async () => {
  await watch?.stop();
  await sandbox?.close();
});

/** A ready row of `type` with one write-in line; the caller's columns win. */
function readyRow(
  type: number,
  number: string,
  line: { quantity: number; price: number; purchase?: boolean },
  columns: Row = {},
): string {
  const invoiceid = randomUUID();
  sandbox.dataverse.load({
    invoice: [
      {
        invoiceid,
        name: `Order ${number}`,
        invoicenumber: number,
        datedelivered: '2026-02-02T00:00:00Z',
        duedate: '2026-03-02',
        dxc_invoicetype: type,
        dxc_exportstatus: EXPORT.No,
        'customerid_account@odata.bind': `/accounts(${line.purchase ? supplierId : customerId})`,
        'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${connectionRowId})`,
        ...columns,
      },
    ],
    invoicedetail: [
      {
        invoicedetailid: randomUUID(),
        'invoiceid@odata.bind': `/invoices(${invoiceid})`,
        sequencenumber: 1,
        isproductoverridden: true,
        productdescription: line.purchase ? 'Returned toner' : 'Consulting day',
        quantity: line.quantity,
        priceperunit: line.price,
        'dxc_TaxRateId@odata.bind': `/dxc_xerotaxrates(${line.purchase ? inputTaxId : outputTaxId})`,
      },
    ],
  });
  return invoiceid;
}

const snapshot = () => sandbox.dataverse.snapshot();
const row = (id: string) => (snapshot().invoice as Row[]).find((r) => r.invoiceid === id)!;
const historyOf = (id: string) =>
  ((snapshot().dxc_synchistory ?? []) as Row[]).filter((h) => h._dxc_invoiceid_value === id);

function expectSucceeded(run: RunResult): void {
  if (run.status !== 'Succeeded' || failedActions(run).length || failedSteps(run).length)
    throw new Error(renderRunText(run));
}

async function runSync(): Promise<void> {
  sandbox.clock.advance(5 * 60_000);
  sandbox.dataverse.clock.advance(5 * 60_000);
  expectSucceeded(await sandbox.run(syncFlow));
}

async function cancelInDynamics(id: string): Promise<void> {
  const before = watch.runs.length;
  const res = await fetch(`${sandbox.dataverse.apiUrl}/invoices(${id})`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json', 'If-Match': '*' },
    body: JSON.stringify({ statecode: 3, statuscode: 100003 }),
  });
  expect(res.status).toBe(204);
  const runs = (await watch.settled()).slice(before);
  expect(runs).toHaveLength(1);
  expectSucceeded(runs[0]!);
}

describe('credit notes from Dynamics 365 through the shipped flows', () => {
  test('a sales credit note is allocated to its invoice: amount due 360.00 → 240.00 in Xero and in Dynamics', async () => {
    const invoiceId = readyRow(TYPE.sales, 'CRD-INV-1', { quantity: 3, price: 100 });
    const noteId = readyRow(
      TYPE.salesCredit,
      'CRD-CN-1',
      { quantity: 1, price: 100 },
      {
        'dxc_CreditedInvoiceId@odata.bind': `/invoices(${invoiceId})`,
      },
    );
    await runSync();

    const note = books.listCreditNotes().find((n) => n.creditNoteNumber === 'CRD-CN-1')!;
    const invoice = books.listInvoices().find((i) => i.invoiceNumber === 'CRD-INV-1')!;
    expect(note).toMatchObject({ type: 'ACCRECCREDIT', total: 120, remainingCredit: 0, status: 'PAID' });
    expect(invoice).toMatchObject({ total: 360, amountCredited: 120, amountDue: 240, status: 'AUTHORISED' });
    expect(row(noteId)).toMatchObject({
      dxc_xeroinvoiceid: note.creditNoteId,
      dxc_xeroinvoicenumber: 'CRD-CN-1',
      dxc_amountdue: 0,
    });
    expect(String(row(noteId).dxc_xerourl)).toContain(
      `ViewCreditNote.aspx?creditNoteID=${note.creditNoteId}`,
    );
    expect(String(row(noteId).dxc_lastsyncmessage)).toMatch(
      /^Sales credit note has been created in Xero - .* The credit note has been allocated to invoice CRD-INV-1 \(GBP 120\.00\)\.$/,
    );
    expect(historyOf(noteId)).toEqual([
      expect.objectContaining({ dxc_action: ACTION.Create, dxc_status: RESULT.Successful }),
    ]);

    // The status flow brings the allocation home: the invoice owes 240.00, the note is used up.
    sandbox.clock.advance(30 * 60_000);
    sandbox.dataverse.clock.advance(30 * 60_000);
    expectSucceeded(await sandbox.run(statusFlow));
    expect(row(invoiceId)).toMatchObject({ dxc_amountdue: 240, dxc_xerostatus: XERO_STATUS.Authorised });
    expect(row(noteId)).toMatchObject({ dxc_amountdue: 0, dxc_xerostatus: XERO_STATUS.Paid });
  });

  test('a purchase credit note goes to Xero as ACCPAYCREDIT with the supplier number, on purchase accounts', async () => {
    const noteId = readyRow(TYPE.purchaseCredit, 'SUP-CN-77', { quantity: 2, price: 25, purchase: true });
    await runSync();
    const note = books.listCreditNotes().find((n) => n.creditNoteNumber === 'SUP-CN-77')!;
    expect(note).toMatchObject({ type: 'ACCPAYCREDIT', total: 60, status: 'AUTHORISED' });
    expect(note.lineItems[0]).toMatchObject({ accountCode: '310', taxType: 'INPUT2' });
    expect(row(noteId)).toMatchObject({ dxc_xeroinvoiceid: note.creditNoteId, dxc_amountdue: 60 });
  });

  test('cancelling: an approved unallocated note is voided, an allocated one refused, a draft deleted', async () => {
    const supplierNote = readyRow(TYPE.purchaseCredit, 'SUP-CN-88', {
      quantity: 1,
      price: 10,
      purchase: true,
    });
    const invoiceId = readyRow(TYPE.sales, 'CRD-INV-2', { quantity: 1, price: 500 });
    const allocatedNote = readyRow(
      TYPE.salesCredit,
      'CRD-CN-2',
      { quantity: 1, price: 100 },
      {
        'dxc_CreditedInvoiceId@odata.bind': `/invoices(${invoiceId})`,
      },
    );
    await runSync();

    await cancelInDynamics(supplierNote);
    const voided = books.listCreditNotes().find((n) => n.creditNoteNumber === 'SUP-CN-88')!;
    expect(voided.status).toBe('VOIDED');
    expect(historyOf(supplierNote).at(-1)).toMatchObject({
      dxc_action: ACTION.Void,
      dxc_status: RESULT.Successful,
      dxc_details:
        'Credit note SUP-CN-88 was approved in Xero with nothing allocated and has been voided there.',
    });

    await cancelInDynamics(allocatedNote);
    expect(books.listCreditNotes().find((n) => n.creditNoteNumber === 'CRD-CN-2')!.status).toBe('PAID');
    expect(String(historyOf(allocatedNote).at(-1)!.dxc_details)).toMatch(
      /^Credit note CRD-CN-2 is allocated to an invoice .* Remove its allocations in Xero first, then cancel it again\.$/,
    );

    // A draft note (raised before the connection approved new documents) is deleted.
    const draftSettings = { dxc_defaultinvoicestatus: choiceValue('dxc_defaultinvoicestatus', 'Draft') };
    await fetch(`${sandbox.dataverse.apiUrl}/dxc_xeroconnections(${connectionRowId})`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'If-Match': '*' },
      body: JSON.stringify(draftSettings),
    });
    const draftNote = readyRow(TYPE.salesCredit, 'CRD-CN-3', { quantity: 1, price: 40 });
    await runSync();
    expect(books.listCreditNotes().find((n) => n.creditNoteNumber === 'CRD-CN-3')!.status).toBe('DRAFT');
    await cancelInDynamics(draftNote);
    expect(books.listCreditNotes().find((n) => n.creditNoteNumber === 'CRD-CN-3')?.status ?? 'DELETED').toBe(
      'DELETED',
    );
    expect(historyOf(draftNote).at(-1)).toMatchObject({
      dxc_action: ACTION.Delete,
      dxc_details: 'Credit note CRD-CN-3 was draft in Xero and has been deleted there.',
    });
    await fetch(`${sandbox.dataverse.apiUrl}/dxc_xeroconnections(${connectionRowId})`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'If-Match': '*' },
      body: JSON.stringify({
        dxc_defaultinvoicestatus: choiceValue('dxc_defaultinvoicestatus', 'Authorised'),
      }),
    });
  });

  test('a negative quantity on an ordinary invoice fails, pointing to the Sales credit note type', async () => {
    const id = readyRow(TYPE.sales, 'CRD-NEG-1', { quantity: -2, price: 100 });
    await runSync();
    expect(row(id).dxc_exportstatus).toBe(EXPORT.Failed);
    expect(String(row(id).dxc_lastsyncmessage)).toMatch(
      /negative quantity \(-2\)\. .*Xero invoice type 'Sales credit note' and quantity 2/,
    );
    expect(historyOf(id).at(-1)).toMatchObject({ dxc_status: RESULT.Failed });
  });
});
