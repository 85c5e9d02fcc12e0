/**
 * The whole SyncInvoices batch as a plan, in three pure stages; the HTTP layer makes the calls of each stage (the
 * gateway does the I/O) and passes Xero's answers to the next:
 *
 *   planSyncLookups(input)                  → screens every invoice (screen-invoices.ts), then calls: ≤1 contacts
 *                                             lookup (chunked past 27 new customers), ≤1 items lookup
 *   planSyncCreates(lookups, found)         → calls: ≤1 contacts create, ≤1 items create
 *   planInvoicesWrite(creates, created)     → calls: ≤1 invoices create (PUT), ≤1 invoices update (POST), and
 *                                             the same two on /CreditNotes for credit notes (document-kind.ts)
 *   buildSyncResults(write, answers, …)     → the contract response and what the ledger should remember
 *
 * Invoices refused by the screening take no part in the lookups and creates, so they leave nothing in Xero. Known
 * contacts and items cost nothing; unchanged invoices are not sent. So a steady-state batch of 50 known invoices is
 * at most 2 calls (1 when it only updates, or only creates), and a first sync at most 5 (6 with more than 27 new
 * customers).
 */
import type { DataverseInvoice, SyncError, SyncInvoicesRequest } from '@dxc/openapi';
import type { InvoiceWriteDecision } from './decide-invoice-write';
import { decideInvoiceWrite } from './decide-invoice-write';
import { isCreditNote } from './document-kind';
import { idempotencyKey } from './idempotency-key';
import { mapInvoiceToXero } from './map-invoice-to-xero';
import { bodyHash, payloadHash } from './payload-hash';
import type { ContactCreationPlan, ContactLookupPlan, ContactResolution } from './plan-contacts';
import { planContactCreation, planContactLookup, settleContactCreation } from './plan-contacts';
import type { ItemCreationPlan, ItemLookupPlan, ItemResolution } from './plan-items';
import { planItemCreation, planItemLookup, settleItemCreation } from './plan-items';
import { ledgerEntryFor, screenInvoices } from './screen-invoices';
import type { KnownMappings } from './sync-ledger';
import { syncProblem } from './sync-problem';
import type { InvoicesWriteCall, InvoicesWriteKind, XeroCall } from './xero-calls';
import type { XeroContactRecord, XeroInvoicePayload, XeroItemRecord } from './xero-payloads';

export interface SyncBatchInput {
  /** The Xero organisation; part of every Idempotency-Key. */
  tenantId: string;
  request: SyncInvoicesRequest;
  known?: KnownMappings;
}

export interface LookupStage {
  input: SyncBatchInput;
  /** Per request position: why the invoice is refused before any Xero call (screen-invoices.ts). */
  screened: (SyncError[] | undefined)[];
  contacts: ContactLookupPlan;
  items: ItemLookupPlan;
  calls: XeroCall[];
}

export interface CreateStage {
  lookups: LookupStage;
  contacts: ContactCreationPlan;
  items: ItemCreationPlan;
  calls: XeroCall[];
}

/** Where one invoice of the request stands before the invoices write. */
export interface PlannedInvoice {
  invoice: DataverseInvoice;
  xeroContactId?: string;
  /** Why it fails before reaching Xero (customer missing, invalid, not changeable, duplicate in batch). */
  errors?: SyncError[];
  decision?: InvoiceWriteDecision;
  payloadHash?: string;
  payload?: XeroInvoicePayload;
  /** Dataverse line id of each payload line, by position. */
  lineIds: string[];
  notes: string[];
  /** The invoices write it is sent in (PUT creates, POST updates), when sent. */
  write?: InvoicesWriteKind;
  /** Position of its element in that write. */
  callIndex?: number;
}

export interface InvoicesStage {
  creates: CreateStage;
  contacts: ContactResolution;
  items: ItemResolution;
  invoices: PlannedInvoice[];
  calls: XeroCall[];
}

const lower = (id: string): string => id.toLowerCase();

