import { TestClock } from '../../clock';
import { ElementValidationFailure } from '../domain/accounting-errors';
import { NOT_VALID_FOR_MODIFICATION, NOT_VALID_WITH_PAYMENT } from '../domain/status-machine';
import { DEMO_COMPANY_UK_ID, demoCompanyUk, organisationSeed } from '../seeds/demo-company-uk';
import { writeInvoice } from './document-writer';
import { dailyEmailLimitMessage } from './invoice-emailer';
import { TOO_MANY_ACTIVE_CATEGORIES } from './tracking-writer';
import { OrganisationBooks, type BookChange } from './organisation-books';

function messagesOf(work: () => unknown): string[] {
  try {
    work();
  } catch (error) {
    if (error instanceof ElementValidationFailure) return error.messages;
    throw error;
  }
  throw new Error('expected a validation failure');
}

function newBooks(now = '2026-02-02T10:00:00Z') {
  const clock = new TestClock();
  clock.set(new Date(now));
  const books = new OrganisationBooks(demoCompanyUk(), clock);
  const customer = books.createContact({ name: 'Ridgeway University', contactNumber: 'ACC-001' });
  return { books, clock, customer };
}

const seedLines = [
  { description: 'Widget', quantity: 3, unitAmount: 300, accountCode: '200', taxType: 'OUTPUT2' },
  { description: 'Gadget', quantity: 2, unitAmount: 99, accountCode: '200', taxType: 'OUTPUT2' },
];

describe('Demo Company (UK) seed', () => {
  it('is a GBP organisation in GB with a short code, UK VAT rates and the UK chart of accounts', () => {
    const seed = demoCompanyUk();
    expect(seed).toMatchObject({
      organisationId: DEMO_COMPANY_UK_ID,
      name: 'Demo Company (UK)',
      baseCurrency: 'GBP',
      countryCode: 'GB',
      shortCode: '!Xk2Lp',
      timezone: 'GMTSTANDARDTIME',
    });
    const rate = (t: string) => seed.taxRates.find((r) => r.taxType === t);
    expect(rate('OUTPUT2')).toMatchObject({ name: '20% (VAT on Income)', rate: 20 });
    expect(rate('INPUT2')).toMatchObject({ name: '20% (VAT on Expenses)', rate: 20 });
    expect(rate('ZERORATEDOUTPUT')).toMatchObject({ name: 'Zero Rated Income', rate: 0 });
    expect(rate('RROUTPUT')).toMatchObject({ rate: 5 });
    expect(rate('NONE')).toMatchObject({ name: 'No VAT' });
    expect(['ZERORATEDINPUT', 'EXEMPTOUTPUT'].every((t) => rate(t))).toBe(true);
    const account = (code: string) => seed.accounts.find((a) => a.code === code);
    expect(account('200')).toMatchObject({ name: 'Sales', type: 'SALES', taxType: 'OUTPUT2' });
    expect(account('090')).toMatchObject({ type: 'BANK' });
    expect(account('610')).toMatchObject({ name: 'Accounts Receivable', systemAccount: 'DEBTORS' });
    expect(account('800')).toMatchObject({ name: 'Accounts Payable', systemAccount: 'CREDITORS' });
    expect(account('820')).toMatchObject({ name: 'VAT', systemAccount: 'GST' });
    for (const code of ['260', '310', '400', '429']) expect(account(code)).toBeDefined();
    expect(seed.brandingThemes.map((t) => t.name)).toEqual(['Standard', 'Special Projects']);
    expect(demoCompanyUk().brandingThemes).toEqual(seed.brandingThemes);
  });

  it('derives further organisations deterministically from their name', () => {
    const a = organisationSeed({ name: 'Second Org Ltd' });
    const b = organisationSeed({ name: 'Second Org Ltd' });
    expect(a.organisationId).toBe(b.organisationId);
    expect(a.shortCode).toMatch(/^![A-Za-z0-9]{5}$/);
    expect(a.organisationId).not.toBe(organisationSeed({ name: 'Third Org Ltd' }).organisationId);
    expect(organisationSeed({ name: 'Euro GmbH', baseCurrency: 'eur', countryCode: 'de' })).toMatchObject({
      baseCurrency: 'EUR',
      countryCode: 'DE',
    });
    expect(() => organisationSeed({ name: ' ' })).toThrow(/name/);
  });
});

