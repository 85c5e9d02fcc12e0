import type { Choice } from './types';

// Global choices. Values are the publisher's option value prefix (71450) followed by 0000, 0001, … in the order
// DESIGN.md section 4 lists the labels; flows, PCF controls and the proxy compare against these numbers.
const base = 714500000;

function choice(name: string, displayName: string, description: string, labels: string[]): Choice {
  return { name, displayName, description, options: labels.map((label, i) => ({ value: base + i, label })) };
}

export const choices: Choice[] = [
  choice('dxc_xerostatus', 'Xero invoice status', 'Status of the invoice in Xero, as last read back.', [
    'Draft',
    'Submitted',
    'Authorised',
    'Paid',
    'Voided',
    'Deleted',
  ]),
  // Same values as the first three Xero statuses, so a flow can copy the default straight into an invoice.
  choice(
    'dxc_defaultinvoicestatus',
    'Default Xero invoice status',
    'Status new invoices get in Xero: Draft and Submitted can still be edited there, Authorised only a little.',
    ['Draft', 'Submitted', 'Authorised'],
  ),
  choice(
    'dxc_invoicetype',
    'Xero invoice type',
    'Sales invoices go to Xero as ACCREC, purchase invoices as ACCPAY; sales and purchase credit notes as ' +
      'ACCRECCREDIT and ACCPAYCREDIT credit notes.',
    ['Sales invoice', 'Purchase invoice', 'Sales credit note', 'Purchase credit note'],
  ),
  choice(
    'dxc_lineamounttypes',
    'Line amount types',
    'Whether line amounts include tax (Inclusive), exclude it (Exclusive) or carry none (No tax).',
    ['Exclusive', 'Inclusive', 'No tax'],
  ),
  choice(
    'dxc_exportstatus',
    'Xero export status',
    'No: waiting to be sent (set it back to No to retry). Yes: in Xero. Failed: see the sync history.',
    ['No', 'Yes', 'Failed'],
  ),
  choice(
    'dxc_cancellationpolicy',
    'Cancellation policy',
    'What happens in Xero to an authorised invoice that is cancelled or deleted in Dynamics.',
    ['Credit note', 'Void', 'Do nothing'],
  ),
  choice(
    'dxc_importrequest',
    'Reference import state',
    'Set to Requested to import tax rates, account codes and branding themes from Xero, in that order.',
    ['Idle', 'Requested', 'Running', 'Completed', 'Failed'],
  ),
  choice('dxc_health', 'Connection health', 'Whether the proxy can reach this Xero organisation.', [
    'Unknown',
    'Connected',
    'Reconnect needed',
  ]),
  choice('dxc_syncaction', 'Sync action', 'What a sync history row records.', [
    'Create',
    'Update',
    'Delete',
    'Void',
    'Credit note',
    'Status',
    'Payment',
    'Import',
    'Balance',
    'Email',
  ]),
  choice(
    'dxc_onlineinvoicelink',
    'Online invoice link',
    "When approved sales invoices get Xero's online invoice link (one Xero call per invoice, once).",
    ['While the call budget allows', 'Always', 'Never'],
  ),
  choice('dxc_syncstatus', 'Sync result', 'Whether the recorded attempt succeeded.', [
    'Successful',
    'Failed',
  ]),
];
