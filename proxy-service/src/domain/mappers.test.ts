import type { Account, Contact, Invoice } from 'xero-node';
import type { ConnectionRecord } from '../store/store';
import { describeConnection } from './describe-connection';
import { mapAccount } from './map-account';
import { sortBrandingThemes } from './map-branding-theme';
import { mapContactBalance } from './map-contact-balance';
import { mapInvoiceStatus } from './map-invoice-status';
import { toCalendarDate, toDateTime } from './xero-dates';

describe('mapping Xero shapes to the contract (pure)', () => {
  test('Xero dates arrive as Date objects, /Date(…)/ strings or zone-less ISO; all become UTC', () => {
    expect(toCalendarDate(new Date('2026-03-04T00:00:00Z'))).toBe('2026-03-04');
    expect(toCalendarDate('/Date(1772582400000+0000)/')).toBe('2026-03-04');
    expect(toDateTime('2026-03-04T10:11:12')).toBe('2026-03-04T10:11:12.000Z');
    expect(toDateTime('')).toBeUndefined();
    expect(toDateTime('not a date')).toBeUndefined();
  });

  test('a paid invoice carries its status, amounts and the paid date; absent fields are left out', () => {
    const invoice = {
      invoiceID: '0b5b4e3e-2c38-4b4a-9d5b-1b1f1c1d1e1f',
      invoiceNumber: 'INV-0007',
      type: 'ACCREC',
      status: 'PAID',
      total: 120,
      amountDue: 0,
      amountPaid: 120,
      amountCredited: 0,
      currencyCode: 'GBP',
      fullyPaidOnDate: new Date('2026-02-10T00:00:00Z') as unknown as string,
      updatedDateUTC: new Date('2026-02-10T09:30:00Z'),
    } as unknown as Invoice;
    expect(mapInvoiceStatus(invoice)).toEqual({
      xeroInvoiceId: '0b5b4e3e-2c38-4b4a-9d5b-1b1f1c1d1e1f',
      invoiceNumber: 'INV-0007',
      invoiceType: 'ACCREC',
      status: 'PAID',
      total: 120,
      amountDue: 0,
      amountPaid: 120,
      amountCredited: 0,
      currencyCode: 'GBP',
      fullyPaidOn: '2026-02-10',
      updatedAt: '2026-02-10T09:30:00.000Z',
    });
    expect(mapInvoiceStatus({ invoiceID: 'x', status: 'DRAFT' } as unknown as Invoice)).toEqual({
      xeroInvoiceId: 'x',
      status: 'DRAFT',
    });
  });

  test('an account takes its class from xero-node’s `_class`; a system account without code has none', () => {
    const account = {
      accountID: 'a',
      name: 'Sales',
      type: 'SALES',
      _class: 'REVENUE',
      status: 'ACTIVE',
      code: '',
    };
    expect(mapAccount(account as unknown as Account)).toEqual({
      accountId: 'a',
      name: 'Sales',
      type: 'SALES',
      class: 'REVENUE',
      status: 'ACTIVE',
    });
  });

  test('a contact without Balances owes nothing', () => {
    expect(mapContactBalance({ contactID: 'c', name: 'New Ltd' } as Contact, 'GBP')).toEqual({
      xeroContactId: 'c',
      name: 'New Ltd',
      outstanding: 0,
      overdue: 0,
      currencyCode: 'GBP',
    });
  });

  test('branding themes: the default (sort order 0) first, then by sort order and name', () => {
    const sorted = sortBrandingThemes([
      { brandingThemeId: '3', name: 'Zeta', sortOrder: 2 },
      { brandingThemeId: '2', name: 'Alpha', sortOrder: 2 },
      { brandingThemeId: '1', name: 'Standard', sortOrder: 0 },
    ]);
    expect(sorted.map((t) => t.brandingThemeId)).toEqual(['1', '2', '3']);
  });

  test('connection health: green, red (reconnect) or degraded (Xero busy), with today’s usage from the headers', () => {
    const connection = {
      id: 'c',
      tenantId: '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      tenantName: 'Demo',
      shortCode: '!ab',
      baseCurrency: 'GBP',
      countryCode: 'GB',
      status: 'Connected',
      tokenExpiresAt: '2026-11-25T09:00:00.000Z',
    } as ConnectionRecord;
    const base = { connection, dailyCallLimit: 5000, adminUrl: 'https://p.example/admin' };
    const usage = {
      tenantId: connection.tenantId,
      day: '2026-11-25',
      calls: 3,
      rateLimited: 0,
      lastHeaders: { dayRemaining: 4990 },
    };
    expect(describeConnection({ ...base, usage })).toMatchObject({ health: 'Connected', apiCallsToday: 10 });
    expect(
      describeConnection({ ...base, connection: { ...connection, status: 'ReconnectNeeded' } }),
    ).toMatchObject({
      health: 'ReconnectNeeded',
      healthMessage: expect.stringContaining('https://p.example/admin'),
    });
    expect(
      describeConnection({
        ...base,
        problem: { code: 'XERO_UNAVAILABLE', message: 'Xero is temporarily unavailable.' },
      }),
    ).toMatchObject({ health: 'Degraded', healthMessage: 'Xero is temporarily unavailable.' });
  });
});
