/**
 * Builders for rows as the flows' Dataverse List rows actions return them (Web API JSON with the lookups expanded
 * and the annotations Dataverse adds), for the write-back tests. The shapes follow the $select/$expand of the
 * solution's Sync invoices flow (solution/src/Workflows/SyncInvoicesToXero-*.json).
 */
import { CUSTOMER, INVOICE, uuid } from '../../domain/invoices/test-support/batch-fixtures';
import { choiceValue, choiceValues } from '@dxc/solution';
import { exportStatus, health, syncAction, syncResult, XERO_STATUS_LABELS } from '../dataverse-vocabulary';

export type Row = Record<string, unknown>;

/** Choice values by the solution model's labels (solution/model/choices.ts), through the write-back's vocabulary. */
export const XERO_STATUS = choiceValues('dxc_xerostatus', XERO_STATUS_LABELS);
export const EXPORT_STATUS = {
  No: exportStatus('No'),
  Yes: exportStatus('Yes'),
  Failed: exportStatus('Failed'),
};
export const SYNC_ACTION = {
  Create: syncAction('Create'),
  Update: syncAction('Update'),
  Status: syncAction('Status'),
  Payment: syncAction('Payment'),
};
export const SYNC_RESULT = { Successful: syncResult('Successful'), Failed: syncResult('Failed') };
export const HEALTH = {
  Unknown: health('Unknown'),
  Connected: health('Connected'),
  ReconnectNeeded: health('Reconnect needed'),
};

/** Id kinds beyond batch-fixtures' (1–5), so ids never collide with theirs. */
export const CONNECTION_ROW = 0x10;
export const CONTACT_ROW = 0x11;
export const DETAIL = 0x12;

/** The expanded dxc_ConnectionId of an invoice row: the connection's sync settings. */
export function connectionLookup(tenantId: string, n = 1, overrides: Row = {}): Row {
  return {
    dxc_xeroconnectionid: uuid(CONNECTION_ROW, n),
    dxc_tenantid: tenantId,
    dxc_timezone: 'GMT Standard Time',
    dxc_health: HEALTH.Connected,
    dxc_usexeroinvoicenumber: false,
    dxc_createcontacts: true,
    dxc_createproducts: true,
    dxc_defaultinvoicestatus: XERO_STATUS.AUTHORISED,
    dxc_DefaultSalesAccountId: { dxc_code: '200' },
    dxc_DefaultPurchaseAccountId: { dxc_code: '310' },
    ...overrides,
  };
}

/** One invoice_details row: a write-in line of 1 × 100.00 at OUTPUT2 unless told otherwise. */
export function detailRow(n: number, overrides: Row = {}): Row {
  return {
    '@odata.etag': 'W/"1001"',
    invoicedetailid: uuid(DETAIL, n),
    sequencenumber: 1,
    lineitemnumber: null,
    isproductoverridden: true,
    productdescription: `Consulting ${n}`,
    description: null,
    quantity: 1,
    priceperunit: 100,
    manualdiscountamount: 0,
    tax: null,
    productid: null,
    dxc_AccountId: null,
    dxc_TaxRateId: { dxc_taxtype: 'OUTPUT2' },
    ...overrides,
  };
}

/** An account as expanded on an invoice (customerid_account). */
export function accountLookup(n: number, overrides: Row = {}): Row {
  return {
    accountid: uuid(CUSTOMER, n),
    name: `Row Customer ${n} Ltd`,
    accountnumber: null,
    emailaddress1: null,
    telephone1: null,
    dxc_xerocontactid: null,
    address1_line1: null,
    address1_line2: null,
    address1_line3: null,
    address1_city: null,
    address1_stateorprovince: null,
    address1_postalcode: null,
    address1_country: null,
    ...overrides,
  };
}

/** A contact as expanded on an invoice (customerid_contact). */
export function contactLookup(n: number, overrides: Row = {}): Row {
  return {
    contactid: uuid(CONTACT_ROW, n),
    fullname: `Pat Person ${n}`,
    firstname: 'Pat',
    lastname: `Person ${n}`,
    emailaddress1: null,
    telephone1: null,
    dxc_xerocontactid: null,
    ...overrides,
  };
}

const LOOKUP = '_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname';
const FORMATTED = '_customerid_value@OData.Community.Display.V1.FormattedValue';

/** The customer columns of an invoice row for this account or contact (as accountLookup/contactLookup build them). */
export function customerColumns(customer: Row): Row {
  const isContact = typeof customer.contactid === 'string';
  const id = (isContact ? customer.contactid : customer.accountid) as string;
  return {
    _customerid_value: id,
    [LOOKUP]: isContact ? 'contact' : 'account',
    [FORMATTED]: isContact ? customer.fullname : customer.name,
    customerid_account: isContact ? null : customer,
    customerid_contact: isContact ? customer : null,
  };
}

/** A sales invoice row ready to send: an account customer, one line, GBP, the connection expanded. */
export function invoiceRow(n: number, tenantId: string, overrides: Row = {}): Row {
  const connection = connectionLookup(tenantId);
  return {
    '@odata.etag': `W/"${2000 + n}"`,
    invoiceid: uuid(INVOICE, n),
    name: `Order ${n}`,
    invoicenumber: `ROW-${String(n).padStart(5, '0')}`,
    datedelivered: '2026-02-02',
    duedate: '2026-03-02',
    dxc_invoicetype: choiceValue('dxc_invoicetype', 'Sales invoice'),
    dxc_lineamounttypes: choiceValue('dxc_lineamounttypes', 'Exclusive'),
    dxc_xeroinvoiceid: null,
    dxc_xeroinvoicenumber: null,
    dxc_xerostatus: null,
    dxc_xerourl: null,
    dxc_exportstatus: EXPORT_STATUS.No,
    dxc_amountdue: null,
    dxc_amountpaid: null,
    dxc_lastsyncmessage: null,
    ...customerColumns(accountLookup(n)),
    _dxc_connectionid_value: connection.dxc_xeroconnectionid,
    dxc_ConnectionId: connection,
    transactioncurrencyid: { isocurrencycode: 'GBP' },
    dxc_BrandingThemeId: null,
    invoice_details: [detailRow(n * 10 + 1)],
    ...overrides,
  };
}
