import { ChangeFeed, type ChangeEvent } from './change-feed';
import type { EmulatorClock } from './clock';
import { DataverseError, errors } from './http/dataverse-error';
import {
  compareValues,
  columnValueType,
  compileFilter,
  resolveNavigation,
  resolveProperty,
} from './odata/filter-evaluator';
import { parseKeySegment, type KeySpec } from './odata/key-segment';
import type { ExpandItem, QueryOptions } from './odata/query-options';
import { RowSerializer } from './odata/row-serializer';
import type { ColumnDef, Schema, TableDef } from './schema/schema-types';
import { isLookupRef, RowStore, type LookupRef, type Row } from './store/row-store';

// The Dataverse behaviour behind the HTTP layer: validation of payloads against the schema, lookups and
// @odata.bind, state/status rules, calculated columns, alternate keys, cascades, queries and the change feed.
// Sources: powerapps-docs webapi/create-entity-web-api.md, update-delete-entities-using-web-api.md,
// use-alternate-key-reference-record.md, associate-disassociate-entities-using-web-api.md; invoice rules from the
// CE invoice/invoicedetail entity references (power-platform.md 6.1, 6.2).

export interface WriteOptions {
  /** Seed loading: skips validForCreate/Update and the read-only state rule, keeps type checks. */
  trusted?: boolean;
}

interface Pending {
  events: Omit<ChangeEvent, 'sequence'>[];
}

const GUID_LENGTH = 36;
const isGuid = (s: string) =>
  s.length === GUID_LENGTH &&
  [...s].every((c, i) => ([8, 13, 18, 23].includes(i) ? c === '-' : /[0-9a-fA-F]/.test(c)));

export class DataverseService {
  readonly store: RowStore;
  readonly serializer: RowSerializer;
  readonly changes: ChangeFeed;
  private pending: Pending | undefined;

  constructor(
    readonly schema: Schema,
    readonly clock: EmulatorClock,
    readonly identity: {
      userId: string;
      businessUnitId: string;
      organizationId: string;
      baseCurrencyId?: string;
    },
  ) {
    this.store = new RowStore(schema);
    this.serializer = new RowSerializer(this.store);
    this.changes = new ChangeFeed(schema, this.filterEnv(), (userId) => {
      const u = this.store.get('systemuser', userId);
      return u && isLookupRef(u.businessunitid) ? u.businessunitid.id : identity.businessUnitId;
    });
  }

  filterEnv() {
    return { store: this.store, currentUserId: this.identity.userId, now: () => this.clock.nowMs() };
  }

  tableBySet(entitySet: string): TableDef {
    const t = this.schema.byEntitySet.get(entitySet);
    if (!t) throw errors.segmentNotFound(entitySet);
    return t;
  }

  tableByName(logicalName: string): TableDef {
    const t = this.schema.tables.get(logicalName);
    if (!t)
      throw errors.badRequest(
        `The entity with a name = '${logicalName}' was not found in the MetadataCache.`,
        '0x80041102',
      );
    return t;
  }

  // ---------- lookups of rows ----------

  /** Finds the row a key segment names, or undefined. */
  find(table: TableDef, key: KeySpec): Row | undefined {
    if ('id' in key) return this.store.get(table.logicalName, key.id);
    return this.store.rows(table.logicalName).find((r) =>
      Object.entries(key.key).every(([col, want]) => {
        const v = r[col];
        if (isLookupRef(v)) return v.id === String(want).toLowerCase();
        if (typeof v === 'string' && typeof want === 'string') return v.toLowerCase() === want.toLowerCase();
        return v === want;
      }),
    );
  }

  require(table: TableDef, key: KeySpec): Row {
    const row = this.find(table, key);
    if (!row)
      throw 'id' in key
        ? errors.notFound(table.logicalName, key.id)
        : errors.notFoundByKey(table.logicalName, key.text);
    return row;
  }

