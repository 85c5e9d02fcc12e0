// Grammar per OData v4 URL conventions §5.1.1 and the Dataverse filter page (powerapps-docs webapi/query/filter-rows.md).
import { solutionModel } from '@dxc/solution';
import { DataverseError } from '../http/dataverse-error';
import { buildSchema } from '../schema/build-schema';
import { RowStore, type Row } from '../store/row-store';
import { compileFilter } from './filter-evaluator';
import { FilterSyntaxError, parseFilter, tokenize } from './filter-parser';

describe('tokenize', () => {
  it('reads GUIDs, dates, date-times, numbers, strings with doubled quotes and identifiers', () => {
    const kinds = tokenize(
      "_customerid_value eq 6f9619ff-8b86-d011-b42d-00cf4fc964ff and createdon ge 2025-01-01T00:00:00Z and duedate lt 2026-02-02 and name eq 'O''Brien' and x gt -1.5",
    ).map((t) => `${t.kind}:${t.value ?? t.text}`);
    expect(kinds).toEqual([
      'ident:_customerid_value',
      'ident:eq',
      'guid:6f9619ff-8b86-d011-b42d-00cf4fc964ff',
      'ident:and',
      'ident:createdon',
      'ident:ge',
      'datetime:2025-01-01T00:00:00Z',
      'ident:and',
      'ident:duedate',
      'ident:lt',
      'date:2026-02-02',
      'ident:and',
      'ident:name',
      'ident:eq',
      "string:O'Brien",
      'ident:and',
      'ident:x',
      'ident:gt',
      'number:-1.5',
      'end:',
    ]);
  });

  it('lower-cases GUIDs and keeps digits-first GUIDs apart from numbers', () => {
    const [g] = tokenize('12345678-ABCD-ABCD-ABCD-1234567890AB');
    expect(g).toMatchObject({ kind: 'guid', value: '12345678-abcd-abcd-abcd-1234567890ab' });
  });

  it('rejects an unterminated string and a stray character with the position', () => {
    expect(() => tokenize("name eq 'abc")).toThrow(/Unterminated string literal at position 8/);
    expect(() => tokenize('name eq #')).toThrow(FilterSyntaxError);
  });
});

describe('parseFilter', () => {
  it('gives "and" precedence over "or" and honours parentheses', () => {
    expect(parseFilter('a eq 1 or b eq 2 and c eq 3')).toMatchObject({
      kind: 'or',
      left: { kind: 'compare', op: 'eq' },
      right: { kind: 'and' },
    });
    expect(parseFilter('(a eq 1 or b eq 2) and c eq 3')).toMatchObject({ kind: 'and', left: { kind: 'or' } });
  });

  it('parses not, null, booleans and functions', () => {
    expect(parseFilter("not contains(name,'x')")).toEqual({
      kind: 'not',
      operand: {
        kind: 'call',
        name: 'contains',
        args: [
          { kind: 'property', path: ['name'] },
          { kind: 'literal', type: 'string', value: 'x' },
        ],
      },
    });
    expect(parseFilter('dxc_xeroinvoiceid eq null and ispricelocked eq false')).toMatchObject({
      left: { right: { kind: 'literal', type: 'null' } },
      right: { right: { kind: 'literal', type: 'boolean', value: false } },
    });
  });

  it('parses navigation paths, lambdas and Microsoft.Dynamics.CRM functions with lists', () => {
    expect(parseFilter("customerid_account/name eq 'Contoso'")).toMatchObject({
      left: { kind: 'property', path: ['customerid_account', 'name'] },
    });
    expect(parseFilter('invoice_details/any(d:d/quantity gt 2)')).toMatchObject({
      kind: 'lambda',
      path: ['invoice_details'],
      quantifier: 'any',
      variable: 'd',
      predicate: { kind: 'compare', op: 'gt', left: { path: ['d', 'quantity'] } },
    });
    expect(
      parseFilter("Microsoft.Dynamics.CRM.In(PropertyName='statecode',PropertyValues=['0','2'])"),
    ).toMatchObject({
      kind: 'crmFunction',
      name: 'In',
      params: {
        PropertyName: { value: 'statecode' },
        PropertyValues: { kind: 'list', items: [{ value: '0' }, { value: '2' }] },
      },
    });
  });

  it.each([
    ['name eq', /expected an expression but found 'end of input'/],
    ['name eq 1 1', /unexpected '1'/],
    ['(name eq 1', /expected '\)'/],
    ['', /empty/],
    ["contains(name,'x'", /expected '\)'/],
  ])('rejects %j', (source, message) => {
    expect(() => parseFilter(source)).toThrow(message);
  });
});

