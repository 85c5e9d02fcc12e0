import { CUSTOMER, INVOICE, uuid } from '../domain/invoices/test-support/batch-fixtures';
import { connectionOfRow, mapInvoiceRow } from './invoice-rows';
import {
  accountLookup,
  CONNECTION_ROW,
  connectionLookup,
  contactLookup,
  customerColumns,
  detailRow,
  invoiceRow,
  XERO_STATUS,
} from './test-support/dataverse-rows';
import { choiceValue } from '@dxc/solution';

const TENANT = '6a1b2c3d-0000-4000-8000-00000000000a';
const THEME = '5d4dd402-c851-497e-aae1-9ff265c0d15a';

function problemOf(result: ReturnType<typeof mapInvoiceRow>): string {
  if (result.ok) throw new Error(`expected a problem, the row mapped to ${JSON.stringify(result.invoice)}`);
  return result.problem;
}

describe('an invoice row as List rows returns it → the contract’s DataverseInvoice', () => {
  test('every column the sync reads: lines in sequence order, product or write-in, account and tax, dates, currency, theme', () => {
    const row = invoiceRow(1, TENANT, {
      invoiceid: uuid(INVOICE, 0xabc).toUpperCase(),
      name: 'Spring order',
      datedelivered: '2026-02-02T00:00:00Z',
      duedate: '2026-03-02',
      dxc_xeroinvoiceid: '81f93ef2-a98f-4721-9c3e-5b8d2f6a7e10',
      transactioncurrencyid: { isocurrencycode: 'NZD' },
      dxc_BrandingThemeId: { dxc_themeid: THEME },
      ...customerColumns(
        accountLookup(1, {
          accountnumber: 'ACC-1',
          emailaddress1: 'ap@example.com',
          telephone1: '+44 20 7946 0000',
          dxc_xerocontactid: '3f2a1b0c-1111-4222-8333-444455556666',
          address1_line1: '1 High Street',
          address1_city: 'London',
          address1_postalcode: 'N1 9GU',
          address1_country: 'United Kingdom',
        }),
      ),
      invoice_details: [
        detailRow(3, {
          sequencenumber: 3,
          isproductoverridden: false,
          productdescription: null,
          description: 'Second seat',
          productid: { productnumber: 'CRM-ENT', name: 'CRM Online: Enterprise' },
          quantity: 2,
          priceperunit: 99,
          manualdiscountamount: 10,
          dxc_AccountId: { dxc_code: '200' },
        }),
        detailRow(1, { sequencenumber: 1, productdescription: 'Set-up', quantity: 3, priceperunit: 300 }),
        detailRow(2, {
          sequencenumber: 2,
          isproductoverridden: false,
          productdescription: null,
          // Xero's item code holds 30 characters: a longer product number goes without one.
          productid: { productnumber: 'P'.repeat(31), name: 'Long code product' },
          dxc_TaxRateId: null,
        }),
      ],
    });
    const mapped = mapInvoiceRow(row, 0);
    expect(mapped.ok).toBe(true);
    if (!mapped.ok) return;
    expect(mapped.invoice).toEqual({
      invoiceId: uuid(INVOICE, 0xabc),
      invoiceType: 'ACCREC',
      lineAmountTypes: 'Exclusive',
      xeroInvoiceId: '81f93ef2-a98f-4721-9c3e-5b8d2f6a7e10',
      invoiceNumber: 'ROW-00001',
      name: 'Spring order',
      date: '2026-02-02',
      dueDate: '2026-03-02',
      currencyCode: 'NZD',
      brandingThemeId: THEME,
      customer: {
        kind: 'account',
        id: uuid(CUSTOMER, 1),
        name: 'Row Customer 1 Ltd',
        xeroContactId: '3f2a1b0c-1111-4222-8333-444455556666',
        accountNumber: 'ACC-1',
        email: 'ap@example.com',
        phone: '+44 20 7946 0000',
        billingAddress: {
          line1: '1 High Street',
          city: 'London',
          postalCode: 'N1 9GU',
          country: 'United Kingdom',
        },
      },
      lines: [
        {
          lineId: detailRow(1).invoicedetailid,
          isWriteIn: true,
          lineNumber: 1,
          writeInDescription: 'Set-up',
          quantity: 3,
          unitPrice: 300,
          taxType: 'OUTPUT2',
        },
        {
          lineId: detailRow(2).invoicedetailid,
          isWriteIn: false,
          lineNumber: 2,
          productName: 'Long code product',
          quantity: 1,
          unitPrice: 100,
        },
        {
          lineId: detailRow(3).invoicedetailid,
          isWriteIn: false,
          lineNumber: 3,
          productNumber: 'CRM-ENT',
          productName: 'CRM Online: Enterprise',
          description: 'Second seat',
          quantity: 2,
          unitPrice: 99,
          manualDiscountAmount: 10,
          accountCode: '200',
          taxType: 'OUTPUT2',
        },
      ],
    });
    expect(mapped.connection).toEqual({
      rowId: uuid(CONNECTION_ROW, 1),
      tenantId: TENANT,
      settings: {
        useXeroInvoiceNumbering: false,
        createContacts: true,
        createProducts: true,
        defaultStatus: 'AUTHORISED',
        defaultSalesAccountCode: '200',
        defaultPurchaseAccountCode: '310',
      },
    });
  });

  test('a contact customer is read from customerid_contact, as the lookup’s logical name says', () => {
    const contact = contactLookup(7, { dxc_xerocontactid: null, emailaddress1: 'pat@example.com' });
    const mapped = mapInvoiceRow(invoiceRow(2, TENANT, customerColumns(contact)), 0);
    expect(mapped.ok && mapped.invoice.customer).toEqual({
      kind: 'contact',
      id: contact.contactid,
      name: 'Pat Person 7',
      email: 'pat@example.com',
      firstName: 'Pat',
      lastName: 'Person 7',
    });
  });

  test('a customer that was not expanded goes by the lookup’s formatted name', () => {
    const row = invoiceRow(3, TENANT, { customerid_account: null });
    const mapped = mapInvoiceRow(row, 0);
    expect(mapped.ok && mapped.invoice.customer).toEqual({
      kind: 'account',
      id: uuid(CUSTOMER, 3),
      name: 'Row Customer 3 Ltd',
    });
  });

  test('choices: a purchase invoice with no tax is ACCPAY NoTax; Submitted as default status is SUBMITTED', () => {
    const row = invoiceRow(4, TENANT, {
      dxc_invoicetype: choiceValue('dxc_invoicetype', 'Purchase invoice'),
      dxc_lineamounttypes: choiceValue('dxc_lineamounttypes', 'No tax'),
      dxc_ConnectionId: connectionLookup(TENANT, 1, {
        dxc_defaultinvoicestatus: XERO_STATUS.SUBMITTED,
        dxc_usexeroinvoicenumber: true,
        dxc_createproducts: false,
        dxc_DefaultPurchaseAccountId: null,
      }),
    });
    const mapped = mapInvoiceRow(row, 0);
    expect(mapped.ok).toBe(true);
    if (!mapped.ok) return;
    expect(mapped.invoice).toMatchObject({ invoiceType: 'ACCPAY', lineAmountTypes: 'NoTax' });
    expect(mapped.connection.settings).toEqual({
      useXeroInvoiceNumbering: true,
      createContacts: true,
      createProducts: false,
      defaultStatus: 'SUBMITTED',
      defaultSalesAccountCode: '200',
    });
  });

  test('a connection that was not expanded: the lookup’s id, no tenant, the contract’s defaults', () => {
    const rowId = uuid(CONNECTION_ROW, 9).toUpperCase();
    expect(
      connectionOfRow(invoiceRow(5, TENANT, { dxc_ConnectionId: null, _dxc_connectionid_value: rowId })),
    ).toEqual({
      rowId: rowId.toLowerCase(),
      settings: {
        useXeroInvoiceNumbering: false,
        createContacts: false,
        createProducts: false,
        defaultStatus: 'DRAFT',
      },
    });
  });
});

