/** /Payments endpoints (reference/xero-api.md section 6). */
import { deletePayment, writePayment } from '../books/settlement-writer';
import { paymentListSpec } from '../query/entity-fields';
import { paymentToWire } from '../wire/settings-wire';
import { pagedList, readPaging } from './list-request';
import { elementsOf, singleElement } from './request-reading';
import type { RouteDefinition } from './route-table';
import { batchReply, envelope, notFound } from './xero-replies';

export const paymentRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/Payments',
    query: ['where', 'order', 'page', 'pageSize'],
    handle: (req) => {
      const paging = readPaging(req.query);
      const { items, pagination } = pagedList(
        req,
        req.books.listPayments(),
        paymentListSpec(req.books),
        paging,
      );
      return envelope(
        req,
        'Payments',
        items.map((p) => paymentToWire(req.books, p)),
        { pagination },
      );
    },
  },
  {
    method: 'GET',
    path: '/Payments/:id',
    query: [],
    handle: (req) => {
      const payment = req.books.findPayment(req.params.id!);
      return payment ? envelope(req, 'Payments', [paymentToWire(req.books, payment)]) : notFound();
    },
  },
  // PUT takes {Payments:[…]} (createPayments); POST takes one bare Payment (createPayment). Both accept either.
  ...(['PUT', 'POST'] as const).map((method): RouteDefinition => ({
    method,
    path: '/Payments',
    query: ['summarizeErrors'],
    handle: (req) => {
      const summarize = req.query.summarize();
      const results = req.books.writeBatch(elementsOf(req.body, 'Payments', 'Payment'), summarize, (el) => ({
        record: writePayment(req.books, el),
        created: true,
        warnings: [],
      }));
      return batchReply(
        req,
        'Payments',
        results,
        summarize,
        (p) => paymentToWire(req.books, p),
        'HasValidationErrors',
      );
    },
  })),
  {
    method: 'POST',
    path: '/Payments/:id',
    query: [],
    handle: (req) => {
      if (!req.books.findPayment(req.params.id!)) return notFound();
      const results = req.books.writeBatch(singleElement(req.body, 'Payments', 'Payment'), true, (el) => ({
        record: deletePayment(req.books, req.params.id!, el),
        created: false,
        warnings: [],
      }));
      return batchReply(
        req,
        'Payments',
        results,
        true,
        (p) => paymentToWire(req.books, p),
        'HasValidationErrors',
      );
    },
  },
];
