/**
 * The worlds the flow-cost bench runs the flows in: the tests' flow sandbox (Dataverse emulator, the real proxy
 * in-process over the Xero emulator, the flow runner) with Xero's rate limits lifted, a Xero connection row, and
 * the data each scenario needs (ready invoices, synced open invoices, customers with Xero ids). The same world
 * serves the flows as they were (bench/flows/baseline) and as they ship (solution/src/Workflows).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { loadFlowFile } from '@dxc/flow-runner';
import type { LoadedFlow, RunResult } from '@dxc/flow-runner';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import { withoutRateLimits } from '@dxc/proxy-service/testing';
import { loadSolutionFlow, startFlowSandbox } from '@dxc/test/flows/support/flow-sandbox';
import type { FlowSandbox } from '@dxc/test/flows/support/flow-sandbox';
import { loadConnection } from '@dxc/test/flows/support/seed-rows';
import { choiceValue } from '@dxc/solution';

export type Version = 'before' | 'after';
export type FlowKind = 'sync' | 'status' | 'balances' | 'webhook';

const FILE_NAMES: Record<FlowKind, string> = {
  sync: 'SyncInvoicesToXero-0B5CA0AC-DFCF-4BAD-BCED-3516D347B3C8.json',
  status: 'InvoiceStatusAndPayments-E8EC351D-112F-4D10-9566-270E7A59E812.json',
  balances: 'CustomerBalances-C12C4CBA-2FDC-4841-BDA3-C1644BA858B0.json',
  webhook: 'WhenAnInvoiceChangesInXero-829586FE-362B-40E3-8682-08CE25633FA6.json',
};
const BASELINE_DIR = path.resolve(__dirname, 'baseline');

/** The flow as it was before issue 12 (vendored) or as the solution ships it now. */
export function loadFlow(version: Version, kind: FlowKind): LoadedFlow {
  if (version === 'before') return loadFlowFile(path.join(BASELINE_DIR, FILE_NAMES[kind]));
  return loadSolutionFlow(FILE_NAMES[kind].replace(/-[0-9A-F-]{36}\.json$/, ''));
}

export const EXPORT_YES = choiceValue('dxc_exportstatus', 'Yes');
export const XERO_STATUS = {
  Draft: choiceValue('dxc_xerostatus', 'Draft'),
  Authorised: choiceValue('dxc_xerostatus', 'Authorised'),
  Paid: choiceValue('dxc_xerostatus', 'Paid'),
};
/** The tests' time line: a weekday morning; runs move the runner's clock and Dataverse's together. */
const START = '2026-02-02T10:00:00Z';
/** Dataverse stamps a write 2 s after the flow read utcNow(), as a real round trip does (see sync-invoices.test). */
const WRITE_LATENCY_MS = 2_000;
/** Invoices per customer in the generated data: repeat customers, as a real ledger has. */
export const INVOICES_PER_CUSTOMER = 5;
/** Products in the catalogue the second line of each ready invoice picks from. */
const PRODUCTS = 20;

type Row = Record<string, unknown>;

export interface CostWorld {
  sandbox: FlowSandbox;
  books: OrganisationBooks;
  connectionRowId: string;
  salesAccountId: string;
  taxRateId: string;
  /** Xero API calls the organisation has made so far (the emulator's own counter). */
  xeroCalls(): number;
  /** Moves the runner's clock and Dataverse's on (the time between two scheduled runs). */
  advance(ms: number): void;
  run(flow: LoadedFlow): Promise<RunResult>;
  rows(table: string): Row[];
  close(): Promise<void>;
}

export interface CostWorldOptions {
  /** Extra proxy environment (e.g. WEBHOOK_BATCH_INTERVAL_SECONDS). */
  env?: Record<string, string>;
}

export async function startCostWorld(options: CostWorldOptions = {}): Promise<CostWorld> {
  const sandbox = await startFlowSandbox({
    startAt: START,
    proxy: withoutRateLimits({ env: { LOG_LEVEL: 'warn', ...options.env } }),
  });
  sandbox.dataverse.clock.set(new Date(Date.parse(START) + WRITE_LATENCY_MS));
  const { connection } = sandbox;
  const { connectionRowId, salesAccountId, taxRateId } = loadConnection(sandbox, {
    dxc_name: connection.tenantName,
    dxc_tenantname: connection.tenantName,
    dxc_shortcode: connection.shortCode,
  });
  return {
    sandbox,
    books: sandbox.xero.emulator.books<OrganisationBooks>(connection.tenantId),
    connectionRowId,
    salesAccountId,
    taxRateId,
    xeroCalls: () => sandbox.xeroCalls(),
    advance(ms) {
      sandbox.clock.advance(ms);
      sandbox.dataverse.clock.advance(ms);
    },
    run: (flow) => sandbox.run(flow),
    rows: (table) => sandbox.dataverse.snapshot()[table] ?? [],
    close: () => sandbox.close(),
  };
}

