/**
 * Credit note operations (https://developer.xero.com/documentation/api/accounting/creditnotes): the notes raised
 * from Dynamics 365 (invoice-shaped in the domain; renamed both ways by credit-note-wire.ts), the notes cancellation
 * raises against an invoice, and their allocations.
 */
import type { Invoice as XeroInvoice } from 'xero-node';
import type { ConnectionRecord } from '../../store/store';
import type {
  XeroAllocationPayload,
  XeroCreditNotePayload,
  XeroInvoicePayload,
  XeroInvoiceRecord,
} from '../../domain/invoices/xero-payloads';
import type { XeroCreditNoteRecord } from '../../domain/cancellation/earlier-credit-note';
import { fromCreditNoteWire, toCreditNoteWire } from '../../domain/invoices/credit-note-wire';
import type { XeroCreditNoteWireRecord } from '../../domain/invoices/credit-note-wire';
import { creditNoteAsInvoice } from '../credit-note-as-invoice';
import { unlessNotFound } from '../xero-caller';
import type { XeroCaller } from '../xero-caller';
import { toModel, toWire } from '../wire-models';

const asDocuments = (body: unknown): XeroInvoiceRecord[] =>
  toWire<XeroCreditNoteWireRecord>('CreditNotes', 'CreditNotes', body).map(fromCreditNoteWire);

/**
 * GET /CreditNotes changed after `since` (If-Modified-Since), oldest change first, one page of `pageSize`, in the
 * Invoice model the status readers take (credit-note-as-invoice.ts)
 * (https://developer.xero.com/documentation/api/accounting/creditnotes#get-creditnotes).
 */
export async function listCreditNotesModifiedSince(
  xero: XeroCaller,
  connection: ConnectionRecord,
  since: Date,
  page: number,
  pageSize: number,
): Promise<{ invoices: XeroInvoice[]; pageCount?: number }> {
  const r = await xero.call(
    connection,
    { operation: 'getCreditNotes', read: true, answer: 'CreditNotes' },
    (api, tenant) => api.getCreditNotes(tenant, since, undefined, 'UpdatedDateUTC ASC', page, 4, pageSize),
  );
  return {
    invoices: (r.body.creditNotes ?? []).map(creditNoteAsInvoice),
    pageCount: r.body.pagination?.pageCount,
  };
}

/** GET /CreditNotes?where=CreditNoteID==Guid(…) OR …, in the Invoice model the status readers take. */
export async function listCreditNotesWhere(
  xero: XeroCaller,
  connection: ConnectionRecord,
  where: string,
): Promise<XeroInvoice[]> {
  const r = await xero.call(
    connection,
    { operation: 'getCreditNotes', read: true, answer: 'CreditNotes' },
    (api, tenant) => api.getCreditNotes(tenant, undefined, where, undefined, undefined, 4),
  );
  return (r.body.creditNotes ?? []).map(creditNoteAsInvoice);
}

/** A write of credit notes raised from Dynamics 365, summarizeErrors=false and unitdp=4. */
const creditNoteWrite =
  (operation: 'createCreditNotes' | 'updateOrCreateCreditNotes') =>
  async (
    xero: XeroCaller,
    connection: ConnectionRecord,
    creditNotes: readonly XeroInvoicePayload[],
    idempotencyKey: string,
  ): Promise<XeroInvoiceRecord[]> => {
    const r = await xero.call(
      connection,
      { operation, read: false, answer: 'CreditNotes written' },
      (api, tenant) =>
        api[operation](
          tenant,
          toModel('CreditNotes', 'CreditNotes', creditNotes.map(toCreditNoteWire)),
          false,
          4,
          idempotencyKey,
        ),
    );
    return asDocuments(r.body);
  };

/** PUT /CreditNotes?summarizeErrors=false&unitdp=4: credit notes raised from Dynamics 365; creates only. */
export const createCreditNotes = creditNoteWrite('createCreditNotes');

/** POST /CreditNotes?summarizeErrors=false&unitdp=4: updates of credit notes named by their CreditNoteID. */
export const updateCreditNotes = creditNoteWrite('updateOrCreateCreditNotes');

