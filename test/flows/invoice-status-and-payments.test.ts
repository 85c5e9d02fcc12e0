/**
 * The Invoice status and payments flow (DESIGN §5 flow 2, B7, B9) as the solution ships it, against the Dataverse
 * emulator and the real proxy over the Xero emulator. It asks only for what changed in Xero since the connection
 * row's watermark and writes it back in bulk: payments and status reach the invoices with one history row per change,
 * a fully paid invoice becomes Paid, its customer's balance follows, the proxy's own writes are not news, an idle run
 * costs 4 requests and one Xero call whatever the number of open invoices, and failures are recorded, never silent.
 */
import { randomUUID } from 'node:crypto';
import type { RunResult } from '@dxc/flow-runner';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import { renderRunText } from '@dxc/flow-runner';
import { executions, failedActions, loadSolutionFlow, startFlowSandbox } from './support/flow-sandbox';
import type { FlowSandbox } from './support/flow-sandbox';
import { ACTION, HEALTH, RESULT, XERO_STATUS } from './support/choices';
import { choiceValue } from '@dxc/solution';

jest.setTimeout(90_000);

/** Trigger, List rows, GetInvoiceStatuses and the (empty) write-back loop. */
const IDLE_RUN_REQUESTS = 4;

const flow = loadSolutionFlow('InvoiceStatusAndPayments');
type Row = Record<string, unknown>;

interface Synced {
  id: string;
  xeroId: string;
  number: string;
}

interface World {
  sandbox: FlowSandbox;
  books: OrganisationBooks;
  connectionRowId: string;
  accountId: string;
  /** AUTHORISED sales invoices sent through the proxy's SyncInvoices (so its ledger knows them), as Dataverse has them after the Sync flow. */
  synced(count: number, amount?: number): Promise<Synced[]>;
  run(options?: Parameters<FlowSandbox['run']>[1]): Promise<RunResult>;
  invoice(id: string): Row;
  history(invoiceId?: string): Row[];
  connectionRow(): Row;
  close(): Promise<void>;
}

async function startWorld(options: { withoutConnectionRow?: boolean; followEmulatorClock?: boolean } = {}) {
  const sandbox = await startFlowSandbox({ proxy: { followEmulatorClock: options.followEmulatorClock } });
  const books = sandbox.xero.emulator.books<OrganisationBooks>(sandbox.connection.tenantId);
  const connectionRowId = randomUUID();
  const accountId = randomUUID();
  sandbox.dataverse.load({
    ...(options.withoutConnectionRow
      ? {}
      : {
          dxc_xeroconnection: [
            {
              dxc_xeroconnectionid: connectionRowId,
              dxc_name: 'Demo Company',
              dxc_tenantid: sandbox.connection.tenantId,
            },
          ],
        }),
    account: [{ accountid: accountId, name: `Status customer ${accountId.slice(0, 8)}` }],
  });
  const snapshot = () => sandbox.dataverse.snapshot();
  const world: World = {
    sandbox,
    books,
    connectionRowId,
    accountId,
    async synced(count, amount = 100) {
      if (count > 50)
        return [...(await world.synced(50, amount)), ...(await world.synced(count - 50, amount))];
      const invoices = Array.from({ length: count }, (_, n) => ({
        invoiceId: randomUUID(),
        invoiceNumber: `ST-${randomUUID().slice(0, 8)}-${n}`,
        invoiceType: 'ACCREC',
        lineAmountTypes: 'NoTax',
        dueDate: books.today(),
        customer: { kind: 'account', id: accountId, name: `Status customer ${accountId.slice(0, 8)}` },
        lines: [
          {
            lineId: randomUUID(),
            isWriteIn: true,
            writeInDescription: 'Status test',
            quantity: 1,
            unitPrice: amount,
            accountCode: '200',
          },
        ],
      }));
      const res = await fetch(`${sandbox.xero.url}/v1/invoices/sync`, {
        method: 'POST',
        headers: { 'X-Api-Key': sandbox.apiKey, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          // No pay links: one Xero call per approved invoice would spend the minute's 60 calls on a sync of 60 and
          // make its second batch wait for the window; status runs read none of them.
          settings: {
            defaultStatus: 'AUTHORISED',
            createContacts: true,
            useXeroInvoiceNumbering: false,
            onlineInvoiceLink: 'off',
          },
          invoices,
        }),
      });
      const answer = (await res.json()) as {
        results: { invoiceId: string; outcome: string; xeroInvoiceId: string; invoiceNumber: string }[];
      };
      expect(answer.results.map((r) => r.outcome)).toEqual(invoices.map(() => 'created'));
      sandbox.dataverse.load({
        invoice: answer.results.map((r) => ({
          invoiceid: r.invoiceId,
          name: `Order ${r.invoiceNumber}`,
          'customerid_account@odata.bind': `/accounts(${accountId})`,
          'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${connectionRowId})`,
          dxc_xeroinvoiceid: r.xeroInvoiceId,
          dxc_xeroinvoicenumber: r.invoiceNumber,
          dxc_xerostatus: XERO_STATUS.Authorised,
          dxc_exportstatus: choiceValue('dxc_exportstatus', 'Yes'),
          dxc_amountdue: amount,
          dxc_amountpaid: 0,
        })),
      });
      return answer.results.map((r) => ({
        id: r.invoiceId,
        xeroId: r.xeroInvoiceId,
        number: r.invoiceNumber,
      }));
    },
    run: (o) => sandbox.run(flow, o),
    invoice: (id) => snapshot().invoice!.find((r) => r.invoiceid === id)!,
    history: (invoiceId) =>
      (snapshot().dxc_synchistory ?? []).filter(
        (r) => invoiceId === undefined || r._dxc_invoiceid_value === invoiceId,
      ),
    connectionRow: () => snapshot().dxc_xeroconnection![0]!,
    close: () => sandbox.close(),
  };
  return world;
}

