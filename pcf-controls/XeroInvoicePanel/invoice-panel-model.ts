import type { IInputs } from './generated/ManifestTypes';
import { dateValue, formatDateTime, formatMoney, textValue } from '../shared/format';
import { choiceIndex } from '../shared/option-values';

/** dxc_xerostatus, in choice order (DESIGN.md §4). */
export const XERO_STATUSES = ['Draft', 'Submitted', 'Authorised', 'Paid', 'Voided', 'Deleted'] as const;
export type XeroStatus = (typeof XERO_STATUSES)[number];

/** dxc_exportstatus, in choice order. */
export const EXPORT_STATUSES = ['No', 'Yes', 'Failed'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** dxc_invoicetype, in choice order: the last two are credit notes (issue 14 §5). */
export const INVOICE_TYPES = [
  'Sales invoice',
  'Purchase invoice',
  'Sales credit note',
  'Purchase credit note',
] as const;

/** Value written by Retry: export status back to No, so the next sync run takes the invoice again (B11). */
export const EXPORT_STATUS_NO = 714500000;

export interface InvoicePanelModel {
  xeroStatus?: XeroStatus;
  /** A value outside our choice list (e.g. added later by a maker): shown by its label, never hidden. */
  unknownStatusLabel?: string;
  invoiceNumber?: string;
  xeroUrl?: string;
  amountDue?: string;
  amountPaid?: string;
  exportStatus?: ExportStatus;
  exportedOn?: string;
  lastSyncMessage?: string;
  /** Xero's online invoice page (issue 14 §3), for the customer to view and pay. */
  onlineInvoiceUrl?: string;
  isLinked: boolean;
  /** A Xero credit note: its amount due is the credit still unallocated. */
  isCreditNote: boolean;
}

/** Reads the bound columns into display values; pure apart from the platform formatting calls. */
export function readInvoicePanel(
  parameters: IInputs,
  formatting: ComponentFramework.Formatting,
): InvoicePanelModel {
  const statusRaw = parameters.xeroStatus?.raw;
  const statusIndex = choiceIndex(statusRaw, XERO_STATUSES.length);
  const exportIndex = choiceIndex(parameters.exportStatus?.raw, EXPORT_STATUSES.length);
  const exportedOn = dateValue(parameters.exportedOn);
  const symbol = textValue(parameters.currencySymbol);
  const connection = parameters.connection?.raw;
  return {
    xeroStatus: statusIndex === undefined ? undefined : XERO_STATUSES[statusIndex],
    unknownStatusLabel:
      statusIndex === undefined && typeof statusRaw === 'number'
        ? parameters.xeroStatus.formatted || String(statusRaw)
        : undefined,
    invoiceNumber: textValue(parameters.xeroInvoiceNumber),
    xeroUrl: safeWebUrl(textValue(parameters.xeroUrl)),
    amountDue: formatMoney(formatting, parameters.amountDue, symbol),
    amountPaid: formatMoney(formatting, parameters.amountPaid, symbol),
    exportStatus: exportIndex === undefined ? undefined : EXPORT_STATUSES[exportIndex],
    exportedOn: exportedOn ? formatDateTime(formatting, exportedOn) : undefined,
    lastSyncMessage: textValue(parameters.lastSyncMessage),
    onlineInvoiceUrl: safeWebUrl(textValue(parameters.onlineInvoiceUrl)),
    isLinked: Array.isArray(connection) && connection.length > 0,
    isCreditNote: (choiceIndex(parameters.invoiceType?.raw, INVOICE_TYPES.length) ?? 0) >= 2,
  };
}

/** Only http(s) links are opened: the column is user-editable, and a `javascript:` URL must never run. */
export function safeWebUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
