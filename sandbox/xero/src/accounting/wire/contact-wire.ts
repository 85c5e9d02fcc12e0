/** Contacts in Xero's wire shape (OAS Contact; reference/xero-api.md section 3). */
import type { OrganisationBooks } from '../books/organisation-books';
import type { ContactRecord, WireObject } from '../domain/records';
import { msDateOfInstant } from '../domain/wire-dates';

export interface ContactWireOptions {
  /**
   * Balances come on single GETs and paged lists (reference/xero-api.md section 3 recommends this; the exact
   * rule Xero applies is undocumented).
   */
  balances: boolean;
  summaryOnly: boolean;
}

export function contactToWire(
  books: OrganisationBooks,
  contact: ContactRecord,
  opts: ContactWireOptions,
): WireObject {
  const base: WireObject = {
    ContactID: contact.contactId,
    ContactNumber: contact.contactNumber,
    AccountNumber: contact.accountNumber,
    ContactStatus: contact.contactStatus,
    Name: contact.name,
    FirstName: contact.firstName,
    LastName: contact.lastName,
    EmailAddress: contact.emailAddress,
    CompanyNumber: contact.companyNumber,
    UpdatedDateUTC: msDateOfInstant(contact.updatedDateUtc),
    IsSupplier: books.isSupplier(contact.contactId),
    IsCustomer: books.isCustomer(contact.contactId),
    HasValidationErrors: false,
  };
  if (opts.summaryOnly) return base;
  const wire: WireObject = {
    ...base,
    BankAccountDetails: contact.bankAccountDetails,
    TaxNumber: contact.taxNumber,
    AccountsReceivableTaxType: contact.accountsReceivableTaxType,
    AccountsPayableTaxType: contact.accountsPayableTaxType,
    DefaultCurrency: contact.defaultCurrency,
    Website: contact.website,
    Addresses: contact.addresses,
    Phones: contact.phones,
    ContactGroups: [],
    ContactPersons: contact.contactPersons,
    SalesTrackingCategories: [],
    PurchasesTrackingCategories: [],
    HasAttachments: false,
  };
  if (opts.balances) {
    const b = books.balancesOf(contact.contactId);
    wire.Balances = {
      AccountsReceivable: {
        Outstanding: b.accountsReceivable.outstanding,
        Overdue: b.accountsReceivable.overdue,
      },
      AccountsPayable: { Outstanding: b.accountsPayable.outstanding, Overdue: b.accountsPayable.overdue },
    };
  }
  return wire;
}
