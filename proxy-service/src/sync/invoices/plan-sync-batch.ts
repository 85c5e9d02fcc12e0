/**
 * The whole SyncInvoices batch as a plan, in three pure stages; the HTTP layer makes the calls of each stage (the
 * gateway does the I/O) and passes Xero's answers to the next:
 *
 *   planSyncLookups(input)                  → calls: ≤1 contacts lookup (chunked past 27 new customers), ≤1 items lookup
 *   planSyncCreates(lookups, found)         → calls: ≤1 contacts create, ≤1 items create
 *   planInvoicesWrite(creates, created)     → calls: ≤1 invoices write (creates and updates together)
 *   buildSyncResults(write, answer, …)      → the contract response and what the ledger should remember
 *
 * Known contacts and items cost nothing; unchanged invoices are not sent. So a steady-state batch of 50 known
 * invoices is at most 1 call, and a first sync at most 5 (6 with more than 27 new customers).
 */
import type { DataverseInvoice, SyncError, SyncInvoicesRequest } from '@dxc/openapi';
import type { InvoiceWriteDecision } from './decide-invoice-write';
import { decideInvoiceWrite } from './decide-invoice-write';
import { idempotencyKey } from './idempotency-key';
import { mapInvoiceToXero } from './map-invoice-to-xero';
import { bodyHash, payloadHash } from './payload-hash';
import type { ContactCreationPlan, ContactLookupPlan, ContactResolution } from './plan-contacts';
import { planContactCreation, planContactLookup, settleContactCreation } from './plan-contacts';
import type { ItemCreationPlan, ItemLookupPlan, ItemResolution } from './plan-items';
import { planItemCreation, planItemLookup, settleItemCreation } from './plan-items';
import type { KnownMappings } from './sync-ledger';
import { syncProblem } from './sync-problem';
import type { XeroCall } from './xero-calls';
import type { XeroContactRecord, XeroInvoicePayload, XeroItemRecord } from './xero-payloads';

export interface SyncBatchInput {
  /** The Xero organisation; part of every Idempotency-Key. */
  tenantId: string;
  request: SyncInvoicesRequest;
  known?: KnownMappings;
}

export interface LookupStage {
  input: SyncBatchInput;
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
  /** Position of its element in the invoices write, when sent. */
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
  const contacts = planContactLookup(invoices, input.known?.contacts);
  const items = planItemLookup(invoices, input.known?.itemCodes);
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
  return { input, contacts, items, calls };
}

/** What the lookups found: every contact and item element of their answers (all chunks together). */
export interface LookupResults {
  contacts: readonly XeroContactRecord[];
  items: readonly XeroItemRecord[];
}

export function planSyncCreates(lookups: LookupStage, found: LookupResults): CreateStage {
  const { request, tenantId } = lookups.input;
  const contacts = planContactCreation(lookups.contacts, found.contacts, request.settings);
  const items = planItemCreation(lookups.items, found.items, request.invoices, request.settings);
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
  const contacts = settleContactCreation(creates.contacts, created.contacts);
  const items = settleItemCreation(creates.items, created.items);
  const seen = new Set<string>();
  const toSend: XeroInvoicePayload[] = [];
  const parts: { id: string; hash: string }[] = [];

  const invoices = request.invoices.map((invoice): PlannedInvoice => {
    const planned: PlannedInvoice = { invoice, lineIds: [], notes: [] };
    if (seen.has(lower(invoice.invoiceId))) {
      planned.errors = [
        syncProblem(
          'invalid_invoice',
          'The invoice appears more than once in this batch; only its first copy was sent.',
          'invoiceId',
        ),
      ];
      return planned;
    }
    seen.add(lower(invoice.invoiceId));
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
    const entry =
      known?.invoices?.[invoice.invoiceId] ??
      known?.invoices?.[lower(invoice.invoiceId)] ??
      (invoice.xeroInvoiceId ? { xeroInvoiceId: invoice.xeroInvoiceId } : undefined);
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
    planned.notes = mapped.notes;
    planned.payload = mapped.payload;
    planned.payloadHash = payloadHash(mapped.payload);
    planned.decision = decideInvoiceWrite(entry, planned.payloadHash);
    if (planned.decision.kind === 'refuse') {
      planned.errors = [planned.decision.error];
    } else if (planned.decision.kind === 'create' || planned.decision.kind === 'update') {
      planned.callIndex = toSend.length;
      toSend.push(mapped.payload);
      parts.push({ id: invoice.invoiceId, hash: bodyHash(mapped.payload) });
    }
    return planned;
  });

  const calls: XeroCall[] = toSend.length
    ? [
        {
          kind: 'invoices.write',
          method: 'POST',
          path: '/Invoices',
          summarizeErrors: false,
          unitdp: 4,
          idempotencyKey: idempotencyKey({ tenantId, purpose: 'invoices-write', parts }),
          invoices: toSend,
        },
      ]
    : [];
  return { creates, contacts, items, invoices, calls };
}

/** Every Xero call of a batch so far, in the order they are made. */
export function plannedCalls(stage: InvoicesStage): XeroCall[] {
  return [...stage.creates.lookups.calls, ...stage.creates.calls, ...stage.calls];
}
