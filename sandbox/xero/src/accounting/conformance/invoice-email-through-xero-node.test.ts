/**
 * Emailing an invoice from Xero and its online invoice link, through the real xero-node@20.0.0 client against the
 * accounting router alone and the full emulator; every JSON response is checked against Xero's OpenAPI spec.
 */
import { Invoice, type XeroClient } from 'xero-node';
import {
  dailyEmailLimitMessage,
  EMAIL_NOT_SENDABLE_MESSAGE,
  noEmailAddressMessage,
} from '../books/invoice-emailer';
import { organisationSeed } from '../seeds/demo-company-uk';
import { ACCOUNTING_TARGETS, type AccountingTarget } from '../test-support/accounting-target';
import { startLocalAccounting } from '../test-support/local-accounting-app';
import { rejectionOf, validationMessages, xeroNodeClientFor } from '../test-support/xero-node-client';

async function salesInvoice(
  xero: XeroClient,
  t: string,
  contactID: string,
  status: Invoice.StatusEnum,
  type = Invoice.TypeEnum.ACCREC,
): Promise<Invoice> {
  const created = await xero.accountingApi.createInvoices(t, {
    invoices: [
      {
        type,
        contact: { contactID },
        date: '2026-02-02',
        dueDate: '2026-03-04',
        status,
        lineItems: [
          {
            description: 'Service',
            quantity: 1,
            unitAmount: 100,
            accountCode: type === Invoice.TypeEnum.ACCREC ? '200' : '400',
          },
        ],
      },
    ],
  });
  return created.body.invoices![0]!;
}

describe.each(ACCOUNTING_TARGETS)(
  'invoice email and online invoice through xero-node, against the %s',
  (_label, startTarget) => {
    let app: AccountingTarget;
    let xero: XeroClient;
    let t: string;
    const api = () => xero.accountingApi;
    let withEmail: string;
    let withoutEmail: string;

    beforeAll(async () => {
      app = await startTarget();
      xero = app.xero;
      t = app.tenantId;
      const contacts = await api().createContacts(t, {
        contacts: [
          {
            name: 'Mailable Ltd',
            emailAddress: 'accounts@mailable.example',
            contactPersons: [
              { firstName: 'Ann', emailAddress: 'ann@mailable.example', includeInEmails: true },
              { firstName: 'Bob', emailAddress: 'bob@mailable.example', includeInEmails: false },
            ],
          },
          { name: 'No Mail Ltd' },
        ],
      });
      [withEmail, withoutEmail] = contacts.body.contacts!.map((c) => c.contactID!) as [string, string];
    });

    afterAll(async () => {
      await app.close();
    });

    it('emails an approved sales invoice to the contact and its included people, and marks it sent', async () => {
      const invoice = await salesInvoice(xero, t, withEmail, Invoice.StatusEnum.AUTHORISED);
      expect(invoice.sentToContact).toBe(false);
      const sent = await api().emailInvoice(t, invoice.invoiceID!, {});
      expect(sent.response.status).toBe(204);
      expect(app.books.emailsSentFor(invoice.invoiceID!).map((e) => e.to)).toEqual([
        ['accounts@mailable.example', 'ann@mailable.example'],
      ]);
      expect((await api().getInvoice(t, invoice.invoiceID!)).body.invoices![0]!.sentToContact).toBe(true);
      const submitted = await salesInvoice(xero, t, withEmail, Invoice.StatusEnum.SUBMITTED);
      await api().emailInvoice(t, submitted.invoiceID!, {});
      expect(app.books.emailsSentFor(submitted.invoiceID!)).toHaveLength(1);
    });

    it('refuses drafts, bills and contacts without an email address, sending nothing', async () => {
      const before = app.books.invoiceEmails().length;
      const draft = await salesInvoice(xero, t, withEmail, Invoice.StatusEnum.DRAFT);
      const bill = await salesInvoice(
        xero,
        t,
        withEmail,
        Invoice.StatusEnum.AUTHORISED,
        Invoice.TypeEnum.ACCPAY,
      );
      const unreachable = await salesInvoice(xero, t, withoutEmail, Invoice.StatusEnum.AUTHORISED);
      for (const [invoice, message] of [
        [draft, EMAIL_NOT_SENDABLE_MESSAGE],
        [bill, EMAIL_NOT_SENDABLE_MESSAGE],
        [unreachable, noEmailAddressMessage('No Mail Ltd')],
      ] as const) {
        const refused = await rejectionOf(api().emailInvoice(t, invoice.invoiceID!, {}));
        expect(refused).toMatchObject({ statusCode: 400, body: { Type: 'ValidationException' } });
        expect(validationMessages(refused.body)).toEqual([message]);
      }
      expect(app.books.invoiceEmails()).toHaveLength(before);
      expect(
        (await rejectionOf(api().emailInvoice(t, '00000000-0000-4000-8000-000000000000', {}))).statusCode,
      ).toBe(404);
    });

    it('gives the online invoice only for sales invoices that are not drafts', async () => {
      const draft = await salesInvoice(xero, t, withEmail, Invoice.StatusEnum.DRAFT);
      const refused = await rejectionOf(api().getOnlineInvoice(t, draft.invoiceID!));
      expect(refused).toMatchObject({ statusCode: 400, body: { Type: 'ValidationException' } });
      const bill = await salesInvoice(
        xero,
        t,
        withEmail,
        Invoice.StatusEnum.AUTHORISED,
        Invoice.TypeEnum.ACCPAY,
      );
      expect((await rejectionOf(api().getOnlineInvoice(t, bill.invoiceID!))).statusCode).toBe(400);
      const approved = await salesInvoice(xero, t, withEmail, Invoice.StatusEnum.AUTHORISED);
      const first = await api().getOnlineInvoice(t, approved.invoiceID!);
      const again = await api().getOnlineInvoice(t, approved.invoiceID!);
      expect(first.body.onlineInvoices![0]!.onlineInvoiceUrl).toMatch(/^https:\/\/in\.xero\.com\/\S+$/);
      // The link is stable: the proxy may store it once.
      expect(again.body.onlineInvoices![0]!.onlineInvoiceUrl).toBe(
        first.body.onlineInvoices![0]!.onlineInvoiceUrl,
      );
    });

    it("validates every response against Xero's OpenAPI spec", () => {
      const checked = app.specChecks.filter((c) => !c.schema.startsWith('('));
      expect(app.specChecks.filter((c) => c.errors.length > 0)).toEqual([]);
      expect(new Set(checked.map((c) => c.schema))).toEqual(
        new Set(['Contacts', 'Invoices', 'Error', 'OnlineInvoices']),
      );
    });
  },
);

