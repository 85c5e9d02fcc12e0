/** B8 decisions carried out against the Xero emulator: the planned writes do what the decision says. */
import type { CancellationPolicy } from '@dxc/openapi';
import { expectContractResponse } from '../invoices/test-support/contract-check';
import type { EmulatedXero } from '../invoices/test-support/emulated-xero';
import { startEmulatedXero } from '../invoices/test-support/emulated-xero';
import type { XeroInvoiceRecord } from '../invoices/xero-payloads';
import type { PreviousCancellation } from './decide-cancellation';
import { decideCancellation } from './decide-cancellation';
import { buildCancellationResult } from './build-cancellation-result';

const INVOICE_ID = '00000002-0000-4000-8000-000000000001';
let xero: EmulatedXero;
beforeEach(async () => {
  xero = await startEmulatedXero();
});
afterEach(async () => {
  await xero.close();
});

async function createInvoice(status: string, type = 'ACCREC'): Promise<XeroInvoiceRecord> {
  const contacts = await xero.request('PUT', '/Contacts', {
    Contacts: [{ Name: `Cancel Test ${Math.random()}` }],
  });
  const contactId = (contacts.Contacts as { ContactID: string }[])[0]!.ContactID;
  const answer = await xero.request('PUT', '/Invoices', {
    Invoices: [
      {
        Type: type,
        Contact: { ContactID: contactId },
        Date: '2026-02-02',
        DueDate: '2026-03-02',
        LineAmountTypes: 'Exclusive',
        Status: status,
        InvoiceNumber: type === 'ACCPAY' ? 'BILL-1' : undefined,
        LineItems: [
          {
            Description: 'Consulting',
            Quantity: 3,
            UnitAmount: 300,
            AccountCode: type === 'ACCPAY' ? '310' : '200',
            TaxType: type === 'ACCPAY' ? 'INPUT2' : 'OUTPUT2',
          },
          {
            Description: 'Licences',
            Quantity: 2,
            UnitAmount: 99,
            AccountCode: type === 'ACCPAY' ? '310' : '200',
            TaxType: type === 'ACCPAY' ? 'INPUT2' : 'OUTPUT2',
            ...(type === 'ACCREC' ? { DiscountRate: 10 } : {}),
          },
        ],
      },
    ],
  });
  return (answer.Invoices as XeroInvoiceRecord[])[0]!;
}

const current = async (id: string): Promise<XeroInvoiceRecord> =>
  ((await xero.request('GET', `/Invoices/${id}`)).Invoices as XeroInvoiceRecord[])[0]!;

/** What the HTTP layer will do with a decision; returns the contract answer and what the ledger keeps. */
async function cancel(
  invoice: XeroInvoiceRecord,
  policy: CancellationPolicy,
  previous?: PreviousCancellation,
) {
  const state = await current(invoice.InvoiceID!);
  const decision = decideCancellation({
    tenantId: xero.tenantId,
    invoiceId: INVOICE_ID,
    xeroInvoiceId: invoice.InvoiceID,
    invoice: state,
    policy,
    previous,
    today: '2026-02-03',
  });
  const ids = { invoiceId: INVOICE_ID, xeroInvoiceId: invoice.InvoiceID };
  if (decision.action === 'Deleted' || decision.action === 'Voided') {
    await xero.request(
      'POST',
      `/Invoices/${decision.write.InvoiceID}`,
      { Invoices: [decision.write] },
      {
        'Idempotency-Key': decision.idempotencyKey,
      },
    );
    return buildCancellationResult(ids, decision);
  }
  if (decision.action === 'CreditNoteAllocated' || decision.action === 'CreditNoteUnallocated') {
    const notes = await xero.request(
      'PUT',
      '/CreditNotes',
      { CreditNotes: [decision.credit.creditNote] },
      {
        'Idempotency-Key': decision.creditNoteKey,
      },
    );
    const note = (
      notes.CreditNotes as { CreditNoteID: string; CreditNoteNumber: string; Total: number }[]
    )[0]!;
    if (decision.credit.allocation) {
      await xero.request(
        'PUT',
        `/CreditNotes/${note.CreditNoteID}/Allocations`,
        { Allocations: [decision.credit.allocation] },
        {
          'Idempotency-Key': decision.allocationKey!,
        },
      );
    }
    return buildCancellationResult(ids, decision, { creditNote: note });
  }
  return buildCancellationResult(ids, decision);
}

describe('cancellation against the Xero emulator', () => {
  it('a draft is deleted in Xero', async () => {
    const invoice = await createInvoice('DRAFT');
    const response = await cancel(invoice, 'CreditNote');
    expect(response.action).toBe('Deleted');
    expect((await current(invoice.InvoiceID!)).Status).toBe('DELETED');
    expectContractResponse('CancelInvoice', response);
  });

  it('an approved unpaid invoice gets a credit note for the full amount, allocated: Xero shows it settled', async () => {
    const invoice = await createInvoice('AUTHORISED');
    const response = await cancel(invoice, 'CreditNote');
    expect(response).toMatchObject({ action: 'CreditNoteAllocated', amount: invoice.Total });
    const after = await current(invoice.InvoiceID!);
    expect(after).toMatchObject({ Status: 'PAID', AmountDue: 0, AmountCredited: invoice.Total });
    expectContractResponse('CancelInvoice', response);
    // The ledger now records the cancellation: asking again changes nothing.
    const again = await cancel(invoice, 'CreditNote', {
      action: 'CreditNoteAllocated',
      creditNoteId: response.creditNoteId,
    });
    expect(again.action).toBe('AlreadyCancelled');
    // Even without the ledger record, Xero's state says it is credited in full.
    expect((await cancel(invoice, 'CreditNote')).action).toBe('AlreadyCancelled');
  });

  it('a bill gets an ACCPAYCREDIT allocated to it', async () => {
    const bill = await createInvoice('AUTHORISED', 'ACCPAY');
    expect((await cancel(bill, 'CreditNote')).action).toBe('CreditNoteAllocated');
    expect((await current(bill.InvoiceID!)).AmountDue).toBe(0);
  });

  it('an approved unpaid invoice is voided under policy Void', async () => {
    const invoice = await createInvoice('AUTHORISED');
    expect((await cancel(invoice, 'Void')).action).toBe('Voided');
    expect((await current(invoice.InvoiceID!)).Status).toBe('VOIDED');
    expect((await cancel(invoice, 'Void')).action).toBe('AlreadyCancelled');
  });

  it('a part-paid invoice gets an unallocated credit note and stays as it was', async () => {
    const invoice = await createInvoice('AUTHORISED');
    await xero.request('PUT', '/Payments', {
      Payments: [
        {
          Invoice: { InvoiceID: invoice.InvoiceID },
          Account: { Code: '090' },
          Date: '2026-02-03',
          Amount: 100,
        },
      ],
    });
    const response = await cancel(invoice, 'CreditNote');
    expect(response.action).toBe('CreditNoteUnallocated');
    expect(response.message).toMatch(/allocate it by hand in Xero/);
    const after = await current(invoice.InvoiceID!);
    expect(after).toMatchObject({ Status: 'AUTHORISED', AmountPaid: 100, AmountCredited: 0 });
  });
});