/** The contract's cap (Xero recommends about 50 elements per request: reference/xero-api.md §1). */
export const MAX_BATCH = 50;

export function planSyncLookups(input: SyncBatchInput): LookupStage {
  const { invoices } = input.request;
  if (invoices.length > MAX_BATCH) {
    // The HTTP layer validates the contract first; reaching here means a caller skipped it.
    throw new RangeError(`invoices: at most ${MAX_BATCH} invoices per batch, got ${invoices.length}`);
  }
  const screened = screenInvoices(invoices, input.request.settings, input.known);
  const going = invoices.filter((_, i) => !screened[i]);
  const contacts = planContactLookup(going, input.known?.contacts);
  const items = planItemLookup(going, input.known?.itemCodes);
  const calls: XeroCall[] = contacts.lookups.map((where) => ({
    kind: 'contacts.lookup',
    method: 'GET',
    path: '/Contacts',
    where,
    includeArchived: true,
  }));
  if (items.lookup) {
    calls.push(
      items.lookup.where === undefined
        ? { kind: 'items.lookup', method: 'GET', path: '/Items' }
        : { kind: 'items.lookup', method: 'GET', path: '/Items', where: items.lookup.where },
    );
  }
  return { input, screened, contacts, items, calls };
}

/** What the lookups found: every contact and item element of their answers (all chunks together). */
export interface LookupResults {
  contacts: readonly XeroContactRecord[];
  items: readonly XeroItemRecord[];
}

export function planSyncCreates(lookups: LookupStage, found: LookupResults): CreateStage {
  const { request, tenantId } = lookups.input;
  const going = request.invoices.filter((_, i) => !lookups.screened[i]);
  const contacts = planContactCreation(lookups.contacts, found.contacts, request.settings);
  const items = planItemCreation(lookups.items, found.items, going, request.settings);
  const calls: XeroCall[] = [];
  if (contacts.toCreate.length) {
    calls.push({
      kind: 'contacts.create',
      method: 'PUT',
      path: '/Contacts',
      summarizeErrors: false,
      idempotencyKey: idempotencyKey({
        tenantId,
        purpose: 'contacts-create',
        parts: contacts.toCreate.map((c) => ({ id: c.ContactNumber, hash: bodyHash(c) })),
      }),
      contacts: contacts.toCreate,
    });
  }
  if (items.toCreate.length) {
    calls.push({
      kind: 'items.create',
      method: 'PUT',
      path: '/Items',
      summarizeErrors: false,
      idempotencyKey: idempotencyKey({
        tenantId,
        purpose: 'items-create',
        parts: items.toCreate.map((i) => ({ id: i.Code, hash: bodyHash(i) })),
      }),
      items: items.toCreate,
    });
  }
  return { lookups, contacts, items, calls };
}

/** What the creates returned: the elements of each `summarizeErrors=false` answer, in the order sent. */
export interface CreateResults {
  contacts: readonly XeroContactRecord[];
  items: readonly XeroItemRecord[];
}