describe('organisation books: invoices', () => {
  it('numbers sales invoices INV-0001, INV-0002… and computes totals and amount due', () => {
    const { books, customer } = newBooks();
    const first = books.createInvoice({
      contactId: customer.contactId,
      status: 'AUTHORISED',
      dueDate: '2026-03-04',
      lineItems: seedLines,
    });
    const second = books.createInvoice({
      contactId: customer.contactId,
      lineItems: [{ description: 'Note only' }],
    });
    expect(first).toMatchObject({
      invoiceNumber: 'INV-0001',
      subTotal: 1098,
      totalTax: 219.6,
      total: 1317.6,
      amountDue: 1317.6,
      date: '2026-02-02',
    });
    expect(second).toMatchObject({ invoiceNumber: 'INV-0002', status: 'DRAFT', total: 0 });
    expect(books.isCustomer(customer.contactId)).toBe(true);
    expect(books.isSupplier(customer.contactId)).toBe(false);
  });

  it('refuses a duplicate sales invoice number but allows a repeated bill number', () => {
    const { books, customer } = newBooks();
    books.createInvoice({ contactId: customer.contactId, invoiceNumber: 'X-1', lineItems: seedLines });
    expect(
      messagesOf(() =>
        books.createInvoice({ contactId: customer.contactId, invoiceNumber: 'X-1', lineItems: seedLines }),
      ),
    ).toEqual(['Invoice # must be unique.']);
    books.createInvoice({
      type: 'ACCPAY',
      contactId: customer.contactId,
      invoiceNumber: 'BILL-9',
      lineItems: [{ description: 'Paper', quantity: 1, unitAmount: 5, accountCode: '429' }],
    });
    books.createInvoice({
      type: 'ACCPAY',
      contactId: customer.contactId,
      invoiceNumber: 'BILL-9',
      lineItems: [{ description: 'Paper', quantity: 1, unitAmount: 5, accountCode: '429' }],
    });
    expect(books.listInvoices().filter((i) => i.invoiceNumber === 'BILL-9')).toHaveLength(2);
  });

  it('names the bad account code, tax type and missing contact', () => {
    const { books, customer } = newBooks();
    expect(
      messagesOf(() =>
        books.createInvoice({
          contactId: customer.contactId,
          lineItems: [{ description: 'x', quantity: 1, unitAmount: 1, accountCode: '999' }],
        }),
      ),
    ).toContain("Account code '999' is not a valid code for this document.");
    expect(
      messagesOf(() =>
        books.createInvoice({
          contactId: customer.contactId,
          lineItems: [{ description: 'x', quantity: 1, unitAmount: 1, accountCode: '200', taxType: 'BOGUS' }],
        }),
      ),
    ).toContain('The TaxType code BOGUS does not exist or cannot be used for this type of transaction.');
    expect(
      messagesOf(() =>
        books.createInvoice({
          contactId: customer.contactId,
          lineItems: [
            { description: 'x', quantity: 1, unitAmount: 1, accountCode: '200', taxType: 'INPUT2' },
          ],
        }),
      ),
    ).toContain("The TaxType code 'INPUT2' cannot be used with account code '200'.");
    expect(messagesOf(() => books.saveInvoice({ Type: 'ACCREC', LineItems: [] }))).toEqual([
      'The Contact must contain at least 1 of the following elements to identify the contact: Name, ContactID, ContactNumber',
    ]);
  });

  it('accepts a description-only line but refuses an empty one', () => {
    const { books, customer } = newBooks();
    expect(
      books.createInvoice({
        contactId: customer.contactId,
        lineItems: [{ description: 'Delivered in two boxes' }],
      }).lineItems[0],
    ).toMatchObject({
      description: 'Delivered in two boxes',
      lineAmount: 0,
      taxAmount: 0,
    });
    expect(messagesOf(() => books.createInvoice({ contactId: customer.contactId, lineItems: [{}] }))).toEqual(
      ['Description needs to be at least 1 char long on a line item without a quantity or amount.'],
    );
  });

  it('takes the tax type from the account and the defaults from an item code', () => {
    const { books, customer } = newBooks();
    books.saveItem({
      Code: 'WIDGET',
      Name: 'Widget',
      Description: 'A widget',
      SalesDetails: { UnitPrice: 300, AccountCode: '200', TaxType: 'OUTPUT2' },
    });
    const invoice = books.createInvoice({
      contactId: customer.contactId,
      lineItems: [
        { itemCode: 'WIDGET', quantity: 2 },
        { description: 'Consulting', quantity: 1, unitAmount: 100, accountCode: '260' },
      ],
    });
    expect(invoice.lineItems[0]).toMatchObject({
      description: 'A widget',
      unitAmount: 300,
      accountCode: '200',
      taxType: 'OUTPUT2',
      lineAmount: 600,
      taxAmount: 120,
    });
    expect(invoice.lineItems[1]).toMatchObject({ taxType: 'OUTPUT2', taxAmount: 20 });
  });

  it('creates a contact named on an invoice that matches none, and finds an existing one by name', () => {
    const { books } = newBooks();
    const invoice = books.saveInvoice({
      Type: 'ACCREC',
      Contact: { Name: 'Brand New Ltd' },
      LineItems: [{ Description: 'Hello' }],
    });
    const again = books.saveInvoice({
      Type: 'ACCREC',
      Contact: { Name: 'brand new ltd' },
      LineItems: [{ Description: 'Hello' }],
    });
    expect(books.findContact(invoice.contactId)?.name).toBe('Brand New Ltd');
    expect(again.contactId).toBe(invoice.contactId);
  });

  it('moves through the status machine and refuses what Xero refuses', () => {
    const { books, customer } = newBooks();
    const draft = books.createInvoice({
      contactId: customer.contactId,
      dueDate: '2026-03-01',
      lineItems: seedLines,
    });
    const approved = books.saveInvoice({ Status: 'AUTHORISED' }, 'update', {
      unitDp: 2,
      target: draft.invoiceId,
    });
    expect(approved.status).toBe('AUTHORISED');
    expect(
      messagesOf(() =>
        books.saveInvoice({ Status: 'DELETED' }, 'update', { unitDp: 2, target: draft.invoiceId }),
      ),
    ).toEqual([NOT_VALID_FOR_MODIFICATION]);
    books.recordPayment({ invoiceId: draft.invoiceId, amount: 100 });
    expect(
      messagesOf(() =>
        books.saveInvoice({ Status: 'VOIDED' }, 'update', { unitDp: 2, target: draft.invoiceId }),
      ),
    ).toEqual([NOT_VALID_WITH_PAYMENT]);
    expect(
      messagesOf(() =>
        books.saveInvoice({ Reference: 'edited' }, 'update', { unitDp: 2, target: draft.invoiceId }),
      ),
    ).toEqual(['This document cannot be edited as it has a payment or credit note allocated to it.']);
    const other = books.createInvoice({
      contactId: customer.contactId,
      status: 'AUTHORISED',
      dueDate: '2026-03-01',
      lineItems: seedLines,
    });
    expect(
      books.saveInvoice({ Status: 'VOIDED' }, 'update', { unitDp: 2, target: other.invoiceNumber }).status,
    ).toBe('VOIDED');
    expect(
      messagesOf(() =>
        books.saveInvoice({ Status: 'AUTHORISED' }, 'update', { unitDp: 2, target: other.invoiceId }),
      ),
    ).toEqual([NOT_VALID_FOR_MODIFICATION]);
  });

  it('marks an invoice PAID when payments reach the total, and reopens it when a payment is deleted', () => {
    const { books, customer, clock } = newBooks();
    const invoice = books.createInvoice({
      contactId: customer.contactId,
      status: 'AUTHORISED',
      dueDate: '2026-03-01',
      lineItems: seedLines,
    });
    books.recordPayment({ invoiceId: invoice.invoiceId, amount: 1000, date: '2026-02-05' });
    expect(books.findInvoice(invoice.invoiceId)).toMatchObject({
      status: 'AUTHORISED',
      amountPaid: 1000,
      amountDue: 317.6,
    });
    expect(messagesOf(() => books.recordPayment({ invoiceId: invoice.invoiceId, amount: 317.61 }))).toEqual([
      'Payment amount exceeds the amount outstanding on this document',
    ]);
    clock.advance(60_000);
    const last = books.recordPayment({ invoiceId: invoice.invoiceId, amount: 317.6, date: '2026-02-06' });
    expect(books.findInvoice(invoice.invoiceId)).toMatchObject({
      status: 'PAID',
      amountDue: 0,
      fullyPaidOnDate: '2026-02-06',
    });
    books.deletePayment(last.paymentId);
    expect(books.findInvoice(invoice.invoiceId)).toMatchObject({
      status: 'AUTHORISED',
      amountDue: 317.6,
      fullyPaidOnDate: undefined,
    });
    expect(books.paymentsOfInvoice(invoice.invoiceId)).toHaveLength(1);
  });

  it('refuses payments against drafts and into accounts that cannot take them', () => {
    const { books, customer } = newBooks();
    const draft = books.createInvoice({ contactId: customer.contactId, lineItems: seedLines });
    expect(messagesOf(() => books.recordPayment({ invoiceId: draft.invoiceId, amount: 1 }))).toEqual([
      'Payments can only be made against authorised documents.',
    ]);
    const approved = books.createInvoice({
      contactId: customer.contactId,
      status: 'AUTHORISED',
      dueDate: '2026-03-01',
      lineItems: seedLines,
    });
    expect(
      messagesOf(() =>
        books.recordPayment({ invoiceId: approved.invoiceId, amount: 1, accountCode: '200' }),
      )[0],
    ).toMatch(/not a bank account/);
    expect(
      messagesOf(() =>
        books.recordPayment({ invoiceId: approved.invoiceId, amount: 1, accountCode: 'NOPE' }),
      ),
    ).toEqual(['Account must be valid.']);
    expect(books.recordPayment({ invoiceId: approved.invoiceId, amount: 1, accountCode: '835' }).amount).toBe(
      1,
    );
  });
});

