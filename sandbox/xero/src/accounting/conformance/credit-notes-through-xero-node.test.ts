/**
 * Credit notes (ACCRECCREDIT, ACCPAYCREDIT) and their allocations through the real xero-node@20.0.0 client,
 * against the accounting router alone and the full emulator: numbering, tax, batches, lists, the status rules of
 * cancellation (a draft is deleted, an unallocated authorised note voided) and allocation limits. Every JSON
 * response is checked against Xero's OpenAPI spec.
 */
import { CreditNote, Invoice, type LineItem, type XeroClient } from 'xero-node';
import {
  ALLOCATION_EXCEEDS_MESSAGE,
  ALLOCATION_PAID_OFF_MESSAGE,
  ALLOCATION_WRONG_TYPE_MESSAGE,
} from '../books/settlement-writer';
import { ACCOUNTING_TARGETS, type AccountingTarget } from '../test-support/accounting-target';
import { rejectionOf, validationMessages } from '../test-support/xero-node-client';

const salesLine: LineItem = {
  description: 'Returned goods',
  quantity: 2,
  unitAmount: 50,
  accountCode: '200',
  taxType: 'OUTPUT2',
};
const purchaseLine: LineItem = {
  description: 'Supplier refund',
  quantity: 1,
  unitAmount: 40,
  accountCode: '400',
  taxType: 'INPUT2',
};

