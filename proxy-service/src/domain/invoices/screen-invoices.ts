/**
 * Which invoices of a batch the proxy refuses before ANY Xero call, so a refused invoice leaves nothing behind in
 * Xero (no contact, no item created for it): the second copy of an invoice in the batch, an invoice whose Xero
 * invoice belongs to another Dynamics 365 invoice, and every check `mapInvoiceToXero` makes that does not depend on
 * what Xero answers (dates, quantities, account codes, numbers, discounts on bills, …).
 *
 * The contact and the items are not known yet, so the check maps the invoice with a stand-in contact and with every
 * product code taken as an item. The one check that depends on Xero's answer — a product line with no text whose
 * item Xero then refuses — is still made when the invoices write is planned.
 */
import type { DataverseInvoice, SyncError, SyncSettings } from '@dxc/openapi';
import { mapInvoiceToXero } from './map-invoice-to-xero';
import { productCodeOf } from './plan-items';
import type { KnownMappings, LedgerInvoiceEntry } from './sync-ledger';
import { syncProblem } from './sync-problem';

const lower = (id: string): string => id.toLowerCase();

/** Stands in for the customer's ContactID while checking: the checks never read it. */
const ANY_CONTACT = '00000000-0000-0000-0000-000000000000';

/** The ledger's entry for the invoice, or just the Xero id the request carried (an earlier sync stored it). */
export function ledgerEntryFor(
  invoice: DataverseInvoice,
  known: KnownMappings | undefined,
): (Pick<LedgerInvoiceEntry, 'xeroInvoiceId'> & Partial<LedgerInvoiceEntry>) | undefined {
  return (
    known?.invoices?.[invoice.invoiceId] ??
    known?.invoices?.[lower(invoice.invoiceId)] ??
    (invoice.xeroInvoiceId ? { xeroInvoiceId: invoice.xeroInvoiceId } : undefined)
  );
}

function ownedElsewhere(
  invoice: DataverseInvoice,
  xeroInvoiceId: string,
  known: KnownMappings | undefined,
): SyncError | undefined {
  const others = (known?.xeroInvoiceOwners?.[lower(xeroInvoiceId)] ?? []).filter(
    (owner) => owner !== lower(invoice.invoiceId),
  );
  if (!others.length) return undefined;
  return syncProblem(
    'invalid_invoice',
    `Xero invoice ${xeroInvoiceId} already stands for another Dynamics 365 invoice (${others.join(', ')}); one Xero ` +
      'invoice can stand for only one Dynamics 365 invoice, so nothing was sent for this one. If this invoice is a ' +
      'copy of that one, clear its Xero Invoice ID, then retry.',
    'xeroInvoiceId',
  );
}

/** Per request position: why the invoice is refused before any Xero call, or undefined when it may go on. */
export function screenInvoices(
  invoices: readonly DataverseInvoice[],
  settings: SyncSettings,
  known: KnownMappings | undefined,
): (SyncError[] | undefined)[] {
  const seen = new Set<string>();
  return invoices.map((invoice) => {
    if (seen.has(lower(invoice.invoiceId))) {
      return [
        syncProblem(
          'invalid_invoice',
          'The invoice appears more than once in this batch; only its first copy was sent.',
          'invoiceId',
        ),
      ];
    }
    seen.add(lower(invoice.invoiceId));
    const entry = ledgerEntryFor(invoice, known);
    const owned = entry ? ownedElsewhere(invoice, entry.xeroInvoiceId, known) : undefined;
    if (owned) return [owned];
    const codes = invoice.lines.map(productCodeOf).filter((c): c is string => c !== undefined);
    const mapped = mapInvoiceToXero(invoice, settings, {
      xeroContactId: ANY_CONTACT,
      items: { resolved: Object.fromEntries(codes.map((c) => [lower(c), c])), withoutItem: {} },
      xeroInvoiceId: entry?.xeroInvoiceId,
      lineItemIds: entry?.lineItemIds,
    });
    return mapped.ok ? undefined : mapped.errors;
  });
}