describe('organisation books: contacts and items', () => {
  it('keeps contact numbers unique and within 50 characters, and names unique among active contacts', () => {
    const { books, customer } = newBooks();
    expect(messagesOf(() => books.createContact({ name: 'Someone Else', contactNumber: 'acc-001' }))).toEqual(
      ['The contact number acc-001 is already assigned to another contact.'],
    );
    expect(
      messagesOf(() => books.createContact({ name: 'Long Number', contactNumber: 'N'.repeat(51) })),
    ).toEqual(['ContactNumber must not be more than 50 characters long.']);
    expect(messagesOf(() => books.createContact({ name: ' ridgeway university ' }))).toEqual([
      'The contact name ridgeway university is already assigned to another contact. The contact name must be unique across all active contacts.',
    ]);
    books.saveContact({ ContactStatus: 'ARCHIVED' }, 'update', customer.contactId);
    expect(books.createContact({ name: 'Ridgeway University' }).contactStatus).toBe('ACTIVE');
    expect(messagesOf(() => books.saveContact({ Name: 'Bad Mail', EmailAddress: 'not-an-address' }))).toEqual(
      ['Email address must be valid.'],
    );
  });

  it('keeps item codes unique and within 30 characters, and clears details of what is not sold or bought', () => {
    const { books } = newBooks();
    books.saveItem({ Code: 'BOX', SalesDetails: { UnitPrice: 1.23456, AccountCode: '200' } }, 'create', 4);
    expect(books.findItem('box')?.salesDetails?.unitPrice).toBe(1.2346);
    expect(messagesOf(() => books.saveItem({ Code: 'BOX' }))).toEqual([
      "Price List Item with Code 'BOX' already exists",
    ]);
    expect(messagesOf(() => books.saveItem({ Code: 'C'.repeat(31) }))).toEqual([
      'Code must not be more than 30 characters long.',
    ]);
    expect(messagesOf(() => books.saveItem({ Name: 'No code' }))).toEqual(['Item Code must be specified.']);
    expect(messagesOf(() => books.saveItem({ Code: 'BAD', SalesDetails: { AccountCode: '090' } }))).toEqual([
      "Account code '090' is not a valid code for this document.",
    ]);
    const updated = books.saveItem({ Code: 'BOX', IsSold: false }, 'upsert');
    expect(updated).toMatchObject({ isSold: false, salesDetails: undefined });
  });
});