/** Fails with the failed steps when the run did not succeed, so a broken flow explains itself. */
function expectSucceeded(run: RunResult): void {
  if (run.status !== 'Succeeded' || failedActions(run).length) throw new Error(renderRunText(run));
}

describe('Invoice status and payments', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => world?.close());

  test('an idle run costs 4 requests and one Xero call whatever the number of open invoices, and writes nothing', async () => {
    await world.synced(60, 20);
    // The first run sets the watermark (the sync's own writes are not news: nothing else is written).
    expectSucceeded(await world.run());
    expect(world.history()).toEqual([]);
    expect(world.connectionRow().dxc_statuswatermark).toEqual(expect.any(String));

    const before = world.sandbox.dataverse.snapshot();
    const calls = world.sandbox.xeroCalls();
    const idle = await world.run();
    expectSucceeded(idle);
    expect(idle.requests).toBe(IDLE_RUN_REQUESTS);
    expect(world.sandbox.xeroCalls() - calls).toBe(1);
    expect(world.sandbox.dataverse.snapshot()).toEqual(before);
  });

  test('payments in Xero reach the invoices: amounts, Paid state, the customer balance and one history row per change', async () => {
    const [part, full, untouched] = await world.synced(3);
    world.books.recordPayment({ invoiceId: part!.xeroId, amount: 40 });
    world.books.recordPayment({ invoiceId: full!.xeroId, amount: 100 });
    const run = await world.run();
    expectSucceeded(run);
    expect(world.invoice(part!.id)).toMatchObject({
      dxc_xerostatus: XERO_STATUS.Authorised,
      dxc_amountpaid: 40,
      dxc_amountdue: 60,
      statecode: 0,
    });
    expect(world.invoice(full!.id)).toMatchObject({
      dxc_xerostatus: XERO_STATUS.Paid,
      dxc_amountpaid: 100,
      dxc_amountdue: 0,
      statecode: 2,
      statuscode: 100001,
    });
    expect(world.invoice(untouched!.id)).toMatchObject({
      dxc_amountpaid: 0,
      dxc_amountdue: 100,
      statecode: 0,
    });

    expect(world.history(part!.id)).toEqual([
      expect.objectContaining({
        dxc_action: ACTION.Payment,
        dxc_status: RESULT.Successful,
        _dxc_connectionid_value: world.connectionRowId,
        dxc_details: `Invoice ${part!.number} is AUTHORISED in Xero. Amount paid 40.00 GBP, amount due 60.00 GBP.`,
      }),
    ]);
    expect(world.history(part!.id)[0]!.dxc_name).toMatch(/^Sync - \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(world.history(full!.id)).toEqual([
      expect.objectContaining({
        dxc_action: ACTION.Payment,
        dxc_details: expect.stringMatching(
          new RegExp(
            `^Invoice ${full!.number} changed from AUTHORISED to PAID in Xero\\. Amount paid 100\\.00 GBP, amount due 0\\.00 GBP\\. Fully paid on \\d{4}-\\d\\d-\\d\\d\\.$`,
          ),
        ),
      }),
    ]);
    expect(world.history(untouched!.id)).toEqual([]);
    // The customer's balance follows the invoices that changed (B9), without a separate run.
    const account = world.sandbox.dataverse.snapshot().account!.find((a) => a.accountid === world.accountId)!;
    expect(account.dxc_amountowed).toBeGreaterThan(0);
    expect(account.dxc_balancesyncedon).toEqual(expect.any(String));

    // Bulk: one message per kind of write, whatever the number of invoices.
    expect(executions(run, 'Send_bulk_write').map((a) => a.status)).toEqual(
      Array(executions(run, 'Send_bulk_write').length).fill('Succeeded'),
    );
    expect(executions(run, 'Send_bulk_write').length).toBeLessThanOrEqual(5);

    // A second run finds nothing new: no write, no history.
    const before = world.sandbox.dataverse.snapshot();
    const again = await world.run();
    expectSucceeded(again);
    expect(again.requests).toBe(IDLE_RUN_REQUESTS);
    expect(world.sandbox.dataverse.snapshot()).toEqual(before);
  });

  test('a change read twice (the webhook flow and this poll, or a retry) leaves one history row', async () => {
    const [invoice] = await world.synced(1);
    const watermark = world.connectionRow().dxc_statuswatermark;
    world.books.recordPayment({ invoiceId: invoice!.xeroId, amount: 25 });
    expectSucceeded(await world.run());
    expect(world.history(invoice!.id)).toHaveLength(1);
    // Rewind the watermark, as when two flows read the same change: the same rows are written again, not added.
    await fetch(`${world.sandbox.dataverse.apiUrl}/dxc_xeroconnections(${world.connectionRowId})`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'If-Match': '*' },
      body: JSON.stringify({ dxc_statuswatermark: watermark }),
    });
    expectSucceeded(await world.run());
    expect(world.history(invoice!.id)).toHaveLength(1);
    expect(world.invoice(invoice!.id)).toMatchObject({ dxc_amountpaid: 25, dxc_amountdue: 75 });
  });

  test('a payment removed in Xero makes the Paid invoice active again, with its amounts', async () => {
    const [invoice] = await world.synced(1);
    const payment = world.books.recordPayment({ invoiceId: invoice!.xeroId, amount: 100 });
    expectSucceeded(await world.run());
    expect(world.invoice(invoice!.id)).toMatchObject({ statecode: 2, dxc_xerostatus: XERO_STATUS.Paid });
    world.books.deletePayment(payment.paymentId);
    expectSucceeded(await world.run());
    expect(world.invoice(invoice!.id)).toMatchObject({
      statecode: 0,
      dxc_xerostatus: XERO_STATUS.Authorised,
      dxc_amountpaid: 0,
      dxc_amountdue: 100,
    });
    expect(world.history(invoice!.id).at(-1)!.dxc_details).toMatch(/active again in Dynamics\.$/);
  });

  test('a voided invoice records a Status change', async () => {
    const [voided] = await world.synced(1);
    world.books.saveInvoice({ Status: 'VOIDED' }, 'update', { unitDp: 2, target: voided!.xeroId });
    expectSucceeded(await world.run());
    expect(world.invoice(voided!.id)).toMatchObject({ dxc_xerostatus: XERO_STATUS.Voided, statecode: 0 });
    expect(world.history(voided!.id)).toEqual([
      expect.objectContaining({
        dxc_action: ACTION.Status,
        dxc_status: RESULT.Successful,
        dxc_details: expect.stringMatching(
          new RegExp(`^Invoice ${voided!.number} changed from AUTHORISED to VOIDED in Xero\\.`),
        ),
      }),
    ]);
  });

  test('an invoice Dataverse will not update is written on its own and recorded as Failed; the others land', async () => {
    const [refused, fine] = await world.synced(2);
    world.books.recordPayment({ invoiceId: refused!.xeroId, amount: 10 });
    world.books.recordPayment({ invoiceId: fine!.xeroId, amount: 10 });
    // Someone closed the Dynamics invoice (read-only) before the flow wrote it.
    const closed = await fetch(`${world.sandbox.dataverse.apiUrl}/invoices(${refused!.id})`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'If-Match': '*' },
      body: JSON.stringify({ statecode: 2, statuscode: 100001 }),
    });
    expect(closed.status).toBe(204);
    const run = await world.run();
    expect(run.status).toBe('Failed');
    expect(executions(run, 'Write_row').length).toBeGreaterThan(0);
    expect(world.invoice(fine!.id)).toMatchObject({ dxc_amountpaid: 10, dxc_amountdue: 90 });
    expect(world.invoice(refused!.id)).toMatchObject({ dxc_amountpaid: 0 });
    const failed = world.history().filter((h) => h.dxc_status === RESULT.Failed);
    expect(failed).toEqual([
      expect.objectContaining({
        dxc_action: ACTION.Status,
        dxc_details: expect.stringMatching(
          /^Invoice status check could not write to Dataverse at Send_bulk_write: .+/,
        ),
      }),
    ]);
  });

  test('Xero failing: a Failed history row, the watermark stays, the next run catches up', async () => {
    const [invoice] = await world.synced(1);
    const watermark = world.connectionRow().dxc_statuswatermark;
    world.books.recordPayment({ invoiceId: invoice!.xeroId, amount: 30 });
    world.sandbox.xero.emulator.faults.inject({
      kind: 'status',
      status: 500,
      count: null,
      method: 'GET',
      path: '/Invoices',
    });
    const failing = await world.run();
    world.sandbox.xero.emulator.faults.clear();
    expect(failing.status).toBe('Failed');
    const failures = world.history().filter((h) => h.dxc_status === RESULT.Failed);
    expect(failures.at(-1)).toMatchObject({ dxc_action: ACTION.Status });
    expect(failures.at(-1)!.dxc_details).toMatch(/^Invoice status check failed: .*Xero/);
    expect(world.connectionRow().dxc_statuswatermark).toBe(watermark);
    expect(world.invoice(invoice!.id)).toMatchObject({ dxc_amountpaid: 0 });

    expectSucceeded(await world.run());
    expect(world.invoice(invoice!.id)).toMatchObject({ dxc_amountpaid: 30, dxc_amountdue: 70 });
  });

  test('the proxy unreachable: a Failed history row without the API key, and the run fails', async () => {
    const before = world.history().length;
    const run = await world.run(world.sandbox.unreachableProxy());
    expect(run.status).toBe('Failed');
    const added = world.history().slice(before);
    expect(added).toEqual([
      expect.objectContaining({ dxc_action: ACTION.Status, dxc_status: RESULT.Failed }),
    ]);
    expect(added[0]!.dxc_details).toMatch(/^Invoice status check failed: .+/);
    expect(added[0]!.dxc_details).not.toContain(world.sandbox.apiKey);
  });
});

