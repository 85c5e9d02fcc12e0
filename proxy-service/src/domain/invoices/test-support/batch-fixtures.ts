/** Builders for Dataverse-shaped invoices and sync settings, used by the sync domain's tests. */
import type { DataverseInvoice, InvoiceCustomer, InvoiceLine, SyncSettings } from '@dxc/openapi';

/** A deterministic, valid uuid per kind and number (Dataverse ids are uuids). */
export function uuid(kind: number, n: number): string {
  return `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export const CUSTOMER = 1;
export const INVOICE = 2;
export const LINE = 3;
export const XERO_CONTACT = 4;
export const XERO_INVOICE = 5;

export function customer(n: number, overrides: Partial<InvoiceCustomer> = {}): InvoiceCustomer {
  return { kind: 'account', id: uuid(CUSTOMER, n), name: `Customer ${n} Ltd`, ...overrides };
}

let lineCounter = 0;
export function line(overrides: Partial<InvoiceLine> = {}): InvoiceLine {
  lineCounter += 1;
  return {
    lineId: uuid(LINE, lineCounter),
    productNumber: 'CRM-ENT',
    productName: 'CRM Online: Enterprise',
    quantity: 1,
    unitPrice: 100,
    taxType: 'OUTPUT2',
    ...overrides,
  };
}

export function invoice(n: number, overrides: Partial<DataverseInvoice> = {}): DataverseInvoice {
  return {
    invoiceId: uuid(INVOICE, n),
    invoiceNumber: `INV-${String(n).padStart(5, '0')}`,
    invoiceType: 'ACCREC',
    date: '2026-02-02',
    dueDate: '2026-03-02',
    currencyCode: 'GBP',
    lineAmountTypes: 'Exclusive',
    customer: customer(n),
    lines: [line()],
    ...overrides,
  };
}

export function settings(overrides: Partial<SyncSettings> = {}): SyncSettings {
  return {
    useXeroInvoiceNumbering: false,
    defaultStatus: 'DRAFT',
    defaultSalesAccountCode: '200',
    defaultPurchaseAccountCode: '300',
    createContacts: true,
    createProducts: true,
    ...overrides,
  };
}

/** The seed product's example invoice INV-0044 (user guide, "Sync payments from Xero"). */
export function seedInvoice(): DataverseInvoice {
  return invoice(44, {
    invoiceNumber: 'INV-00074-Q5M5H0',
    name: 'test Enrico 1',
    date: '2018-02-02',
    dueDate: '2018-03-02',
    brandingThemeId: '5d4dd402-c851-497e-aae1-9ff265c0d15a',
    lines: [
      line({
        lineId: uuid(LINE, 0x4400 + 1),
        lineNumber: 1,
        isWriteIn: true,
        productNumber: undefined,
        productName: undefined,
        writeInDescription: 'Test line 1',
        description: 'Here are some stuff PRG123',
        quantity: 3,
        unitPrice: 300,
        taxType: 'OUTPUT2',
      }),
      line({
        lineId: uuid(LINE, 0x4400 + 2),
        lineNumber: 2,
        isWriteIn: true,
        productNumber: undefined,
        productName: undefined,
        writeInDescription: 'This is just a great comment',
        description: 'Something',
        quantity: 0,
        unitPrice: 0,
        taxType: undefined,
      }),
      line({
        lineId: uuid(LINE, 0x4400 + 3),
        lineNumber: 3,
        productNumber: 'CRMONLINE-ENT',
        productName: 'CRM Online: Enterprise (sample)',
        description: '2 new user PRG123',
        quantity: 2,
        unitPrice: 99,
        taxType: 'OUTPUT2',
      }),
    ],
  });
}