describe('compileFilter against the schema', () => {
  const schema = buildSchema(solutionModel);
  const store = new RowStore(schema);
  const env = { store, currentUserId: 'u', now: () => Date.parse('2026-02-02T10:00:00Z') };
  const invoice = schema.tables.get('invoice')!;
  const row: Row = {
    invoiceid: 'a0000000-0000-4000-8000-000000000001',
    name: "O'Brien Ltd invoice",
    statecode: 0,
    totalamount: 120.5,
    datedelivered: '2026-02-02T09:00:00Z',
    duedate: '2026-03-01',
    dxc_xeroinvoiceid: null,
    customerid: { id: 'b0000000-0000-4000-8000-000000000001', table: 'account' },
  };
  const test = (f: string) => compileFilter(f, invoice, env)(row);

  it('evaluates comparisons, null, case-insensitive strings, GUID lookups and dates', () => {
    expect(test("name eq 'o''brien ltd INVOICE'")).toBe(true);
    expect(test('statecode eq 0 and totalamount gt 100')).toBe(true);
    expect(test('totalamount ge 120.5 and totalamount lt 120.5')).toBe(false);
    expect(test('dxc_xeroinvoiceid eq null')).toBe(true);
    expect(test('dxc_xeroinvoiceid ne null')).toBe(false);
    expect(test('totalamount gt null')).toBe(false);
    expect(test('_customerid_value eq B0000000-0000-4000-8000-000000000001')).toBe(true);
    expect(test('datedelivered le 2026-02-02T23:59:59Z and duedate gt 2026-02-28')).toBe(true);
    expect(test("startswith(name,'o''b') and endswith(name,'invoice') and not contains(name,'xyz')")).toBe(
      true,
    );
    expect(
      test("Microsoft.Dynamics.CRM.OnOrBefore(PropertyName='datedelivered',PropertyValue='2026-02-02')"),
    ).toBe(true);
    expect(test("Microsoft.Dynamics.CRM.Today(PropertyName='datedelivered')")).toBe(true);
    expect(test("Microsoft.Dynamics.CRM.In(PropertyName='statecode',PropertyValues=['2','3'])")).toBe(false);
  });

  it.each([
    ['Name eq 1', "Could not find a property named 'Name' on type 'Microsoft.Dynamics.CRM.invoice'."],
    ["customerid eq 'x'", "Could not find a property named 'customerid'"],
    [
      "_customerid_value eq 'b0000000-0000-4000-8000-000000000001'",
      "Found operand types 'Edm.Guid' and 'Edm.String'",
    ],
    ["totalamount eq 'a'", 'incompatible types'],
    ["tolower(name) eq 'x'", "The function 'tolower'"],
    ["customerid_account/nosuch eq 'x'", "named 'nosuch' on type 'Microsoft.Dynamics.CRM.account'"],
    ['name', 'must evaluate to a Boolean'],
  ])('%j is a 400 naming the problem', (filter, message) => {
    let error: unknown;
    try {
      test(filter);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataverseError);
    expect((error as DataverseError).status).toBe(400);
    expect((error as DataverseError).message).toContain(message);
  });
});