export interface Customer {
  accountid: string;
  name: string;
}

/** Accounts in Dataverse (no Xero id yet): one per INVOICES_PER_CUSTOMER invoices. */
export function seedAccounts(world: CostWorld, count: number, prefix: string): Customer[] {
  const accounts = Array.from({ length: count }, (_, n) => ({
    accountid: randomUUID(),
    name: `${prefix} customer ${n}`,
  }));
  world.sandbox.dataverse.load({ account: accounts });
  return accounts;
}

const catalogues = new WeakMap<CostWorld, { productid: string; productnumber: string }[]>();
function products(world: CostWorld) {
  let catalogue = catalogues.get(world);
  if (!catalogue) {
    catalogue = Array.from({ length: PRODUCTS }, (_, n) => ({
      productid: randomUUID(),
      productnumber: `BENCH-P${String(n).padStart(2, '0')}`,
    }));
    world.sandbox.dataverse.load({
      product: catalogue.map((p) => ({ ...p, name: `Bench product ${p.productnumber}` })),
    });
    catalogues.set(world, catalogue);
  }
  return catalogue;
}

/**
 * `count` invoices ready for Xero (export status No, delivered yesterday) for the given customers, two lines each:
 * a write-in line at 20% VAT and a catalogue product.
 */
export function seedReadyInvoices(
  world: CostWorld,
  count: number,
  customers: Customer[],
  prefix: string,
): string[] {
  const catalogueRows = products(world);
  const invoices = Array.from({ length: count }, (_, n) => ({
    invoiceid: randomUUID(),
    name: `${prefix} order ${n}`,
    invoicenumber: `${prefix}-${String(n).padStart(5, '0')}`,
    datedelivered: '2026-02-01T00:00:00Z',
    'customerid_account@odata.bind': `/accounts(${customers[n % customers.length]!.accountid})`,
    'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${world.connectionRowId})`,
  }));
  const lines = invoices.flatMap((inv, n) => [
    {
      invoicedetailid: randomUUID(),
      'invoiceid@odata.bind': `/invoices(${inv.invoiceid})`,
      sequencenumber: 1,
      isproductoverridden: true,
      productdescription: `Consulting ${n}`,
      quantity: 1 + (n % 3),
      priceperunit: 10 + (n % 90),
      'dxc_TaxRateId@odata.bind': `/dxc_xerotaxrates(${world.taxRateId})`,
    },
    {
      invoicedetailid: randomUUID(),
      'invoiceid@odata.bind': `/invoices(${inv.invoiceid})`,
      sequencenumber: 2,
      'productid@odata.bind': `/products(${catalogueRows[n % catalogueRows.length]!.productid})`,
      description: `Licence ${n}`,
      quantity: 2,
      priceperunit: 15.5,
      'dxc_TaxRateId@odata.bind': `/dxc_xerotaxrates(${world.taxRateId})`,
    },
  ]);
  world.sandbox.dataverse.load({ invoice: invoices, invoicedetail: lines });
  return invoices.map((i) => i.invoiceid);
}

export interface OpenInvoice {
  id: string;
  xeroId: string;
  total: number;
  accountId: string;
}

/**
 * `count` AUTHORISED invoices sent through the proxy's SyncInvoices (so its ledger knows them and their Dynamics
 * customers), and the Dynamics rows as the Sync flow leaves them: Xero id, number, AUTHORISED, exported, amounts;
 * the customers' accounts with their Xero contact ids.
 */