describe('organisation books: credit notes and balances', () => {
  it('allocates an approved credit note to an invoice, settling both when fully used', () => {
    const { books, customer } = newBooks();
    const invoice = books.createInvoice({
      contactId: customer.contactId,
      status: 'AUTHORISED',
      dueDate: '2026-03-01',
      lineItems: [{ description: 'x', quantity: 1, unitAmount: 100, accountCode: '200' }],
    });
    const note = books.saveCreditNote({
      Type: 'ACCRECCREDIT',
      Status: 'AUTHORISED',
      Contact: { ContactID: customer.contactId },
      LineItems: [{ Description: 'refund', Quantity: 1, UnitAmount: 150, AccountCode: '200' }],
    });
    expect(note).toMatchObject({ creditNoteNumber: 'CN-0001', total: 180, remainingCredit: 180 });
    expect(
      messagesOf(() =>
        books.allocateCreditNote(note.creditNoteId, { invoiceId: invoice.invoiceId, amount: 120.01 }),
      ),
    ).toEqual(['Credit Note cannot be allocated as amount is greater than amount outstanding']);
    books.allocateCreditNote(note.creditNoteId, { invoiceId: invoice.invoiceId, amount: 120 });
    expect(books.findInvoice(invoice.invoiceId)).toMatchObject({
      status: 'PAID',
      amountCredited: 120,
      amountDue: 0,
    });
    expect(books.findCreditNote(note.creditNoteId)).toMatchObject({
      status: 'AUTHORISED',
      remainingCredit: 60,
    });
    expect(
      messagesOf(() =>
        books.allocateCreditNote(note.creditNoteId, { invoiceId: invoice.invoiceId, amount: 1 }),
      ),
    ).toEqual(['The invoice you are trying to allocate to has already been paid off']);
    const second = books.createInvoice({
      contactId: customer.contactId,
      status: 'AUTHORISED',
      dueDate: '2026-03-01',
      lineItems: [{ description: 'y', quantity: 1, unitAmount: 50, accountCode: '200' }],
    });
    books.allocateCreditNote(note.creditNoteId, { invoiceId: second.invoiceId, amount: 60 });
    expect(books.findCreditNote(note.creditNoteId)).toMatchObject({ status: 'PAID', remainingCredit: 0 });
    expect(books.findInvoice(second.invoiceId)).toMatchObject({
      status: 'PAID',
      total: 60,
      amountCredited: 60,
      amountDue: 0,
    });
  });

  it('refuses to allocate a draft credit note or to a bill', () => {
    const { books, customer } = newBooks();
    const bill = books.createInvoice({
      type: 'ACCPAY',
      contactId: customer.contactId,
      status: 'AUTHORISED',
      dueDate: '2026-03-01',
      lineItems: [{ description: 'x', quantity: 1, unitAmount: 10, accountCode: '429' }],
    });
    const draft = books.saveCreditNote({
      Type: 'ACCRECCREDIT',
      Contact: { ContactID: customer.contactId },
      LineItems: [{ Description: 'r', Quantity: 1, UnitAmount: 5, AccountCode: '200' }],
    });
    const messages = messagesOf(() =>
      books.allocateCreditNote(draft.creditNoteId, { invoiceId: bill.invoiceId, amount: 1 }),
    );
    expect(messages).toContain('Only AUTHORISED credit notes can be allocated.');
    expect(messages).toContain('Credit Note cannot be allocated to an incorrect invoice type');
  });

  it('reports outstanding and overdue receivables and payables by today in the organisation timezone', () => {
    const { books, customer, clock } = newBooks('2026-02-02T10:00:00Z');
    books.createInvoice({
      contactId: customer.contactId,
      status: 'AUTHORISED',
      date: '2026-01-01',
      dueDate: '2026-02-01',
      lineItems: [{ description: 'a', quantity: 1, unitAmount: 100, accountCode: '200' }],
    });
    books.createInvoice({
      contactId: customer.contactId,
      status: 'AUTHORISED',
      dueDate: '2026-02-02',
      lineItems: [{ description: 'b', quantity: 1, unitAmount: 50, accountCode: '200' }],
    });
    books.createInvoice({
      contactId: customer.contactId,
      lineItems: [{ description: 'draft', quantity: 1, unitAmount: 999, accountCode: '200' }],
    });
    books.createInvoice({
      type: 'ACCPAY',
      contactId: customer.contactId,
      status: 'AUTHORISED',
      dueDate: '2026-01-15',
      lineItems: [{ description: 'c', quantity: 1, unitAmount: 10, accountCode: '429' }],
    });
    expect(books.balancesOf(customer.contactId)).toEqual({
      accountsReceivable: { outstanding: 180, overdue: 120 },
      accountsPayable: { outstanding: 12, overdue: 12 },
    });
    clock.advance(24 * 3600_000);
    expect(books.balancesOf(customer.contactId).accountsReceivable).toEqual({
      outstanding: 180,
      overdue: 180,
    });
  });
});

