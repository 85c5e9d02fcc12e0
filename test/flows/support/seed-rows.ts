/**
 * The Dataverse rows an admin sets up before the flows run, shared by the flow suites and the flow-cost bench: the
 * dxc_xeroconnection row of the sandbox's connected organisation and the Sales account and 20% VAT rate its
 * defaults point at (what the reference import would have brought). Each suite overrides only what it is about.
 */
import { randomUUID } from 'node:crypto';
import { choiceValue } from '@dxc/solution';
import type { FlowSandbox } from './flow-sandbox';

type Row = Record<string, unknown>;

/** The ids of a connection row and of the account and tax rate it refers to. */
export interface ConnectionSeed {
  connectionRowId: string;
  salesAccountId: string;
  taxRateId: string;
}

export const newConnectionSeed = (): ConnectionSeed => ({
  connectionRowId: randomUUID(),
  salesAccountId: randomUUID(),
  taxRateId: randomUUID(),
});

/**
 * The connection row of the sandbox's organisation as the Sync flow needs it: Dynamics numbering, new contacts and
 * products created, Draft by default, connected, GMT; `columns` change or add to that.
 */
export function connectionRow(
  sandbox: FlowSandbox,
  { connectionRowId, salesAccountId }: Omit<ConnectionSeed, 'taxRateId'>,
  columns: Row = {},
): Row {
  return {
    dxc_xeroconnectionid: connectionRowId,
    dxc_name: 'Demo Company (UK)',
    dxc_tenantid: sandbox.connection.tenantId,
    dxc_usexeroinvoicenumber: false,
    dxc_createcontacts: true,
    dxc_createproducts: true,
    dxc_defaultinvoicestatus: choiceValue('dxc_defaultinvoicestatus', 'Draft'),
    dxc_health: choiceValue('dxc_health', 'Connected'),
    dxc_timezone: 'GMT Standard Time',
    'dxc_DefaultSalesAccountId@odata.bind': `/dxc_xeroaccounts(${salesAccountId})`,
    ...columns,
  };
}

/** Loads the connection row (with `columns`), its Sales account (200) and its 20% VAT on Income rate. */
export function loadConnection(
  sandbox: FlowSandbox,
  columns: Row = {},
  seed: ConnectionSeed = newConnectionSeed(),
): ConnectionSeed {
  const connectionBind = `/dxc_xeroconnections(${seed.connectionRowId})`;
  sandbox.dataverse.load({
    dxc_xeroconnection: [connectionRow(sandbox, seed, columns)],
    dxc_xeroaccount: [
      {
        dxc_xeroaccountid: seed.salesAccountId,
        dxc_name: 'Sales',
        dxc_code: '200',
        dxc_type: 'REVENUE',
        dxc_class: 'REVENUE',
        'dxc_ConnectionId@odata.bind': connectionBind,
      },
    ],
    dxc_xerotaxrate: [
      {
        dxc_xerotaxrateid: seed.taxRateId,
        dxc_name: '20% (VAT on Income)',
        dxc_taxtype: 'OUTPUT2',
        dxc_rate: 20,
        'dxc_ConnectionId@odata.bind': connectionBind,
      },
    ],
  });
  return seed;
}
