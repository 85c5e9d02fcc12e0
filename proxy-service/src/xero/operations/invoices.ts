/**
 * Invoice operations (https://developer.xero.com/documentation/api/accounting/invoices). Writes send
 * summarizeErrors=false (one element's refusal fails only itself, HTTP 200) and the content-derived Idempotency-Key
 * the domain planned (reference/xero-api.md §2).
 */
import type { Invoice as XeroInvoice } from 'xero-node';
import type { ConnectionRecord } from '../../store/store';
import type { XeroInvoicePayload, XeroInvoiceRecord } from '../../domain/invoices/xero-payloads';
import { unlessNotFound } from '../xero-caller';
import type { XeroCaller } from '../xero-caller';
import { toModel, toWire } from '../wire-models';

/** The GET /Invoices parameters the proxy uses, by name. */
interface InvoiceQuery {
  since?: Date;
  order?: string;
  ids?: string[];
  invoiceNumbers?: string[];
  contactIds?: string[];
  page: number;
  unitdp?: number;
  pageSize?: number;
}

/**
 * GET /Invoices, archived (voided, deleted) included, always: they are changes too, and a lost write may have
 * been voided since. xero-node takes the query as 15 positional arguments; this names them.
 */
const readInvoices = (xero: XeroCaller, connection: ConnectionRecord, q: InvoiceQuery) =>
  xero.call(connection, { operation: 'getInvoices', read: true, answer: 'Invoices' }, (api, tenant) =>
    api.getInvoices(
      tenant,
      q.since,
      undefined,
      q.order,
      q.ids,
      q.invoiceNumbers,
      q.contactIds,
      undefined,
      q.page,
      true,
      undefined,
      q.unitdp,
      undefined,
      q.pageSize,
    ),
  );

/**
 * GET /Invoices changed after `since` (If-Modified-Since), oldest change first, archived (voided, deleted) too, one
 * page of `pageSize` (https://developer.xero.com/documentation/api/accounting/invoices#get-invoices).
 */
export async function listInvoicesModifiedSince(
  xero: XeroCaller,
  connection: ConnectionRecord,
  since: Date,
  page: number,
  pageSize: number,
): Promise<{ invoices: XeroInvoice[]; pageCount?: number }> {
  const r = await readInvoices(xero, connection, { since, order: 'UpdatedDateUTC ASC', page, pageSize });
  return { invoices: r.body.invoices ?? [], pageCount: r.body.pagination?.pageCount };
}

/**
 * GET /Invoices?IDs=…, archived (voided, deleted) included: those are changes too
 * (https://developer.xero.com/documentation/api/accounting/invoices#optimised-use-of-the-where-filter).
 */
export async function listInvoicesByIds(
  xero: XeroCaller,
  connection: ConnectionRecord,
  ids: string[],
): Promise<XeroInvoice[]> {
  const r = await readInvoices(xero, connection, { ids, page: 1 });
  return r.body.invoices ?? [];
}

/** A write of invoices, summarizeErrors=false and unitdp=4. */
const invoiceWrite =
  (operation: 'createInvoices' | 'updateOrCreateInvoices') =>
  async (
    xero: XeroCaller,
    connection: ConnectionRecord,
    invoices: readonly XeroInvoicePayload[],
    idempotencyKey: string,
  ): Promise<XeroInvoiceRecord[]> => {
    const r = await xero.call(
      connection,
      { operation, read: false, answer: 'Invoices written' },
      (api, tenant) =>
        api[operation](tenant, toModel('Invoices', 'Invoices', invoices), false, 4, idempotencyKey),
    );
    return toWire('Invoices', 'Invoices', r.body);
  };

/**
 * PUT /Invoices?summarizeErrors=false&unitdp=4: creates only. Xero refuses an element whose sales invoice number
 * is taken ("Invoice # must be unique.") where POST would update the invoice holding that number.
 */
export const createInvoices = invoiceWrite('createInvoices');

