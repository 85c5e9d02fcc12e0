/** /CreditNotes endpoints and allocations (reference/xero-api.md section 5). */
import { writeCreditNote } from '../books/document-writer';
import { deleteAllocation, writeAllocation } from '../books/settlement-writer';
import { creditNoteListSpec } from '../query/entity-fields';
import { creditNoteToWire } from '../wire/document-wire';
import { allocationToWire } from '../wire/settings-wire';
import { pagedList, readPaging } from './list-request';
import { elementsOf, singleElement } from './request-reading';
import type { RouteDefinition } from './route-table';
import { batchReply, envelope, notFound } from './xero-replies';

export const creditNoteRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/CreditNotes',
    query: ['where', 'order', 'page', 'unitdp', 'pageSize'],
    handle: (req) => {
      const unitDp = req.query.unitDp();
      const paging = readPaging(req.query);
      const notes = req.books.listCreditNotes();
      const { items, pagination } = pagedList(req, notes, creditNoteListSpec(req.books), paging);
      return envelope(
        req,
        'CreditNotes',
        items.map((c) => creditNoteToWire(req.books, c, { unitDp, withLines: paging.page !== undefined })),
        { pagination },
      );
    },
  },
  {
    method: 'GET',
    path: '/CreditNotes/:id',
    query: ['unitdp'],
    handle: (req) => {
      const note = req.books.findCreditNote(req.params.id!);
      if (!note) return notFound();
      return envelope(req, 'CreditNotes', [
        creditNoteToWire(req.books, note, { unitDp: req.query.unitDp(), withLines: true }),
      ]);
    },
  },
  ...(['PUT', 'POST'] as const).map((method): RouteDefinition => ({
    method,
    path: '/CreditNotes',
    query: ['summarizeErrors', 'unitdp'],
    handle: (req) => {
      const unitDp = req.query.unitDp();
      const summarize = req.query.summarize();
      const results = req.books.writeBatch(
        elementsOf(req.body, 'CreditNotes', 'CreditNote'),
        summarize,
        (el) => writeCreditNote(req.books, el, method === 'PUT' ? 'create' : 'upsert', { unitDp }),
      );
      return batchReply(
        req,
        'CreditNotes',
        results,
        summarize,
        (c) => creditNoteToWire(req.books, c, { unitDp, withLines: true }),
        'HasErrors',
      );
    },
  })),
  {
    method: 'POST',
    path: '/CreditNotes/:id',
    query: ['unitdp'],
    handle: (req) => {
      const unitDp = req.query.unitDp();
      if (!req.books.findCreditNote(req.params.id!)) return notFound();
      const results = req.books.writeBatch(singleElement(req.body, 'CreditNotes', 'CreditNote'), true, (el) =>
        writeCreditNote(req.books, el, 'update', { unitDp, target: req.params.id }),
      );
      return batchReply(
        req,
        'CreditNotes',
        results,
        true,
        (c) => creditNoteToWire(req.books, c, { unitDp, withLines: true }),
        'HasErrors',
      );
    },
  },
  {
    method: 'PUT',
    path: '/CreditNotes/:id/Allocations',
    query: ['summarizeErrors'],
    handle: (req) => {
      const note = req.books.findCreditNote(req.params.id!);
      if (!note) return notFound();
      const summarize = req.query.summarize();
      const results = req.books.writeBatch(
        elementsOf(req.body, 'Allocations', 'Allocation'),
        summarize,
        (el) => ({
          record: writeAllocation(req.books, note.creditNoteId, el),
          created: true,
          warnings: [],
        }),
      );
      return batchReply(
        req,
        'Allocations',
        results,
        summarize,
        (a) => allocationToWire(req.books, a),
        undefined,
      );
    },
  },
  {
    method: 'DELETE',
    path: '/CreditNotes/:id/Allocations/:allocationId',
    query: [],
    handle: (req) => {
      const note = req.books.findCreditNote(req.params.id!);
      if (!note) return notFound();
      const deleted = req.books.transaction(() => ({
        commit: true,
        value: deleteAllocation(req.books, note.creditNoteId, req.params.allocationId!),
      }));
      // Xero answers this one with the bare Allocation (IsDeleted true), not an envelope (OAS deleteCreditNoteAllocations).
      return { status: 200, json: allocationToWire(req.books, deleted) };
    },
  },
];
