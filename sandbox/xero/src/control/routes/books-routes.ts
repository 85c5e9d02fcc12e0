import { z } from 'zod';
import type { OrganisationBooks } from '../../accounting';
import type { XeroEmulator } from '../../emulator';
import type { ControlRoute } from '../control-route';

// Accounting state tests in another process need: the invoice emails sent, tracking categories to seed, and a
// customer paying in Xero.

const trackingSeedSchema = z.object({
  name: z.string().min(1).max(100),
  options: z.array(z.string().min(1).max(100)),
  archivedOptions: z.array(z.string()).optional(),
  status: z.enum(['ACTIVE', 'ARCHIVED']).optional(),
});
const paymentSchema = z.object({
  /** Defaults to the amount due: the invoice is paid in full. */
  amount: z.number().positive().optional(),
  accountCode: z.string().min(1).optional(),
  reference: z.string().optional(),
});

function booksWith<K extends 'invoiceEmails' | 'seedTrackingCategory'>(
  emulator: XeroEmulator,
  tenantId: string,
  capability: K,
) {
  const books = emulator.books(tenantId);
  const fn = books[capability];
  if (!fn) throw new Error(`the accounting books of ${tenantId} do not support ${capability}`);
  return fn.bind(books) as NonNullable<(typeof books)[K]>;
}

export const booksRoutes: ControlRoute[] = [
  {
    method: 'get',
    path: '/organisations/:tenantId/emails',
    handle: ({ req, res, emulator }) => {
      const invoiceId = z.string().optional().parse(req.query.invoiceId);
      const emails = booksWith(emulator, String(req.params.tenantId), 'invoiceEmails')().filter(
        (e) => invoiceId === undefined || e.invoiceId.toLowerCase() === invoiceId.toLowerCase(),
      );
      const perInvoice: Record<string, number> = {};
      for (const e of emails) perInvoice[e.invoiceId] = (perInvoice[e.invoiceId] ?? 0) + 1;
      res.json({
        emails: emails.map((e) => ({ ...e, sentDateUtc: e.sentDateUtc.toISOString() })),
        perInvoice,
      });
    },
  },
  {
    method: 'post',
    path: '/organisations/:tenantId/tracking-categories',
    handle: ({ req, res, emulator }) => {
      const seed = trackingSeedSchema.parse(req.body);
      res.status(201).json(booksWith(emulator, String(req.params.tenantId), 'seedTrackingCategory')(seed));
    },
  },
  // A customer paying in Xero (a bank feed, a user in Xero's UI): the demo's "Record payment" button, and tests in
  // another process. Goes through the books like any write, so webhooks fire.
  {
    method: 'post',
    path: '/organisations/:tenantId/invoices/:invoiceId/payments',
    handle: ({ req, res, emulator }) => {
      const body = paymentSchema.parse(req.body ?? {});
      const books = emulator.books<OrganisationBooks>(String(req.params.tenantId));
      const invoice = books.findInvoice(String(req.params.invoiceId));
      if (!invoice) {
        res.status(404).json({ error: `no invoice ${String(req.params.invoiceId)} in this organisation` });
        return;
      }
      const payment = books.recordPayment({
        invoiceId: invoice.invoiceId,
        amount: body.amount ?? invoice.amountDue,
        accountCode: body.accountCode,
        reference: body.reference,
      });
      res.status(201).json({ payment, invoice: books.findInvoice(invoice.invoiceId) });
    },
  },
];
