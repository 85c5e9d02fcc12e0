/**
 * The Sync invoices flow (DESIGN §5 flow 1, B1–B6, B11) as the solution ships it, against the Dataverse emulator and
 * the real proxy over the Xero emulator: ready invoices reach Xero in batches of 50 and come back with Xero's ids,
 * numbers, status, link, amounts and per-line tax; customers get their Xero contact id; every created, updated or
 * failed invoice gets one history row; a second run changes nothing; failures are recorded, never silent.
 */
import { randomUUID } from 'node:crypto';
import type { RunResult } from '@dxc/flow-runner';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import { demoCompanyUk } from '@dxc/xero-emulator';
import { renderRunText } from '@dxc/flow-runner';
import { executions, failedActions, loadSolutionFlow, startFlowSandbox } from './support/flow-sandbox';
import type { FlowSandbox } from './support/flow-sandbox';
import { ACTION, EXPORT, HEALTH, RESULT, XERO_STATUS } from './support/choices';
import { loadConnection, newConnectionSeed } from './support/seed-rows';

jest.setTimeout(120_000);

const START = '2026-02-02T10:00:00Z';
/** A run with nothing to send costs Xero nothing: it ends after one List rows. */
const QUIET_RUN_XERO_CALLS = 0;
/** …and three Power Platform requests: the trigger, the List rows and the condition (issue 12's budget: 4). */
const QUIET_RUN_REQUESTS = 3;
const WRITE_LATENCY_MS = 2_000;

const flow = loadSolutionFlow('SyncInvoicesToXero');

type Row = Record<string, unknown>;

interface World {
  sandbox: FlowSandbox;
  books: OrganisationBooks;
  connectionRowId: string;
  taxRateId: string;
  salesAccountId: string;
  xeroCalls(): number;
  /** Moves both clocks (the runner's and Dataverse's) on by one recurrence and runs the flow. */
  runFlow(): Promise<RunResult>;
  /** Lets time pass on both clocks (a user's edit some minutes after a sync). */
  wait(ms: number): void;
  invoice(id: string): Row;
  lines(invoiceId: string): Row[];
  history(invoiceId?: string): Row[];
  close(): Promise<void>;
}

interface WorldOptions {
  dataversePageSize?: number;
  createContacts?: boolean;
  /** Leave the dxc_xeroconnection row out (the flow creates it). */
  withoutConnectionRow?: boolean;
  /** The proxy follows the Xero emulator's clock (to let a refresh token lapse). */
  followEmulatorClock?: boolean;
  /** Xero's name of the organisation's time zone (the demo company's is GMTSTANDARDTIME). */
  xeroTimeZone?: string;
}

async function startWorld(options: WorldOptions = {}): Promise<World> {
  const sandbox = await startFlowSandbox({
    startAt: START,
    dataversePageSize: options.dataversePageSize,
    proxy: {
      followEmulatorClock: options.followEmulatorClock,
      ...(options.xeroTimeZone
        ? { emulator: { organisations: [{ ...demoCompanyUk(), timezone: options.xeroTimeZone }] } }
        : {}),
    },
  });
  // One time line for both sides, with Dataverse stamping its writes 2 s after the flow read utcNow(), as a real
  // round trip does: the flow's own write-back must not look like a user's edit on the next run.
  sandbox.dataverse.clock.set(new Date(Date.parse(START) + WRITE_LATENCY_MS));
  const books = sandbox.xero.emulator.books<OrganisationBooks>(sandbox.connection.tenantId);
  const { connectionRowId, taxRateId, salesAccountId } = newConnectionSeed();
  if (!options.withoutConnectionRow) {
    loadConnection(
      sandbox,
      {
        dxc_createcontacts: options.createContacts ?? true,
        // As the status flows keep it from Xero (Windows names, what convertFromUtc takes).
        dxc_timezone:
          options.xeroTimeZone === 'NEWZEALANDSTANDARDTIME'
            ? 'New Zealand Standard Time'
            : 'GMT Standard Time',
      },
      { connectionRowId, taxRateId, salesAccountId },
    );
  }
  const snapshot = () => sandbox.dataverse.snapshot();
  return {
    sandbox,
    books,
    connectionRowId,
    taxRateId,
    salesAccountId,
    xeroCalls: () => sandbox.xeroCalls(),
    async runFlow() {
      sandbox.clock.advance(5 * 60_000);
      sandbox.dataverse.clock.advance(5 * 60_000);
      return sandbox.run(flow);
    },
    wait(ms) {
      sandbox.clock.advance(ms);
      sandbox.dataverse.clock.advance(ms);
    },
    invoice: (id) => snapshot().invoice!.find((r) => r.invoiceid === id)!,
    lines: (invoiceId) =>
      (snapshot().invoicedetail ?? [])
        .filter((r) => r._invoiceid_value === invoiceId)
        .sort((a, b) => Number(a.sequencenumber) - Number(b.sequencenumber)),
    history: (invoiceId) =>
      (snapshot().dxc_synchistory ?? []).filter(
        (r) => invoiceId === undefined || r._dxc_invoiceid_value === invoiceId,
      ),
    close: () => sandbox.close(),
  };
}