describe('Invoice status and payments: first contact and a lapsed authorisation', () => {
  test("creates the connection row on first contact with the organisation's details, then writes nothing on quiet runs", async () => {
    const world = await startWorld({ withoutConnectionRow: true });
    try {
      expectSucceeded(await world.run());
      const rows = world.sandbox.dataverse.snapshot().dxc_xeroconnection ?? [];
      expect(rows).toEqual([
        expect.objectContaining({
          dxc_tenantid: world.sandbox.connection.tenantId,
          dxc_name: world.sandbox.connection.tenantName,
          dxc_tenantname: world.sandbox.connection.tenantName,
          dxc_shortcode: world.sandbox.connection.shortCode,
          dxc_timezone: 'GMT Standard Time',
          dxc_health: HEALTH.Connected,
          dxc_statuswatermark: expect.any(String),
        }),
      ]);
      expect(rows[0]!.dxc_basecurrency).toMatch(/^[A-Z]{3}$/);
      const before = world.sandbox.dataverse.snapshot();
      const quiet = await world.run();
      expectSucceeded(quiet);
      expect(quiet.requests).toBe(IDLE_RUN_REQUESTS);
      expect(world.sandbox.dataverse.snapshot()).toEqual(before);
    } finally {
      await world.close();
    }
  });

  test('a lapsed authorisation is recorded once and marks the connection Reconnect needed; reconnecting marks it Connected', async () => {
    const world = await startWorld({ followEmulatorClock: true });
    try {
      expectSucceeded(await world.run());
      await world.sandbox.xero.emulator.advanceClock(61 * 24 * 60 * 60_000); // the refresh token lapsed unused
      const lapsed = await world.run();
      expect(lapsed.status).toBe('Failed');
      expect(world.history()).toEqual([
        expect.objectContaining({
          dxc_status: RESULT.Failed,
          dxc_details: expect.stringMatching(/^Invoice status check failed: .*reconnect it at .*\/admin/),
        }),
      ]);
      expect(world.connectionRow().dxc_health).toBe(HEALTH.ReconnectNeeded);
      // Still lapsed: no second history row.
      expect((await world.run()).status).toBe('Failed');
      expect(world.history()).toHaveLength(1);

      await world.sandbox.xero.connect(); // an admin reconnects on the proxy's admin page
      expectSucceeded(await world.run());
      expect(world.connectionRow().dxc_health).toBe(HEALTH.Connected);
    } finally {
      await world.close();
    }
  });
});
