import { errors } from '../http/dataverse-error';
import type { ColumnDef, TableDef } from '../schema/schema-types';
import { isLookupRef, type Row, type RowStore } from '../store/row-store';
import {
  FilterSyntaxError,
  parseFilter,
  type CompareOp,
  type FilterExpr,
  type LiteralType,
} from './filter-parser';

// Turns a parsed `$filter` into a predicate over stored rows, checking every name against the schema first so an
// unknown column is the 400 Dataverse gives, never a filter that silently matches nothing.
// Semantics follow SQL Server as Dataverse uses it: string comparison is case-insensitive, comparisons with null
// are false except `eq null` / `ne null`. Date query functions use UTC as the user's time zone (the emulator has no
// user settings).

type ValueType = 'string' | 'number' | 'guid' | 'datetime' | 'date' | 'boolean' | 'null';

interface Compiled {
  type: ValueType;
  get: (scope: Scope) => unknown;
  /** Set when the value is a column of a row (not a literal), for column comparison. */
  column?: { name: string; sameRow: boolean; variable?: string };
}

interface Scope {
  row: Row;
  vars: Map<string, { row: Row }>;
}

export interface FilterEnvironment {
  store: RowStore;
  currentUserId: string;
  /** Epoch milliseconds of the emulator clock (for Today and friends). */
  now: () => number;
}

const EDM: Record<ValueType, string> = {
  string: 'Edm.String',
  number: 'Edm.Int32',
  guid: 'Edm.Guid',
  datetime: 'Edm.DateTimeOffset',
  date: 'Edm.Date',
  boolean: 'Edm.Boolean',
  null: 'null',
};
const OP_NAME: Record<CompareOp, string> = {
  eq: 'Equal',
  ne: 'NotEqual',
  gt: 'GreaterThan',
  ge: 'GreaterThanOrEqual',
  lt: 'LessThan',
  le: 'LessThanOrEqual',
};

export function columnValueType(c: ColumnDef): ValueType {
  switch (c.kind) {
    case 'string':
    case 'memo':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'datetime':
      return 'datetime';
    case 'date':
      return 'date';
    case 'primarykey':
    case 'lookup':
      return 'guid';
    default:
      return 'number';
  }
}

/** Resolves `_x_value` / column names of a table: the column and whether it was the lookup value form. */
export function resolveProperty(
  table: TableDef,
  name: string,
): { column: ColumnDef; lookupValue: boolean } | undefined {
  if (name.startsWith('_') && name.endsWith('_value')) {
    const c = table.columns.get(name.slice(1, -'_value'.length));
    return c && c.kind === 'lookup' ? { column: c, lookupValue: true } : undefined;
  }
  const c = table.columns.get(name);
  return c && c.kind !== 'lookup' ? { column: c, lookupValue: false } : undefined;
}

/** The lookup column and target table behind a single-valued navigation property. */
export function resolveNavigation(
  table: TableDef,
  nav: string,
): { column: ColumnDef; target: string } | undefined {
  for (const c of table.columns.values()) {
    const t = c.targets?.find((x) => x.navigationProperty === nav);
    if (t) return { column: c, target: t.table };
  }
  return undefined;
}

class Compiler {
  constructor(
    private readonly env: FilterEnvironment,
    private readonly vars: Map<string, TableDef>,
  ) {}

  predicate(e: FilterExpr, table: TableDef): (s: Scope) => boolean {
    switch (e.kind) {
      case 'and': {
        const l = this.predicate(e.left, table);
        const r = this.predicate(e.right, table);
        return (s) => l(s) && r(s);
      }
      case 'or': {
        const l = this.predicate(e.left, table);
        const r = this.predicate(e.right, table);
        return (s) => l(s) || r(s);
      }
      case 'not': {
        const p = this.predicate(e.operand, table);
        return (s) => !p(s);
      }
      case 'compare': {
        const left = this.value(e.left, table);
        const right = this.value(e.right, table);
        if (left.column && right.column) return this.columnComparison(e.op, left, right);
        return this.compare(e.op, left, right);
      }
      case 'call':
        return this.stringFunction(e.name, e.args, table);
      case 'crmFunction':
        return this.crmFunction(e.name, e.params, table);
      case 'lambda':
        return this.lambda(e, table);
      case 'literal':
        if (e.type === 'boolean') return () => e.value === true;
        throw errors.queryError(
          `The $filter expression must evaluate to a Boolean, found a ${e.type} literal.`,
        );
      case 'property': {
        const v = this.value(e, table);
        if (v.type !== 'boolean') {
          throw errors.queryError(
            `The $filter expression must evaluate to a Boolean, '${e.path.join('/')}' is ${EDM[v.type]}.`,
          );
        }
        return (s) => v.get(s) === true;
      }
      case 'list':
        throw errors.queryError('A list is only valid as a Microsoft.Dynamics.CRM function parameter.');
    }
  }