describe('organisation books: batches and change events', () => {
  it('saves nothing from a summarised batch with one bad element, not even a contact it created', () => {
    const { books, customer } = newBooks();
    const changes: BookChange[] = [];
    books.onChange((c) => changes.push(c));
    const results = books.writeBatch(
      [
        { Type: 'ACCREC', Contact: { Name: 'Created On The Fly' }, LineItems: [{ Description: 'ok' }] },
        {
          Type: 'ACCREC',
          Contact: { ContactID: customer.contactId },
          LineItems: [{ Description: 'bad', Quantity: 1, UnitAmount: 1, AccountCode: '999' }],
        },
      ],
      true,
      (el) => writeInvoice(books, el, 'create', { unitDp: 2 }),
    );
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(books.listInvoices()).toHaveLength(0);
    expect(books.findActiveContactByName('Created On The Fly')).toBeUndefined();
    expect(changes).toEqual([]);
    expect(books.nextDocumentNumber('invoice')).toBe('INV-0001');
  });

  it('saves the good elements of an unsummarised batch and reports one change per resource', () => {
    const { books, customer } = newBooks();
    const changes: BookChange[] = [];
    books.onChange((c) => changes.push(c));
    const results = books.writeBatch(
      [
        { Type: 'ACCREC', Contact: { ContactID: customer.contactId }, LineItems: [{ Description: 'ok' }] },
        {
          Type: 'ACCREC',
          Contact: { ContactID: customer.contactId },
          InvoiceNumber: 'INV-0001',
          LineItems: [],
        },
      ],
      false,
      (el) => writeInvoice(books, el, 'create', { unitDp: 2 }),
    );
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(books.listInvoices()).toHaveLength(1);
    expect(changes.map((c) => [c.category, c.eventType])).toEqual([['INVOICE', 'CREATE']]);
  });
});