describe('a row that cannot be sent gets a problem in plain words, keeping its id and connection', () => {
  test('no customer', () => {
    const row = invoiceRow(10, TENANT, { _customerid_value: null, customerid_account: null });
    const mapped = mapInvoiceRow(row, 0);
    expect(mapped).toMatchObject({ ok: false, invoiceId: uuid(INVOICE, 10) });
    expect(mapped.connection?.rowId).toBe(uuid(CONNECTION_ROW, 1));
    expect(problemOf(mapped)).toMatch(/no customer\. Set the customer, then set Export status to No\.$/);
  });

  test('no lines, whether invoice_details is empty or missing', () => {
    for (const details of [[], undefined]) {
      const mapped = mapInvoiceRow(invoiceRow(11, TENANT, { invoice_details: details }), 0);
      expect(problemOf(mapped)).toBe(
        'Not sent to Xero: the invoice has no products. Add them, then set Export status to No.',
      );
    }
  });

  test('no Xero connection', () => {
    const row = invoiceRow(12, TENANT, { dxc_ConnectionId: null, _dxc_connectionid_value: null });
    const mapped = mapInvoiceRow(row, 0);
    expect(mapped.connection).toBeUndefined();
    expect(problemOf(mapped)).toBe('Not sent to Xero: the invoice has no Xero connection.');
  });

  test('a name longer than the contract’s 300 characters is named with the row’s place in the request', () => {
    const fits = mapInvoiceRow(invoiceRow(13, TENANT, { name: 'n'.repeat(300) }), 3);
    expect(fits.ok).toBe(true);
    const mapped = mapInvoiceRow(invoiceRow(13, TENANT, { name: 'n'.repeat(301) }), 3);
    expect(mapped).toMatchObject({ ok: false, invoiceId: uuid(INVOICE, 13) });
    expect(problemOf(mapped)).toBe('Not sent to Xero: rows[3].name must NOT have more than 300 characters.');
  });

  test('every refused value is named at once (currency code, line id), and ill-formed text too', () => {
    const mapped = mapInvoiceRow(
      invoiceRow(14, TENANT, {
        transactioncurrencyid: { isocurrencycode: 'gbp' },
        invoice_details: [detailRow(1, { invoicedetailid: 'not-a-guid', productdescription: 'bad \ud800' })],
      }),
      0,
    );
    const problem = problemOf(mapped);
    expect(problem).toMatch(/^Not sent to Xero: /);
    expect(problem).toContain('rows[0].currencyCode must match pattern "^[A-Z]{3}$"');
    expect(problem).toContain('rows[0].lines[0].lineId must be a valid uuid');
    expect(problem).toContain('rows[0].lines[0].writeInDescription must be well-formed Unicode text');
  });
});