  value(e: FilterExpr, table: TableDef): Compiled {
    if (e.kind === 'literal') return { type: e.type as ValueType, get: () => e.value };
    if (e.kind === 'property') return this.path(e.path, table);
    if (e.kind === 'call') {
      throw errors.queryError(
        `The function '${e.name}' cannot be used as a value; Dataverse supports contains, startswith and endswith as conditions.`,
      );
    }
    throw errors.queryError(`Expected a property or a literal in $filter, found a ${e.kind} expression.`);
  }

  private path(path: string[], table: TableDef): Compiled {
    const at = (n: number) => path[n] ?? '';
    let current = table;
    let head = 0;
    // Lambda variable: `d/quantity` inside `invoice_details/any(d:…)`.
    let fromVar: string | undefined;
    const variable = this.vars.get(at(0));
    if (variable) {
      fromVar = at(0);
      current = variable;
      head = 1;
      if (path.length === 1)
        throw errors.queryError(`The lambda variable '${at(0)}' must be followed by a property.`);
    }
    const hops: { column: string; table: string }[] = [];
    for (; head < path.length - 1; head++) {
      const nav = resolveNavigation(current, at(head));
      if (!nav) throw errors.propertyNotFound(at(head), current.logicalName);
      current = this.env.store.schema.tables.get(nav.target)!;
      hops.push({ column: nav.column.logicalName, table: current.logicalName });
    }
    const last = at(path.length - 1);
    const prop = resolveProperty(current, last);
    if (!prop) throw errors.propertyNotFound(last, current.logicalName);
    const type = columnValueType(prop.column);
    const store = this.env.store;
    return {
      type,
      column: { name: path.join('/'), sameRow: hops.length === 0, variable: fromVar },
      get: (s) => {
        let row: Row | undefined = fromVar ? s.vars.get(fromVar)!.row : s.row;
        for (const hop of hops) {
          const ref: unknown = row?.[hop.column];
          row = isLookupRef(ref) && ref.table === hop.table ? store.get(ref.table, ref.id) : undefined;
        }
        if (!row) return null;
        const v = row[prop.column.logicalName];
        if (prop.lookupValue) return isLookupRef(v) ? v.id : null;
        return v ?? null;
      },
    };
  }

  private checkTypes(op: string, a: ValueType, b: ValueType): void {
    if (a === 'null' || b === 'null' || a === b) return;
    const temporal = (t: ValueType) => t === 'date' || t === 'datetime';
    if (temporal(a) && temporal(b)) return;
    throw errors.queryError(
      `A binary operator with incompatible types was detected. Found operand types '${EDM[a]}' and '${EDM[b]}' for operator kind '${op}'.`,
    );
  }

  /**
   * Two columns of the same row (column-comparison.md; webapi/query/filter-rows.md "Column comparison"): only the six
   * comparison operators, both columns in one table (no navigation path), types that match, and a null on either
   * side is no match (a comparison with null is unknown in SQL, so `ne` does not match either).
   */
  private columnComparison(op: CompareOp, l: Compiled, r: Compiled): (s: Scope) => boolean {
    const a = l.column!;
    const b = r.column!;
    if (!a.sameRow || !b.sameRow || a.variable !== b.variable) {
      throw errors.queryError(
        `Column comparison compares two columns of the same row: '${a.name}' ${op} '${b.name}' reaches into another table.`,
      );
    }
    // Number columns of different kinds (whole number vs decimal vs money) are treated as comparable, as SQL would;
    // Dataverse may be stricter (UNVERIFIED: the docs only give int vs string as an invalid pair).
    const temporal = (t: ValueType) => t === 'date' || t === 'datetime';
    if (l.type !== r.type && !(temporal(l.type) && temporal(r.type))) {
      throw errors.queryError(
        `Column comparison needs columns of compatible types: '${a.name}' is ${EDM[l.type]} and '${b.name}' is ${EDM[r.type]}.`,
      );
    }
    const type = l.type;
    return (s) => {
      const x = l.get(s);
      const y = r.get(s);
      if (x === null || x === undefined || y === null || y === undefined) return false;
      return holds(op, compareValues(type, x, y));
    };
  }

