/**
 * The Invoice status and payments flow (DESIGN §5 flow 2, B7) as the solution ships it, against the Dataverse
 * emulator and the real proxy over the Xero emulator: payments recorded in Xero come back to the invoices with one
 * history row per change, a fully paid invoice becomes Paid, a second run changes nothing, failures are recorded.
 */
import { randomUUID } from 'node:crypto';
import type { RunResult } from '@dxc/flow-runner';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import { sandboxConnector } from '@dxc/flow-runner';
import { executions, failedActions, loadSolutionFlow, startFlowSandbox } from './support/flow-sandbox';
import type { FlowSandbox } from './support/flow-sandbox';

jest.setTimeout(60_000);

const XERO_STATUS = { AUTHORISED: 714500002, PAID: 714500003, VOIDED: 714500004 };
const ACTION = { Status: 714500005, Payment: 714500006 };
const RESULT = { Successful: 714500000, Failed: 714500001 };

let sandbox: FlowSandbox;
let defaultConnector: ReturnType<typeof sandboxConnector>;
let books: OrganisationBooks;
const connectionRowId = randomUUID();
const accountId = randomUUID();
const flow = loadSolutionFlow('InvoiceStatusAndPayments');

beforeAll(async () => {
  sandbox = await startFlowSandbox();
  defaultConnector = sandboxConnector(sandbox.config);
  books = sandbox.xero.emulator.books<OrganisationBooks>(sandbox.connection.tenantId);
  sandbox.dataverse.load({
    dxc_xeroconnection: [
      {
        dxc_xeroconnectionid: connectionRowId,
        dxc_name: 'Demo Company',
        dxc_tenantid: sandbox.connection.tenantId,
      },
    ],
    account: [{ accountid: accountId, name: 'Status customer' }],
  });
});
afterAll(async () => sandbox?.close());

/** AUTHORISED sales invoices in Xero, each exported from a Dynamics invoice (as the Sync flow leaves them). */
function exportedInvoices(count: number, amount = 100) {
  const contact = books.createContact({ name: `Status customer ${randomUUID().slice(0, 8)}` });
  const made = Array.from({ length: count }, (_, i) => {
    const xero = books.createInvoice({
      contactId: contact.contactId,
      status: 'AUTHORISED',
      lineAmountTypes: 'NoTax',
      dueDate: books.today(),
      lineItems: [
        { description: `Status test ${i + 1}`, quantity: 1, unitAmount: amount, accountCode: '200' },
      ],
    });
    return { id: randomUUID(), xeroId: xero.invoiceId, number: xero.invoiceNumber! };
  });
  sandbox.dataverse.load({
    invoice: made.map((m) => ({
      invoiceid: m.id,
      name: `Order ${m.number}`,
      'customerid_account@odata.bind': `/accounts(${accountId})`,
      'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${connectionRowId})`,
      dxc_xeroinvoiceid: m.xeroId,
      dxc_xeroinvoicenumber: m.number,
      dxc_xerostatus: XERO_STATUS.AUTHORISED,
      dxc_exportstatus: 714500001,
      dxc_amountdue: amount,
      dxc_amountpaid: 0,
    })),
  });
  return made;
}

const invoiceRow = (id: string) => sandbox.dataverse.snapshot().invoice!.find((r) => r.invoiceid === id)!;
const historyOf = (id: string) =>
  (sandbox.dataverse.snapshot().dxc_synchistory ?? []).filter((r) => r._dxc_invoiceid_value === id);
const xeroCalls = () => sandbox.xeroCalls();
const allHistory = () => sandbox.dataverse.snapshot().dxc_synchistory ?? [];

/** The Xero ids each GetInvoiceStatuses call of a run asked about. */
const askedIds = (run: RunResult) =>
  executions(run, 'Get_statuses_from_Xero').map(
    (a) =>
      (a.inputs as { parameters: { 'body/xeroInvoiceIds': string[] } }).parameters['body/xeroInvoiceIds'],
  );

