import {
  evaluateTemplateString,
  evaluateValue,
  type EvaluationContext,
  type WorkflowState,
} from './evaluator';
import { ExpressionError, NotImplementedError } from './errors';
import { FloatNumber, stringify, toJsonText, type WdlValue } from './values';
import { parseExpression } from './parser';

// Expected values below come from Microsoft's documentation:
//  FUNCREF = learn.microsoft.com/azure/logic-apps/expression-functions-reference
//  WDL     = learn.microsoft.com/azure/logic-apps/logic-apps-workflow-definition-language
// (MicrosoftDocs/azure-docs articles/logic-apps/…), as summarised in shared/reference/flow-runner.md §1–2.

const params: Record<string, WdlValue> = { myAge: 42, 'Proxy URL (dxc_ProxyBaseUrl)': 'http://127.0.0.1:1' };
const state: WorkflowState = {
  parameter: (n) => params[n] ?? null,
  variable: () => null,
  trigger: () => ({
    outputs: { body: { isHtml: true, name: 'A', nested: { Value: 3 }, list: [1, 2] }, headers: {} },
  }),
  action: () => ({ outputs: { body: { value: [{ id: 1 }] }, statusCode: 200 } }),
  currentAction: () => null,
  result: () => [],
  item: () => null,
  items: () => null,
  iterationIndexes: () => 0,
  workflow: () => ({ name: 'wf' }),
  listCallbackUrl: () => null,
};
const ctx: EvaluationContext = {
  state,
  now: () => new Date('2025-09-25T05:18:31.123Z'),
  random: () => 0.5,
  newGuid: () => '0f8fad5b-d9cb-469f-a165-70867728950e',
};
const ev = (text: string) => evaluateTemplateString(text, ctx);
const plain = (text: string) => JSON.parse(toJsonText(ev(text)));

describe('WDL templates (WDL "Expressions" section)', () => {
  test('whole-value expression keeps its type: "@parameters(\'myAge\')" is the number 42', () => {
    expect(ev("@parameters('myAge')")).toBe(42);
  });
  test('interpolation is always a string: "@{parameters(\'myAge\')}" is "42"', () => {
    expect(ev("@{parameters('myAge')}")).toBe('42');
    expect(ev("My age is @{parameters('myAge')}")).toBe('My age is 42');
  });
  test('@@ escapes: "@@" is "@", "@@{…}" stays literal, a leading space is no expression', () => {
    expect(ev('@@')).toBe('@');
    expect(ev('@@abc')).toBe('@abc');
    expect(ev("My age is @@{parameters('myAge')}")).toBe("My age is @{parameters('myAge')}");
    expect(ev(" @parameters('myAge')")).toBe(" @parameters('myAge')");
  });
  test('interpolation stringifies booleans as True/False (Azure/logicapps#414), null as empty, objects as compact JSON', () => {
    expect(ev("@{triggerBody()?['isHtml']}")).toBe('True');
    expect(ev("x@{triggerBody()?['missing']}y")).toBe('xy');
    expect(ev("@{triggerBody()?['nested']}")).toBe('{"Value":3}');
    expect(ev("@{createArray(1,'a',true)}")).toBe('[1,"a",true]');
  });
  test('string literal with doubled quote and a brace inside interpolation', () => {
    expect(ev("@{concat('it''s', '}')}")).toBe("it's}");
  });
  test('function names are case-insensitive (utcnow, base64tostring in real exports)', () => {
    expect(ev("@utcnow('yyyy')")).toBe('2025');
    expect(ev("@base64tostring('aGVsbG8=')")).toBe('hello');
  });
});