  private compare(op: CompareOp, l: Compiled, r: Compiled): (s: Scope) => boolean {
    this.checkTypes(OP_NAME[op], l.type, r.type);
    const type = l.type === 'null' ? r.type : l.type;
    return (s) => {
      const a = l.get(s);
      const b = r.get(s);
      if (a === null || a === undefined || b === null || b === undefined) {
        const bothNull = (a ?? null) === null && (b ?? null) === null;
        if (op === 'eq') return bothNull;
        if (op === 'ne') return !bothNull;
        return false;
      }
      return holds(op, compareValues(type, a, b));
    };
  }

  private stringFunction(name: string, args: FilterExpr[], table: TableDef): (s: Scope) => boolean {
    if (name !== 'contains' && name !== 'startswith' && name !== 'endswith') {
      throw errors.queryError(
        `The function '${name}' is not supported in $filter. Use contains, startswith, endswith or a Microsoft.Dynamics.CRM query function.`,
      );
    }
    if (args.length !== 2)
      throw errors.queryError(`The function '${name}' takes 2 arguments, found ${args.length}.`);
    const subject = this.value(args[0]!, table);
    const search = this.value(args[1]!, table);
    if (subject.column && search.column) {
      throw errors.queryError(
        `The function '${name}' cannot compare two columns ('${subject.column.name}', '${search.column.name}'): only eq, ne, gt, ge, lt and le compare columns of the same row.`,
      );
    }
    if (subject.type !== 'string' || search.type !== 'string') {
      throw errors.queryError(
        `The function '${name}' needs Edm.String arguments, found '${EDM[subject.type]}' and '${EDM[search.type]}'.`,
      );
    }
    return (s) => {
      const a = subject.get(s);
      const b = search.get(s);
      if (typeof a !== 'string' || typeof b !== 'string') return false;
      const x = a.toLowerCase();
      const y = b.toLowerCase();
      return name === 'contains' ? x.includes(y) : name === 'startswith' ? x.startsWith(y) : x.endsWith(y);
    };
  }

  private crmFunction(
    name: string,
    params: Record<string, FilterExpr>,
    table: TableDef,
  ): (s: Scope) => boolean {
    const propParam = params.PropertyName;
    if (!propParam || propParam.kind !== 'literal' || propParam.type !== 'string') {
      throw errors.queryError(`Microsoft.Dynamics.CRM.${name} needs PropertyName='<column>'.`);
    }
    const prop = this.path([propParam.value as string], table);
    const literal = (e: FilterExpr | undefined, what: string): Compiled => {
      if (!e || e.kind !== 'literal')
        throw errors.queryError(`Microsoft.Dynamics.CRM.${name} needs ${what}.`);
      return { type: prop.type, get: () => coerceLiteral(prop.type, e.value, e.type) };
    };
    const list = (): Compiled[] => {
      const v = params.PropertyValues;
      if (!v || v.kind !== 'list')
        throw errors.queryError(`Microsoft.Dynamics.CRM.${name} needs PropertyValues=[…].`);
      return v.items.map((i) => literal(i, 'literal values in PropertyValues'));
    };
    const eq = (c: Compiled) => this.compare('eq', prop, c);
    const dayOf = (s: Scope) => {
      const v = prop.get(s);
      return typeof v === 'string' ? v.slice(0, 10) : null;
    };
    switch (name) {
      case 'In':
      case 'NotIn': {
        const tests = list().map(eq);
        return name === 'In' ? (s) => tests.some((t) => t(s)) : (s) => !tests.some((t) => t(s));
      }
      case 'Null':
        return (s) => prop.get(s) === null;
      case 'NotNull':
        return (s) => prop.get(s) !== null;
      case 'Between':
      case 'NotBetween': {
        const [lo, hi] = list();
        if (!lo || !hi) throw errors.queryError(`Microsoft.Dynamics.CRM.${name} needs two PropertyValues.`);
        const ge = this.compare('ge', prop, lo);
        const le = this.compare('le', prop, hi);
        return name === 'Between' ? (s) => ge(s) && le(s) : (s) => prop.get(s) !== null && !(ge(s) && le(s));
      }
      case 'OnOrBefore':
      case 'OnOrAfter':
      case 'On': {
        const day = String(literal(params.PropertyValue, "PropertyValue='<date>'").get({} as Scope)).slice(
          0,
          10,
        );
        return (s) => {
          const d = dayOf(s);
          if (d === null) return false;
          return name === 'On' ? d === day : name === 'OnOrBefore' ? d <= day : d >= day;
        };
      }
      case 'Today':
      case 'Yesterday':
      case 'Tomorrow': {
        const offset = name === 'Today' ? 0 : name === 'Yesterday' ? -1 : 1;
        return (s) => dayOf(s) === new Date(this.now() + offset * 86400000).toISOString().slice(0, 10);
      }
      case 'EqualUserId':
      case 'NotEqualUserId': {
        const me = this.env.currentUserId;
        return name === 'EqualUserId' ? (s) => prop.get(s) === me : (s) => prop.get(s) !== me;
      }
      default:
        throw errors.queryError(
          `The query function 'Microsoft.Dynamics.CRM.${name}' is not supported by the emulator.`,
        );
    }
  }

