/**
 * The Dataverse names and choice values the proxy's write-back uses, read from the solution model (the one source
 * of Dataverse names, solution/model): a renamed column or a moved choice value changes here too, never silently.
 */
import { choiceValue, solutionModel } from '@dxc/solution';

/** The value of a choice label: the model's own helper, so the proxy and its tests read one rule. */
export { choiceValue };

/** The label of a choice value, or undefined when the value is not one of the choice's. */
export function choiceLabel(choiceName: string, value: unknown): string | undefined {
  const choice = solutionModel.choices.find((c) => c.name === choiceName);
  return choice?.options.find((o) => o.value === value)?.label;
}

export const XERO_STATUS_LABELS = {
  DRAFT: 'Draft',
  SUBMITTED: 'Submitted',
  AUTHORISED: 'Authorised',
  PAID: 'Paid',
  VOIDED: 'Voided',
  DELETED: 'Deleted',
} as const;

export type XeroStatusName = keyof typeof XERO_STATUS_LABELS;

export const xeroStatusValue = (status: XeroStatusName): number =>
  choiceValue('dxc_xerostatus', XERO_STATUS_LABELS[status]);

export const exportStatus = (label: 'No' | 'Yes' | 'Failed'): number =>
  choiceValue('dxc_exportstatus', label);

export type SyncAction =
  | 'Create'
  | 'Update'
  | 'Delete'
  | 'Void'
  | 'Credit note'
  | 'Status'
  | 'Payment'
  | 'Import'
  | 'Balance'
  | 'Email';
export const syncAction = (label: SyncAction): number => choiceValue('dxc_syncaction', label);
export const syncResult = (label: 'Successful' | 'Failed'): number => choiceValue('dxc_syncstatus', label);
export const health = (label: 'Unknown' | 'Connected' | 'Reconnect needed'): number =>
  choiceValue('dxc_health', label);

/** Invoice states (platform values: power-platform.md §6.1): Paid is statecode 2 with statuscode 100001 Complete. */
export const INVOICE_PAID = { statecode: 2, statuscode: 100001 } as const;
/** Active (statecode 0, statuscode 1 New): what a Paid invoice goes back to when Xero no longer has it paid. */
export const INVOICE_ACTIVE = { statecode: 0, statuscode: 1 } as const;

/** How long after a write-back an edit still counts as the connector's own (clock skew, Dataverse latency). */
export const RESYNC_MARGIN_MS = 60_000;

/** Memo and text limits of the columns the write-back fills (solution/model/tables.ts). */
export const LIMITS = { lastSyncMessage: 4000, historyDetails: 10000, eventKey: 200 } as const;
