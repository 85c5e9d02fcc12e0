/**
 * The Xero wire shapes this domain plans and reads, spelled as Xero's Accounting API takes and returns them
 * (PascalCase; reference/xero-api.md §2–6). The domain never imports xero-node: the gateway converts these to and
 * from the SDK's models. Only the fields we send or read are declared.
 */

export type XeroDocumentStatus = 'DRAFT' | 'SUBMITTED' | 'AUTHORISED' | 'PAID' | 'VOIDED' | 'DELETED';
export type XeroInvoiceType = 'ACCREC' | 'ACCPAY' | XeroCreditNoteType;
/** Credit notes travel the invoice pipeline as data (credit-note-wire.ts turns them into Xero's CreditNotes shape). */
export type XeroCreditNoteType = 'ACCRECCREDIT' | 'ACCPAYCREDIT';
export type XeroLineAmountTypes = 'Exclusive' | 'Inclusive' | 'NoTax';

/** `{Message}` as Xero lists it under `ValidationErrors` of a refused element. */
export interface XeroValidationError {
  Message: string;
}

/** What every element of a `summarizeErrors=false` batch answer carries (always HTTP 200). */
export interface XeroBatchElement {
  /** `OK`, `WARNING` or `ERROR` (reference/xero-api.md §2 "Batch create/update"). */
  StatusAttributeString?: string;
  HasErrors?: boolean;
  ValidationErrors?: XeroValidationError[];
  Warnings?: XeroValidationError[];
}

// ---------------------------------------------------------------------------------------------------------------
// Contacts (§3)

export interface XeroPhone {
  PhoneType: 'DEFAULT' | 'MOBILE' | 'FAX' | 'DDI';
  PhoneNumber: string;
}

export interface XeroAddress {
  AddressType: 'POBOX' | 'STREET';
  AddressLine1?: string;
  AddressLine2?: string;
  AddressLine3?: string;
  City?: string;
  Region?: string;
  PostalCode?: string;
  Country?: string;
}

/** A contact we ask Xero to create (PUT /Contacts). */
export interface XeroContactPayload {
  Name: string;
  ContactNumber: string;
  AccountNumber?: string;
  EmailAddress?: string;
  FirstName?: string;
  LastName?: string;
  Phones?: XeroPhone[];
  Addresses?: XeroAddress[];
}

/** A contact as Xero returns it from a lookup or a create. */
export interface XeroContactRecord extends XeroBatchElement {
  ContactID?: string;
  ContactNumber?: string;
  Name?: string;
  ContactStatus?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Items (§4)

export interface XeroItemTradeDetails {
  UnitPrice?: number;
  AccountCode?: string;
  TaxType?: string;
}

/** An item we ask Xero to create (PUT /Items). */
export interface XeroItemPayload {
  Code: string;
  Name: string;
  Description?: string;
  PurchaseDescription?: string;
  SalesDetails?: XeroItemTradeDetails;
  PurchaseDetails?: XeroItemTradeDetails;
}

/** An item as Xero returns it from a lookup or a create. */
export interface XeroItemRecord extends XeroBatchElement {
  ItemID?: string;
  Code?: string;
  Name?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Invoices (§2)

export interface XeroLineItemPayload {
  LineItemID?: string;
  Description?: string;
  Quantity?: number;
  UnitAmount?: number;
  ItemCode?: string;
  AccountCode?: string;
  TaxType?: string;
  /** Percent; ACCREC only (Xero refuses line discounts on bills and credit notes). */
  DiscountRate?: number;
  /** Whole-line discount in the invoice currency; ACCREC only. */
  DiscountAmount?: number;
  /** Up to two options, one per tracking category; Xero resolves the ids (names are sent for its messages). */
  Tracking?: XeroLineTrackingPayload[];
}

/** Xero LineItem.Tracking element (OAS LineItemTracking). */
export interface XeroLineTrackingPayload {
  TrackingCategoryID: string;
  TrackingOptionID: string;
  Name?: string;
  Option?: string;
}

/**
 * One invoice of the POST /Invoices batch. `Contact` carries only the id: other fields would update the contact.
 * A credit note (Type ACCRECCREDIT/ACCPAYCREDIT) has the same shape here, InvoiceID and InvoiceNumber standing for
 * CreditNoteID and CreditNoteNumber; the gateway renames them on the way to /CreditNotes (credit-note-wire.ts).
 */
export interface XeroInvoicePayload {
  Type: XeroInvoiceType;
  /** Present on updates only. */
  InvoiceID?: string;
  Contact: { ContactID: string };
  LineItems: XeroLineItemPayload[];
  Date?: string;
  DueDate?: string;
  LineAmountTypes: XeroLineAmountTypes;
  CurrencyCode?: string;
  BrandingThemeID?: string;
  Reference?: string;
  /** Left out when the connection uses Xero's numbering. */
  InvoiceNumber?: string;
  /** Sent on create (the connection's default); left out on update so Xero keeps the status it has. */
  Status?: 'DRAFT' | 'SUBMITTED' | 'AUTHORISED';
}

export interface XeroLineItemRecord {
  LineItemID?: string;
  Description?: string;
  Quantity?: number;
  UnitAmount?: number;
  ItemCode?: string;
  AccountCode?: string;
  TaxType?: string;
  TaxAmount?: number;
  LineAmount?: number;
  DiscountRate?: number;
  DiscountAmount?: number;
  Tracking?: XeroLineTrackingPayload[];
}

/** An invoice as Xero returns it (batch answer element, or GET /Invoices/{id}). */
export interface XeroInvoiceRecord extends XeroBatchElement {
  InvoiceID?: string;
  InvoiceNumber?: string;
  Type?: string;
  Status?: string;
  Contact?: { ContactID?: string; Name?: string };
  LineItems?: XeroLineItemRecord[];
  LineAmountTypes?: string;
  CurrencyCode?: string;
  Reference?: string;
  SubTotal?: number;
  TotalTax?: number;
  Total?: number;
  AmountDue?: number;
  AmountPaid?: number;
  AmountCredited?: number;
  /** When Xero last changed the invoice (Xero's `/Date(ms+0000)/` form). */
  UpdatedDateUTC?: string;
  Payments?: unknown[];
  CreditNotes?: unknown[];
  Overpayments?: unknown[];
  Prepayments?: unknown[];
  /** True once Xero has emailed the invoice to its contact (or a user marked it sent). */
  SentToContact?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Credit notes (§5)

export interface XeroCreditNotePayload {
  Type: 'ACCRECCREDIT' | 'ACCPAYCREDIT';
  Contact: { ContactID: string };
  LineItems: XeroLineItemPayload[];
  Date: string;
  LineAmountTypes: XeroLineAmountTypes;
  CurrencyCode?: string;
  Reference: string;
  /** AUTHORISED: Xero allocates only approved credit notes. */
  Status: 'AUTHORISED';
}

/** Body element of PUT /CreditNotes/{CreditNoteID}/Allocations; Amount, Invoice and Date are required. */
export interface XeroAllocationPayload {
  Invoice: { InvoiceID: string };
  Amount: number;
  Date: string;
}
