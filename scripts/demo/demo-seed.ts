/**
 * The demo's Dataverse rows: a small sales company with customers (accounts and their contacts), products on a
 * price list, the Xero connection row with sensible defaults (Authorised invoices, credit notes on cancellation,
 * contacts and items created in Xero), the reference data the lines point at, and invoices in several states — two
 * waiting to be marked ready, one ready (the first sync run sends it), one cancelled before it was ever sent.
 * Ids are fixed so links to the demo page stay valid across restarts. Choice values come from the solution model.
 */
import type { SeedRows } from '@dxc/dataverse-emulator';
import { REFERENCE_IDS } from '@dxc/dataverse-emulator';
import { choiceValue } from '@dxc/solution';

const id = (kind: number, n: number) =>
  `d3e40000-0000-4000-8000-${kind.toString(16).padStart(4, '0')}${n.toString(16).padStart(8, '0')}`;

export const DEMO_IDS = {
  connection: id(1, 1),
  salesAccount: id(2, 200),
  otherRevenueAccount: id(2, 260),
  vat20: id(3, 1),
  priceList: id(4, 1),
  invoices: {
    notReady: id(10, 1001),
    ready: id(10, 1002),
    secondNotReady: id(10, 1003),
    cancelled: id(10, 997),
  },
} as const;

interface Customer {
  n: number;
  name: string;
  contact: [first: string, last: string];
  city: string;
  postcode: string;
  street: string;
}

const CUSTOMERS: Customer[] = [
  {
    n: 1,
    name: 'Contoso Ltd',
    contact: ['Megan', 'Bowen'],
    city: 'London',
    postcode: 'EC1A 1BB',
    street: '1 Market Street',
  },
  {
    n: 2,
    name: 'Fabrikam Trading',
    contact: ['Alex', 'Wilber'],
    city: 'Manchester',
    postcode: 'M1 1AE',
    street: '22 Portland Street',
  },
  {
    n: 3,
    name: 'Northwind Traders',
    contact: ['Adele', 'Vance'],
    city: 'Bristol',
    postcode: 'BS1 4DJ',
    street: '7 Quay Side',
  },
];
const accountId = (n: number) => id(20, n);
const contactId = (n: number) => id(21, n);

const PRODUCTS = [
  { n: 1, number: 'CONSULT-DAY', name: 'Consulting day', price: 850 },
  { n: 2, number: 'SUPPORT-MONTH', name: 'Support retainer (month)', price: 1200 },
  { n: 3, number: 'TRAINING-SEAT', name: 'Training seat', price: 350 },
] as const;
const productId = (n: number) => id(30, n);

type Line = { product: number; quantity: number } | { writeIn: string; quantity: number; price: number };

interface DemoInvoice {
  id: string;
  number: string;
  name: string;
  customer: number;
  ready: boolean;
  cancelled?: boolean;
  lines: Line[];
}

function invoices(): DemoInvoice[] {
  const i = DEMO_IDS.invoices;
  return [
    {
      id: i.notReady,
      number: 'INV-1001',
      name: 'Website relaunch – phase 1',
      customer: 1,
      ready: false,
      lines: [
        { product: 1, quantity: 3 },
        { writeIn: 'Travel to client site', quantity: 1, price: 120 },
        { writeIn: 'Work delivered as agreed on the kick-off call', quantity: 0, price: 0 },
      ],
    },
    {
      id: i.ready,
      number: 'INV-1002',
      name: 'Support retainer – this month',
      customer: 2,
      ready: true,
      lines: [{ product: 2, quantity: 1 }],
    },
    {
      id: i.secondNotReady,
      number: 'INV-1003',
      name: 'Training – spring cohort',
      customer: 3,
      ready: false,
      lines: [
        { product: 3, quantity: 6 },
        { product: 1, quantity: 1 },
      ],
    },
    {
      id: i.cancelled,
      number: 'INV-0997',
      name: 'Hardware refresh (cancelled before sending)',
      customer: 1,
      ready: false,
      cancelled: true,
      lines: [{ writeIn: 'Laptops', quantity: 4, price: 900 }],
    },
  ];
}