describe.each(ACCOUNTING_TARGETS)('credit notes through xero-node, against the %s', (_label, startTarget) => {
  let app: AccountingTarget;
  let xero: XeroClient;
  let t: string;
  const api = () => xero.accountingApi;
  let customer: string;
  let otherCustomer: string;
  let supplier: string;

  beforeAll(async () => {
    app = await startTarget();
    xero = app.xero;
    t = app.tenantId;
    const contacts = await api().createContacts(t, {
      contacts: [{ name: 'Credit Customer' }, { name: 'Other Customer' }, { name: 'Credit Supplier' }],
    });
    [customer, otherCustomer, supplier] = contacts.body.contacts!.map((c) => c.contactID!) as [
      string,
      string,
      string,
    ];
  });

  afterAll(async () => {
    await app.close();
  });

  async function note(
    fields: Partial<CreditNote> & { type: CreditNote.TypeEnum; contactID: string },
  ): Promise<CreditNote> {
    const { contactID, ...rest } = fields;
    const created = await api().createCreditNotes(t, {
      creditNotes: [
        {
          date: '2026-02-02',
          lineItems: [rest.type === CreditNote.TypeEnum.ACCRECCREDIT ? salesLine : purchaseLine],
          ...rest,
          contact: { contactID },
        },
      ],
    });
    return created.body.creditNotes![0]!;
  }

  async function invoice(
    contactID: string,
    type: Invoice.TypeEnum,
    unitAmount: number,
    currencyCode?: string,
  ) {
    const created = await api().createInvoices(t, {
      invoices: [
        {
          type,
          contact: { contactID },
          date: '2026-02-02',
          dueDate: '2026-03-04',
          status: Invoice.StatusEnum.AUTHORISED,
          currencyCode: currencyCode as never,
          lineItems: [
            {
              description: 'Goods',
              quantity: 1,
              unitAmount,
              accountCode: type === Invoice.TypeEnum.ACCREC ? '200' : '400',
              taxType: type === Invoice.TypeEnum.ACCREC ? 'OUTPUT2' : 'INPUT2',
            },
          ],
        },
      ],
    });
    return created.body.invoices![0]!;
  }

  it('numbers sales credit notes, computes their tax like invoices, and starts RemainingCredit at the total', async () => {
    const sales = await note({ type: CreditNote.TypeEnum.ACCRECCREDIT, contactID: customer });
    expect(sales).toMatchObject({
      status: CreditNote.StatusEnum.DRAFT,
      subTotal: 100,
      totalTax: 20,
      total: 120,
      remainingCredit: 120,
      currencyCode: 'GBP',
    });
    expect(sales.creditNoteNumber).toMatch(/^CN-\d{4}$/);
    expect(sales.lineItems![0]).toMatchObject({ taxAmount: 20, lineAmount: 100 });
    const inclusive = await note({
      type: CreditNote.TypeEnum.ACCRECCREDIT,
      contactID: customer,
      lineAmountTypes: 'Inclusive' as never,
      lineItems: [
        { description: 'Gross', quantity: 1, unitAmount: 120, accountCode: '200', taxType: 'OUTPUT2' },
      ],
    });
    expect(inclusive).toMatchObject({ subTotal: 100, totalTax: 20, total: 120 });
  });

  it("reuses no sales number, lets suppliers' numbers repeat, and refuses what invoices refuse", async () => {
    await note({ type: CreditNote.TypeEnum.ACCRECCREDIT, contactID: customer, creditNoteNumber: 'CR-100' });
    const clash = await rejectionOf(
      api().createCreditNotes(t, {
        creditNotes: [
          {
            type: CreditNote.TypeEnum.ACCRECCREDIT,
            contact: { contactID: otherCustomer },
            creditNoteNumber: 'cr-100',
            lineItems: [salesLine],
          },
        ],
      }),
    );
    expect(validationMessages(clash.body)).toEqual(['Credit Note # must be unique.']);
    const first = await note({
      type: CreditNote.TypeEnum.ACCPAYCREDIT,
      contactID: supplier,
      creditNoteNumber: 'SUP-1',
    });
    const second = await note({
      type: CreditNote.TypeEnum.ACCPAYCREDIT,
      contactID: supplier,
      creditNoteNumber: 'SUP-1',
    });
    expect(second.creditNoteID).not.toBe(first.creditNoteID);
    const discounted = await rejectionOf(
      api().createCreditNotes(t, {
        creditNotes: [
          {
            type: CreditNote.TypeEnum.ACCRECCREDIT,
            contact: { contactID: customer },
            lineItems: [{ ...salesLine, discountRate: 10 }],
          },
        ],
      }),
    );
    expect(validationMessages(discounted.body)).toEqual([
      'Discounts (DiscountRate, DiscountAmount) are only allowed on sales invoices (ACCREC).',
    ]);
  });

  it('with summarizeErrors=false saves the good credit notes and marks the bad one ERROR', async () => {
    const result = await api().createCreditNotes(
      t,
      {
        creditNotes: [
          {
            type: CreditNote.TypeEnum.ACCRECCREDIT,
            contact: { contactID: customer },
            lineItems: [salesLine],
          },
          {
            type: CreditNote.TypeEnum.ACCRECCREDIT,
            contact: { contactID: customer },
            lineItems: [{ ...salesLine, accountCode: 'NOPE' }],
          },
        ],
      },
      false,
    );
    const [good, bad] = result.body.creditNotes!;
    expect(good!.statusAttributeString).toBe('OK');
    expect(bad).toMatchObject({
      statusAttributeString: 'ERROR',
      hasErrors: true,
      validationErrors: [{ message: "Account code 'NOPE' is not a valid code for this document." }],
    });
    expect(app.books.findCreditNote(good!.creditNoteID!)).toBeDefined();
  });

  it('updates by POST with the number and by id, and lists with where, paging and If-Modified-Since', async () => {
    const created = await note({
      type: CreditNote.TypeEnum.ACCRECCREDIT,
      contactID: customer,
      creditNoteNumber: 'CR-200',
    });
    const byNumber = await api().updateOrCreateCreditNotes(t, {
      creditNotes: [
        { creditNoteNumber: 'CR-200', type: CreditNote.TypeEnum.ACCRECCREDIT, reference: 'by number' },
      ],
    });
    expect(byNumber.body.creditNotes![0]).toMatchObject({
      creditNoteID: created.creditNoteID,
      reference: 'by number',
    });
    app.clock.advance(60_000);
    const since = app.clock.now();
    app.clock.advance(60_000);
    await api().updateCreditNote(t, created.creditNoteID!, { creditNotes: [{ reference: 'by id' }] });
    const changed = await api().getCreditNotes(t, since);
    expect(changed.body.creditNotes!.map((c) => c.creditNoteID)).toEqual([created.creditNoteID]);
    const suppliers = await api().getCreditNotes(
      t,
      undefined,
      'Type=="ACCPAYCREDIT"',
      'CreditNoteNumber ASC',
    );
    expect(suppliers.body.creditNotes!.every((c) => c.type === CreditNote.TypeEnum.ACCPAYCREDIT)).toBe(true);
    expect(suppliers.body.creditNotes![0]!.lineItems ?? []).toEqual([]); // unpaged lists leave out lines
    const paged = await api().getCreditNotes(t, undefined, undefined, undefined, 1, undefined, 2);
    expect(paged.body.pagination).toMatchObject({ page: 1, pageSize: 2 });
    expect(paged.body.creditNotes).toHaveLength(2);
    expect(paged.body.creditNotes![0]!.lineItems!.length).toBeGreaterThan(0);
  });

  it('deletes a draft, voids an unallocated authorised note, and refuses the other moves', async () => {
    const draft = await note({ type: CreditNote.TypeEnum.ACCRECCREDIT, contactID: customer });
    const deleted = await api().updateCreditNote(t, draft.creditNoteID!, {
      creditNotes: [{ status: CreditNote.StatusEnum.DELETED }],
    });
    expect(deleted.body.creditNotes![0]!.status).toBe(CreditNote.StatusEnum.DELETED);
    const submitted = await note({
      type: CreditNote.TypeEnum.ACCRECCREDIT,
      contactID: customer,
      status: CreditNote.StatusEnum.SUBMITTED,
    });
    const authorised = await api().updateCreditNote(t, submitted.creditNoteID!, {
      creditNotes: [{ status: CreditNote.StatusEnum.AUTHORISED }],
    });
    expect(authorised.body.creditNotes![0]!.status).toBe(CreditNote.StatusEnum.AUTHORISED);
    const deleteApproved = await rejectionOf(
      api().updateCreditNote(t, submitted.creditNoteID!, {
        creditNotes: [{ status: CreditNote.StatusEnum.DELETED }],
      }),
    );
    expect(validationMessages(deleteApproved.body)).toEqual([
      'Credit Note not of valid status for modification',
    ]);
    const voided = await api().updateCreditNote(t, submitted.creditNoteID!, {
      creditNotes: [{ status: CreditNote.StatusEnum.VOIDED }],
    });
    expect(voided.body.creditNotes![0]).toMatchObject({ status: CreditNote.StatusEnum.VOIDED });
    const revive = await rejectionOf(
      api().updateCreditNote(t, submitted.creditNoteID!, {
        creditNotes: [{ status: CreditNote.StatusEnum.AUTHORISED }],
      }),
    );
    expect(validationMessages(revive.body)).toEqual(['Credit Note not of valid status for modification']);
    const voidDraft = await rejectionOf(
      api().updateCreditNote(
        t,
        (await note({ type: CreditNote.TypeEnum.ACCRECCREDIT, contactID: customer })).creditNoteID!,
        { creditNotes: [{ status: CreditNote.StatusEnum.VOIDED }] },
      ),
    );
    expect(validationMessages(voidDraft.body)).toEqual(['Credit Note not of valid status for modification']);
  });

  it('allocates a sales credit note to its invoice until one of them is settled, and removes an allocation', async () => {
    const target = await invoice(customer, Invoice.TypeEnum.ACCREC, 100); // 120.00 with VAT
    const credit = await note({
      type: CreditNote.TypeEnum.ACCRECCREDIT,
      contactID: customer,
      status: CreditNote.StatusEnum.AUTHORISED,
    }); // 120.00
    const partial = await api().createCreditNoteAllocation(t, credit.creditNoteID!, {
      allocations: [{ invoice: { invoiceID: target.invoiceID }, amount: 70, date: '2026-02-03' }],
    });
    expect(partial.body.allocations![0]).toMatchObject({ amount: 70 });
    expect((await api().getCreditNote(t, credit.creditNoteID!)).body.creditNotes![0]).toMatchObject({
      remainingCredit: 50,
      status: CreditNote.StatusEnum.AUTHORISED,
    });
    const tooMuch = await rejectionOf(
      api().createCreditNoteAllocation(t, credit.creditNoteID!, {
        allocations: [{ invoice: { invoiceID: target.invoiceID }, amount: 50.01, date: '2026-02-03' }],
      }),
    );
    expect(validationMessages(tooMuch.body)).toEqual([ALLOCATION_EXCEEDS_MESSAGE]);
    await api().createCreditNoteAllocation(t, credit.creditNoteID!, {
      allocations: [{ invoice: { invoiceID: target.invoiceID }, amount: 50, date: '2026-02-04' }],
    });
    const settledNote = (await api().getCreditNote(t, credit.creditNoteID!)).body.creditNotes![0]!;
    expect(settledNote).toMatchObject({ remainingCredit: 0, status: CreditNote.StatusEnum.PAID });
    expect(settledNote.allocations!.map((a) => a.amount)).toEqual([70, 50]);
    const settledInvoice = (await api().getInvoice(t, target.invoiceID!)).body.invoices![0]!;
    expect(settledInvoice).toMatchObject({
      amountCredited: 120,
      amountDue: 0,
      status: Invoice.StatusEnum.PAID,
    });
    const voidAllocated = await rejectionOf(
      api().updateCreditNote(t, credit.creditNoteID!, {
        creditNotes: [{ status: CreditNote.StatusEnum.VOIDED }],
      }),
    );
    expect(voidAllocated.statusCode).toBe(400);
    const another = await note({
      type: CreditNote.TypeEnum.ACCRECCREDIT,
      contactID: customer,
      status: CreditNote.StatusEnum.AUTHORISED,
    });
    const paidOff = await rejectionOf(
      api().createCreditNoteAllocation(t, another.creditNoteID!, {
        allocations: [{ invoice: { invoiceID: target.invoiceID }, amount: 1, date: '2026-02-05' }],
      }),
    );
    expect(validationMessages(paidOff.body)).toEqual([ALLOCATION_PAID_OFF_MESSAGE]);
    const removed = await api().deleteCreditNoteAllocations(
      t,
      credit.creditNoteID!,
      settledNote.allocations![1]!.allocationID!,
    );
    expect(removed.body.isDeleted).toBe(true);
    expect((await api().getInvoice(t, target.invoiceID!)).body.invoices![0]).toMatchObject({
      amountDue: 50,
      status: Invoice.StatusEnum.AUTHORISED,
    });
    expect((await api().getCreditNote(t, credit.creditNoteID!)).body.creditNotes![0]).toMatchObject({
      remainingCredit: 50,
      status: CreditNote.StatusEnum.AUTHORISED,
    });
  });

  it('allocates only an approved note, to an invoice of the same kind, contact and currency', async () => {
    const bill = await invoice(supplier, Invoice.TypeEnum.ACCPAY, 100);
    const supplierCredit = await note({
      type: CreditNote.TypeEnum.ACCPAYCREDIT,
      contactID: supplier,
      status: CreditNote.StatusEnum.AUTHORISED,
    }); // 48.00
    const toBill = await api().createCreditNoteAllocation(t, supplierCredit.creditNoteID!, {
      allocations: [{ invoice: { invoiceID: bill.invoiceID }, amount: 48, date: '2026-02-03' }],
    });
    expect(toBill.body.allocations![0]!.amount).toBe(48);
    expect((await api().getInvoice(t, bill.invoiceID!)).body.invoices![0]!.amountDue).toBe(72);

    const sale = await invoice(customer, Invoice.TypeEnum.ACCREC, 100);
    const refusals: Array<[CreditNote, string]> = [
      [
        await note({
          type: CreditNote.TypeEnum.ACCPAYCREDIT,
          contactID: customer,
          status: CreditNote.StatusEnum.AUTHORISED,
        }),
        ALLOCATION_WRONG_TYPE_MESSAGE,
      ],
      [
        await note({
          type: CreditNote.TypeEnum.ACCRECCREDIT,
          contactID: otherCustomer,
          status: CreditNote.StatusEnum.AUTHORISED,
        }),
        'The credit note and the invoice must be for the same contact.',
      ],
      [
        await note({
          type: CreditNote.TypeEnum.ACCRECCREDIT,
          contactID: customer,
          status: CreditNote.StatusEnum.AUTHORISED,
          currencyCode: 'EUR' as never,
        }),
        'The credit note and the invoice must be in the same currency.',
      ],
      [
        await note({ type: CreditNote.TypeEnum.ACCRECCREDIT, contactID: customer }),
        'Only AUTHORISED credit notes can be allocated.',
      ],
    ];
    for (const [credit, message] of refusals) {
      const refused = await rejectionOf(
        api().createCreditNoteAllocation(t, credit.creditNoteID!, {
          allocations: [{ invoice: { invoiceID: sale.invoiceID }, amount: 1, date: '2026-02-03' }],
        }),
      );
      expect(refused).toMatchObject({ statusCode: 400, body: { Type: 'ValidationException' } });
      expect(validationMessages(refused.body)).toEqual([message]);
    }
    expect((await api().getInvoice(t, sale.invoiceID!)).body.invoices![0]!.amountCredited).toBe(0);
  });

  it("validates every response against Xero's OpenAPI spec", () => {
    const checked = app.specChecks.filter((c) => !c.schema.startsWith('('));
    expect(app.specChecks.filter((c) => c.errors.length > 0)).toEqual([]);
    expect(new Set(checked.map((c) => c.schema))).toEqual(
      new Set(['Contacts', 'CreditNotes', 'Invoices', 'Allocations', 'Allocation', 'Error']),
    );
  });
});
