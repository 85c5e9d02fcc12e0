/**
 * Conformance of the accounting emulator through the real xero-node@20.0.0 client: what the proxy will call, the
 * shapes it gets back, and the errors Xero gives for bad requests. It runs twice: against the accounting router
 * alone, and against the full emulator (tokens, tenant guard, limits, idempotency in front of the same router).
 * Every JSON response xero-node receives is validated against Xero's OpenAPI spec (last test of each run).
 */
import { CreditNote, Invoice, LineAmountTypes, type XeroClient } from 'xero-node';
import { ACCOUNTING_TARGETS, type AccountingTarget } from '../test-support/accounting-target';
import { rejectionOf } from '../test-support/xero-node-client';

describe.each(ACCOUNTING_TARGETS)('through xero-node, against the %s', (_label, startTarget) => {
  let app: AccountingTarget;
  let xero: XeroClient;
  let t: string;
  const api = () => xero.accountingApi;

  beforeAll(async () => {
    app = await startTarget();
    xero = app.xero;
    t = app.tenantId;
  });

  afterAll(async () => {
    await app.close();
  });

  async function newCustomer(name: string, contactNumber?: string): Promise<string> {
    const result = await api().createContacts(t, { contacts: [{ name, contactNumber }] });
    return result.body.contacts![0]!.contactID!;
  }

  const seedLines = [
    { description: 'Widget', quantity: 3, unitAmount: 300, accountCode: '200', taxType: 'OUTPUT2' },
    { description: 'Gadget', quantity: 2, unitAmount: 99, accountCode: '200', taxType: 'OUTPUT2' },
  ];

  async function approvedInvoice(contactID: string, lineItems = seedLines): Promise<Invoice> {
    const result = await api().createInvoices(t, {
      invoices: [
        {
          type: Invoice.TypeEnum.ACCREC,
          contact: { contactID },
          date: '2026-02-02',
          dueDate: '2026-03-04',
          status: Invoice.StatusEnum.AUTHORISED,
          lineItems,
        },
      ],
    });
    return result.body.invoices![0]!;
  }

  describe('organisation and settings', () => {
    it('describes Demo Company (UK)', async () => {
      const { body } = await api().getOrganisations(t);
      expect(body.organisations![0]).toMatchObject({
        name: 'Demo Company (UK)',
        shortCode: '!Xk2Lp',
        baseCurrency: 'GBP',
        countryCode: 'GB',
        organisationID: t,
      });
    });

    it('lists UK tax rates, filters them with where, and reads one by tax type', async () => {
      const all = await api().getTaxRates(t);
      expect(all.body.taxRates!.map((r) => r.taxType)).toEqual(
        expect.arrayContaining(['OUTPUT2', 'INPUT2', 'ZERORATEDOUTPUT', 'NONE', 'RROUTPUT']),
      );
      const output = await api().getTaxRates(t, 'TaxType=="OUTPUT2"');
      expect(output.body.taxRates).toHaveLength(1);
      expect(output.body.taxRates![0]).toMatchObject({ name: '20% (VAT on Income)', effectiveRate: 20 });
      const byType = await api().getTaxRateByTaxType(t, 'RROUTPUT');
      expect(byType.body.taxRates![0]!.effectiveRate).toBe(5);
    });

    it('lists accounts filtered by type and class', async () => {
      const banks = await api().getAccounts(t, undefined, 'Type=="BANK"');
      expect(banks.body.accounts!.map((a) => a.code)).toEqual(['090', '091']);
      const revenue = await api().getAccounts(
        t,
        undefined,
        'Class=="REVENUE" AND Status=="ACTIVE"',
        'Code DESC',
      );
      expect(revenue.body.accounts!.map((a) => a.code)).toEqual(['270', '260', '200']);
    });

    it('lists the branding themes with stable ids', async () => {
      const { body } = await api().getBrandingThemes(t);
      expect(body.brandingThemes!.map((b) => [b.name, b.sortOrder])).toEqual([
        ['Standard', 0],
        ['Special Projects', 1],
      ]);
      expect(body.brandingThemes![0]!.brandingThemeID).toBe(
        app.books.seed.brandingThemes[0]!.brandingThemeId,
      );
    });
  });

  describe('invoices', () => {
    it('prices the seed products: SubTotal 1098.00, TotalTax 219.60, Total 1317.60, with Xero date formats', async () => {
      const contactID = await newCustomer('Seed Product Buyer');
      const invoice = await approvedInvoice(contactID);
      expect(invoice).toMatchObject({
        subTotal: 1098,
        totalTax: 219.6,
        total: 1317.6,
        amountDue: 1317.6,
        amountPaid: 0,
        status: Invoice.StatusEnum.AUTHORISED,
        currencyCode: 'GBP',
      });
      expect(invoice.invoiceNumber).toMatch(/^INV-\d{4}$/);
      expect(invoice.lineItems!.map((l) => l.taxAmount)).toEqual([180, 39.6]);
      const raw = (await api().getInvoice(t, invoice.invoiceID!)).response.data as Record<string, unknown> & {
        Invoices: Array<Record<string, unknown>>;
      };
      expect(raw).toMatchObject({
        Status: 'OK',
        ProviderName: expect.any(String),
        DateTimeUTC: expect.stringMatching(/^\/Date\(\d+\)\/$/),
      });
      expect(raw.Invoices[0]).toMatchObject({
        Date: '/Date(1769990400000+0000)/',
        DateString: '2026-02-02T00:00:00',
        DueDate: '/Date(1772582400000+0000)/',
        DueDateString: '2026-03-04T00:00:00',
        UpdatedDateUTC: expect.stringMatching(/^\/Date\(\d+\+0000\)\/$/),
        HasAttachments: false,
        Payments: [],
        CreditNotes: [],
      });
    });

    it('reads an invoice by number as well as by id, and 404s an unknown one', async () => {
      const invoice = await approvedInvoice(await newCustomer('Lookup By Number'));
      const byNumber = await api().getInvoice(t, invoice.invoiceNumber!);
      expect(byNumber.body.invoices![0]!.invoiceID).toBe(invoice.invoiceID);
      const missing = await rejectionOf(api().getInvoice(t, '00000000-0000-4000-8000-000000000000'));
      expect(missing).toMatchObject({
        statusCode: 404,
        body: "The resource you're looking for cannot be found",
      });
    });

    it('filters lists with the where subset the proxy uses, pages them, and honours If-Modified-Since', async () => {
      const contactID = await newCustomer('Filter Target');
      const before = new Date(app.clock.now().getTime());
      app.clock.advance(1000);
      const first = await approvedInvoice(contactID);
      await api().createInvoices(t, {
        invoices: [
          {
            type: Invoice.TypeEnum.ACCREC,
            contact: { contactID },
            date: '2025-12-01',
            lineItems: [{ description: 'draft' }],
          },
        ],
      });
      const where = `Type=="ACCREC" AND Status=="AUTHORISED" AND Contact.ContactID==Guid("${contactID}") AND Date>=DateTime(2026,1,1) AND AmountDue>0`;
      const filtered = await api().getInvoices(
        t,
        undefined,
        where,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        1,
      );
      expect(filtered.body.invoices!.map((i) => i.invoiceID)).toEqual([first.invoiceID]);
      expect(filtered.body.invoices![0]!.lineItems).toHaveLength(2);
      expect(filtered.body.pagination).toEqual({ page: 1, pageSize: 100, pageCount: 1, itemCount: 1 });

      const either = await api().getInvoices(
        t,
        undefined,
        `Contact.ContactID==Guid("${contactID}") AND (Status=="DRAFT" OR AmountDue>1000)`,
      );
      expect(either.body.invoices).toHaveLength(2);
      expect(either.body.pagination).toBeUndefined();
      expect(either.body.invoices![0]!.lineItems).toBeUndefined();

      const since = await api().getInvoices(t, before, `Contact.ContactID==Guid("${contactID}")`);
      expect(since.body.invoices).toHaveLength(2);
      const later = await api().getInvoices(
        t,
        new Date(app.clock.now().getTime() + 1000),
        `Contact.ContactID==Guid("${contactID}")`,
      );
      expect(later.body.invoices).toHaveLength(0);

      const byLists = await api().getInvoices(
        t,
        undefined,
        undefined,
        'InvoiceNumber DESC',
        undefined,
        undefined,
        [contactID],
        ['AUTHORISED', 'DRAFT'],
      );
      expect(byLists.body.invoices).toHaveLength(2);
      const byIds = await api().getInvoices(
        t,
        undefined,
        undefined,
        undefined,
        [first.invoiceID!],
        [first.invoiceNumber!],
      );
      expect(byIds.body.invoices!.map((i) => i.invoiceID)).toEqual([first.invoiceID]);
    });

    it('pages with pageSize up to 1000 and reports page counts', async () => {
      const contactID = await newCustomer('Many Invoices');
      await api().createInvoices(t, {
        invoices: Array.from({ length: 5 }, (_, i) => ({
          type: Invoice.TypeEnum.ACCREC,
          contact: { contactID },
          reference: `batch-${i}`,
          lineItems: [{ description: `line ${i}` }],
        })),
      });
      const where = `Contact.ContactID==Guid("${contactID}")`;
      const page2 = await api().getInvoices(
        t,
        undefined,
        where,
        'Reference ASC',
        undefined,
        undefined,
        undefined,
        undefined,
        2,
        undefined,
        undefined,
        undefined,
        undefined,
        2,
      );
      expect(page2.body.pagination).toEqual({ page: 2, pageSize: 2, pageCount: 3, itemCount: 5 });
      expect(page2.body.invoices!.map((i) => i.reference)).toEqual(['batch-2', 'batch-3']);
      const big = await api().getInvoices(
        t,
        undefined,
        where,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        1,
        undefined,
        undefined,
        undefined,
        undefined,
        5000,
      );
      expect(big.body.pagination!.pageSize).toBe(1000);
      const summary = await api().getInvoices(
        t,
        undefined,
        where,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        1,
        undefined,
        undefined,
        undefined,
        true,
      );
      expect(summary.body.invoices![0]!.lineItems).toBeUndefined();
      const search = await api().getInvoices(
        t,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        'BATCH-4',
      );
      expect(search.body.invoices!.map((i) => i.reference)).toEqual(['batch-4']);
    });

    it('updates by POST with the invoice number, and by id, keeping line item ids stable', async () => {
      const contactID = await newCustomer('Updater');
      const created = await api().createInvoices(t, {
        invoices: [
          {
            type: Invoice.TypeEnum.ACCREC,
            contact: { contactID },
            invoiceNumber: 'UPD-1',
            lineItems: [{ description: 'first', quantity: 1, unitAmount: 10, accountCode: '200' }],
          },
        ],
      });
      const original = created.body.invoices![0]!;
      const lineItemID = original.lineItems![0]!.lineItemID;
      const upserted = await api().updateOrCreateInvoices(t, {
        invoices: [
          {
            type: Invoice.TypeEnum.ACCREC,
            contact: { contactID },
            invoiceNumber: 'UPD-1',
            reference: 'PO-77',
            lineItems: [
              { lineItemID, description: 'first', quantity: 2, unitAmount: 10, accountCode: '200' },
            ],
          },
        ],
      });
      expect(upserted.body.invoices![0]).toMatchObject({
        invoiceID: original.invoiceID,
        reference: 'PO-77',
        subTotal: 20,
      });
      expect(upserted.body.invoices![0]!.lineItems![0]!.lineItemID).toBe(lineItemID);
      const approved = await api().updateInvoice(t, original.invoiceID!, {
        invoices: [{ status: Invoice.StatusEnum.AUTHORISED, dueDate: '2026-03-01' }],
      });
      expect(approved.body.invoices![0]).toMatchObject({ status: Invoice.StatusEnum.AUTHORISED, total: 24 });
      const duplicatePut = await rejectionOf(
        api().createInvoices(t, {
          invoices: [
            { type: Invoice.TypeEnum.ACCREC, contact: { contactID }, invoiceNumber: 'UPD-1', lineItems: [] },
          ],
        }),
      );
      expect(duplicatePut.statusCode).toBe(400);
      expect(duplicatePut.body).toMatchObject({
        ErrorNumber: 10,
        Type: 'ValidationException',
        Message: 'A validation exception occurred',
        Elements: [{ ValidationErrors: [{ Message: 'Invoice # must be unique.' }] }],
      });
    });

    it('supports inclusive, no-tax, discounted and 4-dp lines', async () => {
      const contactID = await newCustomer('Arithmetic');
      const inclusive = await api().createInvoices(t, {
        invoices: [
          {
            type: Invoice.TypeEnum.ACCREC,
            contact: { contactID },
            lineAmountTypes: LineAmountTypes.Inclusive,
            lineItems: [{ description: 'gross', quantity: 1, unitAmount: 120, accountCode: '200' }],
          },
        ],
      });
      expect(inclusive.body.invoices![0]).toMatchObject({ subTotal: 100, totalTax: 20, total: 120 });
      const discounted = await api().createInvoices(t, {
        invoices: [
          {
            type: Invoice.TypeEnum.ACCREC,
            contact: { contactID },
            lineItems: [
              { description: 'd', quantity: 2, unitAmount: 50, discountRate: 10, accountCode: '200' },
            ],
          },
        ],
      });
      expect(discounted.body.invoices![0]).toMatchObject({
        subTotal: 90,
        totalTax: 18,
        total: 108,
        totalDiscount: 10,
        isDiscounted: true,
      });
      const fourDp = await api().createInvoices(
        t,
        {
          invoices: [
            {
              type: Invoice.TypeEnum.ACCREC,
              contact: { contactID },
              lineAmountTypes: LineAmountTypes.NoTax,
              lineItems: [{ description: 'p', quantity: 3, unitAmount: 1.2345, accountCode: '200' }],
            },
          ],
        },
        undefined,
        4,
      );
      expect(fourDp.body.invoices![0]!.lineItems![0]).toMatchObject({
        unitAmount: 1.2345,
        lineAmount: 3.7,
        taxType: 'NONE',
        taxAmount: 0,
      });
      const twoDp = await api().getInvoice(t, fourDp.body.invoices![0]!.invoiceID!);
      expect(twoDp.body.invoices![0]!.lineItems![0]!.unitAmount).toBe(1.23);
    });

    it('gives the online invoice URL only for approved sales invoices', async () => {
      const contactID = await newCustomer('Online Viewer');
      const draft = await api().createInvoices(t, {
        invoices: [
          { type: Invoice.TypeEnum.ACCREC, contact: { contactID }, lineItems: [{ description: 'x' }] },
        ],
      });
      const refused = await rejectionOf(api().getOnlineInvoice(t, draft.body.invoices![0]!.invoiceID!));
      expect(refused).toMatchObject({ statusCode: 400, body: { Type: 'ValidationException' } });
      const approved = await approvedInvoice(contactID);
      const online = await api().getOnlineInvoice(t, approved.invoiceID!);
      expect(online.body.onlineInvoices![0]!.onlineInvoiceUrl).toMatch(/^https:\/\/in\.xero\.com\/\S+$/);
    });

    it('reports each bad element as Xero does and saves nothing', async () => {
      const contactID = await newCustomer('Error Cases');
      const count = app.books.listInvoices().length;
      const cases: Array<[Invoice, string]> = [
        [
          { type: Invoice.TypeEnum.ACCREC, lineItems: [{ description: 'x' }] },
          'The Contact must contain at least 1 of the following elements to identify the contact: Name, ContactID, ContactNumber',
        ],
        [
          {
            type: Invoice.TypeEnum.ACCREC,
            contact: { contactID },
            lineItems: [{ description: 'x', quantity: 1, unitAmount: 5, accountCode: '4242' }],
          },
          "Account code '4242' is not a valid code for this document.",
        ],
        [
          {
            type: Invoice.TypeEnum.ACCREC,
            contact: { contactID },
            lineItems: [
              { description: 'x', quantity: 1, unitAmount: 5, accountCode: '200', taxType: 'TAX999' },
            ],
          },
          'The TaxType code TAX999 does not exist or cannot be used for this type of transaction.',
        ],
      ];
      for (const [invoice, message] of cases) {
        const failure = await rejectionOf(
          api().createInvoices(t, {
            invoices: [
              { type: Invoice.TypeEnum.ACCREC, contact: { contactID }, lineItems: [{ description: 'fine' }] },
              invoice,
            ],
          }),
        );
        expect(failure.statusCode).toBe(400);
        expect(failure.body).toMatchObject({
          ErrorNumber: 10,
          Type: 'ValidationException',
          Message: 'A validation exception occurred',
        });
        const elements = (
          failure.body as { Elements: Array<{ ValidationErrors: Array<{ Message: string }> }> }
        ).Elements;
        expect(elements).toHaveLength(1);
        expect(elements[0]!.ValidationErrors.map((e) => e.Message)).toContain(message);
      }
      expect(app.books.listInvoices()).toHaveLength(count);
    });

    it('with summarizeErrors=false saves the good elements and marks the bad one ERROR', async () => {
      const contactID = await newCustomer('Partial Batch');
      const result = await api().createInvoices(
        t,
        {
          invoices: [
            { type: Invoice.TypeEnum.ACCREC, contact: { contactID }, lineItems: [{ description: 'good' }] },
            {
              type: Invoice.TypeEnum.ACCREC,
              contact: { contactID },
              lineItems: [{ description: 'bad', quantity: 1, unitAmount: 1, accountCode: 'NOPE' }],
            },
          ],
        },
        false,
      );
      expect(result.response.status).toBe(200);
      const [good, bad] = result.body.invoices!;
      expect(good).toMatchObject({
        statusAttributeString: 'OK',
        invoiceNumber: expect.stringMatching(/^INV-/),
      });
      expect(bad).toMatchObject({
        statusAttributeString: 'ERROR',
        hasErrors: true,
        validationErrors: [{ message: "Account code 'NOPE' is not a valid code for this document." }],
      });
      expect(app.books.findInvoice(good!.invoiceID!)).toBeDefined();
    });

    it('voids and deletes only in the states Xero allows', async () => {
      const contactID = await newCustomer('Status Machine');
      const draft = (
        await api().createInvoices(t, {
          invoices: [
            { type: Invoice.TypeEnum.ACCREC, contact: { contactID }, lineItems: [{ description: 'x' }] },
          ],
        })
      ).body.invoices![0]!;
      const deleted = await api().updateInvoice(t, draft.invoiceID!, {
        invoices: [{ status: Invoice.StatusEnum.DELETED }],
      });
      expect(deleted.body.invoices![0]!.status).toBe(Invoice.StatusEnum.DELETED);
      const paid = await approvedInvoice(contactID);
      await api().createPayment(t, {
        invoice: { invoiceID: paid.invoiceID },
        account: { code: '090' },
        amount: paid.total,
        date: '2026-02-03',
      });
      const voidPaid = await rejectionOf(
        api().updateInvoice(t, paid.invoiceID!, { invoices: [{ status: Invoice.StatusEnum.VOIDED }] }),
      );
      expect(voidPaid.statusCode).toBe(400);
      expect(voidPaid.body).toMatchObject({
        Type: 'ValidationException',
        Elements: [
          {
            ValidationErrors: [
              {
                Message:
                  'Invoice not of valid status for modification. This document cannot be edited as it has a payment or credit note allocated to it.',
              },
            ],
          },
        ],
      });
      const approved = await approvedInvoice(contactID);
      const voided = await api().updateInvoice(t, approved.invoiceID!, {
        invoices: [{ status: Invoice.StatusEnum.VOIDED }],
      });
      expect(voided.body.invoices![0]!.status).toBe(Invoice.StatusEnum.VOIDED);
    });

    it('refuses createdByMyApp, malformed and unsupported where clauses clearly', async () => {
      const byApp = await rejectionOf(
        api().getInvoices(
          t,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          true,
        ),
      );
      expect(byApp.statusCode).toBe(501);
      expect(JSON.stringify(byApp.body)).toMatch(/createdByMyApp/);
      const malformed = await rejectionOf(api().getInvoices(t, undefined, 'Status=="AUTHORISED" AND'));
      expect(malformed).toMatchObject({
        statusCode: 400,
        body: { ErrorNumber: 16, Type: 'QueryParseException' },
      });
      const unsupported = await rejectionOf(api().getInvoices(t, undefined, 'BrandingThemeID!=null'));
      expect(unsupported.statusCode).toBe(501);
      expect(JSON.stringify(unsupported.body)).toMatch(/BrandingThemeID/);
    });
  });

  describe('contacts', () => {
    it('creates a contact with addresses and phones and reads it by id and by contact number with balances', async () => {
      const created = await api().createContacts(t, {
        contacts: [
          {
            name: 'Ridgeway University',
            contactNumber: 'CUST-RW',
            firstName: 'Sam',
            lastName: 'Ridge',
            emailAddress: 'ap@ridgeway.example',
            addresses: [
              {
                addressType: 'STREET' as never,
                addressLine1: '1 College Road',
                city: 'Oxford',
                postalCode: 'OX1 1AA',
                country: 'GB',
              },
            ],
            phones: [{ phoneType: 'DEFAULT' as never, phoneNumber: '555 0100' }],
          },
        ],
      });
      const contact = created.body.contacts![0]!;
      expect(contact).toMatchObject({
        name: 'Ridgeway University',
        contactStatus: 'ACTIVE',
        isCustomer: false,
      });
      const invoice = await approvedInvoice(contact.contactID!);
      await api().createPayment(t, {
        invoice: { invoiceID: invoice.invoiceID },
        account: { code: '090' },
        amount: 17.6,
      });
      const byId = await api().getContact(t, contact.contactID!);
      expect(byId.body.contacts![0]).toMatchObject({
        isCustomer: true,
        balances: {
          accountsReceivable: { outstanding: 1300, overdue: 0 },
          accountsPayable: { outstanding: 0, overdue: 0 },
        },
      });
      expect(byId.body.contacts![0]!.addresses![0]).toMatchObject({
        addressLine1: '1 College Road',
        city: 'Oxford',
      });
      const byNumber = await api().getContactByContactNumber(t, 'CUST-RW');
      expect(byNumber.body.contacts![0]!.contactID).toBe(contact.contactID);
    });

    it('refuses a name already used by an active contact, with Xero text', async () => {
      await newCustomer('Buzz Lightyear');
      const clash = await rejectionOf(api().createContacts(t, { contacts: [{ name: 'Buzz Lightyear' }] }));
      expect(clash.statusCode).toBe(400);
      expect(clash.body).toMatchObject({
        Type: 'ValidationException',
        Elements: [
          {
            Name: 'Buzz Lightyear',
            ValidationErrors: [
              {
                Message:
                  'The contact name Buzz Lightyear is already assigned to another contact. The contact name must be unique across all active contacts.',
              },
            ],
          },
        ],
      });
    });

    it('looks up many contact numbers in one call with OR-ed where clauses or with IDs', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push(await newCustomer(`Bulk ${i}`, `BULK-${i}`));
      const numbers = Array.from({ length: 50 }, (_, i) => `BULK-${i}`);
      const where = numbers.map((n) => `ContactNumber=="${n}"`).join(' OR ');
      const found = await api().getContacts(t, undefined, where);
      expect(found.body.contacts!.map((c) => c.contactNumber).sort()).toEqual(['BULK-0', 'BULK-1', 'BULK-2']);
      const byIds = await api().getContacts(t, undefined, undefined, undefined, ids.slice(0, 2));
      expect(byIds.body.contacts).toHaveLength(2);
      const search = await api().getContacts(
        t,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        'bulk 1',
      );
      expect(search.body.contacts!.map((c) => c.contactNumber)).toEqual(['BULK-1']);
    });

    it('archives a contact, hides it from lists unless asked, and frees its name', async () => {
      const id = await newCustomer('Old Name Ltd', 'OLD-1');
      const archived = await api().updateContact(t, id, {
        contacts: [{ contactStatus: 'ARCHIVED' as never }],
      });
      expect(archived.body.contacts![0]!.contactStatus).toBe('ARCHIVED');
      const hidden = await api().getContacts(t, undefined, 'Name=="Old Name Ltd"');
      expect(hidden.body.contacts).toHaveLength(0);
      const shown = await api().getContacts(
        t,
        undefined,
        'Name=="Old Name Ltd"',
        undefined,
        undefined,
        undefined,
        true,
      );
      expect(shown.body.contacts).toHaveLength(1);
      await newCustomer('Old Name Ltd');
    });

    it('pages contacts with balances and returns the light shape for summaryOnly', async () => {
      const paged = await api().getContacts(
        t,
        undefined,
        undefined,
        'Name ASC',
        undefined,
        1,
        undefined,
        undefined,
        undefined,
        2,
      );
      expect(paged.body.pagination).toMatchObject({ page: 1, pageSize: 2 });
      expect(paged.body.contacts![0]!.balances).toBeDefined();
      const summary = await api().getContacts(
        t,
        undefined,
        undefined,
        undefined,
        undefined,
        1,
        undefined,
        true,
      );
      expect(summary.body.contacts![0]!.addresses).toBeUndefined();
      expect(summary.body.contacts![0]!.balances).toBeUndefined();
    });
  });

  describe('items', () => {
    it('creates items, refuses a duplicate code, filters by code, and feeds line defaults', async () => {
      const created = await api().createItems(t, {
        items: [
          {
            code: 'GB-WIDGET',
            name: 'Widget',
            description: 'Blue widget',
            salesDetails: { unitPrice: 300, accountCode: '200', taxType: 'OUTPUT2' },
            purchaseDetails: { unitPrice: 120, accountCode: '310', taxType: 'INPUT2' },
          },
          {
            code: 'GB-GADGET',
            name: 'Gadget',
            isPurchased: false,
            salesDetails: { unitPrice: 99, accountCode: '200', taxType: 'OUTPUT2' },
          },
        ],
      });
      expect(created.body.items!.map((i) => i.code)).toEqual(['GB-WIDGET', 'GB-GADGET']);
      const duplicate = await rejectionOf(api().createItems(t, { items: [{ code: 'GB-WIDGET' }] }));
      expect(duplicate).toMatchObject({
        statusCode: 400,
        body: {
          Type: 'ValidationException',
          Elements: [
            {
              Code: 'GB-WIDGET',
              ValidationErrors: [{ Message: "Price List Item with Code 'GB-WIDGET' already exists" }],
            },
          ],
        },
      });
      const found = await api().getItems(t, undefined, 'Code=="GB-WIDGET" OR Code=="GB-GADGET"');
      expect(found.body.items).toHaveLength(2);
      const contactID = await newCustomer('Item Buyer');
      const invoice = await approvedInvoice(contactID, [
        { itemCode: 'GB-WIDGET', quantity: 3 } as never,
        { itemCode: 'GB-GADGET', quantity: 2 } as never,
      ]);
      expect(invoice).toMatchObject({ subTotal: 1098, totalTax: 219.6, total: 1317.6 });
      expect(invoice.lineItems![0]).toMatchObject({
        description: 'Blue widget',
        accountCode: '200',
        item: { code: 'GB-WIDGET' },
      });
    });
  });

  describe('credit notes and allocations', () => {
    it('allocates an approved credit note, reducing the invoice and settling it', async () => {
      const contactID = await newCustomer('Credit Customer');
      const invoice = await approvedInvoice(contactID, [
        { description: 'x', quantity: 1, unitAmount: 100, accountCode: '200', taxType: 'OUTPUT2' },
      ]);
      const note = (
        await api().createCreditNotes(t, {
          creditNotes: [
            {
              type: CreditNote.TypeEnum.ACCRECCREDIT,
              contact: { contactID },
              date: '2026-02-02',
              status: CreditNote.StatusEnum.AUTHORISED,
              lineItems: [{ description: 'refund', quantity: 1, unitAmount: 150, accountCode: '200' }],
            },
          ],
        })
      ).body.creditNotes![0]!;
      expect(note).toMatchObject({
        total: 180,
        remainingCredit: 180,
        status: CreditNote.StatusEnum.AUTHORISED,
      });
      const tooMuch = await rejectionOf(
        api().createCreditNoteAllocation(t, note.creditNoteID!, {
          allocations: [{ invoice: { invoiceID: invoice.invoiceID }, amount: 120.5, date: '2026-02-03' }],
        }),
      );
      expect(tooMuch).toMatchObject({
        statusCode: 400,
        body: {
          Type: 'ValidationException',
          Elements: [
            {
              ValidationErrors: [
                { Message: 'Credit Note cannot be allocated as amount is greater than amount outstanding' },
              ],
            },
          ],
        },
      });
      const allocated = await api().createCreditNoteAllocation(t, note.creditNoteID!, {
        allocations: [{ invoice: { invoiceID: invoice.invoiceID }, amount: 100, date: '2026-02-03' }],
      });
      expect(allocated.body.allocations![0]!.amount).toBe(100);
      const after = (await api().getInvoice(t, invoice.invoiceID!)).body.invoices![0]!;
      expect(after).toMatchObject({
        amountCredited: 100,
        amountDue: 20,
        status: Invoice.StatusEnum.AUTHORISED,
      });
      expect(after.creditNotes![0]).toMatchObject({ creditNoteID: note.creditNoteID, appliedAmount: 100 });
      await api().createCreditNoteAllocation(t, note.creditNoteID!, {
        allocations: [{ invoice: { invoiceID: invoice.invoiceID }, amount: 20, date: '2026-02-03' }],
      });
      expect((await api().getInvoice(t, invoice.invoiceID!)).body.invoices![0]!.status).toBe(
        Invoice.StatusEnum.PAID,
      );
      const noteAfter = (await api().getCreditNote(t, note.creditNoteID!)).body.creditNotes![0]!;
      expect(noteAfter).toMatchObject({ remainingCredit: 60, status: CreditNote.StatusEnum.AUTHORISED });
      expect(noteAfter.allocations).toHaveLength(2);
    });
  });

  describe('payments', () => {
    it('pays by invoice number into a bank account by code, refuses overpayment, and deletes a payment', async () => {
      const contactID = await newCustomer('Payer');
      const invoice = await approvedInvoice(contactID);
      const over = await rejectionOf(
        api().createPayment(t, {
          invoice: { invoiceNumber: invoice.invoiceNumber },
          account: { code: '090' },
          amount: 2000,
          date: '2026-02-03',
        }),
      );
      expect(over).toMatchObject({
        statusCode: 400,
        body: {
          Type: 'ValidationException',
          Elements: [
            {
              ValidationErrors: [
                { Message: 'Payment amount exceeds the amount outstanding on this document' },
              ],
            },
          ],
        },
      });
      const bank = (await api().getAccounts(t, undefined, 'Code=="090"')).body.accounts![0]!;
      const paid = await api().createPayments(t, {
        payments: [
          {
            invoice: { invoiceNumber: invoice.invoiceNumber },
            account: { accountID: bank.accountID },
            amount: 1317.6,
            date: '2026-02-04',
            reference: 'BACS',
          },
        ],
      });
      const payment = paid.body.payments![0]!;
      expect(payment).toMatchObject({
        amount: 1317.6,
        status: 'AUTHORISED',
        paymentType: 'ACCRECPAYMENT',
        reference: 'BACS',
      });
      const settled = (await api().getInvoice(t, invoice.invoiceID!)).body.invoices![0]!;
      expect(settled).toMatchObject({ status: Invoice.StatusEnum.PAID, amountDue: 0, amountPaid: 1317.6 });
      expect(settled.fullyPaidOnDate).toEqual(new Date('2026-02-04T00:00:00Z'));
      expect(settled.payments![0]!.paymentID).toBe(payment.paymentID);
      const listed = await api().getPayments(t, undefined, `Invoice.InvoiceID==Guid("${invoice.invoiceID}")`);
      expect(listed.body.payments).toHaveLength(1);
      const deleted = await api().deletePayment(t, payment.paymentID!, { status: 'DELETED' });
      expect(deleted.body.payments![0]!.status).toBe('DELETED');
      expect((await api().getInvoice(t, invoice.invoiceID!)).body.invoices![0]).toMatchObject({
        status: Invoice.StatusEnum.AUTHORISED,
        amountDue: 1317.6,
      });
    });
  });

  describe('webhook events', () => {
    it('emits CONTACT and INVOICE events for creates, updates and payments', async () => {
      const start = app.events().length;
      const contactID = await newCustomer('Event Source');
      const invoice = await approvedInvoice(contactID);
      await api().createPayment(t, {
        invoice: { invoiceID: invoice.invoiceID },
        account: { code: '090' },
        amount: 10,
      });
      const events = app.events().slice(start);
      expect(events.map((e) => [e.eventCategory, e.eventType, e.resourceId])).toEqual([
        ['CONTACT', 'CREATE', contactID],
        ['INVOICE', 'CREATE', invoice.invoiceID],
        ['INVOICE', 'UPDATE', invoice.invoiceID],
      ]);
      expect(events[1]).toMatchObject({
        tenantId: t,
        tenantType: 'ORGANISATION',
        resourceUrl: `https://api.xero.com/api.xro/2.0/Invoices/${invoice.invoiceID}`,
        eventDateUtc: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/),
      });
    });
  });

  describe('every response', () => {
    it("validates against Xero's OpenAPI spec", () => {
      const checked = app.specChecks.filter((c) => !c.schema.startsWith('('));
      expect(checked.length).toBeGreaterThan(60);
      expect(app.specChecks.filter((c) => c.errors.length > 0)).toEqual([]);
      expect(new Set(checked.map((c) => c.schema))).toEqual(
        new Set([
          'Organisations',
          'TaxRates',
          'Accounts',
          'BrandingThemes',
          'Invoices',
          'Error',
          'OnlineInvoices',
          'Contacts',
          'Items',
          'CreditNotes',
          'Allocations',
          'Payments',
        ]),
      );
    });
  });
});
