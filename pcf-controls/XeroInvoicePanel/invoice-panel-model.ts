import type { IInputs } from './generated/ManifestTypes';
import { dateValue, formatDateTime, formatMoney, textValue } from '../shared/format';
import type { ChoiceLabel } from '../shared/option-values';
import { choiceLabel, choiceValue } from '../shared/option-values';

export type XeroStatus = ChoiceLabel<'dxc_xerostatus'>;
export type ExportStatus = ChoiceLabel<'dxc_exportstatus'>;

/** The dxc_invoicetype labels that are Xero credit notes (issue 14 §5). */
const CREDIT_NOTE_TYPES: readonly string[] = [
  'Sales credit note',
  'Purchase credit note',
] satisfies ChoiceLabel<'dxc_invoicetype'>[];

/** Value written by Retry: export status back to No, so the next sync run takes the invoice again (B11). */
export const EXPORT_STATUS_NO = choiceValue('dxc_exportstatus', 'No');

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
  const xeroStatus = choiceLabel('dxc_xerostatus', statusRaw);
  const invoiceType = choiceLabel('dxc_invoicetype', parameters.invoiceType?.raw);
  const exportedOn = dateValue(parameters.exportedOn);
  const symbol = textValue(parameters.currencySymbol);
  const connection = parameters.connection?.raw;
  return {
    xeroStatus,
    unknownStatusLabel:
      xeroStatus === undefined && typeof statusRaw === 'number'
        ? parameters.xeroStatus.formatted || String(statusRaw)
        : undefined,
    invoiceNumber: textValue(parameters.xeroInvoiceNumber),
    xeroUrl: safeWebUrl(textValue(parameters.xeroUrl)),
    amountDue: formatMoney(formatting, parameters.amountDue, symbol),
    amountPaid: formatMoney(formatting, parameters.amountPaid, symbol),
    exportStatus: choiceLabel('dxc_exportstatus', parameters.exportStatus?.raw),
    exportedOn: exportedOn ? formatDateTime(formatting, exportedOn) : undefined,
    lastSyncMessage: textValue(parameters.lastSyncMessage),
    onlineInvoiceUrl: safeWebUrl(textValue(parameters.onlineInvoiceUrl)),
    isLinked: Array.isArray(connection) && connection.length > 0,
    isCreditNote: invoiceType !== undefined && CREDIT_NOTE_TYPES.includes(invoiceType),
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
