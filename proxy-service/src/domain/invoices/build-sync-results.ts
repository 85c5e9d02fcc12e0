/**
 * Xero's answers to the invoices writes (PUT creates, POST updates; `summarizeErrors=false`: HTTP 200, one element
 * per invoice in the order sent, each `StatusAttributeString` OK/WARNING/ERROR with `ValidationErrors`) → the
 * contract's per-invoice results and what the ledger should remember. Every invoice of the request gets exactly one
 * result, in request order, including those that failed in planning and those that were unchanged.
 *
 * The ledger only learns Xero contact ids Xero showed: found or created by this batch, or on an invoice Xero
 * accepted. An id Xero refused is neither stored nor returned, and a ledger mapping to it is dropped.
 */
import type {
  InvoiceSyncResult,
  SyncError,
  SyncInvoicesResponse,
  SyncedLine,
  XeroInvoiceStatus,
} from '@dxc/openapi';
import type { InvoicesStage, PlannedInvoice } from './plan-sync-batch';
import type { InvoicesWriteKind } from './xero-calls';
import type { LedgerInvoiceEntry, LedgerUpdates } from './sync-ledger';
import type { SyncProblemCode } from './sync-problem';
import { syncProblem } from './sync-problem';
import { xeroInvoiceLink } from './xero-deep-link';
import type { XeroInvoicePayload, XeroInvoiceRecord, XeroLineItemRecord } from './xero-payloads';
import { toDateTime } from '../xero-dates';
import { documentNoun, isCreditNote } from './document-kind';

/** What came back from an invoices write: its elements, or why the whole call failed (after the gateway's retries). */
export type InvoicesWriteAnswer =
  | { elements: readonly XeroInvoiceRecord[] }
  | { failure: { code: SyncProblemCode | string; message: string } };

/** The answer to each invoices write the plan has (`invoices.create`, `invoices.update`). */
export type InvoicesWriteAnswers = Partial<Record<InvoicesWriteKind, InvoicesWriteAnswer>>;

export interface SyncResultContext {
  /** Organisation short code for deep links (GET /Organisation ShortCode). */
  shortCode?: string;
  /** When the proxy finished the batch. */
  now: Date;
}

export interface SyncBatchOutcome {
  response: SyncInvoicesResponse;
  ledger: LedgerUpdates;
}

const lower = (id: string): string => id.toLowerCase();
const STATUSES: readonly string[] = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'];
const asStatus = (value: string | undefined): XeroInvoiceStatus | undefined =>
  value && STATUSES.includes(value) ? (value as XeroInvoiceStatus) : undefined;

const RETRY_HINT =
  'Fix it in Dynamics 365, then set Export status back to No (or press Retry) to send it again.';

/** Xero's refusal of a create (PUT) whose sales invoice number another invoice has (reference/xero-api.md §2). */
const NUMBER_IN_USE = /Invoice # must be unique/i;
/** Xero's refusal of a ContactID it does not have (the emulator's wording; UNVERIFIED against live Xero). */
const CONTACT_UNKNOWN = /ContactID could not be found/i;

/**
 * The seed product's rule for a number already used in Xero: renumber in Dynamics 365 or void the other invoice.
 * Voided (and deleted) invoices keep their numbers in Xero, so the other one needs a new number too (third-party
 * integration guides say so; UNVERIFIED against Xero's own documentation).
 */
function numberInUseMessage(number: string): string {
  return (
    `Invoice number ${number} is already used by another invoice in Xero; that invoice was left as it is. ` +
    'Fix the invoice number in Dynamics 365, or void the other invoice in Xero (give it another number first: ' +
    'Xero keeps the numbers of voided invoices), then set Export status back to No (or press Retry).'
  );
}

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function refused(element: XeroInvoiceRecord): boolean {
  return (
    element.StatusAttributeString === 'ERROR' ||
    element.HasErrors === true ||
    (element.ValidationErrors?.length ?? 0) > 0
  );
}