describe("an organisation's daily email limit", () => {
  it('refuses the email past the limit until the next day in the organisation', async () => {
    const app = await startLocalAccounting({
      seed: organisationSeed({ name: 'Small Mailer Ltd', invoiceEmailsPerDay: 2 }),
      now: new Date('2026-02-02T10:00:00Z'),
    });
    try {
      const xero = xeroNodeClientFor(app.basePath);
      const t = app.tenantId;
      const contactID = (
        await xero.accountingApi.createContacts(t, {
          contacts: [{ name: 'Reader', emailAddress: 'reader@example.com' }],
        })
      ).body.contacts![0]!.contactID!;
      const invoices = [];
      for (let i = 0; i < 3; i++)
        invoices.push(await salesInvoice(xero, t, contactID, Invoice.StatusEnum.AUTHORISED));
      await xero.accountingApi.emailInvoice(t, invoices[0]!.invoiceID!, {});
      await xero.accountingApi.emailInvoice(t, invoices[1]!.invoiceID!, {});
      const third = await rejectionOf(xero.accountingApi.emailInvoice(t, invoices[2]!.invoiceID!, {}));
      expect(third.statusCode).toBe(400);
      expect(validationMessages(third.body)).toEqual([dailyEmailLimitMessage(2)]);
      expect(app.books.emailsSentFor(invoices[2]!.invoiceID!)).toHaveLength(0);
      // Midnight in Europe/London (GMT in February) starts a new day.
      app.clock.set(new Date('2026-02-03T00:00:01Z'));
      await xero.accountingApi.emailInvoice(t, invoices[2]!.invoiceID!, {});
      expect(app.books.emailsSentFor(invoices[2]!.invoiceID!)).toHaveLength(1);
      expect(app.specChecks.filter((c) => c.errors.length > 0)).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