/** Midnight UTC of `today` as Dataverse stores a date-only "Date Delivered", and a due date 30 days on. */
function dates(today: Date): { delivered: string; due: string } {
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return {
    delivered: new Date(midnight).toISOString(),
    due: new Date(midnight + 30 * 86_400_000).toISOString().slice(0, 10),
  };
}

export interface DemoSeedInput {
  /** The Xero organisation the proxy connected (sandbox: the emulator's Demo Company (UK)). */
  tenantId: string;
  tenantName: string;
  today: Date;
}

export interface DemoSeed {
  rows: SeedRows;
  /**
   * Invoices to cancel once loaded (before the flows subscribe, so nothing is sent to Xero for them): a cancelled
   * invoice is read-only, so its lines must be in first.
   */
  cancelled: string[];
}

const connectionBind = `/dxc_xeroconnections(${DEMO_IDS.connection})`;

export function demoSeed(input: DemoSeedInput): DemoSeed {
  return {
    rows: { ...catalogueRows(), ...connectionRows(input), ...invoiceRows(input.today) },
    cancelled: invoices()
      .filter((i) => i.cancelled)
      .map((i) => i.id),
  };
}

/** The price list, its products, and the customers with their contacts. */
function catalogueRows(): SeedRows {
  return {
    pricelevel: [
      {
        pricelevelid: DEMO_IDS.priceList,
        name: 'UK Price List 2026',
        description: 'List prices in pounds sterling, VAT exclusive.',
        'transactioncurrencyid@odata.bind': `/transactioncurrencies(${REFERENCE_IDS.gbp})`,
      },
    ],
    product: PRODUCTS.map((p) => ({
      productid: productId(p.n),
      name: p.name,
      productnumber: p.number,
      price: p.price,
      'pricelevelid@odata.bind': `/pricelevels(${DEMO_IDS.priceList})`,
      'defaultuomid@odata.bind': `/uoms(${REFERENCE_IDS.unit})`,
      'transactioncurrencyid@odata.bind': `/transactioncurrencies(${REFERENCE_IDS.gbp})`,
    })),
    account: CUSTOMERS.map((c) => ({
      accountid: accountId(c.n),
      name: c.name,
      accountnumber: `CUST-${String(c.n).padStart(4, '0')}`,
      emailaddress1: `accounts@${c.name.split(' ')[0]!.toLowerCase()}.example`,
      telephone1: `+44 20 7946 00${String(c.n).padStart(2, '0')}`,
      address1_line1: c.street,
      address1_city: c.city,
      address1_postalcode: c.postcode,
      address1_country: 'United Kingdom',
      'primarycontactid@odata.bind': `/contacts(${contactId(c.n)})`,
      'transactioncurrencyid@odata.bind': `/transactioncurrencies(${REFERENCE_IDS.gbp})`,
    })),
    contact: CUSTOMERS.map((c) => ({
      contactid: contactId(c.n),
      firstname: c.contact[0],
      lastname: c.contact[1],
      emailaddress1: `${c.contact[0].toLowerCase()}@${c.name.split(' ')[0]!.toLowerCase()}.example`,
      'parentcustomerid_account@odata.bind': `/accounts(${accountId(c.n)})`,
    })),
  };
}

