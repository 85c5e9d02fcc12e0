/**
 * Drives the pure sync domain (sync/invoices) through the gateway and the ledger, exactly once:
 *
 * 1. Settle the organisation's pending intents (recover-lost-writes.ts): a create whose answer was lost is found in
 *    Xero and put in the ledger before anything is planned.
 * 2. Read what the ledger knows (invoices, customers, item codes) → `known`; plan the lookups and make them.
 * 3. Plan the creates; journal each create's intent, then make it (Idempotency-Key from the domain).
 * 4. Plan the invoices writes: new invoices by PUT (create only, so a number already in Xero is refused instead of
 *    overwriting that invoice) and updates by POST. Journal each write's intent (keys, hashes and, for creates, the
 *    payload), then send it.
 * 5. Build the results; store the ledger and complete the intents in one transaction.
 * 6. Allocate the batch's approved credit notes to the invoices they credit (allocate-credit-notes.ts); answer. The ledger refuses
 *    to give one Xero invoice to two Dataverse invoices; such a result is turned into a failure.
 *
 * A failure of an invoices write (after the gateway) leaves its intent pending: Xero may have written (a dropped
 * connection), so the next attempt looks before it creates. Batches and cancellations of one organisation run
 * one at a time: in arrival order within this process (TenantQueue) and under the organisation's lease in the
 * store across instances sharing a database (organisation-lease.ts), so two requests never race for an invoice.
 */
import type {
  InvoiceSyncResult,
  SyncInvoicesRequest,
  SyncInvoicesResponse,
  XeroInvoiceStatus,
} from '@dxc/openapi';
import { ProxyError } from '../errors';
import type { ConnectionRecord } from '../store/store';
import type { KnownMappings, LedgerInvoiceEntry } from '../domain/invoices/sync-ledger';
import type { InvoicesWriteAnswers } from '../domain/invoices/build-sync-results';
import { buildSyncResults } from '../domain/invoices/build-sync-results';
import { productCodeOf } from '../domain/invoices/plan-items';
import { planInvoicesWrite, planSyncCreates, planSyncLookups } from '../domain/invoices/plan-sync-batch';
import type { InvoicesWriteCall, XeroCall } from '../domain/invoices/xero-calls';
import { xeroInvoiceLink } from '../domain/invoices/xero-deep-link';
import type { XeroContactRecord, XeroInvoiceRecord, XeroItemRecord } from '../domain/invoices/xero-payloads';
import type { XeroGateway } from '../xero/xero-gateway';
import type {
  InvoiceLedgerStore,
  LedgerConflict,
  SyncIntentInvoice,
} from '../store/invoice-ledger/invoice-ledger-store';
import { recoverLostWrites } from './recover-lost-writes';
import {
  deliverAuthorisedInvoices,
  EMAIL_PURPOSE,
  emptyDeliveryOutcome,
  settleEmailsInDoubt,
  type DeliveryOutcome,
} from './deliver-authorised-invoices';
import { planInvoiceDelivery, withDeliveryState } from '../domain/invoices/plan-invoice-delivery';
import type { InvoiceEmailOutcome } from '@dxc/openapi';
import { allocateCreditNotes } from './allocate-credit-notes';
import { documentNoun, isCreditNote } from '../domain/invoices/document-kind';
import type { OrganisationLease } from './organisation-lease';
import { TenantQueue } from './tenant-queue';

export interface InvoiceSyncDeps {
  ledger: InvoiceLedgerStore;
  gateway: XeroGateway;
  /** Serialises an organisation's writes across instances (the queue already does within this one). */
  lease: OrganisationLease;
  now: () => number;
  /** Xero's last X-DayLimit-Remaining for an organisation (the rate governor's), for the online invoice link. */
  dayCallsRemaining?: (tenantId: string) => number | undefined;
}

/**
 * The journal purposes of a sync's writes (the kinds of XeroCall that carry an Idempotency-Key). `invoices.write`
 * is the single POST of earlier versions: its pending intents are still settled.
 */
const SYNC_PURPOSES: ReadonlySet<string> = new Set([
  'contacts.create',
  'items.create',
  'invoices.create',
  'invoices.update',
  'invoices.write',
  'creditnotes.create',
  'creditnotes.update',
]);

const WRITE_KINDS: ReadonlySet<string> = new Set([
  'invoices.create',
  'invoices.update',
  'creditnotes.create',
  'creditnotes.update',
]);

