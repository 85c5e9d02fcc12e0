import type { Contact as XeroContact } from 'xero-node';
import type { ContactBalance } from './contract-shapes';
import { omitUndefined } from './map-tax-rate';

/**
 * Xero Contact (with Balances) → contract ContactBalance (B9). Xero reports balances in the organisation's base
 * currency; a contact without Balances owes nothing.
 */
export function mapContactBalance(contact: XeroContact, baseCurrency: string | null): ContactBalance {
  const receivable = contact.balances?.accountsReceivable;
  return omitUndefined({
    xeroContactId: contact.contactID ?? '',
    contactNumber: contact.contactNumber || undefined,
    name: contact.name || undefined,
    outstanding: receivable?.outstanding ?? 0,
    overdue: receivable?.overdue ?? 0,
    currencyCode: baseCurrency ?? undefined,
  });
}