describe('tracking categories, invoice emails and credit-note changes in the books', () => {
  it('seeds a category with its options in one write, and a refused seed leaves nothing behind', () => {
    const { books } = newBooks();
    books.seedTrackingCategory({ name: 'Region', options: ['North', 'South'], archivedOptions: ['south'] });
    books.seedTrackingCategory({ name: 'Salesperson', options: [] });
    expect(messagesOf(() => books.seedTrackingCategory({ name: 'Project', options: ['A'] }))).toEqual([
      TOO_MANY_ACTIVE_CATEGORIES,
    ]);
    expect(books.listTrackingCategories().map((c) => c.name)).toEqual(['Region', 'Salesperson']);
    const region = books.listTrackingCategories()[0]!;
    expect(region.options.map((o) => [o.name, o.status])).toEqual([
      ['North', 'ACTIVE'],
      ['South', 'ARCHIVED'],
    ]);
    // An archived category frees its place among the two active ones.
    books.saveTrackingCategory({ trackingCategoryId: region.trackingCategoryId, status: 'ARCHIVED' });
    expect(books.seedTrackingCategory({ name: 'Project', options: ['A'] }).status).toBe('ACTIVE');
  });

  it('counts invoice emails per organisation day and marks the invoice sent once', () => {
    const clock = new TestClock();
    clock.set(new Date('2026-06-30T22:30:00Z')); // 23:30 in London (BST): still 30 June there
    const books = new OrganisationBooks(organisationSeed({ name: 'Mailer', invoiceEmailsPerDay: 1 }), clock);
    const contact = books.createContact({ name: 'Reader', emailAddress: 'reader@example.com' });
    const invoice = books.createInvoice({
      contactId: contact.contactId,
      status: 'AUTHORISED',
      dueDate: '2026-07-31',
      lineItems: [{ description: 'x', quantity: 1, unitAmount: 10, accountCode: '200' }],
    });
    const changes: BookChange[] = [];
    books.onChange((c) => changes.push(c));
    expect(books.emailInvoice(invoice.invoiceId).sentOn).toBe('2026-06-30');
    expect(messagesOf(() => books.emailInvoice(invoice.invoiceId))).toEqual([dailyEmailLimitMessage(1)]);
    clock.advance(31 * 60_000); // 00:01 on 1 July in London
    books.emailInvoice(invoice.invoiceId);
    expect(books.emailsSentFor(invoice.invoiceId).map((e) => e.sentOn)).toEqual(['2026-06-30', '2026-07-01']);
    expect(books.findInvoice(invoice.invoiceId)!.sentToContact).toBe(true);
    expect(changes.map((c) => [c.category, c.eventType])).toEqual([['INVOICE', 'UPDATE']]);
  });

  it('reports a credit note created and approved in one batch as one CREATE in its final status', () => {
    const { books, customer } = newBooks();
    const changes: BookChange[] = [];
    books.onChange((c) => changes.push(c));
    const note = books.saveCreditNote({
      Type: 'ACCRECCREDIT',
      Contact: { ContactID: customer.contactId },
      Status: 'AUTHORISED',
      LineItems: [{ Description: 'Refund', Quantity: 1, UnitAmount: 10, AccountCode: '200' }],
    });
    expect(changes).toEqual([
      expect.objectContaining({
        category: 'CREDITNOTE',
        eventType: 'CREATE',
        resourceId: note.creditNoteId,
        data: { Type: 'ACCRECCREDIT', Status: 'AUTHORISED' },
      }),
    ]);
  });
});