describe('Invoice status and payments', () => {
  test('stops quietly, asking Xero nothing, until the connection row exists or while nothing is open', async () => {
    const withoutRow = await startFlowSandbox();
    try {
      const run = await withoutRow.run(flow);
      expect(run.status).toBe('Succeeded');
      expect(executions(run, 'Not_set_up')[0]!.outputs).toBe(
        `No Xero connection row for tenant ${withoutRow.connection.tenantId}: the Sync invoices flow creates it on its first run. Nothing to do.`,
      );
      expect(executions(run, 'List_open_invoices').map((a) => a.status)).toEqual(['Skipped']);
      expect(withoutRow.dataverse.snapshot().dxc_synchistory ?? []).toEqual([]);
    } finally {
      await withoutRow.close();
    }
    // This sandbox has the row but no invoice yet: GetConnection is the run's only Xero call.
    const calls = xeroCalls();
    const run = await sandbox.run(flow);
    expect(failedActions(run)).toEqual([]);
    expect(askedIds(run)).toEqual([]);
    expect(xeroCalls() - calls).toBe(1);
    expect(allHistory()).toEqual([]);
  });

  test('payments in Xero reach the invoices: amounts, Paid state and one history row per change', async () => {
    const [part, full, untouched] = exportedInvoices(3);
    books.recordPayment({ invoiceId: part!.xeroId, amount: 40 });
    books.recordPayment({ invoiceId: full!.xeroId, amount: 100 });

    const run = await sandbox.run(flow);
    expect(failedActions(run)).toEqual([]);
    expect(run.status).toBe('Succeeded');

    expect(invoiceRow(part!.id)).toMatchObject({
      dxc_xerostatus: XERO_STATUS.AUTHORISED,
      dxc_amountpaid: 40,
      dxc_amountdue: 60,
      statecode: 0,
    });
    expect(invoiceRow(full!.id)).toMatchObject({
      dxc_xerostatus: XERO_STATUS.PAID,
      dxc_amountpaid: 100,
      dxc_amountdue: 0,
      statecode: 2,
      statuscode: 100001,
    });
    expect(invoiceRow(untouched!.id)).toMatchObject({ dxc_amountpaid: 0, dxc_amountdue: 100, statecode: 0 });

    const [partHistory, ...morePart] = historyOf(part!.id);
    expect(morePart).toEqual([]);
    expect(partHistory).toMatchObject({
      dxc_action: ACTION.Payment,
      dxc_status: RESULT.Successful,
      _dxc_connectionid_value: connectionRowId,
    });
    expect(partHistory!.dxc_name).toMatch(/^Sync - \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(partHistory!.dxc_details).toBe(
      `${part!.number}: Xero status AUTHORISED; paid 40.00, due 60.00 of 100.00 GBP.`,
    );
    const [fullHistory, ...moreFull] = historyOf(full!.id);
    expect(moreFull).toEqual([]);
    expect(fullHistory).toMatchObject({ dxc_action: ACTION.Payment, dxc_status: RESULT.Successful });
    expect(fullHistory!.dxc_details).toMatch(
      new RegExp(
        `^${full!.number}: Xero status PAID \\(was Authorised\\); paid 100\\.00, due 0\\.00 of 100\\.00 GBP; fully paid on \\d{4}-\\d\\d-\\d\\d\\. Invoice set to Paid in Dynamics\\.$`,
      ),
    );
    expect(historyOf(untouched!.id)).toEqual([]);

    // A second run finds nothing new: no write, no history; the paid invoice is no longer asked about.
    const before = sandbox.dataverse.snapshot();
    const again = await sandbox.run(flow);
    expect(failedActions(again)).toEqual([]);
    expect(sandbox.dataverse.snapshot()).toEqual(before);
    const asked = askedIds(again).flat();
    expect(asked).toContain(part!.xeroId.toLowerCase());
    expect(asked).not.toContain(full!.xeroId.toLowerCase());
  });

  test('a voided invoice records a Status change and is not asked about again', async () => {
    const [voided] = exportedInvoices(1);
    books.saveInvoice({ Status: 'VOIDED' }, 'update', { unitDp: 2, target: voided!.xeroId });
    const run = await sandbox.run(flow);
    expect(failedActions(run)).toEqual([]);
    expect(invoiceRow(voided!.id)).toMatchObject({ dxc_xerostatus: XERO_STATUS.VOIDED, statecode: 0 });
    expect(historyOf(voided!.id)).toEqual([
      expect.objectContaining({ dxc_action: ACTION.Status, dxc_status: RESULT.Successful }),
    ]);
    expect(historyOf(voided!.id)[0]!.dxc_details).toBe(
      `${voided!.number}: Xero status VOIDED (was Authorised); paid 0.00, due 100.00 of 100.00 GBP.`,
    );
    const again = await sandbox.run(flow);
    expect(askedIds(again).flat()).not.toContain(voided!.xeroId.toLowerCase());
  });

  test('an invoice Paid in Xero but still active in Dynamics (an earlier Paid write failed) is set to Paid', async () => {
    const [stuck] = exportedInvoices(1);
    books.recordPayment({ invoiceId: stuck!.xeroId, amount: 100 });
    // The columns were written, then setting the state failed.
    await fetch(`${sandbox.dataverse.url}/api/data/v9.2/invoices(${stuck!.id})`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ dxc_xerostatus: XERO_STATUS.PAID, dxc_amountpaid: 100, dxc_amountdue: 0 }),
    });
    const run = await sandbox.run(flow);
    expect(failedActions(run)).toEqual([]);
    expect(invoiceRow(stuck!.id)).toMatchObject({ statecode: 2, statuscode: 100001 });
    expect(historyOf(stuck!.id)).toEqual([
      expect.objectContaining({ dxc_action: ACTION.Status, dxc_status: RESULT.Successful }),
    ]);
    expect(historyOf(stuck!.id)[0]!.dxc_details).toMatch(
      /^INV-\d+: Xero status PAID; .*Invoice set to Paid in Dynamics\.$/,
    );
  });

  test('open invoices are asked about in batches of at most 50 ids, each id once', async () => {
    exportedInvoices(55, 20);
    const open = sandbox.dataverse
      .snapshot()
      .invoice!.filter((r) => r.statecode === 0 && r.dxc_xerostatus !== XERO_STATUS.VOIDED)
      .map((r) => (r.dxc_xeroinvoiceid as string).toLowerCase());
    expect(open.length).toBeGreaterThan(50);
    const run = await sandbox.run(flow);
    expect(failedActions(run)).toEqual([]);
    const batches = askedIds(run);
    expect(batches.map((b) => b.length)).toEqual([50, open.length - 50]);
    expect(batches.flat().sort()).toEqual([...open].sort());
  });

  test('Xero failing for a batch writes a Failed history row for it; the next run catches up', async () => {
    const [invoice] = exportedInvoices(1);
    books.recordPayment({ invoiceId: invoice!.xeroId, amount: 30 });
    sandbox.xero.emulator.faults.inject({
      kind: 'status',
      status: 500,
      count: null,
      method: 'GET',
      path: '/Invoices',
    });
    const failing = await sandbox.run(flow);
    sandbox.xero.emulator.faults.clear();
    expect(failing.status).toBe('Succeeded');
    const failures = allHistory().filter((h) => h.dxc_status === RESULT.Failed);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]).toMatchObject({
      dxc_action: ACTION.Status,
      _dxc_connectionid_value: connectionRowId,
    });
    expect(failures[0]!.dxc_details).toMatch(
      /^Invoice statuses not read from Xero at Get_statuses_from_Xero: Xero answered with an error \(HTTP 500\)\..* \(the batch had \d+ invoices; the next run tries again\)$/,
    );
    expect(invoiceRow(invoice!.id)).toMatchObject({ dxc_amountpaid: 0 });

    const recovered = await sandbox.run(flow);
    expect(failedActions(recovered)).toEqual([]);
    expect(invoiceRow(invoice!.id)).toMatchObject({ dxc_amountpaid: 30, dxc_amountdue: 70 });
  });

  test('an invoice Dataverse will not update gets a Failed history row; the other invoices go on', async () => {
    const [refused, fine] = exportedInvoices(2);
    books.recordPayment({ invoiceId: refused!.xeroId, amount: 100 });
    books.recordPayment({ invoiceId: fine!.xeroId, amount: 100 });
    // Someone set the Dynamics invoice to Paid after the flow listed it: its update is refused as read-only.
    const run = await sandbox.run(flow, {
      connector: async (call) => {
        const params = call.parameters as Record<string, unknown>;
        if (
          call.operationId === 'UpdateOnlyRecord' &&
          params.recordId === refused!.id &&
          !('item/statecode' in params)
        ) {
          const answer = await fetch(`${sandbox.dataverse.url}/api/data/v9.2/invoices(${refused!.id})`, {
            method: 'PATCH',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ statecode: 2, statuscode: 100001 }),
          });
          expect(answer.status).toBe(204);
        }
        return defaultConnector(call);
      },
    });
    expect(run.status).toBe('Succeeded');
    expect(historyOf(refused!.id)).toEqual([
      expect.objectContaining({ dxc_action: ACTION.Status, dxc_status: RESULT.Failed }),
    ]);
    expect(historyOf(refused!.id)[0]!.dxc_details).toMatch(
      /^Status and payments not written at Update_invoice_from_Xero: .*read-only/,
    );
    expect(invoiceRow(refused!.id)).toMatchObject({ dxc_amountpaid: 0, statecode: 2 });
    expect(invoiceRow(fine!.id)).toMatchObject({ dxc_xerostatus: XERO_STATUS.PAID, statecode: 2 });
    expect(historyOf(fine!.id)).toEqual([expect.objectContaining({ dxc_status: RESULT.Successful })]);
  });

  test('the proxy unreachable: the Catch scope writes a Failed history row and the run fails', async () => {
    const before = allHistory().length;
    const run = await sandbox.run(flow, sandbox.unreachableProxy());
    expect(run.status).toBe('Failed');
    const added = allHistory().slice(before);
    expect(added).toEqual([
      expect.objectContaining({
        dxc_action: ACTION.Status,
        dxc_status: RESULT.Failed,
        _dxc_connectionid_value: null,
      }),
    ]);
    expect(added[0]!.dxc_details).toMatch(/^Invoice status check failed at Get_Xero_organisation: .+/);
    expect(added[0]!.dxc_details).not.toContain(sandbox.apiKey);
  });
});