/** The gateway method of each documents write. */
function sendDocuments(
  gateway: XeroGateway,
  connection: ConnectionRecord,
  call: InvoicesWriteCall,
): Promise<XeroInvoiceRecord[]> {
  switch (call.kind) {
    case 'invoices.create':
      return gateway.createInvoices(connection, call.invoices, call.idempotencyKey);
    case 'invoices.update':
      return gateway.writeInvoices(connection, call.invoices, call.idempotencyKey);
    case 'creditnotes.create':
      return gateway.createCreditNotes(connection, call.creditNotes, call.idempotencyKey);
    case 'creditnotes.update':
      return gateway.updateCreditNotes(connection, call.creditNotes, call.idempotencyKey);
  }
}

const STATUSES: readonly string[] = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'];

export class InvoiceSyncService {
  private readonly queue = new TenantQueue();

  constructor(private readonly deps: InvoiceSyncDeps) {}

  sync(connection: ConnectionRecord, request: SyncInvoicesRequest): Promise<SyncInvoicesResponse> {
    return this.exclusive(connection, () => this.syncNow(connection, request));
  }

  /** Cancellations share the organisation's queue and lease: a cancel never races a sync of the same invoice. */
  exclusive<T>(connection: ConnectionRecord, work: () => Promise<T>): Promise<T> {
    const tenantId = connection.tenantId;
    return this.queue.run(tenantId, () => this.deps.lease.run(tenantId, work));
  }

  private iso(): string {
    return new Date(this.deps.now()).toISOString();
  }

  private async syncNow(
    connection: ConnectionRecord,
    request: SyncInvoicesRequest,
  ): Promise<SyncInvoicesResponse> {
    const { ledger, gateway } = this.deps;
    const tenantId = connection.tenantId;
    const invoiceIds = request.invoices.map((i) => i.invoiceId);

    // Every pending intent of the organisation, not only this batch's: a lost create found now is in the ledger
    // before the flow retries it, and contacts/items intents (which recover by lookup) do not pile up.
    // Cancellations' intents are theirs to settle (cancel-invoice-in-xero.ts reads them to tell a lost delete).
    const allPending = await ledger.listPendingIntents(tenantId);
    const pending = allPending.filter((i) => SYNC_PURPOSES.has(i.purpose));
    const recovery = pending.length
      ? await recoverLostWrites({ ledger, gateway }, connection, pending, this.iso())
      : undefined;
    // Emails whose answer was lost in an earlier call are settled before anything else is emailed (issue 14 §4).
    const emailsInDoubt = allPending.filter((i) => i.purpose === EMAIL_PURPOSE);
    const delivery = emailsInDoubt.length
      ? await settleEmailsInDoubt(this.deliveryDeps(), connection, emailsInDoubt)
      : emptyDeliveryOutcome();

    const knowledge = await ledger.getSyncKnowledge(tenantId, {
      invoiceIds,
      customerIds: request.invoices.map((i) => i.customer.id),
      itemCodes: request.invoices.flatMap((i) =>
        i.lines.map(productCodeOf).filter((c): c is string => c !== undefined),
      ),
    });
    const known: KnownMappings = {
      invoices: Object.fromEntries(
        Object.entries(knowledge.invoices).map(([id, record]) => [id, record.entry]),
      ),
      contacts: knowledge.contacts,
      itemCodes: knowledge.itemCodes,
      xeroInvoiceOwners: await this.xeroInvoiceOwners(tenantId, request, knowledge.invoices),
    };

    const lookups = planSyncLookups({ tenantId, request, known });
    const found = { contacts: [] as XeroContactRecord[], items: [] as XeroItemRecord[] };
    for (const call of lookups.calls) {
      if (call.kind === 'contacts.lookup')
        found.contacts.push(...(await gateway.lookupContacts(connection, call.where)));
      else if (call.kind === 'items.lookup')
        found.items.push(...(await gateway.lookupItems(connection, call.where)));
    }

    const creates = planSyncCreates(lookups, found);
    const created = { contacts: [] as XeroContactRecord[], items: [] as XeroItemRecord[] };
    const completed: string[] = [];
    for (const call of creates.calls) {
      await this.journal(tenantId, call, []);
      if (call.kind === 'contacts.create')
        created.contacts.push(
          ...(await gateway.createContacts(connection, call.contacts, call.idempotencyKey)),
        );
      else if (call.kind === 'items.create')
        created.items.push(...(await gateway.createItems(connection, call.items, call.idempotencyKey)));
      if ('idempotencyKey' in call) completed.push(call.idempotencyKey);
    }

    const write = planInvoicesWrite(creates, created);
    const answers: InvoicesWriteAnswers = {};
    for (const planned of write.calls) {
      if (!WRITE_KINDS.has(planned.kind)) continue;
      const call = planned as InvoicesWriteCall;
      const sent: SyncIntentInvoice[] = write.invoices
        .filter((p) => p.write === call.kind)
        .map((p) => ({
          invoiceId: p.invoice.invoiceId,
          hash: p.payloadHash!,
          ...(p.decision?.kind === 'create' ? { create: { payload: p.payload!, lineIds: p.lineIds } } : {}),
        }));
      await this.journal(tenantId, call, sent);
      try {
        const elements = await sendDocuments(gateway, connection, call);
        answers[call.kind] = { elements };
        completed.push(call.idempotencyKey);
      } catch (error) {
        if (!(error instanceof ProxyError)) throw error;
        // The intent stays pending: a timeout or dropped connection may hide a write Xero did.
        answers[call.kind] = {
          failure: {
            code: error.code === 'XERO_VALIDATION' ? 'xero_validation' : 'xero_unavailable',
            message: `${error.message} It is safe to send the invoice again.`,
          },
        };
      }
    }

    const outcome = buildSyncResults(write, answers, {
      shortCode: connection.shortCode ?? undefined,
      now: new Date(this.deps.now()),
    });
    const before = Object.fromEntries(
      Object.entries(knowledge.invoices).map(([id, record]) => [id, record.entry]),
    );
    const ledgerUpdates = withDeliveryState(outcome.ledger, {
      settings: request.settings,
      invoices: request.invoices,
      before,
      recovered: new Set(recovery?.recovered.keys() ?? []),
    });
    const conflicts = await ledger.saveSyncLedger(tenantId, ledgerUpdates, completed, this.iso());
    if (conflicts.length) refuseConflicts(outcome.response, conflicts);
    await allocateCreditNotes(
      { ledger, gateway },
      connection,
      request.invoices,
      outcome.response,
      this.iso(),
    );
    if (recovery?.recovered.size)
      explainRecovered(outcome.response, recovery.recovered, connection.shortCode);
    await this.deliver(connection, request, outcome.response, ledgerUpdates.invoices, before, delivery);
    return outcome.response;
  }