/** The seed product's example invoice: 3 × 300.00 write-in, a note line, 2 × 99.00 of a product, 20% VAT. */
function seedExample(world: World, invoiceNumber = 'INV-00074-Q5M5H0') {
  const accountId = randomUUID();
  const productId = randomUUID();
  const invoiceId = randomUUID();
  const lineIds = [randomUUID(), randomUUID(), randomUUID()];
  const taxBind = `/dxc_xerotaxrates(${world.taxRateId})`;
  world.sandbox.dataverse.load({
    account: [
      {
        accountid: accountId,
        name: `Contoso ${invoiceNumber}`,
        emailaddress1: 'accounts@contoso.example',
        telephone1: '+44 20 7946 0000',
        address1_line1: '1 Market Street',
        address1_city: 'London',
        address1_postalcode: 'EC1A 1AA',
        address1_country: 'United Kingdom',
      },
    ],
    product: [
      { productid: productId, name: 'CRM Online: Enterprise (sample)', productnumber: 'CRMONLINE-ENT' },
    ],
    invoice: [
      {
        invoiceid: invoiceId,
        name: 'test Enrico 1',
        invoicenumber: invoiceNumber,
        datedelivered: '2026-02-02T00:00:00Z',
        duedate: '2026-03-02',
        'customerid_account@odata.bind': `/accounts(${accountId})`,
        'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${world.connectionRowId})`,
      },
    ],
    invoicedetail: [
      {
        invoicedetailid: lineIds[0],
        'invoiceid@odata.bind': `/invoices(${invoiceId})`,
        sequencenumber: 1,
        isproductoverridden: true,
        productdescription: 'Test line 1',
        description: 'Here are some stuff PRG123',
        quantity: 3,
        priceperunit: 300,
        'dxc_TaxRateId@odata.bind': taxBind,
      },
      {
        invoicedetailid: lineIds[1],
        'invoiceid@odata.bind': `/invoices(${invoiceId})`,
        sequencenumber: 2,
        isproductoverridden: true,
        productdescription: 'This is just a great comment',
        description: 'Something',
        quantity: 0,
        priceperunit: 0,
      },
      {
        invoicedetailid: lineIds[2],
        'invoiceid@odata.bind': `/invoices(${invoiceId})`,
        sequencenumber: 3,
        'productid@odata.bind': `/products(${productId})`,
        description: '2 new user PRG123',
        quantity: 2,
        priceperunit: 99,
        'dxc_TaxRateId@odata.bind': taxBind,
      },
    ],
  });
  return { accountId, productId, invoiceId, lineIds };
}

