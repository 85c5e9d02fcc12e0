import { ChangeFeed, type ChangeEvent } from './change-feed';
import type { EmulatorClock } from './clock';
import { errors } from './http/dataverse-error';
import { parseKeySegment, type KeySpec } from './odata/key-segment';
import { RowSerializer } from './odata/row-serializer';
import type { Schema, TableDef } from './schema/schema-types';
import { calculateColumns, INVOICE_TOTAL_COLUMNS } from './service/calculated-columns';
import { convertColumnValue } from './service/column-conversion';
import { parsePayload, type WriteMode, type WriteOptions } from './service/payload-parser';
import { RowQuery } from './service/row-query';
import { applyState, stateLabel } from './service/state-rules';
import { isLookupRef, RowStore, type LookupRef, type Row } from './store/row-store';

// The Dataverse behaviour behind the HTTP layer. Here: finding rows, lookups and @odata.bind references, writes
// (transactions, alternate keys, cascades) and the change feed. The rules they apply are in service/: payload
// parsing and column conversion, state/status rules, calculated columns, and queries ($filter, $orderby, $expand).
// Sources: powerapps-docs webapi/create-entity-web-api.md, update-delete-entities-using-web-api.md,
// use-alternate-key-reference-record.md, associate-disassociate-entities-using-web-api.md; invoice rules from the
// CE invoice/invoicedetail entity references (power-platform.md 6.1, 6.2).

export type { WriteOptions };

interface Pending {
  events: Omit<ChangeEvent, 'sequence'>[];
}

export class DataverseService {
  readonly store: RowStore;
  readonly serializer: RowSerializer;
  readonly changes: ChangeFeed;
  private readonly query: RowQuery;
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
    this.query = new RowQuery(schema, this.store, this.serializer, this.filterEnv());
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
          : convertColumnValue(table, c, v);
    }
    return out;
  }

  // ---------- payload validation ----------

  /** Turns a Web API body into column changes. */
  parsePayload(table: TableDef, body: unknown, mode: WriteMode, o: WriteOptions = {}): Row {
    return parsePayload(table, body, mode, o, (value, allowed, context) =>
      this.resolveReference(value, allowed, context),
    );
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
      throw errors.readOnlyRecord('invoice', stateLabel(invoiceTable, invoice));
    }
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
      applyState(
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
      calculateColumns(this.store, table, row);
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
        throw errors.readOnlyRecord(table.logicalName, stateLabel(table, existing));
      }
      if (!o.trusted) {
        this.parentInvoiceReadOnly(table, existing);
        this.checkLookupTargets(table, changes);
      }
      this.checkAlternateKeyUnique(table, { ...existing, ...changes }, id);
      const before = { ...existing };
      const row: Row = { ...existing, ...changes };
      if ('statecode' in changes || 'statuscode' in changes) applyState(table, row, changes);
      row.modifiedon = this.nowIso();
      row.modifiedby = this.me();
      calculateColumns(this.store, table, row);
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
      calculateColumns(this.store, invoiceTable, next);
      const changed = INVOICE_TOTAL_COLUMNS.filter((c) => next[c] !== inv[c]);
      if (changed.length === 0) continue;
      next.modifiedon = this.nowIso();
      next.versionnumber = this.store.nextVersion();
      this.store.put('invoice', next);
      this.emit('Update', invoiceTable, id, next, inv, changed);
    }
  }

  // ---------- queries (service/row-query.ts) ----------

  checkSelect(...args: Parameters<RowQuery['checkSelect']>): void {
    this.query.checkSelect(...args);
  }

  select(...args: Parameters<RowQuery['select']>): Row[] {
    return this.query.select(...args);
  }

  shape(...args: Parameters<RowQuery['shape']>): Record<string, unknown>[] {
    return this.query.shape(...args);
  }
}