/** The connection row and what the reference import brings from the demo company. */
function connectionRows(input: DemoSeedInput): SeedRows {
  return {
    dxc_xeroconnection: [
      {
        dxc_xeroconnectionid: DEMO_IDS.connection,
        dxc_name: input.tenantName,
        dxc_tenantid: input.tenantId,
        dxc_tenantname: input.tenantName,
        dxc_basecurrency: 'GBP',
        // Windows zone names, as the status flows keep them from Xero (what convertFromUtc takes).
        dxc_timezone: 'GMT Standard Time',
        dxc_usexeroinvoicenumber: false,
        dxc_createcontacts: true,
        dxc_createproducts: true,
        dxc_defaultinvoicestatus: choiceValue('dxc_defaultinvoicestatus', 'Authorised'),
        dxc_cancellationpolicy: choiceValue('dxc_cancellationpolicy', 'Credit note'),
        dxc_importrequest: choiceValue('dxc_importrequest', 'Idle'),
        dxc_health: choiceValue('dxc_health', 'Connected'),
        'dxc_DefaultSalesAccountId@odata.bind': `/dxc_xeroaccounts(${DEMO_IDS.salesAccount})`,
      },
    ],
    // What the reference import brings from the demo company; the Sync centre's import refreshes them by key.
    dxc_xeroaccount: [
      { dxc_xeroaccountid: DEMO_IDS.salesAccount, dxc_name: 'Sales', dxc_code: '200' },
      { dxc_xeroaccountid: DEMO_IDS.otherRevenueAccount, dxc_name: 'Other Revenue', dxc_code: '260' },
    ].map((a) => ({
      ...a,
      dxc_type: 'REVENUE',
      dxc_class: 'REVENUE',
      'dxc_ConnectionId@odata.bind': connectionBind,
    })),
    dxc_xerotaxrate: [
      {
        dxc_xerotaxrateid: DEMO_IDS.vat20,
        dxc_name: '20% (VAT on Income)',
        dxc_taxtype: 'OUTPUT2',
        dxc_rate: 20,
        'dxc_ConnectionId@odata.bind': connectionBind,
      },
    ],
  };
}

/** The demo's invoices in their several states, with their lines. */
function invoiceRows(today: Date): SeedRows {
  const { delivered, due } = dates(today);
  const exportNo = choiceValue('dxc_exportstatus', 'No');
  const rows: SeedRows = { invoice: [], invoicedetail: [] };
  for (const inv of invoices()) {
    const customer = CUSTOMERS.find((c) => c.n === inv.customer)!;
    rows.invoice!.push({
      invoiceid: inv.id,
      invoicenumber: inv.number,
      name: inv.name,
      duedate: due,
      description: `Raised for ${customer.name}.`,
      'customerid_account@odata.bind': `/accounts(${accountId(inv.customer)})`,
      'pricelevelid@odata.bind': `/pricelevels(${DEMO_IDS.priceList})`,
      'transactioncurrencyid@odata.bind': `/transactioncurrencies(${REFERENCE_IDS.gbp})`,
      dxc_invoicetype: choiceValue('dxc_invoicetype', 'Sales invoice'),
      dxc_lineamounttypes: choiceValue('dxc_lineamounttypes', 'Exclusive'),
      dxc_exportstatus: exportNo,
      // Ready to sync (DESIGN B1): a connection, delivered today or earlier, active, export status No.
      ...(inv.ready ? { 'dxc_ConnectionId@odata.bind': connectionBind, datedelivered: delivered } : {}),
    });
    inv.lines.forEach((line, index) => {
      const common = {
        invoicedetailid: id(11, (Number.parseInt(inv.number.slice(4), 10) << 4) + index),
        'invoiceid@odata.bind': `/invoices(${inv.id})`,
        sequencenumber: index + 1,
        quantity: line.quantity,
        'dxc_TaxRateId@odata.bind': `/dxc_xerotaxrates(${DEMO_IDS.vat20})`,
      };
      if ('product' in line) {
        const product = PRODUCTS.find((p) => p.n === line.product)!;
        rows.invoicedetail!.push({
          ...common,
          'productid@odata.bind': `/products(${productId(product.n)})`,
          'uomid@odata.bind': `/uoms(${REFERENCE_IDS.unit})`,
          priceperunit: product.price,
        });
      } else {
        rows.invoicedetail!.push({
          ...common,
          isproductoverridden: true,
          productdescription: line.writeIn,
          priceperunit: line.price,
        });
      }
    });
  }
  return rows;
}