/** Writes to Dataverse as a user would (the Web API), so modifiedon and the invoice totals move as they do there. */
async function patch(world: World, entitySet: string, id: string, body: Row): Promise<void> {
  const res = await fetch(`${world.sandbox.dataverse.apiUrl}/${entitySet}(${id})`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json', 'If-Match': '*' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`PATCH ${entitySet}(${id}) answered ${res.status}: ${await res.text()}`);
}

/**
 * `count` ready invoices for `customers` accounts, one write-in line each (10.00 + n at 20%), optionally with a
 * line account lookup (`accountId`) for some of them.
 */
function readyInvoices(
  world: World,
  count: number,
  options: { customers?: number; prefix?: string; lineAccountId?: (n: number) => string | undefined } = {},
) {
  const prefix = options.prefix ?? 'BULK';
  const accounts = Array.from({ length: options.customers ?? 10 }, (_, n) => ({
    accountid: randomUUID(),
    name: `${prefix} customer ${n}`,
  }));
  const invoices = Array.from({ length: count }, (_, n) => ({
    invoiceid: randomUUID(),
    name: `${prefix} order ${n}`,
    invoicenumber: `${prefix}-${String(n).padStart(4, '0')}`,
    datedelivered: '2026-02-01T00:00:00Z',
    'customerid_account@odata.bind': `/accounts(${accounts[n % accounts.length]!.accountid})`,
    'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${world.connectionRowId})`,
  }));
  const lines = invoices.map((inv, n) => {
    const accountId = options.lineAccountId?.(n);
    return {
      invoicedetailid: randomUUID(),
      'invoiceid@odata.bind': `/invoices(${inv.invoiceid})`,
      sequencenumber: 1,
      isproductoverridden: true,
      productdescription: `Consulting ${n}`,
      quantity: 1,
      priceperunit: 10 + n,
      'dxc_TaxRateId@odata.bind': `/dxc_xerotaxrates(${world.taxRateId})`,
      ...(accountId ? { 'dxc_AccountId@odata.bind': `/dxc_xeroaccounts(${accountId})` } : {}),
    };
  });
  world.sandbox.dataverse.load({ account: accounts, invoice: invoices, invoicedetail: lines });
  return { accounts, invoices, lines };
}

/** What each SyncInvoices call of a run sent: the invoice ids per batch. */
const batchesSent = (run: RunResult) =>
  executions(run, 'Sync_batch_with_Xero')
    .filter((a) => a.status !== 'Skipped')
    .map((a) =>
      (
        (a.inputs as { parameters: { 'body/rows': { invoiceid: string }[] } }).parameters['body/rows'] ?? []
      ).map((i) => i.invoiceid),
    );

/** Fails with the run's history when the run did not succeed, so a broken flow explains itself. */
function expectSucceeded(run: RunResult): void {
  if (run.status !== 'Succeeded' || failedActions(run).length) throw new Error(renderRunText(run));
}

describe('Sync invoices to Xero', () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => world?.close());

  test('the seed example reaches Xero (1,098.00 + 219.60 = 1,317.60) and comes back to Dataverse', async () => {
    const seed = seedExample(world);
    const run = await world.runFlow();
    expectSucceeded(run);
    expect(batchesSent(run)).toEqual([[seed.invoiceId]]);

    const inXero = world.books.listInvoices().filter((i) => i.invoiceNumber === 'INV-00074-Q5M5H0');
    expect(inXero).toHaveLength(1);
    expect(inXero[0]).toMatchObject({ subTotal: 1098, totalTax: 219.6, total: 1317.6, status: 'DRAFT' });

    const invoice = world.invoice(seed.invoiceId);
    expect(invoice).toMatchObject({
      dxc_xeroinvoiceid: inXero[0]!.invoiceId,
      dxc_xeroinvoicenumber: 'INV-00074-Q5M5H0',
      dxc_xerostatus: XERO_STATUS.Draft,
      dxc_exportstatus: EXPORT.Yes,
      dxc_amountdue: 1317.6,
      dxc_amountpaid: 0,
      totaltax: 219.6,
      totalamount: 1317.6,
    });
    expect(String(invoice.dxc_xerourl)).toContain(inXero[0]!.invoiceId);
    expect(invoice.dxc_exportedon).toBeTruthy();
    expect(String(invoice.dxc_lastsyncmessage)).toMatch(/^Invoice has been created in Xero/);
    expect(world.lines(seed.invoiceId).map((l) => l.tax)).toEqual([180, 0, 39.6]);
    expect(world.history(seed.invoiceId)).toEqual([
      expect.objectContaining({
        dxc_action: ACTION.Create,
        dxc_status: RESULT.Successful,
        _dxc_connectionid_value: world.connectionRowId,
        dxc_details: invoice.dxc_lastsyncmessage,
        dxc_name: expect.stringMatching(/^Sync - \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      }),
    ]);

    // Lines: write-in → description, note line, product → item code; the default sales account fills the codes.
    const lineItems = inXero[0]!.lineItems;
    expect(lineItems.map((l) => [l.itemCode, l.quantity, l.unitAmount, l.taxType, l.accountCode])).toEqual([
      [undefined, 3, 300, 'OUTPUT2', '200'],
      [undefined, undefined, undefined, 'NONE', undefined],
      ['CRMONLINE-ENT', 2, 99, 'OUTPUT2', '200'],
    ]);
    expect(world.books.findItemByCode('CRMONLINE-ENT')).toBeDefined();

    // The customer was created in Xero (found again by ContactNumber = Dataverse id) and its id stored.
    const contact = world.books.findContactByNumber(seed.accountId)!;
    expect(contact).toMatchObject({
      name: 'Contoso INV-00074-Q5M5H0',
      emailAddress: 'accounts@contoso.example',
    });
    expect(contact.addresses).toEqual(
      expect.arrayContaining([expect.objectContaining({ AddressLine1: '1 Market Street', City: 'London' })]),
    );
    expect(inXero[0]!.contactId).toBe(contact.contactId);
    const account = world.sandbox.dataverse.snapshot().account!.find((a) => a.accountid === seed.accountId)!;
    expect(account.dxc_xerocontactid).toBe(contact.contactId);
  });

  test('a run right after changes nothing; an edit after the sync is sent again as an update', async () => {
    const seed = seedExample(world);
    expectSucceeded(await world.runFlow());
    const before = world.sandbox.dataverse.snapshot();
    const calls = world.xeroCalls();

    const quiet = await world.runFlow();
    expectSucceeded(quiet);
    expect(batchesSent(quiet)).toEqual([]);
    expect(world.xeroCalls() - calls).toBe(QUIET_RUN_XERO_CALLS);
    expect(world.sandbox.dataverse.snapshot()).toEqual(before);

    // A user changes a quantity a few minutes later: the invoice total moves, so does its modifiedon.
    world.wait(3 * 60_000);
    await patch(world, 'invoicedetails', seed.lineIds[2]!, { quantity: 4 });
    const changed = await world.runFlow();
    expectSucceeded(changed);
    expect(batchesSent(changed)).toEqual([[seed.invoiceId]]);
    const xero = world.books.findInvoice(String(world.invoice(seed.invoiceId).dxc_xeroinvoiceid))!;
    expect(xero).toMatchObject({ subTotal: 1296, totalTax: 259.2, total: 1555.2 });
    expect(world.invoice(seed.invoiceId)).toMatchObject({
      dxc_exportstatus: EXPORT.Yes,
      dxc_amountdue: 1555.2,
      totaltax: 259.2,
      totalamount: 1555.2,
    });
    expect(world.history(seed.invoiceId).map((h) => [h.dxc_action, h.dxc_status])).toEqual([
      [ACTION.Create, RESULT.Successful],
      [ACTION.Update, RESULT.Successful],
    ]);

    // And quiet again.
    const calm = await world.runFlow();
    expectSucceeded(calm);
    expect(batchesSent(calm)).toEqual([]);
    expect(world.history(seed.invoiceId)).toHaveLength(2);
  });

  test('Retry (export status back to No) with nothing changed: no Xero call, no history, exported again', async () => {
    const seed = seedExample(world);
    expectSucceeded(await world.runFlow());
    const calls = world.xeroCalls();
    await patch(world, 'invoices', seed.invoiceId, { dxc_exportstatus: EXPORT.No });

    const retry = await world.runFlow();
    expectSucceeded(retry);
    expect(batchesSent(retry)).toEqual([[seed.invoiceId]]);
    expect(world.xeroCalls() - calls).toBe(QUIET_RUN_XERO_CALLS);
    expect(world.invoice(seed.invoiceId)).toMatchObject({ dxc_exportstatus: EXPORT.Yes });
    expect(String(world.invoice(seed.invoiceId).dxc_lastsyncmessage)).toMatch(/Nothing has changed/);
    expect(world.history(seed.invoiceId)).toHaveLength(1);
    expect(batchesSent(await world.runFlow())).toEqual([]);
  });
});