describe('dereference and null safety (WDL operators; flow-runner.md §1.3)', () => {
  test('?[] on a missing property gives null; [] without ? is an error naming the property and listing the rest', () => {
    expect(ev("@triggerBody()?['missing']")).toBeNull();
    expect(ev("@triggerBody()?['missing']?['deeper']")).toBeNull();
    expect(() => ev("@triggerBody()['missing']")).toThrow(
      /property 'missing' doesn't exist, available properties are 'isHtml, name, nested, list'/,
    );
  });
  test('selecting from null without ? fails; from a string fails with the type named', () => {
    expect(() => ev("@triggerBody()?['missing']['x']")).toThrow(/property 'x' cannot be selected/);
    expect(() => ev("@triggerBody()?['name']?['x']")).toThrow(/not supported on values of type 'String'/);
  });
  test('dot access, integer index, out-of-range index with and without ?', () => {
    expect(ev('@triggerBody().nested.Value')).toBe(3);
    expect(ev("@triggerBody()?['list'][1]")).toBe(2);
    expect(ev("@triggerBody()?['list']?[5]")).toBeNull();
    expect(() => ev("@triggerBody()?['list'][5]")).toThrow(/array index '5' is outside bounds \(0, 1\)/);
  });
  test('designer slash paths and case-insensitive fallback [unverified runtime rule, see flow-runner.md §1.2]', () => {
    expect(plain("@outputs('List')?['body/value']")).toEqual([{ id: 1 }]);
    expect(ev("@outputs('List')?['Body']?['value']?[0]?['id']")).toBe(1);
  });
});

describe('syntax errors', () => {
  test.each([
    ["@concat('a'", /ends unexpectedly/],
    ["@concat('a)", /not terminated/],
    ['@concat("a")', /single quotes/],
    ['@foo', /not expected/],
    ["@{concat('a')", /not terminated/],
  ])('%s', (text, message) => {
    expect(() => ev(text)).toThrow(message);
  });
  test('parser produces an AST with Integer vs Float literals', () => {
    expect(parseExpression('add(1, 2.5, -3, .3)')).toEqual({
      kind: 'call',
      name: 'add',
      position: 0,
      args: [
        { kind: 'integer', text: '1' },
        { kind: 'float', text: '2.5' },
        { kind: 'integer', text: '-3' },
        { kind: 'float', text: '.3' },
      ],
    });
  });
  test('unknown function is an error; a known but unimplemented one is NotImplemented', () => {
    expect(() => ev('@nosuchfn()')).toThrow(ExpressionError);
    expect(() => ev('@nosuchfn()')).toThrow(/'nosuchfn' is not defined/);
    expect(() => ev("@xpath('<a/>', '/a')")).toThrow(NotImplementedError);
  });
});

describe('string functions (FUNCREF)', () => {
  test.each<[string, WdlValue]>([
    ["@concat('Hello', 'World')", 'HelloWorld'],
    ["@substring('hello world', 6, 5)", 'world'],
    ["@substring('hello world', 6)", 'world'],
    ["@slice('Hello World', 3, -1)", 'lo Worl'],
    ["@slice('Hello World', -2)", 'ld'],
    ["@slice('Hello World', 30)", ''],
    ["@replace('the old string', 'old', 'new')", 'the new string'],
    ["@replace('Aa', 'a', 'b')", 'Ab'],
    ["@toLower('Hello World')", 'hello world'],
    ["@toUpper('Hello World')", 'HELLO WORLD'],
    ["@trim(' Hello World  ')", 'Hello World'],
    ["@indexOf('hello world', 'WORLD')", 6],
    ["@lastIndexOf('hello world hello world', 'world')", 18],
    ["@lastIndexOf('', '')", 0],
    ["@lastIndexOf('abc', '')", 2],
    ["@nthIndexOf('123456789123465789', '1', 2)", 9],
    ["@nthIndexOf('123456789123465789', '1', -1)", 9],
    ["@nthIndexOf('123456789123465789', '1', 3)", -1],
    ["@startsWith('hello world', 'HELLO')", true],
    ["@endsWith('hello world', 'WORLD')", true],
    ["@split('a_b_c', '_')", ['a', 'b', 'c']],
    ["@split('abc', ',')", ['abc']],
    ["@guid('P')", '(0f8fad5b-d9cb-469f-a165-70867728950e)'],
    ["@guid('N')", '0f8fad5bd9cb469fa16570867728950e'],
    ["@length('abc')", 3],
    ["@formatNumber(1234567890, '#,##0.00', 'en-US')", '1,234,567,890.00'],
    ["@formatNumber(17.35, 'C2')", '$17.35'],
    ["@formatNumber(17.35, 'C2', 'is-IS')", '17,35 kr'],
    ["@formatNumber(0.125, 'P1')", '12.5%'],
    ["@formatNumber(1234.5, 'N1')", '1,234.5'],
    ["@formatNumber(42, 'D5')", '00042'],
    ["@formatNumber(255, 'X')", 'FF'],
    ["@formatNumber(-1.5, '0.00;(0.00)')", '(1.50)'],
    ["@chunk('abcdefghijklmnopqrstuvwxyz', 10)", ['abcdefghij', 'klmnopqrst', 'uvwxyz']],
  ])('%s', (text, expected) => {
    expect(plain(text)).toEqual(expected);
  });
  test("substring past the end is an error (FUNCREF), and toLower(null) names the type 'Null'", () => {
    expect(() => ev("@substring('abc', 1, 5)")).toThrow(/substring/);
    expect(() => ev("@toLower(triggerBody()?['missing'])")).toThrow(
      "The template language function 'toLower' expects its first parameter to be of type string. The provided value is of type 'Null'.",
    );
  });
});

