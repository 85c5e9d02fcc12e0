import { choiceValue } from '../shared/option-values';

/** dxc_status = Failed. */
export const FAILED_STATUS = choiceValue('dxc_syncstatus', 'Failed');

/**
 * The lookup on dxc_synchistory that ties a row to the form's record, per form table (the subgrids' relationships
 * in solution/model/forms.ts: dxc_invoice_synchistory; dxc_xeroconnection_synchistory for a connection form).
 */
export const PARENT_LOOKUPS: Readonly<Record<string, string>> = {
  invoice: 'dxc_invoiceid',
  dxc_xeroconnection: 'dxc_connectionid',
};

/**
 * At most this many ids are read to count failures: one Web API page, and the same ceiling Dataverse puts on its own
 * counts (`@odata.count` and the grid's total stop at 5,000), so "5,000+" is shown beyond it.
 */
export const FAILED_COUNT_LIMIT = 5000;

export interface FailedCount {
  count: number;
  /** More rows exist than were counted. */
  atLeast: boolean;
}

/**
 * The Web API query for the record's failed entries. The PCF webAPI documents only $select, $top, $filter, $expand,
 * $orderby and FetchXML, and its response carries no count (RetrieveMultipleResponse is `entities` and `nextLink`),
 * so the failures are counted by reading their ids alone: the count comes from the server, whatever pages the
 * timeline has loaded.
 */
export function failedCountQuery(parentLookup: string, recordId: string, statusColumn: string): string {
  return `?$select=dxc_synchistoryid&$filter=_${parentLookup}_value eq ${recordId} and ${statusColumn} eq ${FAILED_STATUS}`;
}

export function failedCountOf(answer: { entities: unknown[]; nextLink?: string }): FailedCount {
  return {
    count: answer.entities.length,
    atLeast: typeof answer.nextLink === 'string' && answer.nextLink !== '',
  };
}
