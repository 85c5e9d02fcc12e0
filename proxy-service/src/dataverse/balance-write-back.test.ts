import type { ContactBalance } from '@dxc/openapi';
import { ContractValidator } from '../http/contract-validator';
import { CUSTOMER, uuid } from '../domain/invoices/test-support/batch-fixtures';
import { balanceWriteBack, xeroContactIdsOf } from './balance-write-back';
import { CONTACT_ROW, type Row } from './test-support/dataverse-rows';

const NOW = new Date('2026-02-03T10:00:05.900Z');
const STAMP = '2026-02-03T10:00:05Z';
const XERO_CONTACT = (n: number) => uuid(0x30, n);

/** An account row as the Refresh customer balances flow lists it. */
const account = (n: number, owed: number | null, overdue: number | null, xeroId = XERO_CONTACT(n)): Row => ({
  '@odata.etag': 'W/"3001"',
  accountid: uuid(CUSTOMER, n),
  name: `Customer ${n}`,
  dxc_xerocontactid: xeroId,
  dxc_amountowed: owed,
  dxc_amountoverdue: overdue,
});
const contact = (n: number, owed: number | null, overdue: number | null): Row => ({
  contactid: uuid(CONTACT_ROW, n),
  fullname: `Pat Person ${n}`,
  dxc_xerocontactid: XERO_CONTACT(n),
  dxc_amountowed: owed,
  dxc_amountoverdue: overdue,
});
const balance = (n: number, outstanding: number, overdue: number): ContactBalance => ({
  xeroContactId: XERO_CONTACT(n),
  outstanding,
  overdue,
  currencyCode: 'GBP',
});

describe('the write-back of a balance refresh (B9)', () => {
  test('the Xero contact ids to read: each once, in row order, rows without one left out', () => {
    expect(
      xeroContactIdsOf([
        account(2, 0, 0),
        account(1, 0, 0, XERO_CONTACT(1).toUpperCase()),
        contact(2, 0, 0), // the same Xero contact as account 2
        account(3, 0, 0, ''),
        { accountid: uuid(CUSTOMER, 4), dxc_xerocontactid: null },
      ]),
    ).toEqual([XERO_CONTACT(2), XERO_CONTACT(1)]);
  });

  test('only customers whose balance moved (to the cent), accounts and contacts in a message each', () => {
    const rows = [
      account(1, 100, 0), // unchanged
      account(2, 100.001, 50), // unchanged to the cent (currency columns keep 4 decimals)
      account(3, 100, 0), // owed moved
      account(4, null, null), // never refreshed
      contact(5, 10, 10), // overdue moved
      account(6, 1, 1), // Xero did not find it: left alone
    ];
    const balances = [
      balance(1, 100, 0),
      balance(2, 100, 50),
      balance(3, 80, 0),
      balance(4, 0, 0),
      { ...balance(5, 10, 0), xeroContactId: XERO_CONTACT(5).toUpperCase() },
    ];
    const writeBack = balanceWriteBack(rows, balances, NOW);
    expect(writeBack).toEqual([
      {
        entitySet: 'accounts',
        message: 'UpdateMultiple',
        key: 'accountid',
        targets: [
          {
            '@odata.type': 'Microsoft.Dynamics.CRM.account',
            accountid: uuid(CUSTOMER, 3),
            dxc_amountowed: 80,
            dxc_amountoverdue: 0,
            dxc_balancesyncedon: STAMP,
          },
          {
            '@odata.type': 'Microsoft.Dynamics.CRM.account',
            accountid: uuid(CUSTOMER, 4),
            dxc_amountowed: 0,
            dxc_amountoverdue: 0,
            dxc_balancesyncedon: STAMP,
          },
        ],
      },
      {
        entitySet: 'contacts',
        message: 'UpdateMultiple',
        key: 'contactid',
        targets: [
          {
            '@odata.type': 'Microsoft.Dynamics.CRM.contact',
            contactid: uuid(CONTACT_ROW, 5),
            dxc_amountowed: 10,
            dxc_amountoverdue: 0,
            dxc_balancesyncedon: STAMP,
          },
        ],
      },
    ]);
    const body = { contacts: balances, writeBack };
    expect(new ContractValidator().validateResponse('GetContactBalances', 200, body)).toEqual([]);
  });

  test('no balance moved: no message at all (Dataverse refuses empty Targets)', () => {
    expect(
      balanceWriteBack([account(1, 100, 0), contact(2, 5, 5)], [balance(1, 100, 0), balance(2, 5, 5)], NOW),
    ).toEqual([]);
    expect(balanceWriteBack([], [], NOW)).toEqual([]);
  });
});