  /** `/accounts(<guid>)`, `accounts(<guid>)`, an absolute URL, or an alternate-key reference. */
  resolveReference(value: unknown, allowed: string[], context: string): LookupRef {
    if (typeof value !== 'string')
      throw errors.badRequest(`${context}: the @odata.bind value must be a string like '/accounts(<guid>)'.`);
    let ref = value;
    const api = ref.indexOf('/api/data/v9.');
    if (api >= 0) ref = ref.slice(ref.indexOf('/', api + '/api/data/v9.'.length) + 1);
    if (ref.startsWith('/')) ref = ref.slice(1);
    const open = ref.indexOf('(');
    if (open < 0 || !ref.endsWith(')')) {
      throw errors.badRequest(`${context}: '${value}' is not an entity reference like '/accounts(<guid>)'.`);
    }
    const set = ref.slice(0, open);
    const target = this.schema.byEntitySet.get(set);
    if (!target) throw errors.segmentNotFound(set);
    if (!allowed.includes(target.logicalName)) {
      throw errors.badRequest(
        `${context}: a ${target.logicalName} cannot be bound here (expected ${allowed.join(' or ')}).`,
      );
    }
    const row = this.require(target, parseKeySegment(target, ref.slice(open + 1, -1)));
    return { id: row[target.primaryIdColumn] as string, table: target.logicalName };
  }

  /** The column values a key names, for an upsert that creates (the id, or alternate key values with lookups). */
  keyColumns(table: TableDef, key: KeySpec): Row {
    if ('id' in key) return { [table.primaryIdColumn]: key.id.toLowerCase() };
    const out: Row = {};
    for (const [col, v] of Object.entries(key.key)) {
      const c = table.columns.get(col)!;
      const target = c.targets?.[0]?.table;
      out[col] =
        c.kind === 'lookup' && target
          ? this.resolveReference(
              `/${this.schema.tables.get(target)!.entitySetName}(${String(v)})`,
              [target],
              `${table.logicalName}.${col}`,
            )
          : this.convert(table, c, v);
    }
    return out;
  }

  // ---------- payload validation ----------

  private convert(table: TableDef, c: ColumnDef, value: unknown): unknown {
    const edm = (t: string) =>
      errors.badRequest(
        `Cannot convert the literal '${JSON.stringify(value)}' to the expected type '${t}' (${table.logicalName}.${c.logicalName}).`,
      );
    if (value === null) {
      if (c.kind === 'state' || c.kind === 'primarykey')
        throw edm(c.kind === 'state' ? 'Edm.Int32' : 'Edm.Guid');
      return null;
    }
    switch (c.kind) {
      case 'primarykey':
        if (typeof value !== 'string' || !isGuid(value)) throw edm('Edm.Guid');
        return value.toLowerCase();
      case 'string':
      case 'memo':
        if (typeof value !== 'string') throw edm('Edm.String');
        if (c.maxLength !== undefined && value.length > c.maxLength) {
          throw errors.badRequest(
            `A validation error occurred. The length of the '${c.logicalName}' attribute of the '${table.logicalName}' entity exceeded the maximum allowed length of '${c.maxLength}'.`,
            '0x80044331',
          );
        }
        return value;
      case 'boolean':
        if (typeof value !== 'boolean') throw edm('Edm.Boolean');
        return value;
      case 'choice':
      case 'state':
      case 'status':
        if (typeof value !== 'number' || !Number.isInteger(value)) throw edm('Edm.Int32');
        if (!c.options?.some((o) => o.value === value))
          throw errors.outOfRange(c.logicalName, table.logicalName, value);
        return value;
      case 'integer':
      case 'bigint':
      case 'decimal':
      case 'money': {
        const integral = c.kind === 'integer' || c.kind === 'bigint';
        if (typeof value !== 'number' || !Number.isFinite(value) || (integral && !Number.isInteger(value))) {
          throw edm(integral ? 'Edm.Int32' : 'Edm.Decimal');
        }
        if ((c.min !== undefined && value < c.min) || (c.max !== undefined && value > c.max)) {
          throw errors.outOfRange(c.logicalName, table.logicalName, value);
        }
        return integral ? value : round(value, c.precision ?? 2);
      }
      case 'datetime': {
        if (typeof value !== 'string' || Number.isNaN(Date.parse(value)) || value.length < 10)
          throw edm('Edm.DateTimeOffset');
        const iso = value.length === 10 ? `${value}T00:00:00Z` : value;
        return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
      }
      case 'date':
        if (typeof value !== 'string' || value.length !== 10 || Number.isNaN(Date.parse(value)))
          throw edm('Edm.Date');
        return value;
      case 'lookup':
        throw errors.badRequest(
          `${table.logicalName}.${c.logicalName} is a lookup: set it with '<navigation property>@odata.bind'.`,
        );
    }
  }