  private now(): number {
    return this.env.now();
  }

  private lambda(e: Extract<FilterExpr, { kind: 'lambda' }>, table: TableDef): (s: Scope) => boolean {
    if (e.path.length !== 1)
      throw errors.queryError(
        'Lambda operators are supported on a collection-valued navigation property of the row.',
      );
    const navName = e.path[0] ?? '';
    const nav = table.collectionNavigations.find((n) => n.name === navName);
    if (!nav) throw errors.propertyNotFound(navName, table.logicalName);
    const child = this.env.store.schema.tables.get(nav.table)!;
    let predicate: (s: Scope) => boolean = () => true;
    if (e.predicate && e.variable) {
      const inner = new Compiler(this.env, new Map([...this.vars, [e.variable, child]]));
      predicate = inner.predicate(e.predicate, table);
    }
    const store = this.env.store;
    return (s) => {
      const id = s.row[table.primaryIdColumn] as string;
      const related = store.referencing(nav.table, nav.column, id);
      const test = (r: Row) =>
        predicate({ row: s.row, vars: new Map([...s.vars, [e.variable ?? '$it', { row: r }]]) });
      return e.quantifier === 'any' ? related.some(test) : related.every(test);
    };
  }
}

function holds(op: CompareOp, c: number): boolean {
  switch (op) {
    case 'eq':
      return c === 0;
    case 'ne':
      return c !== 0;
    case 'gt':
      return c > 0;
    case 'ge':
      return c >= 0;
    case 'lt':
      return c < 0;
    case 'le':
      return c <= 0;
  }
}

function coerceLiteral(type: ValueType, value: unknown, literalType: LiteralType): unknown {
  if (value === null) return null;
  if (type === 'number' && typeof value === 'string' && literalType === 'string') return Number(value);
  if (type === 'guid' && typeof value === 'string') return value.toLowerCase();
  return value;
}

function compareValues(type: ValueType, a: unknown, b: unknown): number {
  if (type === 'string') {
    const x = String(a).toLowerCase();
    const y = String(b).toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (type === 'guid') {
    const x = String(a).toLowerCase();
    const y = String(b).toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (type === 'date' || type === 'datetime') {
    const x = Date.parse(String(a).length === 10 ? `${a}T00:00:00Z` : String(a));
    const y = Date.parse(String(b).length === 10 ? `${b}T00:00:00Z` : String(b));
    return x - y;
  }
  if (type === 'boolean') return Number(a) - Number(b);
  return Number(a) - Number(b);
}

export type RowPredicate = (row: Row) => boolean;

/** Parses and compiles `$filter` for `table`; syntax and name errors become Dataverse 400 errors. */
export function compileFilter(source: string, table: TableDef, env: FilterEnvironment): RowPredicate {
  let expr: FilterExpr;
  try {
    expr = parseFilter(source);
  } catch (e) {
    if (e instanceof FilterSyntaxError) throw errors.queryError(e.message);
    throw e;
  }
  const p = new Compiler(env, new Map()).predicate(expr, table);
  return (row) => p({ row, vars: new Map() });
}

export { compareValues };