describe('collection functions (FUNCREF)', () => {
  test.each<[string, WdlValue]>([
    ["@contains('hello world', 'world')", true],
    ["@contains('hello world', 'World')", false],
    ["@contains(createArray('a','b'), 'b')", true],
    ["@contains(json('{\"k\":1}'), 'k')", true],
    ["@empty('')", true],
    ["@empty('abc')", false],
    ['@empty(skip(createArray(1), 1))', true],
    ["@first('hello')", 'h'],
    ['@first(createArray(0, 1, 2))', 0],
    ["@last('abcd')", 'd'],
    ['@last(createArray(0, 1, 2, 3))', 3],
    ["@join(createArray('a', 'b', 'c'), '.')", 'a.b.c'],
    ['@union(createArray(1, 2, 3), createArray(1, 2, 10, 101))', [1, 2, 3, 10, 101]],
    ['@intersection(createArray(1, 2, 3), createArray(101, 2, 1, 10), createArray(6, 8, 1, 2))', [1, 2]],
    ['@union(json(\'{"a":1,"b":2}\'), json(\'{"b":3}\'))', { a: 1, b: 3 }],
    ['@skip(createArray(0, 1, 2, 3), 1)', [1, 2, 3]],
    ['@take(createArray(0, 1, 2, 3, 4), 3)', [0, 1, 2]],
    ["@take('abcde', 3)", 'abc'],
    ['@length(createArray(0, 1, 2, 3))', 4],
    ['@sort(createArray(2, 1, 0, 3))', [0, 1, 2, 3]],
    ['@reverse(createArray(0, 1, 2, 3))', [3, 2, 1, 0]],
  ])('%s', (text, expected) => {
    expect(plain(text)).toEqual(expected);
  });
});

describe('logical functions (FUNCREF "Logical comparison functions")', () => {
  test.each<[string, WdlValue]>([
    ['@equals(true, 1)', true],
    ["@equals('abc', 'abcd')", false],
    ["@equals(triggerBody()?['missing'], '')", true],
    ['@equals(createArray(1,2), createArray(1,2))', true],
    ['@and(true, true)', true],
    ['@and(false, true)', false],
    ['@or(false, true)', true],
    ['@not(false)', true],
    ["@if(equals(1, 1), 'yes', 'no')", 'yes'],
    ['@greater(10, 5)', true],
    ["@greater('apple', 'banana')", false],
    ['@greaterOrEquals(5, 5.0)', true],
    ['@less(5, 10)', true],
    ['@lessOrEquals(10, 10)', true],
    ['@coalesce(null, true, false)', true],
    ["@coalesce(null, 'hello', 'world')", 'hello'],
    ["@coalesce('', 'x')", ''],
  ])('%s', (text, expected) => {
    expect(plain(text)).toEqual(expected);
  });
  test('if() needs a real boolean: the real error text (flow-runner.md §1.5)', () => {
    expect(() => ev("@if('true', 1, 2)")).toThrow(
      "The template language function 'if' expects its first parameter to be of type boolean. The provided value is of type 'String'. Please see https://aka.ms/logicexpressions#if for usage details.",
    );
  });
  test('greater() with mismatched types is an error', () => {
    expect(() => ev("@greater(1, 'a')")).toThrow(/greater/);
  });
});

