import { NotImplementedByEmulator, QueryParseFailure } from '../domain/accounting-errors';
import { compileWhere, parseWhere, type WhereFields } from './where-clause';

interface Row {
  type: string;
  status: string;
  contactId: string;
  date: string;
  amountDue: number;
  name?: string;
  updated: Date;
  sent: boolean;
}

const fields: WhereFields<Row> = {
  Type: { type: 'string', get: (r) => r.type },
  Status: { type: 'string', get: (r) => r.status },
  'Contact.ContactID': { type: 'guid', get: (r) => r.contactId },
  Date: { type: 'date', get: (r) => r.date },
  AmountDue: { type: 'number', get: (r) => r.amountDue },
  Name: { type: 'string', get: (r) => r.name },
  UpdatedDateUTC: { type: 'date', get: (r) => r.updated },
  SentToContact: { type: 'boolean', get: (r) => r.sent },
};

const A = 'a5c1f2d4-0000-4000-8000-000000000001';
const B = 'b5c1f2d4-0000-4000-8000-000000000002';
const rows: Row[] = [
  {
    type: 'ACCREC',
    status: 'AUTHORISED',
    contactId: A,
    date: '2026-01-15',
    amountDue: 120,
    name: 'Ridgeway University',
    updated: new Date('2026-01-15T10:00:00Z'),
    sent: true,
  },
  {
    type: 'ACCREC',
    status: 'PAID',
    contactId: A,
    date: '2026-02-01',
    amountDue: 0,
    name: 'Ridgeway University',
    updated: new Date('2026-02-01T10:00:00Z'),
    sent: false,
  },
  {
    type: 'ACCPAY',
    status: 'AUTHORISED',
    contactId: B,
    date: '2025-12-31',
    amountDue: 50,
    updated: new Date('2025-12-31T10:00:00Z'),
    sent: false,
  },
  {
    type: 'ACCREC',
    status: 'DRAFT',
    contactId: B,
    date: '2026-03-01',
    amountDue: 10,
    name: 'City Agency',
    updated: new Date('2026-03-01T10:00:00Z'),
    sent: false,
  },
];

function select(where: string): number[] {
  const predicate = compileWhere(where, fields, 'Invoice');
  return rows.flatMap((r, i) => (predicate(r) ? [i] : []));
}

describe('where clauses', () => {
  it('filters on the clauses the proxy sends, combined with AND', () => {
    expect(select(`Type=="ACCREC" AND Status=="AUTHORISED" AND Contact.ContactID==Guid("${A}")`)).toEqual([
      0,
    ]);
    expect(select('Date>=DateTime(2026,1,1) AND AmountDue>0')).toEqual([0, 3]);
  });

  it('combines with OR, NOT and parentheses with AND binding tighter than OR', () => {
    expect(select('Status=="PAID" OR Type=="ACCPAY" AND AmountDue>0')).toEqual([1, 2]);
    expect(select('(Status=="PAID" OR Type=="ACCPAY") AND AmountDue>0')).toEqual([2]);
    expect(select('NOT (Type=="ACCREC")')).toEqual([2]);
    expect(select('Type=="ACCREC" && !(Status=="DRAFT") || AmountDue==50')).toEqual([0, 1, 2]);
  });

  it('matches up to fifty OR-ed names in one clause, case-insensitively', () => {
    const names = Array.from({ length: 49 }, (_, i) => `Name=="Nobody ${i}"`);
    expect(select([...names, 'Name=="city agency"'].join(' OR '))).toEqual([3]);
  });

  it('supports !=, null, booleans, Contains/StartsWith and DateTime with a time', () => {
    expect(select('Name==null')).toEqual([2]);
    expect(select('Name!=null AND Name.StartsWith("Ridge")')).toEqual([0, 1]);
    expect(select('Name.Contains("AGENCY")')).toEqual([3]);
    expect(select('SentToContact==true')).toEqual([0]);
    expect(select('UpdatedDateUTC>DateTime(2026,2,1,9,0,0)')).toEqual([1, 3]);
  });

  it('reports malformed clauses as Xero query parse errors', () => {
    expect(() => parseWhere('Type=="ACCREC" AND')).toThrow(QueryParseFailure);
    expect(() => parseWhere('Type=="ACCREC')).toThrow(/Unterminated string/);
    expect(() => parseWhere('(Type=="ACCREC"')).toThrow(/'\)' expected/);
    expect(() => parseWhere('Contact.ContactID==Guid("not-a-guid")')).toThrow(/32 digits/);
    expect(() => parseWhere('Date>=DateTime(2026,2,30)')).toThrow(/not a valid date/);
    expect(() => compileWhere('AmountDue=="many"', fields, 'Invoice')).toThrow(
      "Operator '==' incompatible with operand types 'Decimal' and 'String'",
    );
  });

  it('refuses, naming the clause, fields and functions the emulator does not model', () => {
    expect(() => compileWhere('Reference=="PO-1"', fields, 'Invoice')).toThrow(NotImplementedByEmulator);
    expect(() => compileWhere('Reference=="PO-1"', fields, 'Invoice')).toThrow(
      /where clause 'Reference=="PO-1"': field 'Reference' on Invoice/,
    );
    expect(() => compileWhere('Name.ToUpper()=="X"', fields, 'Invoice')).toThrow(/method 'ToUpper'/);
    expect(() => compileWhere('Date>=DateTime.Parse("2026-01-01")', fields, 'Invoice')).toThrow(
      NotImplementedByEmulator,
    );
  });
});