/** Pairs the lines we sent with the lines Xero returned: by LineItemID where we sent one, else by position. */
function syncedLines(
  sent: XeroInvoicePayload,
  lineIds: readonly string[],
  returned: readonly XeroLineItemRecord[],
): { lines: SyncedLine[]; complete: boolean } {
  const sameCount = returned.length === sent.LineItems.length;
  let complete = true;
  const lines = lineIds.map((lineId, index): SyncedLine => {
    const ours = sent.LineItems[index];
    const theirs =
      (ours?.LineItemID ? returned.find((l) => l.LineItemID === ours.LineItemID) : undefined) ??
      (sameCount ? returned[index] : undefined);
    if (!theirs) {
      complete = false;
      return { lineId };
    }
    const line: SyncedLine = { lineId };
    if (theirs.LineItemID) line.xeroLineItemId = theirs.LineItemID;
    // A description-only note line carries no amounts: its tax is 0.
    line.taxAmount = theirs.TaxAmount ?? 0;
    line.lineAmount = theirs.LineAmount ?? 0;
    return line;
  });
  return { lines, complete };
}

function failedResult(planned: PlannedInvoice, errors: SyncError[], lead?: string): InvoiceSyncResult {
  const result: InvoiceSyncResult = {
    invoiceId: planned.invoice.invoiceId,
    outcome: 'failed',
    message: [lead, ...errors.map((e) => e.message), ...planned.notes].filter(Boolean).join(' '),
    errors,
  };
  const xeroInvoiceId =
    planned.decision && 'xeroInvoiceId' in planned.decision ? planned.decision.xeroInvoiceId : undefined;
  if (xeroInvoiceId) result.xeroInvoiceId = xeroInvoiceId;
  if (planned.xeroContactId) result.xeroContactId = planned.xeroContactId;
  return result;
}

/** What every invoice's result is built from: the batch's answers and where the ledger's updates go. */
interface ResultScope {
  answers: InvoicesWriteAnswers;
  context: SyncResultContext;
  known: Record<string, { invoiceNumber?: string; status?: XeroInvoiceStatus }>;
  syncedAt: string;
  ledger: LedgerUpdates;
}

function unchangedResult(
  planned: PlannedInvoice,
  xeroInvoiceId: string,
  { known, context, syncedAt }: ResultScope,
): InvoiceSyncResult {
  const { invoice } = planned;
  const entry = known[invoice.invoiceId] ?? known[invoice.invoiceId.toLowerCase()];
  const result: InvoiceSyncResult = {
    invoiceId: invoice.invoiceId,
    outcome: 'unchanged',
    xeroInvoiceId,
    url: xeroInvoiceLink(invoice.invoiceType, xeroInvoiceId, context.shortCode),
    syncedAt,
    message: ['Nothing has changed since the last sync, so Xero was not called.', ...planned.notes].join(' '),
    errors: [],
  };
  if (entry?.invoiceNumber) result.invoiceNumber = entry.invoiceNumber;
  if (entry?.status) result.status = entry.status;
  if (planned.xeroContactId) result.xeroContactId = planned.xeroContactId;
  return result;
}