describe('conversion functions (FUNCREF)', () => {
  test.each<[string, WdlValue]>([
    ["@int('10')", 10],
    ["@float('10,000.333')", 10000.333],
    ["@float('10.000,333', 'de-DE')", 10000.333],
    ['@string(10)', '10'],
    ['@string(json(\'{"name":"Sophie Owen"}\'))', '{"name":"Sophie Owen"}'],
    ['@string(true)', 'True'],
    ['@string(null)', ''],
    ['@bool(1)', true],
    ['@bool(0)', false],
    ["@bool('true')", true],
    ["@json('[1, 2, 3]')", [1, 2, 3]],
    ["@array('hello')", ['hello']],
    ["@base64('hello')", 'aGVsbG8='],
    ["@base64ToString('aGVsbG8=')", 'hello'],
    ["@decodeBase64('aGVsbG8=')", 'hello'],
    ["@dataUri('hello')", 'data:text/plain;charset=utf-8;base64,aGVsbG8='],
    ["@dataUriToString('data:text/plain;charset=utf-8;base64,aGVsbG8=')", 'hello'],
    ["@uriComponent('https://contoso.com')", 'https%3A%2F%2Fcontoso.com'],
    ["@encodeUriComponent('https://contoso.com')", 'https%3A%2F%2Fcontoso.com'],
    ["@decodeUriComponent('https%3A%2F%2Fcontoso.com')", 'https://contoso.com'],
    ["@createArray('h', 'e')", ['h', 'e']],
  ])('%s', (text, expected) => {
    expect(plain(text)).toEqual(expected);
  });
  test('float(…) of an integral value stays a Float for later arithmetic', () => {
    expect(ev("@float('10')")).toEqual(new FloatNumber(10));
    expect(ev("@div(float('10'), 4)")).toBe(2.5);
  });
});

describe('math functions (FUNCREF "Math functions")', () => {
  test.each<[string, WdlValue]>([
    ['@add(1, 1.5)', 2.5],
    ['@sub(10.3, .3)', 10],
    ['@mul(1.5, 2)', 3],
    ['@div(11, 5)', 2],
    ['@div(11, 5.0)', 2.2],
    ['@div(11.0, 5)', 2.2],
    ['@div(-11, 5)', -2],
    ['@mod(3, 2)', 1],
    ['@mod(-5, 2)', -1],
    ['@mod(4, -3)', 1],
    ['@min(1, 2, 3)', 1],
    ['@min(createArray(1, 2, 3))', 1],
    ['@max(1, 2, 3)', 3],
    ['@range(1, 4)', [1, 2, 3, 4]],
  ])('%s', (text, expected) => {
    expect(plain(text)).toEqual(expected);
  });
  test('mul(1.5, 2) is the Float 3 (prints as "3"); add of two Integers stays an Integer', () => {
    expect(ev('@mul(1.5, 2)')).toEqual(new FloatNumber(3));
    expect(stringify(ev('@mul(1.5, 2)'))).toBe('3');
    expect(ev('@add(1, 2)')).toBe(3);
  });
  test('div by zero is an error; rand uses the injected randomness; big integers stay exact', () => {
    expect(() => ev('@div(1, 0)')).toThrow(/divide by zero/);
    expect(ev('@rand(1, 11)')).toBe(6);
    expect(stringify(ev('@add(9007199254740993, 1)'))).toBe('9007199254740994');
    expect(toJsonText(ev("@createArray(ticks('2018-01-01T08:00:00Z'), 1)"))).toBe('[636503904000000000,1]');
    expect(ev("@equals(ticks('2018-01-01T08:00:00Z'), add(636503904000000000, 0))")).toBe(true);
  });
});

