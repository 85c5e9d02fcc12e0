import type { SyncError } from '@dxc/openapi';

/** Stable codes of the reasons an invoice (or a part of it) did not go to Xero as asked. */
export type SyncProblemCode =
  | 'contact_not_found'
  | 'contact_archived'
  | 'contact_rejected'
  | 'invalid_invoice'
  | 'not_changeable'
  | 'xero_validation'
  | 'xero_unavailable';

/** An error as a value: a stable code, a message a Dynamics user understands, and the field when known. */
export function syncProblem(code: SyncProblemCode, message: string, field?: string): SyncError {
  return field === undefined ? { code, message } : { code, message, field };
}
