/**
 * What kind of Xero document a Dynamics 365 invoice row becomes. Invoices and credit notes share one pipeline
 * (screen → plan → decide write → ledger → write-back); the kind is data that picks the endpoint, the numbering and
 * the wording, never a second copy of the pipeline.
 */
import type { XeroCreditNoteType, XeroInvoiceType } from './xero-payloads';

export type DocumentType = XeroInvoiceType;

export function isCreditNote(type: string | undefined): type is XeroCreditNoteType {
  return type === 'ACCRECCREDIT' || type === 'ACCPAYCREDIT';
}

/** Sales side (money owed to the organisation, or credit given to a customer): ACCREC and ACCRECCREDIT. */
export function isSalesDocument(type: string | undefined): boolean {
  return type === undefined || type === 'ACCREC' || type === 'ACCRECCREDIT';
}

/** The document type of a contract invoice (ACCREC when the request leaves it out, as the contract defaults). */
export function documentTypeOf(invoiceType: string | undefined): DocumentType {
  return invoiceType === 'ACCPAY' || isCreditNote(invoiceType) ? (invoiceType as DocumentType) : 'ACCREC';
}

/** How messages name the document to a Dynamics 365 user. */
export function documentNoun(type: string | undefined): string {
  switch (type) {
    case 'ACCPAY':
      return 'bill';
    case 'ACCRECCREDIT':
      return 'sales credit note';
    case 'ACCPAYCREDIT':
      return 'purchase credit note';
    default:
      return 'invoice';
  }
}
