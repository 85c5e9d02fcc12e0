/**
 * Which of the API key's organisations a request works on (issue 14). A key granted one organisation needs no
 * parameter, as before grants existed. A key granted several names one with the `organisation` query parameter
 * (its Xero tenant id, picked by name in the flow designer from ListOrganisations), except on operations that route
 * each Dataverse row to its own organisation (SyncInvoices with rows, GetInvoiceStatuses with connections), which
 * then reach every granted organisation. An organisation the key was not granted is 403, whether or not the proxy
 * knows it: a key learns nothing about organisations beyond its grants.
 */
import { ProxyError } from '../errors';
import type { ConnectionRecord } from '../store/store';

export interface OrganisationChoice {
  /** The organisation the operation works on; for a routing operation without a choice, the first granted. */
  connection: ConnectionRecord;
  /** Every organisation this request may reach: the chosen one, or all the key's grants when none was chosen. */
  organisations: ConnectionRecord[];
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function chooseOrganisation(
  granted: readonly ConnectionRecord[],
  requested: string | undefined,
  spansOrganisations: boolean,
): OrganisationChoice {
  if (requested !== undefined && requested !== '') {
    const chosen = granted.find((c) => same(c.tenantId, requested));
    if (!chosen)
      throw new ProxyError('FORBIDDEN', 403, 'This API key may not use that Xero organisation.', {
        details: [
          {
            field: 'query.organisation',
            reason: `is not one of the organisations this API key was granted (${granted.length}); grant it on the proxy admin page or pick another`,
          },
        ],
      });
    return { connection: chosen, organisations: [chosen] };
  }
  if (granted.length === 1 || spansOrganisations)
    return { connection: granted[0]!, organisations: [...granted] };
  throw organisationRequired(granted);
}

/**
 * The one organisation of a request that must work on one (the modes of a spanning operation that take no rows:
 * SyncInvoices with invoices, GetInvoiceStatuses by ids or time); 400 when the key reaches several and none was named.
 */
export function oneOrganisation(organisations: readonly ConnectionRecord[]): ConnectionRecord {
  if (organisations.length !== 1) throw organisationRequired(organisations);
  return organisations[0]!;
}

function organisationRequired(granted: readonly ConnectionRecord[]): ProxyError {
  return new ProxyError(
    'VALIDATION_FAILED',
    400,
    'This API key reaches several Xero organisations: choose one with the Organisation parameter.',
    {
      details: [
        {
          field: 'query.organisation',
          reason: `is required: the key reaches ${granted.length} organisations (${granted
            .map((c) => c.tenantName)
            .join(', ')})`,
        },
      ],
    },
  );
}
