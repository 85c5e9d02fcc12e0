/**
 * POST /Invoices/{InvoiceID}/Email (OAS emailInvoice: body `{}`, 204 No Content). Xero's rules, from its invoices
 * page as quoted in the xero-node SDK and third-party connectors ("The invoice must be of Type ACCREC and a valid
 * Status for sending (SUBMITTED, AUTHORISED or PAID). The email will be sent to the primary email address of the
 * contact on the invoice and any additional contact persons that have IncludeInEmails flag set to true."):
 * - only ACCREC invoices in SUBMITTED, AUTHORISED or PAID;
 * - to the contact's EmailAddress and every ContactPerson with IncludeInEmails and an address; none → refused;
 * - a per-organisation daily cap on emails sent from Xero (see DEFAULT_INVOICE_EMAILS_PER_DAY);
 * - the invoice is then marked SentToContact, as sending from Xero's UI does.
 * Every email is recorded (books.invoiceEmails) so tests can count how many each invoice got. Refusal wording is
 * UNVERIFIED: Xero's exact texts were not found.
 */
import { ElementValidationFailure } from '../domain/accounting-errors';
import { newId } from '../domain/deterministic-id';
import type { InvoiceEmailRecord, InvoiceRecord } from '../domain/records';
import { ElementReader } from '../domain/wire-input';
import type { OrganisationBooks } from './organisation-books';

/**
 * UNVERIFIED figure. Xero caps how many emails an organisation sends from Xero in a day (third-party connector
 * docs say so, and that a demo company sends none and a trial organisation few), but its published numbers could
 * not be found offline: developer.xero.com's invoices page, Xero Central and public SDK issues were searched
 * (2026-12). 1,000 a day is the emulator's assumption for a paid organisation; set
 * `OrganisationSeed.invoiceEmailsPerDay` to model a trial (small) or demo company (0).
 */
export const DEFAULT_INVOICE_EMAILS_PER_DAY = 1000;

const SENDABLE_STATUSES = ['SUBMITTED', 'AUTHORISED', 'PAID'] as const;

export const EMAIL_NOT_SENDABLE_MESSAGE =
  'Only sales invoices (ACCREC) with a status of SUBMITTED, AUTHORISED or PAID can be emailed.'; // UNVERIFIED wording

export function noEmailAddressMessage(contactName: string): string {
  return `The contact '${contactName}' has no email address, so the invoice cannot be emailed.`; // UNVERIFIED
}

export function dailyEmailLimitMessage(limit: number): string {
  return `This organisation has reached its daily limit of ${limit} emails sent from Xero. Try again tomorrow.`; // UNVERIFIED
}

function recipientsOf(books: OrganisationBooks, invoice: InvoiceRecord): { name: string; to: string[] } {
  const contact = books.findContact(invoice.contactId);
  if (!contact) return { name: invoice.contactId, to: [] };
  const to = contact.emailAddress?.trim() ? [contact.emailAddress.trim()] : [];
  for (const person of contact.contactPersons) {
    const r = new ElementReader(person);
    const address = r.string('EmailAddress')?.trim();
    if (address && r.boolean('IncludeInEmails') === true && !to.includes(address)) to.push(address);
  }
  return { name: contact.name, to };
}

export function emailInvoice(books: OrganisationBooks, invoice: InvoiceRecord): InvoiceEmailRecord {
  if (invoice.type !== 'ACCREC' || !(SENDABLE_STATUSES as readonly string[]).includes(invoice.status)) {
    throw new ElementValidationFailure([EMAIL_NOT_SENDABLE_MESSAGE]);
  }
  const { name, to } = recipientsOf(books, invoice);
  if (to.length === 0) throw new ElementValidationFailure([noEmailAddressMessage(name)]);
  const limit = books.seed.invoiceEmailsPerDay ?? DEFAULT_INVOICE_EMAILS_PER_DAY;
  const today = books.today();
  if (books.invoiceEmails().filter((e) => e.sentOn === today).length >= limit) {
    throw new ElementValidationFailure([dailyEmailLimitMessage(limit)]);
  }
  const now = books.now();
  const email = books.store.invoiceEmails.put({
    emailId: newId(),
    invoiceId: invoice.invoiceId,
    to,
    sentDateUtc: now,
    sentOn: today,
  });
  if (!invoice.sentToContact) {
    // UNVERIFIED: that marking the invoice sent moves UpdatedDateUTC (and so raises an INVOICE UPDATE event).
    books.store.invoices.put({ ...invoice, sentToContact: true, updatedDateUtc: now });
    books.noteChange('INVOICE', 'UPDATE', invoice.invoiceId);
  }
  return email;
}
