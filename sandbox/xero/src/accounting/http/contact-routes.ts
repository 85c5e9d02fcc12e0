/** /Contacts endpoints (reference/xero-api.md section 3). */
import { writeContact } from '../books/contact-writer';
import { contactListSpec } from '../query/entity-fields';
import { contactToWire } from '../wire/contact-wire';
import { pagedList, readPaging } from './list-request';
import { elementsOf, singleElement } from './request-reading';
import type { RouteDefinition, RouteRequest } from './route-table';
import { batchReply, envelope, notFound } from './xero-replies';

function listContacts(req: RouteRequest) {
  const { books, query } = req;
  let records = books.listContacts();
  const ids = query.guids('IDs');
  if (ids) records = records.filter((r) => ids.includes(r.contactId.toLowerCase()));
  const where = query.string('where');
  // Archived contacts are left out unless asked for: includeArchived=true, an explicit IDs list, or a where
  // clause on ContactStatus (UNVERIFIED beyond includeArchived, which the OAS documents).
  const includeArchived = query.bool('includeArchived') ?? false;
  if (!includeArchived && !ids && !/contactstatus/i.test(where ?? '')) {
    records = records.filter((r) => r.contactStatus === 'ACTIVE');
  }
  const searchTerm = query.string('searchTerm')?.toLowerCase();
  if (searchTerm) {
    records = records.filter((r) =>
      [r.name, r.firstName, r.lastName, r.contactNumber, r.emailAddress].some((v) =>
        (v ?? '').toLowerCase().includes(searchTerm),
      ),
    );
  }
  const paging = readPaging(query);
  const summaryOnly = query.bool('summaryOnly') ?? false;
  const { items, pagination } = pagedList(req, records, contactListSpec(books), paging, where);
  return envelope(
    req,
    'Contacts',
    items.map((c) =>
      contactToWire(books, c, { balances: paging.page !== undefined && !summaryOnly, summaryOnly }),
    ),
    { pagination },
  );
}

export const contactRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/Contacts',
    query: ['where', 'order', 'IDs', 'page', 'includeArchived', 'summaryOnly', 'searchTerm', 'pageSize'],
    handle: listContacts,
  },
  {
    method: 'GET',
    path: '/Contacts/:id',
    query: [],
    handle: (req) => {
      const contact = req.books.findContact(req.params.id!);
      if (!contact) return notFound();
      return envelope(req, 'Contacts', [
        contactToWire(req.books, contact, { balances: true, summaryOnly: false }),
      ]);
    },
  },
  ...(['PUT', 'POST'] as const).map((method): RouteDefinition => ({
    method,
    path: '/Contacts',
    query: ['summarizeErrors'],
    handle: (req) => {
      const summarize = req.query.summarize();
      const results = req.books.writeBatch(elementsOf(req.body, 'Contacts', 'Contact'), summarize, (el) =>
        writeContact(req.books, el, method === 'PUT' ? 'create' : 'upsert'),
      );
      return batchReply(
        req,
        'Contacts',
        results,
        summarize,
        (c) => contactToWire(req.books, c, { balances: false, summaryOnly: false }),
        'HasValidationErrors',
      );
    },
  })),
  {
    method: 'POST',
    path: '/Contacts/:id',
    query: [],
    handle: (req) => {
      if (!req.books.findContact(req.params.id!)) return notFound();
      const results = req.books.writeBatch(singleElement(req.body, 'Contacts', 'Contact'), true, (el) =>
        writeContact(req.books, el, 'update', req.params.id),
      );
      return batchReply(
        req,
        'Contacts',
        results,
        true,
        (c) => contactToWire(req.books, c, { balances: false, summaryOnly: false }),
        'HasValidationErrors',
      );
    },
  },
];
