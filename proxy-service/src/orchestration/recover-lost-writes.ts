/**
 * Before a batch plans, pending intents naming its invoices are settled: a create whose answer never reached the
 * ledger (the proxy died, or the connection dropped after Xero wrote) is looked for in Xero and, when found, put in
 * the ledger, so the batch updates it (or finds it unchanged) instead of creating it a second time.
 *
 * Cost: only when something was lost — one GET /Invoices by InvoiceNumbers for creates that carried a number, one
 * by ContactIDs for the others (up to 1,000 invoices of those contacts, Xero's largest page); and for credit notes
 * one GET /CreditNotes by their contacts.
 */
import { isCreditNote } from '../domain/invoices/document-kind';
import { chunkOrClauses, guidClause } from '../domain/invoices/where-clause';
import type { LedgerInvoiceEntry, LedgerUpdates } from '../domain/invoices/sync-ledger';
import type { XeroDocumentStatus, XeroInvoiceRecord } from '../domain/invoices/xero-payloads';
import type { ConnectionRecord } from '../store/store';
import type { XeroGateway } from '../xero/xero-gateway';
import { invoiceFingerprint } from './invoice-fingerprint';
import type {
  InvoiceLedgerStore,
  SyncIntentInvoice,
  SyncIntentRecord,
} from '../store/invoice-ledger/invoice-ledger-store';

const STATUSES: readonly string[] = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'];

export interface RecoveryOutcome {
  /** Invoices found in Xero and now in the ledger (Dataverse id as sent → Xero's record). */
  recovered: Map<string, XeroInvoiceRecord>;
  /** Intents settled (every create in them is now either in the ledger or known not to be in Xero). */
  settled: string[];
}

export async function recoverLostWrites(
  deps: { ledger: InvoiceLedgerStore; gateway: XeroGateway },
  connection: ConnectionRecord,
  pending: readonly SyncIntentRecord[],
  now: string,
): Promise<RecoveryOutcome> {
  const tenantId = connection.tenantId;
  const creates = new Map<string, SyncIntentInvoice>();
  for (const intent of pending) {
    for (const invoice of intent.invoices) {
      if (invoice.create) creates.set(invoice.invoiceId.toLowerCase(), invoice);
    }
  }
  const outcome: RecoveryOutcome = { recovered: new Map(), settled: pending.map((i) => i.idempotencyKey) };
  if (creates.size) {
    const known = await deps.ledger.getSyncKnowledge(tenantId, {
      invoiceIds: [...creates.keys()],
      customerIds: [],
      itemCodes: [],
    });
    const lost = [...creates.values()].filter((c) => !known.invoices[c.invoiceId.toLowerCase()]);
    const candidates = await findCandidates(deps.gateway, connection, lost);
    const claimed = new Set(
      (
        await deps.ledger.findLedgerByXeroIds(
          tenantId,
          candidates.map((c) => c.InvoiceID!),
        )
      ).map((r) => r.entry.xeroInvoiceId.toLowerCase()),
    );
    const updates: LedgerUpdates = { invoices: {}, contacts: {}, itemCodes: [] };
    for (const create of lost) {
      const sent = create.create!.payload;
      const want = invoiceFingerprint(sent, sent);
      const match = candidates.find(
        (c) => !claimed.has(c.InvoiceID!.toLowerCase()) && invoiceFingerprint(sent, c) === want,
      );
      if (!match) continue;
      claimed.add(match.InvoiceID!.toLowerCase());
      updates.invoices[create.invoiceId] = ledgerEntryFor(create, match);
      outcome.recovered.set(create.invoiceId.toLowerCase(), match);
    }
    await deps.ledger.saveSyncLedger(tenantId, updates, outcome.settled, now);
  } else if (outcome.settled.length) {
    await deps.ledger.saveSyncLedger(
      tenantId,
      { invoices: {}, contacts: {}, itemCodes: [] },
      outcome.settled,
      now,
    );
  }
  return outcome;
}

async function findCandidates(
  gateway: XeroGateway,
  connection: ConnectionRecord,
  lostWrites: readonly SyncIntentInvoice[],
): Promise<XeroInvoiceRecord[]> {
  let lost = lostWrites;
  if (!lost.length) return [];
  const found: XeroInvoiceRecord[] = [];
  const lostNotes = lost.filter((c) => isCreditNote(c.create!.payload.Type));
  lost = lost.filter((c) => !isCreditNote(c.create!.payload.Type));
  const noteContacts = [...new Set(lostNotes.map((c) => c.create!.payload.Contact.ContactID))];
  const clauses = noteContacts
    .map((id) => guidClause('Contact.ContactID', id))
    .filter((c): c is string => !!c);
  for (const where of chunkOrClauses(clauses)) {
    found.push(...(await gateway.findCreditNotesAsDocuments(connection, where)));
  }
  const numbers = [
    ...new Set(lost.map((c) => c.create!.payload.InvoiceNumber).filter((n): n is string => !!n)),
  ];
  const contacts = [
    ...new Set(
      lost.filter((c) => !c.create!.payload.InvoiceNumber).map((c) => c.create!.payload.Contact.ContactID),
    ),
  ];
  if (numbers.length) found.push(...(await gateway.findInvoices(connection, { invoiceNumbers: numbers })));
  if (contacts.length) found.push(...(await gateway.findInvoices(connection, { contactIds: contacts })));
  return found.filter((c) => !!c.InvoiceID);
}

function ledgerEntryFor(create: SyncIntentInvoice, found: XeroInvoiceRecord): LedgerInvoiceEntry {
  const lines = found.LineItems ?? [];
  const lineIds = create.create!.lineIds;
  const entry: LedgerInvoiceEntry = {
    xeroInvoiceId: found.InvoiceID!,
    ...(isCreditNote(create.create!.payload.Type) ? { documentType: create.create!.payload.Type } : {}),
    payloadHash: create.hash,
    hasPayments: (found.AmountPaid ?? 0) > 0 || (found.AmountCredited ?? 0) > 0,
    lineItemIds:
      lines.length === lineIds.length
        ? Object.fromEntries(
            lineIds.flatMap((id, i) => (lines[i]?.LineItemID ? [[id, lines[i]!.LineItemID!]] : [])),
          )
        : {},
  };
  if (found.InvoiceNumber) entry.invoiceNumber = found.InvoiceNumber;
  if (found.Status && STATUSES.includes(found.Status)) entry.status = found.Status as XeroDocumentStatus;
  if (found.Contact?.ContactID) entry.xeroContactId = found.Contact.ContactID;
  return entry;
}