  private deliveryDeps() {
    return { ledger: this.deps.ledger, gateway: this.deps.gateway, iso: () => this.iso() };
  }

  /**
   * Issue 14 §3 and §4 after the invoices are saved: online invoice links and emails for the approved sales
   * invoices, then each result carries its link (as the ledger holds it) and what happened to its email now.
   */
  private async deliver(
    connection: ConnectionRecord,
    request: SyncInvoicesRequest,
    response: SyncInvoicesResponse,
    saved: Record<string, LedgerInvoiceEntry>,
    before: Record<string, LedgerInvoiceEntry>,
    delivery: DeliveryOutcome,
  ): Promise<void> {
    const entries: Record<string, LedgerInvoiceEntry> = { ...before };
    for (const [id, entry] of Object.entries(saved)) entries[id.toLowerCase()] = entry;
    const plan = planInvoiceDelivery({
      settings: request.settings,
      invoices: request.invoices,
      results: response.results,
      entries,
      emailsInDoubt: delivery.inDoubt,
      dayCallsRemaining: this.deps.dayCallsRemaining?.(connection.tenantId),
    });
    if (plan.links.length || plan.emails.length)
      await deliverAuthorisedInvoices(this.deliveryDeps(), connection, plan, delivery);
    for (const result of response.results) {
      if (result.outcome === 'failed') continue;
      const id = result.invoiceId.toLowerCase();
      const url = delivery.links.get(id) ?? entries[id]?.onlineInvoice?.url;
      if (url) result.onlineInvoiceUrl = url;
      const email: InvoiceEmailOutcome | undefined = delivery.emails.get(id);
      if (email) result.email = email;
    }
  }