/** POST /Invoices?summarizeErrors=false&unitdp=4: updates of invoices named by their InvoiceID. */
export const writeInvoices = invoiceWrite('updateOrCreateInvoices');

/**
 * GET /Invoices filtered by ids, numbers or contacts (archived included, so deleted and voided ones are found),
 * one page of up to 1,000 (Xero's maximum page size).
 */
export async function findInvoices(
  xero: XeroCaller,
  connection: ConnectionRecord,
  filter: { ids?: string[]; invoiceNumbers?: string[]; contactIds?: string[] },
): Promise<XeroInvoiceRecord[]> {
  const { ids, invoiceNumbers, contactIds } = filter;
  const r = await readInvoices(xero, connection, {
    ids,
    invoiceNumbers,
    contactIds,
    page: 1,
    unitdp: 4,
    pageSize: 1000,
  });
  return toWire('Invoices', 'Invoices', r.body);
}

/** GET /Invoices/{id}; undefined when Xero does not know the id. */
export async function getInvoice(
  xero: XeroCaller,
  connection: ConnectionRecord,
  invoiceId: string,
): Promise<XeroInvoiceRecord | undefined> {
  const r = await unlessNotFound(
    xero.call(connection, { operation: 'getInvoice', read: true, answer: 'Invoices' }, (api, tenant) =>
      api.getInvoice(tenant, invoiceId, 4),
    ),
  );
  return r && toWire<XeroInvoiceRecord>('Invoices', 'Invoices', r.body)[0];
}

/** POST /Invoices/{id} with a new Status (DELETED for drafts, VOIDED for approved): Xero has no DELETE verb. */
export async function setInvoiceStatus(
  xero: XeroCaller,
  connection: ConnectionRecord,
  write: { InvoiceID: string; Status: 'DELETED' | 'VOIDED' },
  idempotencyKey: string,
): Promise<XeroInvoiceRecord | undefined> {
  const r = await xero.call(
    connection,
    { operation: 'updateInvoice', read: false, answer: 'Invoices written' },
    (api, tenant) =>
      api.updateInvoice(
        tenant,
        write.InvoiceID,
        toModel('Invoices', 'Invoices', [write]),
        undefined,
        idempotencyKey,
      ),
  );
  return toWire<XeroInvoiceRecord>('Invoices', 'Invoices', r.body)[0];
}

// --- Online invoice link and email from Xero (issue 14 §3, §4; orchestration/deliver-authorised-invoices.ts) ---

/**
 * GET /Invoices/{id}/OnlineInvoice: the page where the customer views and pays an approved sales invoice
 * (https://developer.xero.com/documentation/api/accounting/invoices#get-online-invoice; not for drafts).
 */
export async function getOnlineInvoiceUrl(
  xero: XeroCaller,
  connection: ConnectionRecord,
  invoiceId: string,
): Promise<string | undefined> {
  const r = await xero.call(
    connection,
    { operation: 'getOnlineInvoice', read: true, answer: 'OnlineInvoices' },
    (api, tenant) => api.getOnlineInvoice(tenant, invoiceId),
  );
  return toWire<{ OnlineInvoiceUrl?: string }>('OnlineInvoices', 'OnlineInvoices', r.body)[0]
    ?.OnlineInvoiceUrl;
}

/**
 * POST /Invoices/{id}/Email (body `{}`, 204): Xero emails the invoice to its contact
 * (https://developer.xero.com/documentation/api/accounting/invoices#emailing-an-invoice). A write: never
 * retried here; the caller's Idempotency-Key makes its own retry safe within Xero's 6 minutes.
 */
export async function emailInvoice(
  xero: XeroCaller,
  connection: ConnectionRecord,
  invoiceId: string,
  idempotencyKey: string,
): Promise<void> {
  // 204 No Content: xero-node leaves `body` out.
  await xero.call(connection, { operation: 'emailInvoice', read: false }, async (api, tenant) => {
    const { response } = await api.emailInvoice(tenant, invoiceId, {}, idempotencyKey);
    return { response, body: undefined };
  });
}
