/**
 * The choice values the flow suites write and expect, named by the solution model's labels (choiceValue throws on a
 * label the model does not have), so no suite spells a 7145000xx or keeps its own copy of a choice.
 */
import { choiceValues as options } from '@dxc/solution';

export const EXPORT = options('dxc_exportstatus', { No: 'No', Yes: 'Yes', Failed: 'Failed' });
export const XERO_STATUS = options('dxc_xerostatus', {
  Draft: 'Draft',
  Submitted: 'Submitted',
  Authorised: 'Authorised',
  Paid: 'Paid',
  Voided: 'Voided',
  Deleted: 'Deleted',
});
export const ACTION = options('dxc_syncaction', {
  Create: 'Create',
  Update: 'Update',
  Delete: 'Delete',
  Void: 'Void',
  CreditNote: 'Credit note',
  Status: 'Status',
  Payment: 'Payment',
  Import: 'Import',
  Balance: 'Balance',
  Email: 'Email',
});
export const RESULT = options('dxc_syncstatus', { Successful: 'Successful', Failed: 'Failed' });
export const HEALTH = options('dxc_health', {
  Unknown: 'Unknown',
  Connected: 'Connected',
  ReconnectNeeded: 'Reconnect needed',
});
export const REQUEST = options('dxc_importrequest', {
  Idle: 'Idle',
  Requested: 'Requested',
  Running: 'Running',
  Completed: 'Completed',
  Failed: 'Failed',
});
export const POLICY = options('dxc_cancellationpolicy', {
  CreditNote: 'Credit note',
  Void: 'Void',
  Nothing: 'Do nothing',
});