export async function seedOpenInvoices(
  world: CostWorld,
  count: number,
  prefix: string,
): Promise<OpenInvoice[]> {
  const customers = Array.from({ length: Math.max(1, Math.ceil(count / INVOICES_PER_CUSTOMER)) }, (_, n) => ({
    accountid: randomUUID(),
    name: `${prefix} customer ${n}`,
  }));
  const { sandbox } = world;
  const today = world.books.today();
  const open: OpenInvoice[] = [];
  const invoiceRows: Row[] = [];
  const contactIds = new Map<string, string>();
  for (let from = 0; from < count; from += 50) {
    const invoices = Array.from({ length: Math.min(50, count - from) }, (_, i) => {
      const n = from + i;
      const customer = customers[n % customers.length]!;
      return {
        invoiceId: randomUUID(),
        invoiceNumber: `${prefix}-${String(n).padStart(5, '0')}`,
        invoiceType: 'ACCREC',
        lineAmountTypes: 'NoTax',
        dueDate: today,
        customer: { kind: 'account', id: customer.accountid, name: customer.name },
        lines: [
          {
            lineId: randomUUID(),
            isWriteIn: true,
            writeInDescription: 'Bench service',
            quantity: 1,
            unitPrice: 100 + (n % 50),
            accountCode: '200',
          },
        ],
      };
    });
    const res = await sandbox.xero.call('POST', '/v1/invoices/sync', {
      apiKey: sandbox.apiKey,
      body: {
        settings: { defaultStatus: 'AUTHORISED', createContacts: true, useXeroInvoiceNumbering: false },
        invoices,
      },
    });
    const results = (res.body as { results?: Row[] } | undefined)?.results ?? [];
    const failed = results.filter((r) => r.outcome !== 'created');
    if (res.status !== 200 || failed.length || results.length !== invoices.length)
      throw new Error(`seeding open invoices: HTTP ${res.status} ${JSON.stringify(failed[0] ?? res.body)}`);
    // A second of Xero's time per batch, as a real sync spends: the status catch-up re-reads the changes of its
    // watermark's second on every run, and a seeding that fits 5,000 invoices in one second is not what it meets.
    await sandbox.xero.emulator.advanceClock(1_000);
    results.forEach((r, i) => {
      const accountId = invoices[i]!.customer.id;
      if (typeof r.xeroContactId === 'string') contactIds.set(accountId, r.xeroContactId);
      open.push({
        id: String(r.invoiceId),
        xeroId: String(r.xeroInvoiceId),
        total: Number(r.total),
        accountId,
      });
      invoiceRows.push({
        invoiceid: r.invoiceId,
        name: `Order ${String(r.invoiceNumber)}`,
        invoicenumber: r.invoiceNumber,
        'customerid_account@odata.bind': `/accounts(${accountId})`,
        'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${world.connectionRowId})`,
        dxc_xeroinvoiceid: r.xeroInvoiceId,
        dxc_xeroinvoicenumber: r.invoiceNumber,
        dxc_xerostatus: XERO_STATUS.Authorised,
        dxc_exportstatus: EXPORT_YES,
        dxc_amountdue: r.total,
        dxc_amountpaid: 0,
      });
    });
  }
  sandbox.dataverse.load({
    account: customers.map((c) => ({ ...c, dxc_xerocontactid: contactIds.get(c.accountid) ?? null })),
    invoice: invoiceRows,
  });
  return open;
}

/**
 * Pays invoices in full in Xero, all in one go (one webhook batch from the emulator), two seconds of Xero's time
 * after the previous change: groups paid moments apart in real time would otherwise share a second, and the status
 * catch-up re-reads its watermark's second, so one group's cost would depend on how fast the bench ran the last.
 */
export async function payInFull(world: CostWorld, invoices: OpenInvoice[]): Promise<void> {
  await world.sandbox.xero.emulator.advanceClock(2_000);
  for (const invoice of invoices)
    world.books.recordPayment({ invoiceId: invoice.xeroId, amount: invoice.total });
}

/**
 * `count` customers known to Xero: a Xero contact with one AUTHORISED invoice (every other one overdue) and a
 * Dataverse account with its Xero contact id and no balance yet.
 */
export function seedCustomersWithBalances(world: CostWorld, count: number, prefix: string): void {
  const { books } = world;
  const today = books.today();
  const day = (offset: number) => {
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + offset);
    return d.toISOString().slice(0, 10);
  };
  const accounts = Array.from({ length: count }, (_, n) => {
    const contact = books.createContact({ name: `${prefix} balance customer ${n}` });
    books.createInvoice({
      contactId: contact.contactId,
      status: 'AUTHORISED',
      lineAmountTypes: 'NoTax',
      date: day(-40),
      dueDate: day(n % 2 ? -10 : 10),
      lineItems: [
        { description: 'Bench balance', quantity: 1, unitAmount: 50 + (n % 200), accountCode: '200' },
      ],
    });
    return { accountid: randomUUID(), name: `${prefix} customer ${n}`, dxc_xerocontactid: contact.contactId };
  });
  world.sandbox.dataverse.load({ account: accounts });
}

export async function patchRow(world: CostWorld, entitySet: string, id: string, body: Row): Promise<void> {
  const res = await fetch(`${world.sandbox.dataverse.apiUrl}/${entitySet}(${id})`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json', 'If-Match': '*' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`PATCH ${entitySet}(${id}) answered ${res.status}: ${await res.text()}`);
}
