import { buildSyncResults } from './build-sync-results';
import type { InvoicesStage } from './plan-sync-batch';
import { planInvoicesWrite, planSyncCreates, planSyncLookups } from './plan-sync-batch';
import type { KnownMappings } from './sync-ledger';
import { invoice, line, seedInvoice, settings } from './test-support/batch-fixtures';
import { expectContractResponse } from './test-support/contract-check';
import type { XeroInvoiceRecord } from './xero-payloads';

const TENANT = '6a1b2c3d-0000-4000-8000-00000000000a';
const CONTACT = '3f2a1b0c-1111-4222-8333-444455556666';
const NOW = { shortCode: '!mBdtL', now: new Date('2018-02-02T14:57:22Z') };

function stageFor(invoices = [seedInvoice()], known: KnownMappings = {}, s = settings()): InvoicesStage {
  const contacts = Object.fromEntries(invoices.map((i) => [i.customer.id, CONTACT]));
  const lookups = planSyncLookups({
    tenantId: TENANT,
    request: { settings: s, invoices },
    known: { contacts, itemCodes: ['CRMONLINE-ENT', 'CRM-ENT'], ...known },
  });
  expect(lookups.calls).toEqual([]);
  return planInvoicesWrite(planSyncCreates(lookups, { contacts: [], items: [] }), {
    contacts: [],
    items: [],
  });
}

/** INV-0044 as Xero answers POST /Invoices?summarizeErrors=false (user guide screenshot; Xero wire format). */
const seedAnswer: XeroInvoiceRecord = {
  InvoiceID: '81f93ef2-a98f-4721-9c3e-5b8d2f6a7e10',
  InvoiceNumber: 'INV-0044',
  Type: 'ACCREC',
  Status: 'AUTHORISED',
  LineAmountTypes: 'Exclusive',
  Contact: { ContactID: CONTACT, Name: 'A. Datum Corporation (sample)' },
  LineItems: [
    {
      LineItemID: '0a000000-0000-4000-8000-000000000001',
      Description: 'Test line 1\nHere are some stuff PRG123',
      Quantity: 3.0,
      UnitAmount: 300.0,
      TaxType: 'OUTPUT2',
      TaxAmount: 180.0,
      LineAmount: 900.0,
      AccountCode: '200',
    },
    {
      LineItemID: '0a000000-0000-4000-8000-000000000002',
      Description: 'This is just a great comment\nSomething',
    },
    {
      LineItemID: '0a000000-0000-4000-8000-000000000003',
      Description: 'CRM Online: Enterprise (sample)\n2 new user PRG123',
      Quantity: 2.0,
      UnitAmount: 99.0,
      ItemCode: 'CRMONLINE-ENT',
      TaxType: 'OUTPUT2',
      TaxAmount: 39.6,
      LineAmount: 198.0,
      AccountCode: '200',
    },
  ],
  SubTotal: 1098.0,
  TotalTax: 219.6,
  Total: 1317.6,
  AmountDue: 1317.6,
  AmountPaid: 0.0,
  AmountCredited: 0.0,
  CurrencyCode: 'GBP',
  StatusAttributeString: 'OK',
};

