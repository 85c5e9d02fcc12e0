/**
 * Invoice rows as the Sync invoices flow lists them from Dataverse (one List rows action with the lines, customer,
 * currency, branding theme and Xero connection expanded) → the invoices and settings the sync domain works on. This
 * is the mapping the flow used to do with a loop of three actions per invoice (reference/power-platform.md §9):
 * here it costs the customer nothing.
 *
 * A row that cannot be sent (no customer, no lines, a value the contract refuses) gets a problem in plain words
 * instead; it fails alone, before anything is written to Xero.
 */
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { DataverseInvoice, InvoiceCustomer, InvoiceLine, SyncSettings } from '@dxc/openapi';
import { getDefinitionSchema } from '@dxc/openapi';
import { describeAjvErrors, illFormedTextDetails, isRepresentableDateTime } from '../field-problems';
import { choiceLabel } from './dataverse-vocabulary';
import { lineTrackingOf, trackingOfAnotherConnection } from './line-tracking-of-row';

export type Row = Record<string, unknown>;

/** The connection row an invoice names, as expanded on it (`dxc_ConnectionId`). */
export interface ConnectionOfRow {
  rowId: string;
  tenantId?: string;
  settings: SyncSettings;
}

export type MappedInvoiceRow =
  | { ok: true; row: Row; invoice: DataverseInvoice; connection: ConnectionOfRow }
  | { ok: false; row: Row; invoiceId: string; problem: string; connection?: ConnectionOfRow };

const LOOKUP_TABLE = '@Microsoft.Dynamics.CRM.lookuplogicalname';
const FORMATTED = '@OData.Community.Display.V1.FormattedValue';

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Row | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Row) : undefined;
/** A Dataverse date or date-time as the calendar date Xero takes (date-only columns come as `yyyy-MM-dd`). */
const calendarDate = (v: unknown): string | undefined => {
  const s = text(v);
  if (!s) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString().slice(0, 10);
};
const nonEmpty = <T>(items: T[]): T[] | undefined => (items.length ? items : undefined);
const withValue = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, V>);

const DEFAULT_STATUS: Record<string, SyncSettings['defaultStatus']> = {
  Draft: 'DRAFT',
  Submitted: 'SUBMITTED',
  Authorised: 'AUTHORISED',
};
/** dxc_onlineinvoicelink (issue 14 §3); a connection row that does not say keeps the contract's default (auto). */
const ONLINE_INVOICE_LINK: Record<string, SyncSettings['onlineInvoiceLink']> = {
  'While the call budget allows': 'auto',
  Always: 'on',
  Never: 'off',
};
/** dxc_invoicetype labels → the contract's document types (credit notes go to Xero's CreditNotes). */
const INVOICE_TYPES: Record<string, DataverseInvoice['invoiceType']> = {
  'Sales invoice': 'ACCREC',
  'Purchase invoice': 'ACCPAY',
  'Sales credit note': 'ACCRECCREDIT',
  'Purchase credit note': 'ACCPAYCREDIT',
};

const LINE_AMOUNT_TYPES: Record<string, DataverseInvoice['lineAmountTypes']> = {
  Exclusive: 'Exclusive',
  Inclusive: 'Inclusive',
  'No tax': 'NoTax',
};

/** The sync settings (DESIGN B4) of an expanded dxc_xeroconnection row. */
export function connectionOfRow(row: Row): ConnectionOfRow | undefined {
  const c = obj(row.dxc_ConnectionId);
  const rowId = text(c?.dxc_xeroconnectionid) ?? text(row._dxc_connectionid_value);
  if (!rowId) return undefined;
  const code = (lookup: unknown) => text(obj(lookup)?.dxc_code);
  const settings: SyncSettings = {
    useXeroInvoiceNumbering: c?.dxc_usexeroinvoicenumber === true,
    createContacts: c?.dxc_createcontacts === true,
    createProducts: c?.dxc_createproducts === true,
    defaultStatus:
      DEFAULT_STATUS[choiceLabel('dxc_defaultinvoicestatus', c?.dxc_defaultinvoicestatus) ?? ''] ?? 'DRAFT',
    ...withValue('defaultSalesAccountCode', code(c?.dxc_DefaultSalesAccountId)),
    ...withValue('defaultPurchaseAccountCode', code(c?.dxc_DefaultPurchaseAccountId)),
    ...withValue(
      'onlineInvoiceLink',
      ONLINE_INVOICE_LINK[choiceLabel('dxc_onlineinvoicelink', c?.dxc_onlineinvoicelink) ?? ''],
    ),
    // Absent means the contract's default (off), as for a row that was not expanded.
    ...(c?.dxc_emailwhenauthorised === true ? { emailWhenAuthorised: true } : {}),
  };
  return { rowId: rowId.toLowerCase(), ...withValue('tenantId', text(c?.dxc_tenantid)), settings };
}

function customerOf(row: Row): InvoiceCustomer | undefined {
  const id = text(row._customerid_value);
  if (!id) return undefined;
  const isAccount = row[`_customerid_value${LOOKUP_TABLE}`] !== 'contact';
  const c = obj(isAccount ? row.customerid_account : row.customerid_contact) ?? {};
  const name =
    text(isAccount ? c.name : c.fullname) ?? text(row[`_customerid_value${FORMATTED}`]) ?? 'Unnamed customer';
  const address = {
    ...withValue('line1', text(c.address1_line1)),
    ...withValue('line2', text(c.address1_line2)),
    ...withValue('line3', text(c.address1_line3)),
    ...withValue('city', text(c.address1_city)),
    ...withValue('region', text(c.address1_stateorprovince)),
    ...withValue('postalCode', text(c.address1_postalcode)),
    ...withValue('country', text(c.address1_country)?.slice(0, 50)),
  };
  return {
    kind: isAccount ? 'account' : 'contact',
    id,
    name: name.slice(0, 255),
    ...withValue('xeroContactId', text(c.dxc_xerocontactid)),
    ...withValue('accountNumber', isAccount ? text(c.accountnumber) : undefined),
    ...withValue('email', text(c.emailaddress1)),
    ...withValue('phone', text(c.telephone1)),
    ...withValue('firstName', isAccount ? undefined : text(c.firstname)),
    ...withValue('lastName', isAccount ? undefined : text(c.lastname)),
    ...(Object.keys(address).length ? { billingAddress: address } : {}),
  };
}

