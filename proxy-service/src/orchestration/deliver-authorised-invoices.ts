/**
 * The Xero calls of issue 14 §3 and §4, made inside SyncInvoices once the batch's ledger is saved (the plan is
 * sync/invoices/plan-invoice-delivery.ts, which also explains the exactly-once design):
 * - the online invoice link: one GET per approved sales invoice, once; Xero's refusal is remembered too, so the
 *   invoice is never asked for again (a crash before the ledger write costs one repeat read, never an email);
 * - the email: journalled (purpose `invoices.email`) before the POST with the invoice's Idempotency-Key, and its
 *   outcome recorded with the intent's completion in one transaction. An email whose answer was lost (dropped
 *   connection, crash) stays "in doubt": the next sync of the organisation settles it by reading the invoice's
 *   SentToContact before sending anything again, because Xero keeps idempotency keys for only 6 minutes
 *   (reference/xero-api.md §2).
 * A refused email never fails the invoice: it is synced, and the refusal goes to the history.
 */
import type { InvoiceEmailOutcome } from '@dxc/openapi';
import { ProxyError } from '../errors';
import type { ConnectionRecord } from '../store/store';
import type { DeliveryPlan, EmailSend } from '../domain/invoices/plan-invoice-delivery';
import { emailRefusalMayPassLater } from '../domain/invoices/plan-invoice-delivery';
import type { XeroGateway } from '../xero/xero-gateway';
import type { InvoiceLedgerStore, SyncIntentRecord } from '../store/invoice-ledger/invoice-ledger-store';

export const EMAIL_PURPOSE = 'invoices.email';

export interface DeliveryDeps {
  ledger: InvoiceLedgerStore;
  gateway: XeroGateway;
  iso: () => string;
}

export interface DeliveryOutcome {
  /** Lower-cased Dataverse id → the online invoice URL fetched now. */
  links: Map<string, string>;
  /** Lower-cased Dataverse id → what happened to its email in this call. */
  emails: Map<string, InvoiceEmailOutcome>;
  /** Lower-cased Dataverse ids whose email was sent and not answered (settled by the next sync). */
  inDoubt: Set<string>;
}

export const emptyDeliveryOutcome = (): DeliveryOutcome => ({
  links: new Map(),
  emails: new Map(),
  inDoubt: new Set(),
});

/** "Xero refused the request. Xero said: <reason>" → the reason, for the history. */
function refusalReason(error: ProxyError): string {
  return error.message.replace(/^Xero refused the request\.\s*(Xero said:\s*)?/, '').trim() || error.message;
}

const sentMessage = (at: string, note = '') =>
  `Emailed from Xero on ${at.slice(0, 10)} at ${at.slice(11, 16)} UTC to the customer's email address in Xero.${note}`;

/**
 * Sends one email: journal, POST, record. Returns undefined when the answer was lost (the intent stays pending).
 * Errors that are not Xero's answers (the store failing) propagate: the invoice write is already saved.
 */
async function sendEmail(
  deps: DeliveryDeps,
  connection: ConnectionRecord,
  send: EmailSend,
): Promise<InvoiceEmailOutcome | undefined> {
  await deps.ledger.journalIntent({
    tenantId: connection.tenantId,
    idempotencyKey: send.idempotencyKey,
    purpose: EMAIL_PURPOSE,
    // `hash` names the Xero invoice: what settling the intent reads.
    invoices: [{ invoiceId: send.invoiceId.toLowerCase(), hash: send.xeroInvoiceId }],
    createdAt: deps.iso(),
  });
  return postAndRecord(deps, connection, send, '');
}

