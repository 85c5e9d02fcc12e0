/**
 * The one door to Xero: every Accounting API operation the proxy uses, by name. Callers outside xero/ see these
 * methods only; xero-node's positional API and the generic call (xero-caller.ts: tokens, rate budget, retries,
 * failure mapping) stay behind them. The operations live by concern in operations/.
 */
import type { ConnectionRecord } from '../store/store';
import { XeroCaller } from './xero-caller';
import type { XeroCallerOptions } from './xero-caller';
import * as contactsAndItems from './operations/contacts-and-items';
import * as creditNotes from './operations/credit-notes';
import * as invoices from './operations/invoices';
import * as referenceData from './operations/reference-data';

export type XeroGatewayOptions = XeroCallerOptions;

/** An operation's parameters after the caller it is given. */
type Args<F> = F extends (xero: XeroCaller, ...rest: infer A) => unknown ? A : never;

export class XeroGateway {
  private readonly xero: XeroCaller;

  constructor(options: XeroGatewayOptions) {
    this.xero = new XeroCaller(options);
  }

  // --- The organisation and its reference data (operations/reference-data.ts) ---------------------------------
  getOrganisation(connection: ConnectionRecord) {
    return referenceData.getOrganisation(this.xero, connection);
  }
  listTrackingCategories(connection: ConnectionRecord) {
    return referenceData.listTrackingCategories(this.xero, connection);
  }
  listTaxRates(connection: ConnectionRecord) {
    return referenceData.listTaxRates(this.xero, connection);
  }
  listAccounts(connection: ConnectionRecord) {
    return referenceData.listAccounts(this.xero, connection);
  }
  listBrandingThemes(connection: ConnectionRecord) {
    return referenceData.listBrandingThemes(this.xero, connection);
  }

  // --- Contacts and items (operations/contacts-and-items.ts) --------------------------------------------------
  listContactsWithBalances(...a: Args<typeof contactsAndItems.listContactsWithBalances>) {
    return contactsAndItems.listContactsWithBalances(this.xero, ...a);
  }
  lookupContacts(...a: Args<typeof contactsAndItems.lookupContacts>) {
    return contactsAndItems.lookupContacts(this.xero, ...a);
  }
  lookupItems(...a: Args<typeof contactsAndItems.lookupItems>) {
    return contactsAndItems.lookupItems(this.xero, ...a);
  }
  createContacts(...a: Args<typeof contactsAndItems.createContacts>) {
    return contactsAndItems.createContacts(this.xero, ...a);
  }
  createItems(...a: Args<typeof contactsAndItems.createItems>) {
    return contactsAndItems.createItems(this.xero, ...a);
  }

  // --- Invoices (operations/invoices.ts) ----------------------------------------------------------------------
  listInvoicesModifiedSince(...a: Args<typeof invoices.listInvoicesModifiedSince>) {
    return invoices.listInvoicesModifiedSince(this.xero, ...a);
  }
  listInvoicesByIds(...a: Args<typeof invoices.listInvoicesByIds>) {
    return invoices.listInvoicesByIds(this.xero, ...a);
  }
  createInvoices(...a: Args<typeof invoices.createInvoices>) {
    return invoices.createInvoices(this.xero, ...a);
  }
  writeInvoices(...a: Args<typeof invoices.writeInvoices>) {
    return invoices.writeInvoices(this.xero, ...a);
  }
  findInvoices(...a: Args<typeof invoices.findInvoices>) {
    return invoices.findInvoices(this.xero, ...a);
  }
  getInvoice(...a: Args<typeof invoices.getInvoice>) {
    return invoices.getInvoice(this.xero, ...a);
  }
  setInvoiceStatus(...a: Args<typeof invoices.setInvoiceStatus>) {
    return invoices.setInvoiceStatus(this.xero, ...a);
  }
  getOnlineInvoiceUrl(...a: Args<typeof invoices.getOnlineInvoiceUrl>) {
    return invoices.getOnlineInvoiceUrl(this.xero, ...a);
  }
  emailInvoice(...a: Args<typeof invoices.emailInvoice>) {
    return invoices.emailInvoice(this.xero, ...a);
  }

  // --- Credit notes (operations/credit-notes.ts) --------------------------------------------------------------
  listCreditNotesModifiedSince(...a: Args<typeof creditNotes.listCreditNotesModifiedSince>) {
    return creditNotes.listCreditNotesModifiedSince(this.xero, ...a);
  }
  listCreditNotesWhere(...a: Args<typeof creditNotes.listCreditNotesWhere>) {
    return creditNotes.listCreditNotesWhere(this.xero, ...a);
  }
  createCreditNotes(...a: Args<typeof creditNotes.createCreditNotes>) {
    return creditNotes.createCreditNotes(this.xero, ...a);
  }
  updateCreditNotes(...a: Args<typeof creditNotes.updateCreditNotes>) {
    return creditNotes.updateCreditNotes(this.xero, ...a);
  }
  findCreditNotesAsDocuments(...a: Args<typeof creditNotes.findCreditNotesAsDocuments>) {
    return creditNotes.findCreditNotesAsDocuments(this.xero, ...a);
  }
  setCreditNoteStatus(...a: Args<typeof creditNotes.setCreditNoteStatus>) {
    return creditNotes.setCreditNoteStatus(this.xero, ...a);
  }
  createCreditNote(...a: Args<typeof creditNotes.createCreditNote>) {
    return creditNotes.createCreditNote(this.xero, ...a);
  }
  getCreditNote(...a: Args<typeof creditNotes.getCreditNote>) {
    return creditNotes.getCreditNote(this.xero, ...a);
  }
  findCreditNotes(...a: Args<typeof creditNotes.findCreditNotes>) {
    return creditNotes.findCreditNotes(this.xero, ...a);
  }
  allocateCreditNote(...a: Args<typeof creditNotes.allocateCreditNote>) {
    return creditNotes.allocateCreditNote(this.xero, ...a);
  }
}