describe('date and time functions (FUNCREF "Date and time functions")', () => {
  test.each<[string, WdlValue]>([
    ["@utcNow('u')", '2025-09-25 05:18:31Z'],
    ["@utcNow('D')", 'Thursday, September 25, 2025'],
    ['@utcNow()', '2025-09-25T05:18:31.1230000Z'],
    ["@addDays('2018-03-15T00:00:00Z', 10)", '2018-03-25T00:00:00.0000000Z'],
    ["@addDays('2018-03-15T00:00:00Z', -5)", '2018-03-10T00:00:00.0000000Z'],
    ["@addHours('2018-03-15T00:00:00Z', 10)", '2018-03-15T10:00:00.0000000Z'],
    ["@addMinutes('2018-03-15T00:10:00Z', 10)", '2018-03-15T00:20:00.0000000Z'],
    ["@addSeconds('2018-03-15T00:00:00Z', -5)", '2018-03-14T23:59:55.0000000Z'],
    ["@addDays('2018-03-15T00:00:00Z', 1.5)", '2018-03-16T12:00:00.0000000Z'],
    ["@addSeconds('2018-03-15T00:00:00Z', 0.0000001)", '2018-03-15T00:00:00.0000001Z'],
    ["@addToTime('2018-01-31T00:00:00Z', 1, 'Month')", '2018-02-28T00:00:00.0000000Z'],
    ["@addToTime('2018-01-01T00:00:00Z', 1, 'Day', 'D')", 'Tuesday, January 2, 2018'],
    ["@subtractFromTime('2018-01-02T00:00:00Z', 1, 'Day')", '2018-01-01T00:00:00.0000000Z'],
    ["@formatDateTime('03/15/2018')", '2018-03-15T00:00:00.0000000'],
    ["@formatDateTime('03/15/2018 12:00:00', 'yyyy-MM-ddTHH:mm:ss')", '2018-03-15T12:00:00'],
    ["@formatDateTime('01/31/2016', 'dddd MMMM d', 'fr-fr')", 'dimanche janvier 31'],
    [
      "@formatDateTime('2018-03-15T13:27:36.1234567Z', 'yyyy-MM-dd HH:mm:ss.fff tt')",
      '2018-03-15 13:27:36.123 PM',
    ],
    ["@formatDateTime('2018-03-15T13:27:36Z', 'ss.FFF')", '36'],
    ["@formatDateTime('2018-03-15T13:27:36Z', 'r')", 'Thu, 15 Mar 2018 13:27:36 GMT'],
    ["@parseDateTime('20/10/2014', 'fr-fr')", '2014-10-20T00:00:00.0000000'],
    ["@startOfDay('2018-03-15T13:30:30Z')", '2018-03-15T00:00:00.0000000Z'],
    ["@startOfHour('2018-03-15T13:30:30Z')", '2018-03-15T13:00:00.0000000Z'],
    ["@startOfMonth('2018-03-15T13:30:30Z', 'yyyy-MM-dd')", '2018-03-01'],
    ["@dayOfWeek('2018-03-15T13:27:36Z')", 4],
    ["@dayOfMonth('2018-03-15T13:27:36Z')", 15],
    ["@dayOfYear('2018-03-15T13:27:36Z')", 74],
    ["@getPastTime(5, 'Day')", '2025-09-20T05:18:31.1230000Z'],
    ["@getFutureTime(5, 'Day')", '2025-09-30T05:18:31.1230000Z'],
    ["@dateDifference('2015-02-08', '2018-07-30')", '1268.00:00:00'],
    [
      "@convertFromUtc('2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time')",
      '2018-01-01T00:00:00.0000000',
    ],
    [
      "@convertFromUtc('2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time', 'D')",
      'Monday, January 1, 2018',
    ],
    ["@convertToUtc('01/01/2018 00:00:00', 'Pacific Standard Time')", '2018-01-01T08:00:00.0000000Z'],
    [
      "@convertTimeZone('2018-01-01T08:00:00.0000000Z', 'UTC', 'Pacific Standard Time')",
      '2018-01-01T00:00:00.0000000',
    ],
  ])('%s', (text, expected) => {
    expect(plain(text)).toEqual(expected);
  });
  test('ticks() is exact beyond 2^53 (FUNCREF ticks: 100-ns intervals since 0001-01-01)', () => {
    expect(stringify(ev("@ticks('2018-01-01T08:00:00.0000000Z')"))).toBe('636503904000000000');
  });
  test('time-zone conversion across DST: Pacific is UTC-8 in winter and UTC-7 in summer; London switches at 01:00 UTC', () => {
    expect(ev("@convertFromUtc('2018-07-01T08:00:00Z', 'Pacific Standard Time')")).toBe(
      '2018-07-01T01:00:00.0000000',
    );
    // US DST started 2018-03-11 at 02:00 local (10:00 UTC): one minute before and after.
    expect(ev("@convertFromUtc('2018-03-11T09:59:00Z', 'Pacific Standard Time', 'HH:mm')")).toBe('01:59');
    expect(ev("@convertFromUtc('2018-03-11T10:00:00Z', 'Pacific Standard Time', 'HH:mm')")).toBe('03:00');
    expect(ev("@convertFromUtc('2018-10-28T00:59:00Z', 'GMT Standard Time', 'HH:mm')")).toBe('01:59');
    expect(ev("@convertFromUtc('2018-10-28T01:00:00Z', 'GMT Standard Time', 'HH:mm')")).toBe('01:00');
    expect(ev("@convertToUtc('2018-07-01T12:00:00', 'AUS Eastern Standard Time')")).toBe(
      '2018-07-01T02:00:00.0000000Z',
    );
    expect(ev("@convertToUtc('2018-01-01T12:00:00', 'AUS Eastern Standard Time')")).toBe(
      '2018-01-01T01:00:00.0000000Z',
    );
  });
  test('bad time zone, bad format and bad timestamp are errors naming the function', () => {
    expect(() => ev("@convertFromUtc('2018-01-01T00:00:00Z', 'Mars Standard Time')")).toThrow(
      /'convertFromUtc' was given the time zone 'Mars Standard Time'/,
    );
    expect(() => ev("@formatDateTime('2018-01-01T00:00:00Z', 'q')")).toThrow(/formatDateTime/);
    expect(() => ev("@addDays('not a date', 1)")).toThrow(
      /'addDays' expects its first parameter to be a string that contains a time/,
    );
  });
});

