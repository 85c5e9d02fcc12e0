/**
 * The books' own records: camelCase, typed, money already rounded. They are replaced (never mutated) on every
 * change so a batch can be rolled back by restoring the previous objects (see record-table.ts).
 */
import type { CalendarDate } from './wire-dates';

export type InvoiceType = 'ACCREC' | 'ACCPAY';
export type CreditNoteType = 'ACCRECCREDIT' | 'ACCPAYCREDIT';
export type DocumentStatus = 'DRAFT' | 'SUBMITTED' | 'AUTHORISED' | 'PAID' | 'VOIDED' | 'DELETED';
export type LineAmountTypes = 'Exclusive' | 'Inclusive' | 'NoTax';
export type WireObject = Record<string, unknown>;

export interface LineItemRecord {
  lineItemId: string;
  description?: string;
  quantity?: number;
  unitAmount?: number;
  itemCode?: string;
  accountCode?: string;
  accountId?: string;
  taxType?: string;
  taxAmount: number;
  lineAmount: number;
  discountRate?: number;
  discountAmount?: number;
  /** Up to two tracking options, resolved against the organisation's tracking categories when written. */
  tracking: LineTrackingRecord[];
}

/** One tracking option on a line, as Xero returns it (OAS LineItemTracking). */
export interface LineTrackingRecord {
  trackingCategoryId: string;
  trackingOptionId: string;
  /** The category's name and the option's name when the line was written. */
  name: string;
  option: string;
}

export type TrackingStatus = 'ACTIVE' | 'ARCHIVED' | 'DELETED';

export interface TrackingOptionRecord {
  trackingOptionId: string;
  name: string;
  status: TrackingStatus;
}

/** A tracking category with its options (replaced whole on every change, like every record). */
export interface TrackingCategoryRecord {
  trackingCategoryId: string;
  name: string;
  status: TrackingStatus;
  options: TrackingOptionRecord[];
  updatedDateUtc: Date;
}

/** One invoice emailed from Xero (POST /Invoices/{id}/Email): who it went to and when. */
export interface InvoiceEmailRecord {
  emailId: string;
  invoiceId: string;
  to: string[];
  sentDateUtc: Date;
  /** The organisation's calendar day it counts against for the daily email limit. */
  sentOn: CalendarDate;
}

/** What invoices and credit notes share. */
export interface DocumentRecord {
  contactId: string;
  date: CalendarDate;
  dueDate?: CalendarDate;
  reference?: string;
  lineAmountTypes: LineAmountTypes;
  currencyCode: string;
  currencyRate: number;
  brandingThemeId?: string;
  status: DocumentStatus;
  lineItems: LineItemRecord[];
  subTotal: number;
  totalTax: number;
  total: number;
  totalDiscount: number;
  sentToContact: boolean;
  fullyPaidOnDate?: CalendarDate;
  createdDateUtc: Date;
  updatedDateUtc: Date;
}

export interface InvoiceRecord extends DocumentRecord {
  invoiceId: string;
  type: InvoiceType;
  invoiceNumber: string;
  url?: string;
  expectedPaymentDate?: CalendarDate;
  plannedPaymentDate?: CalendarDate;
  amountPaid: number;
  amountCredited: number;
  amountDue: number;
}

export interface CreditNoteRecord extends DocumentRecord {
  creditNoteId: string;
  type: CreditNoteType;
  creditNoteNumber: string;
  /** Total less allocations (credit-note refunds are not modelled). */
  remainingCredit: number;
}

export interface AllocationRecord {
  allocationId: string;
  creditNoteId: string;
  invoiceId: string;
  amount: number;
  date: CalendarDate;
  isDeleted: boolean;
}

export interface PaymentRecord {
  paymentId: string;
  invoiceId: string;
  accountId: string;
  date: CalendarDate;
  amount: number;
  bankAmount: number;
  currencyRate: number;
  reference?: string;
  isReconciled: boolean;
  status: 'AUTHORISED' | 'DELETED';
  paymentType: 'ACCRECPAYMENT' | 'ACCPAYPAYMENT';
  updatedDateUtc: Date;
}

export interface ContactRecord {
  contactId: string;
  contactNumber?: string;
  accountNumber?: string;
  contactStatus: 'ACTIVE' | 'ARCHIVED';
  name: string;
  firstName?: string;
  lastName?: string;
  emailAddress?: string;
  companyNumber?: string;
  taxNumber?: string;
  bankAccountDetails?: string;
  website?: string;
  defaultCurrency?: string;
  accountsReceivableTaxType?: string;
  accountsPayableTaxType?: string;
  /** Stored in wire shape (PascalCase) after validation: the emulator does not interpret them. */
  addresses: WireObject[];
  phones: WireObject[];
  contactPersons: WireObject[];
  createdDateUtc: Date;
  updatedDateUtc: Date;
}

export interface ItemDetails {
  unitPrice?: number;
  accountCode?: string;
  cogsAccountCode?: string;
  taxType?: string;
}

export interface ItemRecord {
  itemId: string;
  code: string;
  name?: string;
  description?: string;
  purchaseDescription?: string;
  isSold: boolean;
  isPurchased: boolean;
  salesDetails?: ItemDetails;
  purchaseDetails?: ItemDetails;
  updatedDateUtc: Date;
}