async function postAndRecord(
  deps: DeliveryDeps,
  connection: ConnectionRecord,
  send: EmailSend,
  note: string,
): Promise<InvoiceEmailOutcome | undefined> {
  const { ledger, gateway, iso } = deps;
  const tenantId = connection.tenantId;
  try {
    await gateway.emailInvoice(connection, send.xeroInvoiceId, send.idempotencyKey);
  } catch (error) {
    if (!(error instanceof ProxyError)) throw error;
    if (error.code !== 'XERO_VALIDATION' && error.code !== 'XERO_NOT_FOUND') return undefined;
    const at = iso();
    const reason = refusalReason(error);
    const retry = error.code === 'XERO_VALIDATION' && emailRefusalMayPassLater(reason);
    await ledger.recordDelivery(
      tenantId,
      send.invoiceId,
      { email: { state: 'failed', at, reason, retry, attempts: send.attempts + 1 } },
      send.idempotencyKey,
      at,
    );
    const next = retry
      ? ' The invoice is synced; the email is tried again the next time the invoice is synced (or send it from Xero).'
      : ' The invoice is synced; fix the contact in Xero and send the invoice from Xero.';
    return { outcome: 'failed', at, message: `Email failed: ${reason}${next}` };
  }
  const at = iso();
  await ledger.recordDelivery(
    tenantId,
    send.invoiceId,
    { email: { state: 'sent', at } },
    send.idempotencyKey,
    at,
  );
  return { outcome: 'sent', at, message: sentMessage(at, note) };
}

/**
 * Emails in doubt from earlier calls (intents still pending): a Xero invoice already SentToContact was emailed
 * (by us, or by someone in Xero: either way, not again); otherwise the same POST goes again with the same key.
 * One read per email in doubt, which only a crash or a lost answer creates.
 */
export async function settleEmailsInDoubt(
  deps: DeliveryDeps,
  connection: ConnectionRecord,
  pending: readonly SyncIntentRecord[],
): Promise<DeliveryOutcome> {
  const outcome = emptyDeliveryOutcome();
  for (const intent of pending) {
    if (intent.purpose !== EMAIL_PURPOSE || !intent.invoices[0]) continue;
    const { invoiceId, hash: xeroInvoiceId } = intent.invoices[0];
    const id = invoiceId.toLowerCase();
    const attempts = Number(/-(\d+)$/.exec(intent.idempotencyKey.slice(-4))?.[1] ?? 0);
    const send: EmailSend = { invoiceId: id, xeroInvoiceId, idempotencyKey: intent.idempotencyKey, attempts };
    let result: InvoiceEmailOutcome | undefined;
    try {
      const invoice = await deps.gateway.getInvoice(connection, xeroInvoiceId);
      if (invoice?.SentToContact) {
        const at = deps.iso();
        await deps.ledger.recordDelivery(
          connection.tenantId,
          id,
          { email: { state: 'sent', at } },
          intent.idempotencyKey,
          at,
        );
        result = {
          outcome: 'sent',
          at,
          message: sentMessage(at, ' (Xero confirmed it after an earlier attempt was interrupted.)'),
        };
      } else {
        result = await postAndRecord(deps, connection, send, '');
      }
    } catch (error) {
      if (!(error instanceof ProxyError)) throw error;
      result = undefined;
    }
    if (result) outcome.emails.set(id, result);
    else outcome.inDoubt.add(id);
  }
  return outcome;
}

/** The plan's links and emails, one call each; a link Xero refuses is remembered as unavailable. */
export async function deliverAuthorisedInvoices(
  deps: DeliveryDeps,
  connection: ConnectionRecord,
  plan: DeliveryPlan,
  outcome: DeliveryOutcome,
): Promise<DeliveryOutcome> {
  for (const target of plan.links) {
    let url: string | undefined;
    try {
      url = await deps.gateway.getOnlineInvoiceUrl(connection, target.xeroInvoiceId);
    } catch (error) {
      if (!(error instanceof ProxyError)) throw error;
      // Xero's refusal (e.g. a status without an online invoice) is final; an outage is asked again next time.
      if (error.code !== 'XERO_VALIDATION' && error.code !== 'XERO_NOT_FOUND') continue;
    }
    const at = deps.iso();
    await deps.ledger.recordDelivery(
      connection.tenantId,
      target.invoiceId,
      { onlineInvoice: url ? { url, at } : { at } },
      undefined,
      at,
    );
    if (url) outcome.links.set(target.invoiceId.toLowerCase(), url);
  }
  for (const send of plan.emails) {
    const id = send.invoiceId.toLowerCase();
    const result = await sendEmail(deps, connection, send);
    if (result) outcome.emails.set(id, result);
    else outcome.inDoubt.add(id);
  }
  return outcome;
}