/**
 * GET /CreditNotes?where=… for credit notes raised from Dynamics 365, read back in the pipeline's invoice shape
 * (lines included: Xero lists lines on paged reads only, so page 1 of up to 1,000) so a lost create can be
 * recognised by its fingerprint.
 */
export async function findCreditNotesAsDocuments(
  xero: XeroCaller,
  connection: ConnectionRecord,
  where: string,
): Promise<XeroInvoiceRecord[]> {
  const r = await xero.call(
    connection,
    { operation: 'getCreditNotes', read: true, answer: 'CreditNotes' },
    (api, tenant) => api.getCreditNotes(tenant, undefined, where, undefined, 1, 4, 1000),
  );
  return asDocuments(r.body);
}

/** POST /CreditNotes/{id} with a new Status (DELETED for drafts, VOIDED for approved, unallocated notes). */
export async function setCreditNoteStatus(
  xero: XeroCaller,
  connection: ConnectionRecord,
  write: { CreditNoteID: string; Status: 'DELETED' | 'VOIDED' },
  idempotencyKey: string,
): Promise<void> {
  await xero.call(
    connection,
    { operation: 'updateCreditNote', read: false, answer: 'CreditNotes written' },
    (api, tenant) =>
      api.updateCreditNote(
        tenant,
        write.CreditNoteID,
        toModel('CreditNotes', 'CreditNotes', [write]),
        undefined,
        idempotencyKey,
      ),
  );
}

/** PUT /CreditNotes (one note); its ValidationErrors come back as a 400 ProxyError. */
export async function createCreditNote(
  xero: XeroCaller,
  connection: ConnectionRecord,
  creditNote: XeroCreditNotePayload,
  idempotencyKey: string,
): Promise<{ CreditNoteID?: string; CreditNoteNumber?: string; Total?: number } | undefined> {
  const r = await xero.call(
    connection,
    { operation: 'createCreditNotes', read: false, answer: 'CreditNotes written' },
    (api, tenant) =>
      api.createCreditNotes(
        tenant,
        toModel('CreditNotes', 'CreditNotes', [creditNote]),
        true,
        4,
        idempotencyKey,
      ),
  );
  return toWire<{ CreditNoteID?: string; CreditNoteNumber?: string; Total?: number }>(
    'CreditNotes',
    'CreditNotes',
    r.body,
  )[0];
}

/** GET /CreditNotes/{id} with its allocations; undefined when Xero does not know it. */
export async function getCreditNote(
  xero: XeroCaller,
  connection: ConnectionRecord,
  creditNoteId: string,
): Promise<XeroCreditNoteRecord | undefined> {
  const r = await unlessNotFound(
    xero.call(connection, { operation: 'getCreditNote', read: true, answer: 'CreditNotes' }, (api, tenant) =>
      api.getCreditNote(tenant, creditNoteId, 4),
    ),
  );
  return r && toWire<XeroCreditNoteRecord>('CreditNotes', 'CreditNotes', r.body)[0];
}

/** GET /CreditNotes?where=… (Xero lists voided and deleted notes too; callers skip them). */
export async function findCreditNotes(
  xero: XeroCaller,
  connection: ConnectionRecord,
  where: string,
): Promise<XeroCreditNoteRecord[]> {
  const r = await xero.call(
    connection,
    { operation: 'getCreditNotes', read: true, answer: 'CreditNotes' },
    (api, tenant) => api.getCreditNotes(tenant, undefined, where, undefined, undefined, 4),
  );
  return toWire<XeroCreditNoteRecord>('CreditNotes', 'CreditNotes', r.body);
}

/** PUT /CreditNotes/{id}/Allocations (Xero cannot allocate a note when it creates it). */
export async function allocateCreditNote(
  xero: XeroCaller,
  connection: ConnectionRecord,
  creditNoteId: string,
  allocation: XeroAllocationPayload,
  idempotencyKey: string,
): Promise<void> {
  await xero.call(connection, { operation: 'createCreditNoteAllocation', read: false }, (api, tenant) =>
    api.createCreditNoteAllocation(
      tenant,
      creditNoteId,
      toModel('Allocations', 'Allocations', [allocation]),
      true,
      idempotencyKey,
    ),
  );
}