describe('workflow and manipulation functions', () => {
  test('parameters() with an environment-variable name, addProperty/setProperty/removeProperty', () => {
    expect(ev("@parameters('Proxy URL (dxc_ProxyBaseUrl)')")).toBe('http://127.0.0.1:1');
    expect(plain("@addProperty(json('{\"a\":1}'), 'b', 2)")).toEqual({ a: 1, b: 2 });
    expect(() => ev("@addProperty(json('{\"a\":1}'), 'a', 2)")).toThrow(/already has a property/);
    expect(plain("@setProperty(json('{\"a\":1}'), 'a', 2)")).toEqual({ a: 2 });
    expect(plain("@removeProperty(json('{\"a\":1}'), 'a')")).toEqual({});
    expect(ev("@uriHost('https://www.localhost.com:8080')")).toBe('www.localhost.com');
    expect(ev("@uriQuery('https://www.localhost.com/?date=today')")).toBe('?date=today');
    expect(ev("@uriPort('https://www.localhost.com')")).toBe(443);
  });
  test('object keys are templates too, with @@ unescaping', () => {
    expect(
      JSON.parse(toJsonText(evaluateValue({ "@{parameters('myAge')}": 1, '@@odata.type': 'x' }, ctx))),
    ).toEqual({
      '42': 1,
      '@odata.type': 'x',
    });
  });
});
