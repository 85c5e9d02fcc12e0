/** /Items endpoints (reference/xero-api.md section 4). */
import { writeItem } from '../books/item-writer';
import { applyList } from '../query/list-query';
import { itemListSpec } from '../query/entity-fields';
import { itemToWire } from '../wire/settings-wire';
import { ifModifiedSince } from './list-request';
import { elementsOf, singleElement } from './request-reading';
import type { RouteDefinition } from './route-table';
import { batchReply, envelope, notFound } from './xero-replies';

export const itemRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/Items',
    query: ['where', 'order', 'unitdp', 'IDs'],
    handle: (req) => {
      const unitDp = req.query.unitDp();
      const ids = req.query.guids('IDs');
      const records = ids
        ? req.books.listItems().filter((i) => ids.includes(i.itemId.toLowerCase()))
        : req.books.listItems();
      const { items } = applyList(records, itemListSpec(), {
        where: req.query.string('where'),
        order: req.query.string('order'),
        ifModifiedSince: ifModifiedSince(req),
      });
      return envelope(
        req,
        'Items',
        items.map((i) => itemToWire(i, unitDp)),
      );
    },
  },
  {
    method: 'GET',
    path: '/Items/:id',
    query: ['unitdp'],
    handle: (req) => {
      const item = req.books.findItem(req.params.id!);
      return item ? envelope(req, 'Items', [itemToWire(item, req.query.unitDp())]) : notFound();
    },
  },
  ...(['PUT', 'POST'] as const).map((method): RouteDefinition => ({
    method,
    path: '/Items',
    query: ['summarizeErrors', 'unitdp'],
    handle: (req) => {
      const unitDp = req.query.unitDp();
      const summarize = req.query.summarize();
      const results = req.books.writeBatch(elementsOf(req.body, 'Items', 'Item'), summarize, (el) =>
        writeItem(req.books, el, method === 'PUT' ? 'create' : 'upsert', unitDp),
      );
      return batchReply(req, 'Items', results, summarize, (i) => itemToWire(i, unitDp), undefined);
    },
  })),
  {
    method: 'POST',
    path: '/Items/:id',
    query: ['unitdp'],
    handle: (req) => {
      const unitDp = req.query.unitDp();
      if (!req.books.findItem(req.params.id!)) return notFound();
      const results = req.books.writeBatch(singleElement(req.body, 'Items', 'Item'), true, (el) =>
        writeItem(req.books, el, 'update', unitDp, req.params.id),
      );
      return batchReply(req, 'Items', results, true, (i) => itemToWire(i, unitDp), undefined);
    },
  },
  {
    method: 'DELETE',
    path: '/Items/:id',
    query: [],
    handle: (req) => (req.books.deleteItem(req.params.id!) ? { status: 204 } : notFound()),
  },
];
