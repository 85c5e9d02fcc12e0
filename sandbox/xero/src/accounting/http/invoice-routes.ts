/** /Invoices endpoints (reference/xero-api.md section 2). */
import { createHash } from 'node:crypto';
import { NotImplementedByEmulator, QueryParseFailure } from '../domain/accounting-errors';
import type { DocumentStatus } from '../domain/records';
import { writeInvoice } from '../books/document-writer';
import { emailInvoice } from '../books/invoice-emailer';
import { invoiceListSpec } from '../query/entity-fields';
import { invoiceToWire } from '../wire/document-wire';
import { pagedList, readPaging } from './list-request';
import { elementsOf, singleElement } from './request-reading';
import type { RouteDefinition, RouteRequest } from './route-table';
import { batchReply, envelope, notFound, validationException } from './xero-replies';

const STATUSES: readonly DocumentStatus[] = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'];

function refusePdf(req: RouteRequest): void {
  if (/application\/pdf/i.test(req.header('accept') ?? '')) {
    throw new NotImplementedByEmulator(
      'PDF rendering (Accept: application/pdf) is not supported by the emulator',
    );
  }
}

function listInvoices(req: RouteRequest) {
  const { books, query } = req;
  if (query.bool('createdByMyApp')) {
    throw new NotImplementedByEmulator(
      'createdByMyApp=true on GET /Invoices: the emulator does not record which app created a document',
    );
  }
  let records = books.listInvoices();
  const ids = query.guids('IDs');
  if (ids) records = records.filter((r) => ids.includes(r.invoiceId.toLowerCase()));
  const numbers = query.list('InvoiceNumbers')?.map((n) => n.toLowerCase());
  if (numbers) records = records.filter((r) => numbers.includes(r.invoiceNumber.toLowerCase()));
  const contactIds = query.guids('ContactIDs');
  if (contactIds) records = records.filter((r) => contactIds.includes(r.contactId.toLowerCase()));
  const statuses = query.list('Statuses')?.map((s) => s.toUpperCase());
  for (const status of statuses ?? []) {
    if (!STATUSES.includes(status as DocumentStatus))
      throw new QueryParseFailure(`'${status}' in Statuses is not an invoice status`);
  }
  if (statuses) records = records.filter((r) => statuses.includes(r.status));
  const searchTerm = query.string('searchTerm')?.toLowerCase();
  if (searchTerm) {
    records = records.filter(
      (r) =>
        r.invoiceNumber.toLowerCase().includes(searchTerm) ||
        (r.reference ?? '').toLowerCase().includes(searchTerm),
    );
  }
  // includeArchived is accepted: invoices have no archived state here (it concerns archived contacts' documents).
  query.bool('includeArchived');
  const paging = readPaging(query);
  const summaryOnly = query.bool('summaryOnly') ?? false;
  const { items, pagination } = pagedList(req, records, invoiceListSpec(books), paging);
  const unitDp = query.unitDp();
  return envelope(
    req,
    'Invoices',
    items.map((i) => invoiceToWire(books, i, { unitDp, withLines: paging.page !== undefined, summaryOnly })),
    { pagination },
  );
}

function onlineInvoiceUrl(invoiceId: string): string {
  return `https://in.xero.com/${createHash('sha1').update(invoiceId).digest('base64url').slice(0, 27)}`;
}

const WRITE_QUERY = ['summarizeErrors', 'unitdp', 'allowBackorders'] as const;

export const invoiceRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/Invoices',
    query: [
      'where',
      'order',
      'IDs',
      'InvoiceNumbers',
      'ContactIDs',
      'Statuses',
      'page',
      'includeArchived',
      'createdByMyApp',
      'unitdp',
      'summaryOnly',
      'pageSize',
      'searchTerm',
    ],
    handle: listInvoices,
  },
  {
    method: 'GET',
    path: '/Invoices/:id',
    query: ['unitdp'],
    handle: (req) => {
      refusePdf(req);
      const invoice = req.books.findInvoice(req.params.id!);
      if (!invoice) return notFound();
      return envelope(req, 'Invoices', [
        invoiceToWire(req.books, invoice, { unitDp: req.query.unitDp(), withLines: true }),
      ]);
    },
  },
  {
    method: 'GET',
    path: '/Invoices/:id/OnlineInvoice',
    query: [],
    handle: (req) => {
      const invoice = req.books.findInvoice(req.params.id!);
      if (!invoice) return notFound();
      if (invoice.type !== 'ACCREC' || invoice.status === 'DRAFT' || invoice.status === 'DELETED') {
        // Not available for DRAFT invoices, ACCREC only (xero-node#186). UNVERIFIED wording.
        return validationException([
          {
            InvoiceID: invoice.invoiceId,
            ValidationErrors: [
              {
                Message:
                  'An online invoice is only available for approved sales invoices (ACCREC, not DRAFT or DELETED).',
              },
            ],
          },
        ]);
      }
      return envelope(req, 'OnlineInvoices', [{ OnlineInvoiceUrl: onlineInvoiceUrl(invoice.invoiceId) }]);
    },
  },
  {
    method: 'POST',
    path: '/Invoices/:id/Email',
    query: [],
    handle: (req) => {
      const invoice = req.books.findInvoice(req.params.id!);
      if (!invoice) return notFound();
      // The body is OAS RequestEmpty (`{}`): nothing in it changes what is sent.
      const [result] = req.books.writeBatch([{}], true, () => ({
        record: emailInvoice(req.books, invoice),
        created: true,
        warnings: [],
      }));
      if (result && !result.ok) {
        return validationException([
          {
            InvoiceID: invoice.invoiceId,
            ValidationErrors: result.errors.map((Message) => ({ Message })),
          },
        ]);
      }
      return { status: 204 };
    },
  },
  ...(['PUT', 'POST'] as const).map((method): RouteDefinition => ({
    method,
    path: '/Invoices',
    query: WRITE_QUERY,
    handle: (req) => {
      const unitDp = req.query.unitDp();
      const summarize = req.query.summarize();
      req.query.bool('allowBackorders'); // tracked inventory is not modelled, so there is nothing to back-order
      const results = req.books.writeBatch(elementsOf(req.body, 'Invoices', 'Invoice'), summarize, (el) =>
        writeInvoice(req.books, el, method === 'PUT' ? 'create' : 'upsert', { unitDp }),
      );
      return batchReply(
        req,
        'Invoices',
        results,
        summarize,
        (i) => invoiceToWire(req.books, i, { unitDp, withLines: true }),
        'HasErrors',
      );
    },
  })),
  {
    method: 'POST',
    path: '/Invoices/:id',
    query: ['unitdp', 'allowBackorders'],
    handle: (req) => {
      const unitDp = req.query.unitDp();
      if (!req.books.findInvoice(req.params.id!)) return notFound();
      const results = req.books.writeBatch(singleElement(req.body, 'Invoices', 'Invoice'), true, (el) =>
        writeInvoice(req.books, el, 'update', { unitDp, target: req.params.id }),
      );
      return batchReply(
        req,
        'Invoices',
        results,
        true,
        (i) => invoiceToWire(req.books, i, { unitDp, withLines: true }),
        'HasErrors',
      );
    },
  },
];