describe('building the per-invoice results (B5, B6)', () => {
  it('reads back the seed invoice: subtotal 1,098.00, tax 219.60, total 1,317.60 and the tax of each line', () => {
    const stage = stageFor();
    const seed = seedInvoice();
    const { response, ledger } = buildSyncResults(
      stage,
      { 'invoices.create': { elements: [seedAnswer] } },
      NOW,
    );
    expect(response.summary).toEqual({ total: 1, created: 1, updated: 0, unchanged: 0, failed: 0 });
    expect(response.results[0]).toEqual({
      invoiceId: seed.invoiceId,
      outcome: 'created',
      xeroInvoiceId: seedAnswer.InvoiceID,
      invoiceNumber: 'INV-0044',
      status: 'AUTHORISED',
      url: `https://go.xero.com/organisationlogin/default.aspx?shortcode=!mBdtL&redirecturl=/AccountsReceivable/View.aspx?InvoiceID=${seedAnswer.InvoiceID}`,
      subTotal: 1098,
      totalTax: 219.6,
      total: 1317.6,
      amountDue: 1317.6,
      amountPaid: 0,
      currencyCode: 'GBP',
      xeroContactId: CONTACT,
      lines: [
        {
          lineId: seed.lines[0]!.lineId,
          xeroLineItemId: '0a000000-0000-4000-8000-000000000001',
          taxAmount: 180,
          lineAmount: 900,
        },
        {
          lineId: seed.lines[1]!.lineId,
          xeroLineItemId: '0a000000-0000-4000-8000-000000000002',
          taxAmount: 0,
          lineAmount: 0,
        },
        {
          lineId: seed.lines[2]!.lineId,
          xeroLineItemId: '0a000000-0000-4000-8000-000000000003',
          taxAmount: 39.6,
          lineAmount: 198,
        },
      ],
      syncedAt: '2018-02-02T14:57:22.000Z',
      message: `Invoice has been created in Xero - ${seedAnswer.InvoiceID} (INV-0044).`,
      errors: [],
    });
    expectContractResponse('SyncInvoices', response);
    expect(ledger.invoices[seed.invoiceId]).toEqual({
      xeroInvoiceId: seedAnswer.InvoiceID,
      invoiceNumber: 'INV-0044',
      status: 'AUTHORISED',
      hasPayments: false,
      amountDue: 1317.6,
      amountPaid: 0,
      // What the write-back gives Dataverse, so reading the same state from Xero again is not written twice.
      reported: { status: 'AUTHORISED', amountDue: 1317.6, amountPaid: 0 },
      // The customer, so a change read from Xero refreshes this account's balance.
      customer: { kind: 'account', id: seed.customer.id.toLowerCase() },
      payloadHash: stage.invoices[0]!.payloadHash,
      xeroContactId: CONTACT,
      lineItemIds: {
        [seed.lines[0]!.lineId]: '0a000000-0000-4000-8000-000000000001',
        [seed.lines[1]!.lineId]: '0a000000-0000-4000-8000-000000000002',
        [seed.lines[2]!.lineId]: '0a000000-0000-4000-8000-000000000003',
      },
    });
  });

  it("gives Xero's validation messages verbatim, with what to do, and keeps the ledger as it was", () => {
    const stage = stageFor([invoice(1)]);
    const refusal: XeroInvoiceRecord = {
      StatusAttributeString: 'ERROR',
      HasErrors: true,
      ValidationErrors: [
        { Message: "Account code '200' is not a valid code for this document." },
        { Message: 'The TaxType code OUTPUT2 cannot be used with account code 200.' },
      ],
    };
    const { response, ledger } = buildSyncResults(stage, { 'invoices.create': { elements: [refusal] } }, NOW);
    expect(response.results[0]).toEqual({
      invoiceId: invoice(1).invoiceId,
      outcome: 'failed',
      xeroContactId: CONTACT,
      message:
        "Xero refused the invoice: Account code '200' is not a valid code for this document. The TaxType code OUTPUT2 cannot be used with account code 200. " +
        'Fix it in Dynamics 365, then set Export status back to No (or press Retry) to send it again.',
      errors: [
        { code: 'xero_validation', message: "Account code '200' is not a valid code for this document." },
        {
          code: 'xero_validation',
          message: 'The TaxType code OUTPUT2 cannot be used with account code 200.',
        },
      ],
    });
    expect(ledger.invoices).toEqual({});
    expectContractResponse('SyncInvoices', response);
  });

  it("H1: a number already used in Xero fails that invoice with Xero's words and the seed product's rule", () => {
    const stage = stageFor([invoice(1), invoice(2)]);
    const taken: XeroInvoiceRecord = {
      InvoiceNumber: invoice(1).invoiceNumber,
      StatusAttributeString: 'ERROR',
      HasErrors: true,
      ValidationErrors: [{ Message: 'Invoice # must be unique.' }],
    };
    const { response, ledger } = buildSyncResults(
      stage,
      { 'invoices.create': { elements: [taken, { ...seedAnswer, InvoiceNumber: 'INV-00002' }] } },
      NOW,
    );
    expect(response.results[0]).toEqual({
      invoiceId: invoice(1).invoiceId,
      outcome: 'failed',
      xeroContactId: CONTACT,
      message:
        'Xero refused the invoice: Invoice # must be unique. Invoice number INV-00001 is already used by another ' +
        'invoice in Xero; that invoice was left as it is. Fix the invoice number in Dynamics 365, or void the other ' +
        'invoice in Xero (give it another number first: Xero keeps the numbers of voided invoices), then set Export ' +
        'status back to No (or press Retry).',
      errors: [{ code: 'xero_validation', message: 'Invoice # must be unique.', field: 'invoiceNumber' }],
    });
    expect(response.results[1]?.outcome).toBe('created');
    expect(Object.keys(ledger.invoices)).toEqual([invoice(2).invoiceId]);
    expectContractResponse('SyncInvoices', response);
  });

  it('H2: a contact id Xero does not have is neither returned nor kept, and the ledger forgets it', () => {
    const inv = invoice(1);
    const stage = stageFor([inv]);
    const refusal: XeroInvoiceRecord = {
      StatusAttributeString: 'ERROR',
      HasErrors: true,
      ValidationErrors: [{ Message: 'An existing Contact with the specified ContactID could not be found' }],
    };
    const { response, ledger } = buildSyncResults(stage, { 'invoices.create': { elements: [refusal] } }, NOW);
    const result = response.results[0]!;
    expect(result.outcome).toBe('failed');
    expect(result).not.toHaveProperty('xeroContactId');
    expect(result.errors).toEqual([
      {
        code: 'xero_validation',
        message: 'An existing Contact with the specified ContactID could not be found',
        field: 'customer',
      },
    ]);
    expect(result.message).toContain(`Xero does not have the contact ${CONTACT} in this organisation.`);
    expect(result.message).toMatch(/the next sync finds the customer in Xero by its contact number/);
    expect(ledger.contacts).toEqual({});
    expect(ledger.forgetContacts).toEqual({ [inv.customer.id.toLowerCase()]: CONTACT });
    expectContractResponse('SyncInvoices', response);
  });

  it('links a bill to AccountsPayable/Edit.aspx, as Xero opens bills', () => {
    const bill = invoice(1, { invoiceType: 'ACCPAY', lines: [line({ taxType: 'INPUT2' })] });
    const element: XeroInvoiceRecord = {
      InvoiceID: 'b1000000-0000-4000-8000-000000000001',
      Type: 'ACCPAY',
      Status: 'DRAFT',
      LineItems: [{ LineItemID: 'b2000000-0000-4000-8000-000000000001', TaxAmount: 20, LineAmount: 100 }],
      StatusAttributeString: 'OK',
    };
    const { response } = buildSyncResults(
      stageFor([bill]),
      { 'invoices.create': { elements: [element] } },
      NOW,
    );
    expect(response.results[0]?.url).toBe(
      'https://go.xero.com/organisationlogin/default.aspx?shortcode=!mBdtL&redirecturl=/AccountsPayable/Edit.aspx?InvoiceID=b1000000-0000-4000-8000-000000000001',
    );
  });

  it('when the whole invoices call failed, every sent invoice fails with the reason and the others keep theirs', () => {
    const invoices = [invoice(1), invoice(2, { lines: [] })];
    const { response } = buildSyncResults(
      stageFor(invoices),
      {
        'invoices.create': {
          failure: {
            code: 'reconnect_needed',
            message: 'Xero authorisation has lapsed: reconnect at https://proxy/admin.',
          },
        },
      },
      NOW,
    );
    expect(response.results.map((r) => [r.outcome, r.errors?.[0]?.code])).toEqual([
      ['failed', 'reconnect_needed'],
      ['failed', 'invalid_invoice'],
    ]);
    expect(response.results[0]?.message).toBe(
      'The invoice could not be sent to Xero: Xero authorisation has lapsed: reconnect at https://proxy/admin.',
    );
    expectContractResponse('SyncInvoices', response);
  });

  it('an element missing from the answer fails that invoice only', () => {
    const { response } = buildSyncResults(
      stageFor([invoice(1), invoice(2)]),
      { 'invoices.create': { elements: [seedAnswer] } },
      NOW,
    );
    expect(response.results.map((r) => r.outcome)).toEqual(['created', 'failed']);
    expect(response.results[1]?.message).toMatch(/no answer for this invoice; it is safe to retry/);
  });

  it('matches lines by LineItemID on update, whatever order Xero returns them in', () => {
    const inv = invoice(1, { lines: [line({ productName: 'A' }), line({ productName: 'B' })] });
    const [a, b] = inv.lines;
    const stage = stageFor([inv], {
      invoices: {
        [inv.invoiceId]: {
          xeroInvoiceId: 'c1000000-0000-4000-8000-000000000001',
          payloadHash: 'old',
          status: 'DRAFT',
          lineItemIds: {
            [a!.lineId]: 'd1000000-0000-4000-8000-00000000000a',
            [b!.lineId]: 'd1000000-0000-4000-8000-00000000000b',
          },
        },
      },
    });
    const element: XeroInvoiceRecord = {
      InvoiceID: 'c1000000-0000-4000-8000-000000000001',
      Status: 'DRAFT',
      StatusAttributeString: 'OK',
      LineItems: [
        { LineItemID: 'd1000000-0000-4000-8000-00000000000b', TaxAmount: 2, LineAmount: 10 },
        { LineItemID: 'd1000000-0000-4000-8000-00000000000a', TaxAmount: 1, LineAmount: 5 },
      ],
    };
    const { response } = buildSyncResults(stage, { 'invoices.update': { elements: [element] } }, NOW);
    expect(response.results[0]?.outcome).toBe('updated');
    expect(response.results[0]?.lines?.map((l) => [l.lineId, l.taxAmount])).toEqual([
      [a!.lineId, 1],
      [b!.lineId, 2],
    ]);
  });

  it('says so when Xero returned a different number of lines and tax cannot be matched', () => {
    const element: XeroInvoiceRecord = { ...seedAnswer, LineItems: seedAnswer.LineItems!.slice(0, 2) };
    const { response } = buildSyncResults(stageFor(), { 'invoices.create': { elements: [element] } }, NOW);
    expect(response.results[0]?.message).toMatch(/Xero returned 2 lines for the 3 sent/);
    expect(response.results[0]?.lines?.[2]).toEqual({ lineId: seedInvoice().lines[2]!.lineId });
  });

  it('tells the user about lines that went without their item code', () => {
    const inv = invoice(1, { lines: [line({ productNumber: 'UNKNOWN-1' })] });
    const lookups = planSyncLookups({
      tenantId: TENANT,
      request: { settings: settings({ createProducts: false }), invoices: [inv] },
      known: { contacts: { [inv.customer.id]: CONTACT } },
    });
    const stage = planInvoicesWrite(planSyncCreates(lookups, { contacts: [], items: [] }), {
      contacts: [],
      items: [],
    });
    const element: XeroInvoiceRecord = { ...seedAnswer, LineItems: [{ TaxAmount: 20, LineAmount: 100 }] };
    const { response } = buildSyncResults(stage, { 'invoices.create': { elements: [element] } }, NOW);
    expect(response.results[0]?.message).toContain(
      'Line 1: Product UNKNOWN-1 is not an item in Xero and creating products is turned off, so its line was sent without an item code.',
    );
  });

  it('needs the answer of each invoices write the plan has', () => {
    expect(() => buildSyncResults(stageFor(), {}, NOW)).toThrow(
      /invoices\.create call, so its answer \(or failure\) is required/,
    );
  });
});