function refusedResult(
  planned: PlannedInvoice,
  element: XeroInvoiceRecord,
  { ledger }: ResultScope,
): InvoiceSyncResult {
  const { invoice } = planned;
  const messages = (element.ValidationErrors ?? []).map((e) => e.Message).filter(Boolean);
  const number = planned.payload!.InvoiceNumber;
  const numberInUse =
    planned.decision!.kind === 'create' && !!number && messages.some((m) => NUMBER_IN_USE.test(m));
  const contactUnknown = messages.some((m) => CONTACT_UNKNOWN.test(m));
  const errors = (messages.length ? messages : ['Xero refused the invoice without a reason.']).map((m) =>
    NUMBER_IN_USE.test(m) && numberInUse
      ? syncProblem('xero_validation', m, 'invoiceNumber')
      : CONTACT_UNKNOWN.test(m)
        ? syncProblem('xero_validation', m, 'customer')
        : syncProblem('xero_validation', m),
  );
  const result = failedResult(planned, errors, 'Xero refused the invoice:');
  if (contactUnknown) {
    // Never hand back (or keep) an id Xero refused: the flow would store it on the customer.
    delete result.xeroContactId;
    if (planned.xeroContactId) ledger.forgetContacts![lower(invoice.customer.id)] = planned.xeroContactId;
    delete ledger.contacts[lower(invoice.customer.id)];
    result.message =
      `${result.message} Xero does not have the contact ${planned.xeroContactId} in this organisation. ` +
      'The proxy no longer uses that id for this customer: the next sync finds the customer in Xero by its ' +
      "contact number (or creates it when 'Create new contacts' is on). Set Export status back to No (or press " +
      'Retry) to send it again.';
  } else {
    result.message = `${result.message} ${numberInUse ? numberInUseMessage(number!) : RETRY_HINT}`;
  }
  return result;
}

/** What the ledger remembers of an invoice Xero accepted. */
function acceptedLedgerEntry(
  planned: PlannedInvoice,
  element: XeroInvoiceRecord & { InvoiceID: string },
  result: InvoiceSyncResult,
  lines: readonly SyncedLine[],
): LedgerInvoiceEntry {
  const { invoice } = planned;
  const { status, invoiceNumber: number } = result;
  const entry: LedgerInvoiceEntry = {
    xeroInvoiceId: element.InvoiceID,
    ...(isCreditNote(invoice.invoiceType) ? { documentType: invoice.invoiceType } : {}),
    payloadHash: planned.payloadHash,
    hasPayments: (element.AmountPaid ?? 0) > 0 || (element.AmountCredited ?? 0) > 0,
    lineItemIds: Object.fromEntries(
      lines.filter((l) => l.xeroLineItemId).map((l) => [l.lineId, l.xeroLineItemId!]),
    ),
  };
  if (number) entry.invoiceNumber = number;
  if (status) entry.status = status;
  if (element.AmountDue !== undefined) entry.amountDue = element.AmountDue;
  if (element.AmountPaid !== undefined) entry.amountPaid = element.AmountPaid;
  // The sync's write-back gives Dataverse this state.
  if (status) entry.reported = { status, amountDue: element.AmountDue, amountPaid: element.AmountPaid };
  const updatedAt = toDateTime(element.UpdatedDateUTC);
  if (updatedAt) entry.xeroUpdatedAt = updatedAt;
  entry.customer = { kind: invoice.customer.kind, id: lower(invoice.customer.id) };
  if (result.xeroContactId) entry.xeroContactId = result.xeroContactId;
  return entry;
}