describe('Sync invoices to Xero beside the Invoice status and payments flow', () => {
  test('an invoice approved and part paid in Xero: the status flow brings it back, the next sync neither resends nor reverts it', async () => {
    const world = await startWorld();
    try {
      const seed = seedExample(world);
      expectSucceeded(await world.runFlow());
      const xeroId = String(world.invoice(seed.invoiceId).dxc_xeroinvoiceid);
      expect(world.invoice(seed.invoiceId).dxc_xerostatus).toBe(XERO_STATUS.Draft);

      // In Xero someone approves the invoice and records a part payment.
      world.books.saveInvoice({ Status: 'AUTHORISED' }, 'update', { unitDp: 2, target: xeroId });
      world.books.recordPayment({ invoiceId: xeroId, amount: 317.6 });
      world.wait(60_000);
      const status = await world.sandbox.run(loadSolutionFlow('InvoiceStatusAndPayments'));
      expect(failedActions(status)).toEqual([]);
      expect(world.invoice(seed.invoiceId)).toMatchObject({
        dxc_xerostatus: XERO_STATUS.Authorised,
        dxc_amountpaid: 317.6,
        dxc_amountdue: 1000,
      });
      const history = world.history(seed.invoiceId).length;

      // The status flow's write moved modifiedon, so the sync flow asks the proxy again: nothing goes to Xero, and
      // what the status flow wrote stays (the proxy's ledger learnt Xero's state from the status query).
      const calls = world.xeroCalls();
      const next = await world.runFlow();
      expectSucceeded(next);
      expect(world.xeroCalls() - calls).toBe(0);
      expect(world.invoice(seed.invoiceId)).toMatchObject({
        dxc_xerostatus: XERO_STATUS.Authorised,
        dxc_amountpaid: 317.6,
        dxc_amountdue: 1000,
        dxc_exportstatus: EXPORT.Yes,
      });
      expect(world.history(seed.invoiceId)).toHaveLength(history);
      expect(batchesSent(await world.runFlow())).toEqual([]);
    } finally {
      await world.close();
    }
  });
});