  /** Turns a Web API body into column changes. `submitted` lists the columns the body names. */
  parsePayload(table: TableDef, body: unknown, mode: 'create' | 'update', o: WriteOptions = {}): Row {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw errors.badRequest('The request body must be a JSON object.');
    }
    const changes: Row = {};
    for (const [prop, value] of Object.entries(body as Record<string, unknown>)) {
      if (prop.startsWith('@odata.')) {
        if (prop === '@odata.type' && value !== `Microsoft.Dynamics.CRM.${table.logicalName}`) {
          throw errors.badRequest(
            `The @odata.type '${String(value)}' does not match the entity set of ${table.logicalName}.`,
          );
        }
        continue;
      }
      if (prop.endsWith('@odata.bind')) {
        const nav = prop.slice(0, -'@odata.bind'.length);
        const found = resolveNavigation(table, nav);
        if (!found) {
          throw errors.badRequest(
            `An undeclared property '${nav}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.`,
          );
        }
        this.checkWritable(table, found.column, mode, o);
        changes[found.column.logicalName] =
          value === null ? null : this.resolveReference(value, [found.target], `${table.logicalName}.${nav}`);
        continue;
      }
      if (prop.includes('@')) continue; // instance annotations sent back by clients (FormattedValue etc.)
      const column = table.columns.get(prop);
      if (!column) {
        if (resolveProperty(table, prop)?.lookupValue) {
          throw errors.badRequest(
            `'${prop}' is read-only: set the lookup with '<navigation property>@odata.bind' instead (${table.logicalName}).`,
          );
        }
        if (resolveNavigation(table, prop) || table.collectionNavigations.some((n) => n.name === prop)) {
          throw errors.notImplemented(`Deep insert/update through '${prop}'`);
        }
        throw errors.payloadPropertyUnknown(prop, table.logicalName);
      }
      if (column.kind === 'lookup' && o.trusted && (typeof value === 'string' || value === null)) {
        // Seeds may give a lookup as a plain id when it has a single target.
        if (value === null) changes[prop] = null;
        else if (column.targets!.length === 1)
          changes[prop] = { id: value.toLowerCase(), table: column.targets![0]!.table };
        else
          throw errors.badRequest(
            `${table.logicalName}.${prop} has several targets: use '<navigation>@odata.bind'.`,
          );
        continue;
      }
      if (!(column.kind === 'primarykey' && mode === 'create')) this.checkWritable(table, column, mode, o);
      changes[prop] = this.convert(table, column, value);
    }
    return changes;
  }

  private checkWritable(table: TableDef, c: ColumnDef, mode: 'create' | 'update', o: WriteOptions): void {
    if (o.trusted) return;
    if (mode === 'create' ? !c.validForCreate : !c.validForUpdate) {
      throw errors.notWritable(c.logicalName, table.logicalName, mode, c.readOnlyReason);
    }
  }

  // ---------- writes ----------

  private begin(): { commit: () => void; rollback: () => void; nested: boolean } {
    if (this.pending) return { commit: () => undefined, rollback: () => undefined, nested: true };
    const unit = this.store.begin();
    this.pending = { events: [] };
    return {
      nested: false,
      commit: () => {
        const events = this.pending!.events;
        this.pending = undefined;
        unit.commit();
        for (const e of events) this.changes.publish(e);
      },
      rollback: () => {
        this.pending = undefined;
        unit.rollback();
      },
    };
  }

  /** Runs `fn` all-or-nothing; change events are published only when it succeeds. */
  transaction<T>(fn: () => T): T {
    const tx = this.begin();
    try {
      const result = fn();
      tx.commit();
      return result;
    } catch (e) {
      tx.rollback();
      throw e;
    }
  }

  private emit(
    message: ChangeEvent['message'],
    table: TableDef,
    id: string,
    image?: Row,
    preImage?: Row,
    changed: string[] = [],
  ) {
    const annotate = () => true;
    const event = {
      message,
      table: table.logicalName,
      entitySetName: table.entitySetName,
      id,
      ...(image ? { image: this.serializer.serialize(table, image, { annotate }) } : {}),
      ...(preImage ? { preImage: this.serializer.serialize(table, preImage, { annotate }) } : {}),
      changedAttributes: changed,
      at: this.clock.now().toISOString(),
      userId: this.identity.userId,
      raw: { image: image ? { ...image } : undefined, preImage: preImage ? { ...preImage } : undefined },
    };
    this.pending!.events.push(event);
  }

  private nowIso(): string {
    return this.clock
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  private me(): LookupRef {
    return { id: this.identity.userId, table: 'systemuser' };
  }

  private applyState(table: TableDef, row: Row, changes: Row): void {
    const stateCol = table.columns.get('statecode')!;
    const statusCol = table.columns.get('statuscode')!;
    if ('statecode' in changes && !('statuscode' in changes)) {
      row.statuscode = statusCol.options!.find((o) => o.state === changes.statecode)?.value ?? null;
    } else if ('statuscode' in changes && !('statecode' in changes) && changes.statuscode !== null) {
      row.statecode = statusCol.options!.find((o) => o.value === changes.statuscode)?.state ?? row.statecode;
    }
    const status = statusCol.options!.find((o) => o.value === row.statuscode);
    if (row.statuscode !== null && status && status.state !== row.statecode) {
      const state = stateCol.options!.find((o) => o.value === row.statecode)?.label ?? String(row.statecode);
      // UNVERIFIED code (InvalidStateCode family); the message is the platform's wording.
      throw new DataverseError(
        400,
        '0x80040225',
        `${String(row.statuscode)} is not a valid status code for state code ${table.schemaName}State.${state} on ${table.logicalName} with Id ${String(row[table.primaryIdColumn])}.`,
      );
    }
  }

  private checkLookupTargets(table: TableDef, changes: Row): void {
    for (const [col, v] of Object.entries(changes)) {
      if (!isLookupRef(v)) continue;
      if (!this.store.has(v.table, v.id)) throw errors.notFound(v.table, v.id);
      const c = table.columns.get(col)!;
      if (!c.targets!.some((t) => t.table === v.table)) {
        throw errors.badRequest(`${table.logicalName}.${col} cannot point at a ${v.table}.`);
      }
    }
  }

  private parentInvoiceReadOnly(table: TableDef, row: Row | undefined): void {
    if (table.logicalName !== 'invoicedetail' || !row) return;
    const ref = row.invoiceid;
    if (!isLookupRef(ref)) return;
    const invoice = this.store.get('invoice', ref.id);
    const invoiceTable = this.schema.tables.get('invoice')!;
    if (invoice && invoiceTable.readOnlyStates.includes(invoice.statecode as number)) {
      throw errors.readOnlyRecord('invoice', this.stateLabel(invoiceTable, invoice));
    }
  }

  private stateLabel(table: TableDef, row: Row): string {
    return (
      table.columns.get('statecode')!.options!.find((o) => o.value === row.statecode)?.label ??
      String(row.statecode)
    );
  }

  create(table: TableDef, changes: Row, o: WriteOptions = {}): Row {
    return this.transaction(() => {
      const idCol = table.primaryIdColumn;
      const id = (changes[idCol] as string | undefined) ?? this.store.newId();
      if (this.store.has(table.logicalName, id)) throw errors.duplicate();
      this.checkAlternateKeyUnique(table, changes, undefined);
      if (!o.trusted) this.checkLookupTargets(table, changes);
      const now = this.nowIso();
      const row: Row = {};
      for (const c of table.columns.values()) {
        row[c.logicalName] = c.defaultValue !== undefined ? c.defaultValue : null;
      }
      row.statecode = 0;
      Object.assign(row, changes);
      row[idCol] = id.toLowerCase();
      row.createdon = now;
      row.modifiedon = now;
      row.createdby = this.me();
      row.modifiedby = this.me();
      if (table.ownership === 'UserOwned') {
        if (!isLookupRef(row.ownerid)) row.ownerid = this.me();
        row.owningbusinessunit = { id: this.identity.businessUnitId, table: 'businessunit' };
      }
      this.applyState(
        table,
        row,
        'statecode' in changes || 'statuscode' in changes ? changes : { statecode: row.statecode },
      );
      for (const c of table.columns.values()) {
        if (
          c.requiredOnCreate &&
          (row[c.logicalName] === null || row[c.logicalName] === undefined) &&
          !o.trusted
        ) {
          throw errors.badRequest(
            `A value for '${c.logicalName}' is required to create a ${table.logicalName}.`,
            '0x80040200',
          );
        }
      }
      if (table.logicalName === 'invoice' && !row.transactioncurrencyid && this.identity.baseCurrencyId) {
        row.transactioncurrencyid = { id: this.identity.baseCurrencyId, table: 'transactioncurrency' };
      }
      this.parentInvoiceReadOnly(table, row);
      this.calculate(table, row);
      row.versionnumber = this.store.nextVersion();
      this.store.put(table.logicalName, row);
      this.emit('Create', table, row[idCol] as string, row, undefined, Object.keys(changes));
      this.afterLineChange(table, row, undefined);
      return row;
    });
  }

  update(table: TableDef, existing: Row, changes: Row, o: WriteOptions = {}): Row {
    return this.transaction(() => {
      const id = existing[table.primaryIdColumn] as string;
      if (
        !o.trusted &&
        table.readOnlyStates.includes(existing.statecode as number) &&
        changes.statecode !== 0
      ) {
        throw errors.readOnlyRecord(table.logicalName, this.stateLabel(table, existing));
      }
      if (!o.trusted) {
        this.parentInvoiceReadOnly(table, existing);
        this.checkLookupTargets(table, changes);
      }
      this.checkAlternateKeyUnique(table, { ...existing, ...changes }, id);
      const before = { ...existing };
      const row: Row = { ...existing, ...changes };
      if ('statecode' in changes || 'statuscode' in changes) this.applyState(table, row, changes);
      row.modifiedon = this.nowIso();
      row.modifiedby = this.me();
      this.calculate(table, row);
      row.versionnumber = this.store.nextVersion();
      this.store.put(table.logicalName, row);
      this.emit('Update', table, id, row, before, Object.keys(changes));
      this.afterLineChange(table, row, before);
      return row;
    });
  }

  delete(table: TableDef, existing: Row): void {
    this.transaction(() => this.deleteRow(table, existing));
  }

  /** `cascaded`: deleted because its parent is being deleted (no read-only check, no recalculation of the parent). */
  private deleteRow(table: TableDef, existing: Row, cascaded = false): void {
    const id = existing[table.primaryIdColumn] as string;
    if (!cascaded) this.parentInvoiceReadOnly(table, existing);
    for (const nav of table.collectionNavigations) {
      const child = this.schema.tables.get(nav.table)!;
      const col = child.columns.get(nav.column)!;
      const behaviour = col.targets!.find((t) => t.relationship === nav.name)!.cascadeDelete;
      for (const r of this.store.referencing(nav.table, nav.column, id)) {
        if ((r[nav.column] as LookupRef).table !== table.logicalName) continue;
        if (behaviour === 'Cascade')
          this.deleteRow(child, this.store.get(nav.table, r[child.primaryIdColumn] as string)!, true);
        else if (behaviour === 'Restrict') {
          throw errors.badRequest(
            `The record cannot be deleted because it is associated with another record (${nav.name}).`,
            '0x80040227',
          );
        } else if (nav.column !== 'createdby' && nav.column !== 'modifiedby') {
          this.update(child, r, { [nav.column]: null }, { trusted: true });
        }
      }
    }
    // The row may have been re-read by a cascade above; the pre-image is the stored state now.
    const before = this.store.get(table.logicalName, id) ?? existing;
    this.store.remove(table.logicalName, id);
    this.emit('Delete', table, id, undefined, before, []);
    if (!cascaded) this.afterLineChange(table, undefined, before);
  }

  private checkAlternateKeyUnique(table: TableDef, row: Row, selfId: string | undefined): void {
    for (const k of table.alternateKeys) {
      const values = k.columns.map((c) => row[c]);
      if (values.some((v) => v === null || v === undefined)) continue;
      const key: Record<string, string | number | boolean> = {};
      k.columns.forEach((c, i) => {
        const v = values[i];
        key[c] = isLookupRef(v) ? v.id : (v as string | number | boolean);
      });
      const other = this.find(table, { key, text: '' });
      if (other && other[table.primaryIdColumn] !== selfId) throw errors.duplicate();
    }
  }

  /** Calculated columns of the platform (line amounts, invoice totals, full names). */
  private calculate(table: TableDef, row: Row): void {
    if (table.logicalName === 'contact' || table.logicalName === 'systemuser') {
      const name = [row.firstname, row.lastname].filter((s) => typeof s === 'string' && s).join(' ');
      row.fullname = name || null;
    }
    if (table.logicalName === 'invoicedetail') {
      const base = round(num(row.quantity) * num(row.priceperunit), 2);
      row.baseamount = base;
      row.extendedamount = round(base - num(row.manualdiscountamount) + num(row.tax), 2);
      const inv = isLookupRef(row.invoiceid) ? this.store.get('invoice', row.invoiceid.id) : undefined;
      if (inv) row.transactioncurrencyid = inv.transactioncurrencyid ?? null;
    }
    if (table.logicalName === 'invoice') {
      const lines = this.store.referencing('invoicedetail', 'invoiceid', row.invoiceid as string);
      const lineAmount = round(
        lines.reduce((s, l) => s + num(l.baseamount) - num(l.manualdiscountamount), 0),
        2,
      );
      const tax = round(
        lines.reduce((s, l) => s + num(l.tax), 0),
        2,
      );
      const discount = round(num(row.discountamount) + (lineAmount * num(row.discountpercentage)) / 100, 2);
      row.totallineitemamount = lineAmount;
      row.totallineitemdiscountamount = round(
        lines.reduce((s, l) => s + num(l.manualdiscountamount), 0),
        2,
      );
      row.totaltax = tax;
      row.totaldiscountamount = discount;
      row.totalamountlessfreight = round(lineAmount - discount, 2);
      row.totalamount = round(lineAmount - discount + num(row.freightamount) + tax, 2);
    }
  }

  /** A line change recalculates its invoice's totals, which Dataverse saves as an update of the invoice. */
  private afterLineChange(table: TableDef, row: Row | undefined, before: Row | undefined): void {
    if (table.logicalName !== 'invoicedetail') return;
    const ids = new Set<string>();
    for (const r of [row, before]) if (r && isLookupRef(r.invoiceid)) ids.add(r.invoiceid.id);
    const invoiceTable = this.schema.tables.get('invoice')!;
    for (const id of ids) {
      const inv = this.store.get('invoice', id);
      if (!inv) continue;
      const next = { ...inv };
      this.calculate(invoiceTable, next);
      const changed = [
        'totallineitemamount',
        'totallineitemdiscountamount',
        'totaltax',
        'totaldiscountamount',
        'totalamountlessfreight',
        'totalamount',
      ].filter((c) => next[c] !== inv[c]);
      if (changed.length === 0) continue;
      next.modifiedon = this.nowIso();
      next.versionnumber = this.store.nextVersion();
      this.store.put('invoice', next);
      this.emit('Update', invoiceTable, id, next, inv, changed);
    }
  }

  // ---------- queries ----------

  /** Validates `$select` names against `table` (lookups only as `_x_value`). */
  checkSelect(table: TableDef, select: string[] | undefined): void {
    for (const s of select ?? []) {
      if (!resolveProperty(table, s)) throw errors.propertyNotFound(s, table.logicalName);
    }
  }

  /** Filters and orders the rows of `table` (and `base` if given, e.g. the related rows of an expand). */
  select(table: TableDef, opts: QueryOptions, base?: Row[]): Row[] {
    this.checkSelect(table, opts.select);
    let rows = base ?? this.store.rows(table.logicalName);
    if (opts.filter !== undefined) {
      const predicate = compileFilter(opts.filter, table, this.filterEnv());
      rows = rows.filter(predicate);
    }
    if (opts.orderby) {
      const keys = opts.orderby.map((o) => {
        const p = resolveProperty(table, o.property);
        if (!p) throw errors.propertyNotFound(o.property, table.logicalName);
        const type = columnValueType(p.column);
        const get = (r: Row) => {
          const v = r[p.column.logicalName];
          return isLookupRef(v) ? v.id : (v ?? null);
        };
        return { get, type, descending: o.descending };
      });
      rows = [...rows].sort((a, b) => {
        for (const k of keys) {
          const x = k.get(a);
          const y = k.get(b);
          // SQL Server sorts nulls first in ascending order.
          const c = x === null ? (y === null ? 0 : -1) : y === null ? 1 : compareValues(k.type, x, y);
          if (c !== 0) return k.descending ? -c : c;
        }
        return 0;
      });
    }
    return rows;
  }

  /** Serializes rows with `$select` and `$expand` applied. */
  shape(
    table: TableDef,
    rows: Row[],
    opts: QueryOptions,
    annotate: (t: string) => boolean,
  ): Record<string, unknown>[] {
    const expands = (opts.expand ?? []).map((e) => this.planExpand(table, e));
    return rows.map((r) => {
      const out = this.serializer.serialize(table, r, { select: opts.select, annotate });
      for (const x of expands) out[x.name] = x.render(r, annotate);
      return out;
    });
  }

  private planExpand(
    table: TableDef,
    item: ExpandItem,
  ): { name: string; render: (r: Row, annotate: (t: string) => boolean) => unknown } {
    const single = resolveNavigation(table, item.navigation);
    if (single) {
      const target = this.schema.tables.get(single.target)!;
      const o = item.options;
      if (o.filter !== undefined || o.orderby || o.top !== undefined) {
        throw errors.queryError(
          `Only $select and $expand are supported on the single-valued navigation property '${item.navigation}'.`,
        );
      }
      this.checkSelect(target, o.select);
      const nested = (o.expand ?? []).map((e) => this.planExpand(target, e));
      return {
        name: item.navigation,
        render: (r, annotate) => {
          const ref = r[single.column.logicalName];
          if (!isLookupRef(ref) || ref.table !== target.logicalName) return null;
          const row = this.store.get(target.logicalName, ref.id);
          if (!row) return null;
          const out = this.serializer.serialize(target, row, { select: o.select, annotate });
          for (const x of nested) out[x.name] = x.render(row, annotate);
          return out;
        },
      };
    }
    const coll = table.collectionNavigations.find((n) => n.name === item.navigation);
    if (!coll) throw errors.propertyNotFound(item.navigation, table.logicalName);
    const child = this.schema.tables.get(coll.table)!;
    this.checkSelect(child, item.options.select);
    // Validate the nested options once, before any row is rendered.
    this.select(child, item.options, []);
    return {
      name: item.navigation,
      render: (r, annotate) => {
        const id = r[table.primaryIdColumn] as string;
        const related = this.store
          .referencing(coll.table, coll.column, id)
          .filter((x) => (x[coll.column] as LookupRef).table === table.logicalName);
        let rows = this.select(child, item.options, related);
        if (item.options.top !== undefined) rows = rows.slice(0, item.options.top);
        return this.shape(child, rows, { ...item.options, expand: item.options.expand }, annotate);
      },
    };
  }
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round((n + Number.EPSILON) * f) / f;
}
