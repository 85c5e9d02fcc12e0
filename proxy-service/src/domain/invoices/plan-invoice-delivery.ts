/**
 * What an approved sales invoice gets from Xero besides the invoice itself (issue 14 §3, §4): its online invoice
 * link (GET /Invoices/{id}/OnlineInvoice) and an email to its contact (POST /Invoices/{id}/Email). Both cost one
 * Xero call per invoice, once in its life, so the ledger remembers what was asked and what came back; this module
 * only decides. orchestration/deliver-authorised-invoices.ts makes the calls.
 *
 * Exactly once for emails rests on three facts kept in the ledger: the email is marked `due` in the same write as
 * the sync's own ledger entry (a crash after it cannot lose the email); each send is journalled before it goes
 * (a crash during it leaves the intent pending, settled by reading SentToContact before anything is sent again);
 * and the outcome completes the intent in one transaction.
 */
import type { DataverseInvoice, InvoiceSyncResult, SyncSettings } from '@dxc/openapi';
import type { LedgerInvoiceEntry, LedgerUpdates } from './sync-ledger';

/**
 * With the Online Invoice Link setting on `auto`, the link is asked for only while Xero reports at least this many
 * calls left in the organisation's day (X-DayLimit-Remaining; Xero allows 5,000 a day per organisation,
 * reference/xero-api.md §1). The last fifth of the day is kept for the sync itself; a skipped link is asked for
 * the next time the invoice is synced.
 */
export const ONLINE_INVOICE_DAY_RESERVE = 1000;

/** Xero only gives the online invoice of approved sales invoices (not DRAFT; reference/xero-api.md §2). */
const LINK_STATUSES: ReadonlySet<string> = new Set(['AUTHORISED', 'PAID']);
/** Xero emails sales invoices in SUBMITTED, AUTHORISED or PAID; we only ever ask for ones we approved. */
const EMAIL_STATUSES: ReadonlySet<string> = new Set(['AUTHORISED', 'PAID']);
/** An invoice the ledger already knew in one of these had reached AUTHORISED before this sync. */
const APPROVED_BEFORE: ReadonlySet<string> = new Set(['AUTHORISED', 'PAID', 'VOIDED']);

const lower = (id: string) => id.toLowerCase();

/**
 * Xero's Idempotency-Key for an invoice's email: one per invoice (and per retry after a refusal that may pass
 * later), so a resend after a lost answer within Xero's 6 minutes replays instead of emailing again.
 */
export function emailIdempotencyKey(xeroInvoiceId: string, attempts: number): string {
  return `dxc-invoice-email-${lower(xeroInvoiceId)}${attempts ? `-${attempts}` : ''}`;
}

export interface DeliveryStateInput {
  settings: SyncSettings;
  invoices: readonly DataverseInvoice[];
  /** The ledger entries before this batch (lower-cased Dataverse ids). */
  before: Readonly<Record<string, LedgerInvoiceEntry | undefined>>;
  /** Invoices whose lost create this batch found in Xero (lower-cased ids): the sync approved them. */
  recovered: ReadonlySet<string>;
}

/**
 * The batch's ledger updates with what the entries already knew of the link and the email kept (the sync domain
 * builds fresh entries), and `email: due` on each sales invoice this sync made AUTHORISED with emailing on.
 */