function acceptedResult(
  planned: PlannedInvoice,
  element: XeroInvoiceRecord & { InvoiceID: string },
  { context, syncedAt, ledger }: ResultScope,
): InvoiceSyncResult {
  const { invoice } = planned;
  const created = planned.decision!.kind === 'create';
  const { lines, complete } = syncedLines(planned.payload!, planned.lineIds, element.LineItems ?? []);
  const notes = [...planned.notes, ...(element.Warnings ?? []).map((w) => `Xero warning: ${w.Message}`)];
  if (!complete) {
    notes.push(
      `Xero returned ${element.LineItems?.length ?? 0} lines for the ${planned.lineIds.length} sent, so the tax of some lines could not be written back.`,
    );
  }
  const number = element.InvoiceNumber || planned.payload!.InvoiceNumber;
  const status = asStatus(element.Status);
  const result: InvoiceSyncResult = {
    invoiceId: invoice.invoiceId,
    outcome: created ? 'created' : 'updated',
    xeroInvoiceId: element.InvoiceID,
    url: xeroInvoiceLink(element.Type ?? invoice.invoiceType, element.InvoiceID, context.shortCode),
    lines,
    syncedAt,
    message: [
      `${capitalised(documentNoun(invoice.invoiceType === 'ACCPAY' ? 'ACCREC' : invoice.invoiceType))} has been ${created ? 'created' : 'updated'} in Xero - ${element.InvoiceID}${number ? ` (${number})` : ''}.`,
      ...notes,
    ].join(' '),
    errors: [],
  };
  if (number) result.invoiceNumber = number;
  if (status) result.status = status;
  if (element.SubTotal !== undefined) result.subTotal = element.SubTotal;
  if (element.TotalTax !== undefined) result.totalTax = element.TotalTax;
  if (element.Total !== undefined) result.total = element.Total;
  if (element.AmountDue !== undefined) result.amountDue = element.AmountDue;
  if (element.AmountPaid !== undefined) result.amountPaid = element.AmountPaid;
  const currency = element.CurrencyCode ?? invoice.currencyCode;
  if (currency) result.currencyCode = currency;
  result.xeroContactId = element.Contact?.ContactID ?? planned.xeroContactId;

  // Xero accepted an invoice for this contact: the id is real.
  if (result.xeroContactId) ledger.contacts[lower(invoice.customer.id)] = result.xeroContactId;
  ledger.invoices[invoice.invoiceId] = acceptedLedgerEntry(planned, element, result, lines);
  return result;
}

function invoiceResult(planned: PlannedInvoice, scope: ResultScope): InvoiceSyncResult {
  if (planned.errors?.length) return failedResult(planned, planned.errors);
  const decision = planned.decision!;
  if (decision.kind === 'unchanged') return unchangedResult(planned, decision.xeroInvoiceId, scope);
  const answer = planned.write ? scope.answers[planned.write] : undefined;
  if (!answer || 'failure' in answer) {
    const failure =
      answer && 'failure' in answer ? answer.failure : { code: 'xero_unavailable', message: '' };
    return failedResult(
      planned,
      [syncProblem(failure.code as SyncProblemCode, failure.message || 'Xero did not answer.')],
      'The invoice could not be sent to Xero:',
    );
  }
  const element = answer.elements[planned.callIndex!];
  if (!element) {
    return failedResult(planned, [
      syncProblem('xero_unavailable', 'Xero returned no answer for this invoice; it is safe to retry.'),
    ]);
  }
  if (refused(element) || !element.InvoiceID) return refusedResult(planned, element, scope);
  return acceptedResult(planned, { ...element, InvoiceID: element.InvoiceID }, scope);
}

function summaryOf(results: readonly InvoiceSyncResult[]): SyncInvoicesResponse['summary'] {
  const count = (outcome: InvoiceSyncResult['outcome']): number =>
    results.filter((r) => r.outcome === outcome).length;
  return {
    total: results.length,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    failed: count('failed'),
  };
}

export function buildSyncResults(
  stage: InvoicesStage,
  answers: InvoicesWriteAnswers,
  context: SyncResultContext,
): SyncBatchOutcome {
  for (const call of stage.calls) {
    if (!answers[call.kind as InvoicesWriteKind]) {
      throw new Error(
        `buildSyncResults: the plan has an ${call.kind} call, so its answer (or failure) is required`,
      );
    }
  }
  const ledger: LedgerUpdates = {
    invoices: {},
    contacts: { ...stage.contacts.learned },
    itemCodes: [...stage.items.learned],
    forgetContacts: {},
  };
  const scope: ResultScope = {
    answers,
    context,
    known: stage.creates.lookups.input.known?.invoices ?? {},
    syncedAt: context.now.toISOString(),
    ledger,
  };
  const results = stage.invoices.map((planned) => invoiceResult(planned, scope));
  if (!Object.keys(ledger.forgetContacts!).length) delete ledger.forgetContacts;
  return { response: { summary: summaryOf(results), results }, ledger };
}