describe('Sync invoices to Xero: volume and failures', () => {
  test('120 ready invoices (3 pages of 40) go in 3 batches of 50, 50, 20, all written back in one run', async () => {
    const world = await startWorld({ dataversePageSize: 40 });
    try {
      const { invoices } = readyInvoices(world, 120);
      const run = await world.runFlow();
      expectSucceeded(run);
      const batches = batchesSent(run);
      expect(batches.map((b) => b.length)).toEqual([50, 50, 20]);
      expect(new Set(batches.flat())).toEqual(new Set(invoices.map((i) => i.invoiceid)));

      const numbers = new Set(world.books.listInvoices().map((i) => i.invoiceNumber));
      for (const inv of invoices) {
        expect(numbers.has(inv.invoicenumber)).toBe(true);
        expect(world.invoice(inv.invoiceid)).toMatchObject({
          dxc_exportstatus: EXPORT.Yes,
          dxc_xeroinvoicenumber: inv.invoicenumber,
          dxc_xerostatus: XERO_STATUS.Draft,
        });
      }
      expect(world.history().filter((h) => h.dxc_status === RESULT.Successful)).toHaveLength(120);
      // Ten customers, each Xero contact id written once.
      const accounts = world.sandbox.dataverse
        .snapshot()
        .account!.filter((a) => String(a.name).startsWith('BULK'));
      expect(accounts.every((a) => typeof a.dxc_xerocontactid === 'string')).toBe(true);
      // Written in bulk: per batch one message per table, whatever the number of invoices, lines and customers.
      const bulk = executions(run, 'Send_bulk_write');
      expect(bulk.every((a) => a.status === 'Succeeded')).toBe(true);
      expect(bulk.length).toBeLessThanOrEqual(3 * 4);
      expect(executions(run, 'Write_row')).toHaveLength(0);
      expect(run.requests / 120).toBeLessThanOrEqual(0.5);

      const calls = world.xeroCalls();
      const again = await world.runFlow();
      expectSucceeded(again);
      expect(batchesSent(again)).toEqual([]);
      expect(world.xeroCalls() - calls).toBe(QUIET_RUN_XERO_CALLS);
      expect(again.requests).toBe(QUIET_RUN_REQUESTS);
      expect(world.history()).toHaveLength(120);
    } finally {
      await world.close();
    }
  });

  test("a Xero validation failure fails only that invoice: Failed, Xero's message, Failed history", async () => {
    const world = await startWorld();
    try {
      const badAccountId = randomUUID();
      world.sandbox.dataverse.load({
        dxc_xeroaccount: [
          {
            dxc_xeroaccountid: badAccountId,
            dxc_name: 'Archived elsewhere',
            dxc_code: '999',
            'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${world.connectionRowId})`,
          },
        ],
      });
      const { invoices, lines } = readyInvoices(world, 3, {
        prefix: 'VAL',
        lineAccountId: (n) => (n === 1 ? badAccountId : undefined),
      });
      const run = await world.runFlow();
      expectSucceeded(run);
      const [good1, bad, good2] = invoices.map((i) => world.invoice(i.invoiceid));
      expect([good1!.dxc_exportstatus, bad!.dxc_exportstatus, good2!.dxc_exportstatus]).toEqual([
        EXPORT.Yes,
        EXPORT.Failed,
        EXPORT.Yes,
      ]);
      expect(String(bad!.dxc_lastsyncmessage)).toContain(
        "Account code '999' is not a valid code for this document.",
      );
      expect(bad!.dxc_xeroinvoiceid ?? null).toBeNull();
      expect(world.history(invoices[1]!.invoiceid)).toEqual([
        expect.objectContaining({
          dxc_action: ACTION.Create,
          dxc_status: RESULT.Failed,
          dxc_details: bad!.dxc_lastsyncmessage,
        }),
      ]);
      expect(
        world.books
          .listInvoices()
          .map((i) => i.invoiceNumber)
          .sort(),
      ).toEqual(['VAL-0000', 'VAL-0002']);

      // Not retried on its own (it would fail the same way every 5 minutes) ...
      const quiet = await world.runFlow();
      expectSucceeded(quiet);
      expect(batchesSent(quiet)).toEqual([]);
      expect(world.history(invoices[1]!.invoiceid)).toHaveLength(1);

      // ... but fixed in Dynamics (the line's account set to Sales) it goes on the next run.
      world.wait(3 * 60_000);
      await patch(world, 'invoicedetails', lines[1]!.invoicedetailid, {
        'dxc_AccountId@odata.bind': `/dxc_xeroaccounts(${world.salesAccountId})`,
        quantity: 2,
      });
      const fixed = await world.runFlow();
      expectSucceeded(fixed);
      expect(batchesSent(fixed)).toEqual([[invoices[1]!.invoiceid]]);
      expect(world.invoice(invoices[1]!.invoiceid)).toMatchObject({ dxc_exportstatus: EXPORT.Yes });
      expect(world.history(invoices[1]!.invoiceid).map((h) => h.dxc_status)).toEqual([
        RESULT.Failed,
        RESULT.Successful,
      ]);
    } finally {
      await world.close();
    }
  });

  test('with Create new contacts off an unknown customer fails its invoice with a clear message', async () => {
    const world = await startWorld({ createContacts: false });
    try {
      const { invoices, accounts } = readyInvoices(world, 1, { prefix: 'NOC', customers: 1 });
      const run = await world.runFlow();
      expectSucceeded(run);
      const row = world.invoice(invoices[0]!.invoiceid);
      expect(row.dxc_exportstatus).toBe(EXPORT.Failed);
      expect(String(row.dxc_lastsyncmessage)).toMatch(/contact/i);
      expect(world.history(invoices[0]!.invoiceid).map((h) => h.dxc_status)).toEqual([RESULT.Failed]);
      expect(world.books.findContactByNumber(accounts[0]!.accountid)).toBeUndefined();
    } finally {
      await world.close();
    }
  });

  test('a contact (person) customer is created in Xero and its Xero contact id written back', async () => {
    const world = await startWorld();
    try {
      const contactId = randomUUID();
      const invoiceId = randomUUID();
      world.sandbox.dataverse.load({
        contact: [
          { contactid: contactId, firstname: 'Ada', lastname: 'Lovelace', emailaddress1: 'ada@example.org' },
        ],
        invoice: [
          {
            invoiceid: invoiceId,
            name: 'Person order',
            invoicenumber: 'PER-0001',
            datedelivered: '2026-02-01T00:00:00Z',
            'customerid_contact@odata.bind': `/contacts(${contactId})`,
            'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${world.connectionRowId})`,
          },
        ],
        invoicedetail: [
          {
            'invoiceid@odata.bind': `/invoices(${invoiceId})`,
            isproductoverridden: true,
            productdescription: 'Analytical engine tuning',
            quantity: 1,
            priceperunit: 50,
          },
        ],
      });
      expectSucceeded(await world.runFlow());
      const xero = world.books.findContactByNumber(contactId)!;
      expect(xero).toMatchObject({ name: 'Ada Lovelace', firstName: 'Ada', lastName: 'Lovelace' });
      const row = world.sandbox.dataverse.snapshot().contact!.find((c) => c.contactid === contactId)!;
      expect(row.dxc_xerocontactid).toBe(xero.contactId);
      // No tax rate on the line: Xero applies the default sales account's tax type (20% VAT in the demo company).
      expect(world.invoice(invoiceId)).toMatchObject({ dxc_exportstatus: EXPORT.Yes, dxc_amountdue: 60 });
    } finally {
      await world.close();
    }
  });

  test("Date Delivered counts in the organisation's time zone: in New Zealand tomorrow's invoice goes at local midnight", async () => {
    const world = await startWorld({ xeroTimeZone: 'NEWZEALANDSTANDARDTIME' });
    try {
      // 10:05 UTC on 2 February is 23:05 in Auckland (NZDT, UTC+13): an invoice delivered on the 3rd is not due yet.
      const seed = seedExample(world);
      await patch(world, 'invoices', seed.invoiceId, { datedelivered: '2026-02-03T00:00:00Z' });
      const before = await world.runFlow();
      expectSucceeded(before);
      expect(batchesSent(before)).toEqual([]);
      // 11:00 UTC, still the 2nd in UTC, is midnight on the 3rd in Auckland: now it is.
      world.wait(50 * 60_000);
      const after = await world.runFlow();
      expectSucceeded(after);
      expect(batchesSent(after)).toEqual([[seed.invoiceId]]);
      expect(world.invoice(seed.invoiceId)).toMatchObject({ dxc_exportstatus: EXPORT.Yes });
    } finally {
      await world.close();
    }
  });

  test('invoices not ready (future Date Delivered, paid, no connection) are left alone; one with no lines fails', async () => {
    const world = await startWorld();
    try {
      const accountId = randomUUID();
      const ids = { future: randomUUID(), paid: randomUUID(), other: randomUUID(), empty: randomUUID() };
      const base = {
        'customerid_account@odata.bind': `/accounts(${accountId})`,
        datedelivered: '2026-02-01T00:00:00Z',
        'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${world.connectionRowId})`,
      };
      world.sandbox.dataverse.load({
        account: [{ accountid: accountId, name: 'Not ready Ltd' }],
        invoice: [
          { ...base, invoiceid: ids.future, name: 'future', datedelivered: '2026-02-03T00:00:00Z' },
          { ...base, invoiceid: ids.paid, name: 'paid' },
          {
            invoiceid: ids.other,
            name: 'no connection',
            'customerid_account@odata.bind': `/accounts(${accountId})`,
          },
          { ...base, invoiceid: ids.empty, name: 'no lines' },
        ],
        invoicedetail: [ids.future, ids.paid, ids.other].map((id) => ({
          'invoiceid@odata.bind': `/invoices(${id})`,
          isproductoverridden: true,
          productdescription: 'Line',
          quantity: 1,
          priceperunit: 5,
        })),
      });
      await patch(world, 'invoices', ids.paid, { statecode: 2, statuscode: 100001 });
      const calls = world.xeroCalls();
      const run = await world.runFlow();
      expectSucceeded(run);
      // The invoice without lines goes to the proxy as listed and fails there, before anything reaches Xero.
      expect(batchesSent(run)).toEqual([[ids.empty]]);
      expect(world.xeroCalls()).toBe(calls);
      expect(world.books.listInvoices()).toEqual([]);
      expect(world.invoice(ids.empty)).toMatchObject({ dxc_exportstatus: EXPORT.Failed });
      expect(String(world.invoice(ids.empty).dxc_lastsyncmessage)).toMatch(/no products/);
      expect(world.history().map((h) => [h._dxc_invoiceid_value, h.dxc_status])).toEqual([
        [ids.empty, RESULT.Failed],
      ]);
    } finally {
      await world.close();
    }
  });

  test('the proxy unreachable: the Catch writes a Failed history row and the run fails; invoices stay ready', async () => {
    const world = await startWorld();
    try {
      const { invoices } = readyInvoices(world, 2, { prefix: 'OUT' });
      world.sandbox.clock.advance(5 * 60_000);
      const run = await world.sandbox.run(flow, world.sandbox.unreachableProxy());
      expect(run.status).toBe('Failed');
      expect(executions(run, 'Write_failure_history')[0]!.status).toBe('Succeeded');
      const [row] = world.history();
      expect(world.history()).toHaveLength(1);
      expect(row).toMatchObject({
        dxc_status: RESULT.Failed,
        dxc_action: ACTION.Create,
        _dxc_connectionid_value: world.connectionRowId,
      });
      expect(String(row!.dxc_details)).toMatch(/^Invoice sync failed at Sync_batch_with_Xero: .+/);
      for (const inv of invoices) expect(world.invoice(inv.invoiceid).dxc_exportstatus).toBe(EXPORT.No);

      // Back online: the next run sends them.
      const next = await world.runFlow();
      expectSucceeded(next);
      expect(batchesSent(next).flat().sort()).toEqual(invoices.map((i) => i.invoiceid).sort());
    } finally {
      await world.close();
    }
  });

  test("Xero failing a whole batch: the proxy's message is in the Failed history row, invoices stay ready", async () => {
    const world = await startWorld();
    try {
      const { invoices } = readyInvoices(world, 2, { prefix: 'DOWN' });
      world.sandbox.xero.emulator.faults.inject({ kind: 'status', status: 503, count: null });
      const run = await world.runFlow();
      expect(run.status).toBe('Failed');
      world.sandbox.xero.emulator.faults.clear();
      const rows = world.history();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        dxc_status: RESULT.Failed,
        _dxc_connectionid_value: world.connectionRowId,
      });
      expect(String(rows[0]!.dxc_details)).toMatch(/^Invoice sync failed at Sync_batch_with_Xero: .*Xero/);
      for (const inv of invoices) expect(world.invoice(inv.invoiceid).dxc_exportstatus).toBe(EXPORT.No);

      const next = await world.runFlow();
      expectSucceeded(next);
      for (const inv of invoices) expect(world.invoice(inv.invoiceid).dxc_exportstatus).toBe(EXPORT.Yes);
    } finally {
      await world.close();
    }
  });

  test('a run with nothing ready costs 3 requests, no Xero call and writes nothing', async () => {
    const world = await startWorld();
    try {
      const before = world.sandbox.dataverse.snapshot();
      const calls = world.xeroCalls();
      const quiet = await world.runFlow();
      expectSucceeded(quiet);
      expect(quiet.requests).toBe(QUIET_RUN_REQUESTS);
      expect(executions(quiet, 'Sync_batch_with_Xero')).toHaveLength(0);
      expect(world.xeroCalls()).toBe(calls);
      expect(world.sandbox.dataverse.snapshot()).toEqual(before);
    } finally {
      await world.close();
    }
  });
  test('a lapsed Xero authorisation: nothing reaches Xero, one Failed history row naming the admin page, the connection pauses until a status check finds it reconnected', async () => {
    const world = await startWorld({ followEmulatorClock: true });
    try {
      const { invoices } = readyInvoices(world, 1, { prefix: 'LAPSE', customers: 1 });
      await world.sandbox.xero.emulator.advanceClock(61 * 24 * 60 * 60_000); // the refresh token lapsed unused
      // The first run finds out from the proxy (nothing reaches Xero), records it once and pauses the connection.
      const lapsed = await world.runFlow();
      expectSucceeded(lapsed);
      expect(batchesSent(lapsed)).toEqual([[invoices[0]!.invoiceid]]);
      expect(world.books.listInvoices()).toEqual([]);
      expect(world.history()).toEqual([
        expect.objectContaining({
          dxc_status: RESULT.Failed,
          _dxc_connectionid_value: world.connectionRowId,
          dxc_details: expect.stringMatching(
            /^Invoice sync failed at Sync_batch_with_Xero: .*reconnect it at .*\/admin/,
          ),
        }),
      ]);
      const row = world.sandbox.dataverse
        .snapshot()
        .dxc_xeroconnection!.find((c) => c.dxc_xeroconnectionid === world.connectionRowId)!;
      expect(row.dxc_health).toBe(HEALTH.ReconnectNeeded);
      expect(world.invoice(invoices[0]!.invoiceid).dxc_exportstatus).toBe(EXPORT.No);

      // Still lapsed: the connection is skipped (a quiet run), no second history row every 5 minutes.
      const paused = await world.runFlow();
      expectSucceeded(paused);
      expect(paused.requests).toBe(QUIET_RUN_REQUESTS);
      expect(world.history()).toHaveLength(1);

      await world.sandbox.xero.connect(); // an admin reconnects on the proxy's admin page
      // The next status check finds the organisation reachable again and marks the connection Connected.
      expectSucceeded(await world.sandbox.run(loadSolutionFlow('InvoiceStatusAndPayments')));
      expect(
        world.sandbox.dataverse
          .snapshot()
          .dxc_xeroconnection!.find((c) => c.dxc_xeroconnectionid === world.connectionRowId)!.dxc_health,
      ).toBe(HEALTH.Connected);
      const resumed = await world.runFlow();
      expectSucceeded(resumed);
      expect(batchesSent(resumed)).toEqual([[invoices[0]!.invoiceid]]);
      expect(world.invoice(invoices[0]!.invoiceid).dxc_exportstatus).toBe(EXPORT.Yes);
    } finally {
      await world.close();
    }
  });
});