export function withDeliveryState(updates: LedgerUpdates, input: DeliveryStateInput): LedgerUpdates {
  const sales = new Set(
    input.invoices.filter((i) => i.invoiceType === 'ACCREC').map((i) => lower(i.invoiceId)),
  );
  const invoices: Record<string, LedgerInvoiceEntry> = {};
  for (const [id, fresh] of Object.entries(updates.invoices)) {
    const prior = input.before[lower(id)];
    const entry: LedgerInvoiceEntry = { ...fresh };
    if (prior?.onlineInvoice) entry.onlineInvoice = prior.onlineInvoice;
    if (prior?.email) entry.email = prior.email;
    const approvedNow = !APPROVED_BEFORE.has(prior?.status ?? '') || input.recovered.has(lower(id));
    if (
      !entry.email &&
      input.settings.emailWhenAuthorised === true &&
      sales.has(lower(id)) &&
      entry.status === 'AUTHORISED' &&
      approvedNow
    )
      entry.email = { state: 'due' };
    invoices[id] = entry;
  }
  // A recovered create comes back unchanged (its entry was written by the recovery): it still earns its email.
  for (const id of input.recovered) {
    const prior = input.before[id];
    if (Object.keys(invoices).some((k) => lower(k) === id) || !prior || prior.email) continue;
    if (input.settings.emailWhenAuthorised === true && sales.has(id) && prior.status === 'AUTHORISED')
      invoices[id] = { ...prior, email: { state: 'due' } };
  }
  return { ...updates, invoices };
}

export interface DeliveryTarget {
  invoiceId: string;
  xeroInvoiceId: string;
}

export interface EmailSend extends DeliveryTarget {
  idempotencyKey: string;
  /** Sends tried before this one (refused in a way that may pass later). */
  attempts: number;
}

export interface DeliveryPlanInput {
  settings: SyncSettings;
  invoices: readonly DataverseInvoice[];
  results: readonly InvoiceSyncResult[];
  /** Each invoice's ledger entry after the batch was saved (lower-cased ids). */
  entries: Readonly<Record<string, LedgerInvoiceEntry | undefined>>;
  /** Invoices with an email sent whose answer is still unknown (lower-cased ids): nothing more is sent for them. */
  emailsInDoubt: ReadonlySet<string>;
  /** Xero's last X-DayLimit-Remaining for the organisation, when known. */
  dayCallsRemaining?: number;
}

export interface DeliveryPlan {
  links: DeliveryTarget[];
  /** Links the `auto` setting left for a later sync because the organisation's day is nearly used up. */
  linksDeferred: DeliveryTarget[];
  emails: EmailSend[];
}

export function planInvoiceDelivery(input: DeliveryPlanInput): DeliveryPlan {
  const plan: DeliveryPlan = { links: [], linksDeferred: [], emails: [] };
  const mode = input.settings.onlineInvoiceLink ?? 'auto';
  const linkBudget =
    mode === 'on' ||
    (mode === 'auto' &&
      (input.dayCallsRemaining === undefined || input.dayCallsRemaining >= ONLINE_INVOICE_DAY_RESERVE));
  const synced = new Set(input.results.filter((r) => r.outcome !== 'failed').map((r) => lower(r.invoiceId)));
  for (const invoice of input.invoices) {
    const id = lower(invoice.invoiceId);
    const entry = input.entries[id];
    if (invoice.invoiceType !== 'ACCREC' || !synced.has(id) || !entry) continue;
    const target = { invoiceId: invoice.invoiceId, xeroInvoiceId: entry.xeroInvoiceId };
    if (mode !== 'off' && !entry.onlineInvoice && LINK_STATUSES.has(entry.status ?? ''))
      (linkBudget ? plan.links : plan.linksDeferred).push(target);
    const email = entry.email;
    const wanted = email?.state === 'due' || (email?.state === 'failed' && email.retry);
    if (
      wanted &&
      input.settings.emailWhenAuthorised === true &&
      EMAIL_STATUSES.has(entry.status ?? '') &&
      !input.emailsInDoubt.has(id)
    ) {
      const attempts = email.state === 'failed' ? email.attempts : 0;
      plan.emails.push({
        ...target,
        attempts,
        idempotencyKey: emailIdempotencyKey(entry.xeroInvoiceId, attempts),
      });
    }
  }
  return plan;
}

/**
 * A refusal of Xero's that may pass later: its daily cap on emails sent from Xero (the wording is the emulator's
 * assumption, UNVERIFIED: Xero's own text was not found). Other refusals (no email address, a status that cannot
 * be emailed) stay refused until someone changes the invoice or the contact, so they are not tried again.
 */
export function emailRefusalMayPassLater(reason: string): boolean {
  return /\blimit\b/i.test(reason);
}