  /**
   * Who holds each Xero invoice this batch may write to (its ledger entry's, or the id the request carried), so the
   * plan refuses a write to a Xero invoice that stands for another Dataverse invoice. One store query, no Xero call.
   */
  private async xeroInvoiceOwners(
    tenantId: string,
    request: SyncInvoicesRequest,
    inLedger: Record<string, { entry: { xeroInvoiceId: string } }>,
  ): Promise<Record<string, string[]>> {
    const xeroIds = request.invoices
      .map((i) => inLedger[i.invoiceId.toLowerCase()]?.entry.xeroInvoiceId ?? i.xeroInvoiceId)
      .filter((id): id is string => !!id);
    const owners: Record<string, string[]> = {};
    if (!xeroIds.length) return owners;
    for (const record of await this.deps.ledger.findLedgerByXeroIds(tenantId, xeroIds)) {
      const xeroId = record.entry.xeroInvoiceId.toLowerCase();
      (owners[xeroId] ??= []).push(record.invoiceId.toLowerCase());
    }
    return owners;
  }

  private async journal(tenantId: string, call: XeroCall, invoices: SyncIntentInvoice[]): Promise<void> {
    if (!('idempotencyKey' in call)) return;
    await this.deps.ledger.journalIntent({
      tenantId,
      idempotencyKey: call.idempotencyKey,
      purpose: call.kind,
      invoices,
      createdAt: this.iso(),
    });
  }
}

/**
 * The ledger refused these results: the Xero invoice Xero answered with already stands for another Dataverse
 * invoice (it never should, as creates go by PUT; this is the last guard). The result must not send that id to
 * Dynamics 365, or the two invoices would share it there too.
 */
function refuseConflicts(response: SyncInvoicesResponse, conflicts: readonly LedgerConflict[]): void {
  for (const conflict of conflicts) {
    const result = response.results.find(
      (r) => r.invoiceId.toLowerCase() === conflict.invoiceId.toLowerCase() && r.outcome !== 'failed',
    );
    if (!result) continue;
    const message =
      `Xero answered with invoice ${conflict.xeroInvoiceId}, which already stands for Dynamics 365 invoice ` +
      `${conflict.heldBy}; the proxy did not link this invoice to it. Check both invoices in Xero, then retry this one.`;
    const failed: InvoiceSyncResult = {
      invoiceId: result.invoiceId,
      outcome: 'failed',
      message,
      errors: [{ code: 'xero_validation', message, field: 'xeroInvoiceId' }],
    };
    if (result.xeroContactId) failed.xeroContactId = result.xeroContactId;
    response.results[response.results.indexOf(result)] = failed;
  }
  const count = (outcome: InvoiceSyncResult['outcome']): number =>
    response.results.filter((r) => r.outcome === outcome).length;
  response.summary = {
    total: response.results.length,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    failed: count('failed'),
  };
}

/**
 * An invoice recovered from Xero was created by an attempt whose answer was lost; the batch found it unchanged.
 * To the flow it is the create it asked for, with Xero's numbers.
 */
function explainRecovered(
  response: SyncInvoicesResponse,
  recovered: Map<string, XeroInvoiceRecord>,
  shortCode: string | null,
): void {
  for (const result of response.results) {
    const found = recovered.get(result.invoiceId.toLowerCase());
    if (!found || result.outcome !== 'unchanged') continue;
    const r = result as InvoiceSyncResult;
    r.outcome = 'created';
    r.message =
      `${isCreditNote(found.Type) ? `${documentNoun(found.Type).replace(/^./, (c) => c.toUpperCase())}` : 'Invoice'} has been created in Xero - ${found.InvoiceID}${found.InvoiceNumber ? ` (${found.InvoiceNumber})` : ''}. ` +
      'An earlier attempt created it but its answer was lost; the proxy found it in Xero instead of creating it again.';
    if (found.Status && STATUSES.includes(found.Status)) r.status = found.Status as XeroInvoiceStatus;
    if (found.SubTotal !== undefined) r.subTotal = found.SubTotal;
    if (found.TotalTax !== undefined) r.totalTax = found.TotalTax;
    if (found.Total !== undefined) r.total = found.Total;
    if (found.AmountDue !== undefined) r.amountDue = found.AmountDue;
    if (found.InvoiceNumber) r.invoiceNumber = found.InvoiceNumber;
    r.url = xeroInvoiceLink(found.Type, found.InvoiceID!, shortCode ?? undefined);
  }
  response.summary.created = response.results.filter((r) => r.outcome === 'created').length;
  response.summary.unchanged = response.results.filter((r) => r.outcome === 'unchanged').length;
}
