import { bulkWrites, keyLiteral, sameMoney, stamp, target } from './bulk-write';

describe('bulk message parts', () => {
  test('an alternate key literal doubles single quotes, as OData reads them', () => {
    expect(keyLiteral("O'Brien's")).toBe("'O''Brien''s'");
    expect(keyLiteral('sync:a:b')).toBe("'sync:a:b'");
  });

  test('times are stamped to the second, as Dataverse keeps them, and name the history row', () => {
    expect(stamp(new Date('2026-02-02T14:57:22.999Z'))).toEqual({
      iso: '2026-02-02T14:57:22Z',
      historyName: 'Sync - 2026-02-02 14:57:22',
    });
  });

  test('money is the same to the cent; a missing amount is not the same as zero', () => {
    expect(sameMoney(120, 120.0049)).toBe(true);
    expect(sameMoney(120, 120.01)).toBe(false);
    expect(sameMoney(null, 0)).toBe(false);
    expect(sameMoney(undefined, undefined)).toBe(true);
  });

  test('messages without targets are left out, the others keep their order', () => {
    const one = target('account', { accountid: 'a' });
    expect(one).toEqual({ '@odata.type': 'Microsoft.Dynamics.CRM.account', accountid: 'a' });
    expect(
      bulkWrites([
        { entitySet: 'invoices', message: 'UpdateMultiple', key: 'invoiceid', targets: [] },
        { entitySet: 'accounts', message: 'UpdateMultiple', key: 'accountid', targets: [one] },
        { entitySet: 'contacts', message: 'UpdateMultiple', key: 'contactid', targets: [] },
      ]).map((w) => w.entitySet),
    ).toEqual(['accounts']);
  });
});
