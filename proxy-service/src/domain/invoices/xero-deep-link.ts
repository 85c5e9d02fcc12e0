/**
 * A link that opens an invoice or bill in Xero, switching to the right organisation first
 * (reference/xero-api.md §2 "Online invoice and deep links"; developer.xero.com api-guides/deep-link-xero).
 * Sales invoices open in AccountsReceivable/View.aspx, bills in AccountsPayable/Edit.aspx, credit notes in
 * AccountsPayable/ViewCreditNote.aspx. The redirect path is
 * written as Xero's guide shows it (not percent-encoded); the short code (e.g. `!mBdtL`) is URL-safe as it is.
 * Without a short code the link still works for a user already signed in to that organisation.
 */
export function xeroInvoiceLink(
  invoiceType: string | undefined,
  invoiceId: string,
  shortCode?: string,
): string {
  // Xero's guide gives one credit note path for both kinds (reference/xero-api.md §2; UNVERIFIED for ACCRECCREDIT).
  const path =
    invoiceType === 'ACCRECCREDIT' || invoiceType === 'ACCPAYCREDIT'
      ? `/AccountsPayable/ViewCreditNote.aspx?creditNoteID=${invoiceId}`
      : invoiceType === 'ACCPAY'
        ? `/AccountsPayable/Edit.aspx?InvoiceID=${invoiceId}`
        : `/AccountsReceivable/View.aspx?InvoiceID=${invoiceId}`;
  return shortCode
    ? `https://go.xero.com/organisationlogin/default.aspx?shortcode=${encodeURIComponent(shortCode)}&redirecturl=${path}`
    : `https://go.xero.com${path}`;
}