/** Existing product → product number (the Xero item code); write-in → its text; account and tax from the lookups. */
function lineOf(d: Row): InvoiceLine {
  const isWriteIn = d.isproductoverridden === true;
  const product = obj(d.productid);
  const productNumber = text(product?.productnumber);
  const lineNumber = num(d.sequencenumber) ?? num(d.lineitemnumber);
  const discount = num(d.manualdiscountamount);
  return {
    lineId: String(d.invoicedetailid),
    isWriteIn,
    ...withValue('lineNumber', lineNumber),
    // A product number longer than Xero's 30-character item code goes without one (the line keeps its text).
    ...withValue(
      'productNumber',
      !isWriteIn && productNumber && productNumber.length <= 30 ? productNumber : undefined,
    ),
    ...withValue('productName', text(product?.name)?.slice(0, 100)),
    ...withValue('writeInDescription', text(d.productdescription)),
    ...withValue('description', text(d.description)),
    ...withValue('quantity', num(d.quantity)),
    ...withValue('unitPrice', num(d.priceperunit)),
    ...withValue('manualDiscountAmount', discount !== undefined && discount > 0 ? discount : undefined),
    ...withValue('accountCode', text(obj(d.dxc_AccountId)?.dxc_code)),
    ...withValue('taxType', text(obj(d.dxc_TaxRateId)?.dxc_taxtype)),
    ...withValue('tracking', nonEmpty(lineTrackingOf(d))),
  };
}

const detailsOf = (row: Row): Row[] =>
  Array.isArray(row.invoice_details) ? (row.invoice_details as Row[]) : [];

function linesOf(row: Row): InvoiceLine[] {
  const order = (d: Row) => num(d.sequencenumber) ?? num(d.lineitemnumber) ?? Number.MAX_SAFE_INTEGER;
  return [...detailsOf(row)].sort((a, b) => order(a) - order(b)).map(lineOf);
}

let validateInvoice: ValidateFunction | undefined;
/** The contract's DataverseInvoice schema, compiled once. */
function invoiceValidator(): ValidateFunction {
  if (!validateInvoice) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.addFormat('date-time', { type: 'string', validate: isRepresentableDateTime });
    validateInvoice = ajv.compile(getDefinitionSchema('DataverseInvoice'));
  }
  return validateInvoice;
}

/** Maps one listed invoice row; what the contract would refuse becomes the row's problem, naming the column. */
export function mapInvoiceRow(row: Row, index: number): MappedInvoiceRow {
  const invoiceId = String(row.invoiceid ?? '').toLowerCase();
  const connection = connectionOfRow(row);
  const base = { row, invoiceId, ...(connection ? { connection } : {}) };
  const customer = customerOf(row);
  if (!customer)
    return {
      ok: false,
      ...base,
      problem:
        'Not sent to Xero: the invoice has no customer. Set the customer, then set Export status to No.',
    };
  const lines = linesOf(row);
  if (!lines.length)
    return {
      ok: false,
      ...base,
      problem: 'Not sent to Xero: the invoice has no products. Add them, then set Export status to No.',
    };
  if (!connection)
    return { ok: false, ...base, problem: 'Not sent to Xero: the invoice has no Xero connection.' };
  const foreignTracking = trackingOfAnotherConnection(detailsOf(row), connection.rowId);
  if (foreignTracking) return { ok: false, ...base, problem: foreignTracking };
  const invoice: DataverseInvoice = {
    invoiceId,
    invoiceType: INVOICE_TYPES[choiceLabel('dxc_invoicetype', row.dxc_invoicetype) ?? ''] ?? 'ACCREC',
    ...withValue('creditedInvoiceId', text(row._dxc_creditedinvoiceid_value)?.toLowerCase()),
    lineAmountTypes:
      LINE_AMOUNT_TYPES[choiceLabel('dxc_lineamounttypes', row.dxc_lineamounttypes) ?? ''] ?? 'Exclusive',
    ...withValue('xeroInvoiceId', text(row.dxc_xeroinvoiceid)),
    ...withValue('invoiceNumber', text(row.invoicenumber)),
    ...withValue('name', text(row.name)),
    ...withValue('date', calendarDate(row.datedelivered)),
    ...withValue('dueDate', calendarDate(row.duedate)),
    ...withValue('currencyCode', text(obj(row.transactioncurrencyid)?.isocurrencycode)),
    ...withValue('brandingThemeId', text(obj(row.dxc_BrandingThemeId)?.dxc_themeid)),
    customer,
    lines,
  };
  const valid = invoiceValidator()(invoice);
  const details = [
    ...(valid ? [] : describeAjvErrors(`rows[${index}]`, invoiceValidator().errors)),
    ...illFormedTextDetails(`rows[${index}]`, invoice),
  ];
  if (details.length)
    return {
      ok: false,
      ...base,
      problem: `Not sent to Xero: ${details.map((d) => `${d.field} ${d.reason}`).join('; ')}.`,
    };
  return { ok: true, row, invoice, connection };
}