export function planInvoicesWrite(creates: CreateStage, created: CreateResults): InvoicesStage {
  const { request, tenantId, known } = creates.lookups.input;
  const { screened } = creates.lookups;
  const contacts = settleContactCreation(creates.contacts, created.contacts);
  const items = settleItemCreation(creates.items, created.items);
  const writes: Record<
    InvoicesWriteKind,
    { payloads: XeroInvoicePayload[]; parts: { id: string; hash: string }[] }
  > = {
    'invoices.create': { payloads: [], parts: [] },
    'invoices.update': { payloads: [], parts: [] },
    'creditnotes.create': { payloads: [], parts: [] },
    'creditnotes.update': { payloads: [], parts: [] },
  };

  const invoices = request.invoices.map((invoice, index): PlannedInvoice => {
    const planned: PlannedInvoice = { invoice, lineIds: [], notes: [] };
    const refused = screened[index];
    if (refused) {
      planned.errors = refused;
      return planned;
    }
    const customerId = lower(invoice.customer.id);
    const contactFailure = contacts.failed[customerId];
    const xeroContactId = contacts.resolved[customerId];
    if (contactFailure || !xeroContactId) {
      planned.errors = [
        contactFailure ??
          syncProblem(
            'contact_not_found',
            `Customer ${invoice.customer.name} could not be found in Xero.`,
            'customer',
          ),
      ];
      return planned;
    }
    planned.xeroContactId = xeroContactId;
    const entry = ledgerEntryFor(invoice, known);
    const mapped = mapInvoiceToXero(invoice, request.settings, {
      xeroContactId,
      items,
      xeroInvoiceId: entry?.xeroInvoiceId,
      lineItemIds: entry?.lineItemIds,
    });
    if (!mapped.ok) {
      planned.errors = mapped.errors;
      return planned;
    }
    planned.lineIds = mapped.lineIds;
    const contactNote = contacts.notes[customerId];
    planned.notes = contactNote ? [contactNote, ...mapped.notes] : mapped.notes;
    planned.payload = mapped.payload;
    planned.payloadHash = payloadHash(mapped.payload);
    planned.decision = decideInvoiceWrite(entry, planned.payloadHash);
    if (planned.decision.kind === 'refuse') {
      planned.errors = [planned.decision.error];
    } else if (planned.decision.kind === 'create' || planned.decision.kind === 'update') {
      const endpoint = isCreditNote(mapped.payload.Type) ? 'creditnotes' : 'invoices';
      planned.write = `${endpoint}.${planned.decision.kind}`;
      const write = writes[planned.write];
      planned.callIndex = write.payloads.length;
      write.payloads.push(mapped.payload);
      write.parts.push({ id: invoice.invoiceId, hash: bodyHash(mapped.payload) });
    }
    return planned;
  });

  // Creates by PUT, which never updates: POST would update whatever sales invoice already has the number sent.
  const calls: XeroCall[] = (Object.keys(writes) as InvoicesWriteKind[])
    .filter((kind) => writes[kind].payloads.length)
    .map((kind) => writeCall(kind, tenantId, writes[kind]));
  return { creates, contacts, items, invoices, calls };
}

/** One documents write; its purpose (in the Idempotency-Key) keeps invoices and credit notes apart. */
function writeCall(
  kind: InvoicesWriteKind,
  tenantId: string,
  write: { payloads: XeroInvoicePayload[]; parts: { id: string; hash: string }[] },
): InvoicesWriteCall {
  const base = { summarizeErrors: false as const, unitdp: 4 as const };
  switch (kind) {
    case 'invoices.create':
    case 'invoices.update': {
      const purpose = kind === 'invoices.create' ? 'invoices-create' : 'invoices-update';
      const idempotency = idempotencyKey({ tenantId, purpose, parts: write.parts });
      return kind === 'invoices.create'
        ? {
            kind,
            method: 'PUT',
            path: '/Invoices',
            ...base,
            idempotencyKey: idempotency,
            invoices: write.payloads,
          }
        : {
            kind,
            method: 'POST',
            path: '/Invoices',
            ...base,
            idempotencyKey: idempotency,
            invoices: write.payloads,
          };
    }
    case 'creditnotes.create':
    case 'creditnotes.update': {
      const purpose = kind === 'creditnotes.create' ? 'creditnotes-create' : 'creditnotes-update';
      const idempotency = idempotencyKey({ tenantId, purpose, parts: write.parts });
      return kind === 'creditnotes.create'
        ? {
            kind,
            method: 'PUT',
            path: '/CreditNotes',
            ...base,
            idempotencyKey: idempotency,
            creditNotes: write.payloads,
          }
        : {
            kind,
            method: 'POST',
            path: '/CreditNotes',
            ...base,
            idempotencyKey: idempotency,
            creditNotes: write.payloads,
          };
    }
  }
}

/** Every Xero call of a batch so far, in the order they are made. */
export function plannedCalls(stage: InvoicesStage): XeroCall[] {
  return [...stage.creates.lookups.calls, ...stage.creates.calls, ...stage.calls];
}
