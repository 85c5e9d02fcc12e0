import type { DataverseService } from './dataverse-service';
import { errors } from './http/dataverse-error';
import { isLookupRef, type Row } from './store/row-store';

/** Seed JSON: table logical name → rows with Web API column names; lookups as `nav@odata.bind` or `_x_value`. */
export type SeedRows = Record<string, Record<string, unknown>[]>;

/** snapshot(): table logical name → rows (lookups as `_x_value` ids), sorted by creation. */
export type Snapshot = Record<string, Record<string, unknown>[]>;

/** Fixed ids of the reference rows every emulator starts with, so tests and seeds can bind to them. */
export const REFERENCE_IDS = {
  organization: '00000000-0000-4000-8000-00000000a001',
  businessUnit: '00000000-0000-4000-8000-00000000b001',
  systemUser: '00000000-0000-4000-8000-00000000c001',
  gbp: '00000000-0000-4000-8000-00000000d001',
  usd: '00000000-0000-4000-8000-00000000d002',
  priceList: '00000000-0000-4000-8000-00000000e001',
  unit: '00000000-0000-4000-8000-00000000f001',
} as const;

export function referenceRows(): SeedRows {
  const r = REFERENCE_IDS;
  return {
    businessunit: [{ businessunitid: r.businessUnit, name: 'Contoso' }],
    systemuser: [
      {
        systemuserid: r.systemUser,
        firstname: 'Flow',
        lastname: 'Owner',
        internalemailaddress: 'flow.owner@contoso.example',
        domainname: 'flow.owner@contoso.example',
        'businessunitid@odata.bind': `/businessunits(${r.businessUnit})`,
      },
    ],
    transactioncurrency: [
      {
        transactioncurrencyid: r.gbp,
        currencyname: 'Pound Sterling',
        isocurrencycode: 'GBP',
        currencysymbol: '£',
        exchangerate: 1,
        currencyprecision: 2,
      },
      {
        transactioncurrencyid: r.usd,
        currencyname: 'US Dollar',
        isocurrencycode: 'USD',
        currencysymbol: '$',
        exchangerate: 1.27,
        currencyprecision: 2,
      },
    ],
    uom: [{ uomid: r.unit, name: 'Primary Unit', quantity: 1 }],
    pricelevel: [
      {
        pricelevelid: r.priceList,
        name: 'Default Price List',
        'transactioncurrencyid@odata.bind': `/transactioncurrencies(${r.gbp})`,
      },
    ],
  };
}

/**
 * Loads rows trusted (read-only columns such as statecode on invoices may be given) but type-checked; lookups must
 * point at rows that exist once the whole seed is in. All-or-nothing.
 */
export function loadRows(service: DataverseService, seed: SeedRows): Record<string, string[]> {
  return service.transaction(() => {
    const ids: Record<string, string[]> = {};
    const loaded: { table: string; row: Row }[] = [];
    for (const [tableName, rows] of Object.entries(seed)) {
      const table = service.tableByName(tableName);
      if (!Array.isArray(rows)) throw errors.badRequest(`Seed table '${tableName}' must be a list of rows.`);
      ids[tableName] = [];
      for (const input of rows) {
        const data: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(input)) {
          // `_x_value` in seeds is the plain-id form of a single-target lookup.
          if (k.startsWith('_') && k.endsWith('_value') && !k.includes('@')) data[k.slice(1, -6)] = v;
          else if (!k.includes('@') || k.endsWith('@odata.bind')) data[k] = v;
        }
        const row = withDeferredBinds(service, tableName, data);
        const created = service.create(table, row, { trusted: true });
        loaded.push({ table: tableName, row: created });
        ids[tableName].push(created[table.primaryIdColumn] as string);
      }
    }
    for (const { table, row } of loaded) {
      for (const [col, v] of Object.entries(row)) {
        if (isLookupRef(v) && !service.store.has(v.table, v.id)) {
          throw errors.badRequest(
            `Seed row ${table} ${String(row[service.tableByName(table).primaryIdColumn])}: ${col} points at a ${v.table} ${v.id} that does not exist.`,
          );
        }
      }
    }
    return ids;
  });
}

/** Binds in seeds may name rows loaded later in the same seed, so they are resolved without an existence check. */
function withDeferredBinds(service: DataverseService, tableName: string, data: Record<string, unknown>): Row {
  const table = service.tableByName(tableName);
  const plain: Record<string, unknown> = {};
  const refs: Row = {};
  for (const [k, v] of Object.entries(data)) {
    if (!k.endsWith('@odata.bind')) {
      plain[k] = v;
      continue;
    }
    const nav = k.slice(0, -'@odata.bind'.length);
    const column = [...table.columns.values()].find((c) =>
      c.targets?.some((t) => t.navigationProperty === nav),
    );
    if (!column) throw errors.payloadPropertyUnknown(nav, tableName);
    if (v === null) {
      refs[column.logicalName] = null;
      continue;
    }
    const text = String(v)
      .replace(/^.*\/api\/data\/v9\.\d\//, '')
      .replace(/^\//, '');
    const open = text.indexOf('(');
    const set = text.slice(0, open);
    const target = service.schema.byEntitySet.get(set);
    if (!target || !column.targets!.some((t) => t.table === target.logicalName)) {
      throw errors.badRequest(
        `Seed ${tableName}.${nav}: '${String(v)}' is not a reference to ${column.targets!.map((t) => t.table).join(' or ')}.`,
      );
    }
    refs[column.logicalName] = { id: text.slice(open + 1, -1).toLowerCase(), table: target.logicalName };
  }
  return { ...service.parsePayload(table, plain, 'create', { trusted: true }), ...refs };
}

export function snapshotRows(service: DataverseService): Snapshot {
  const out: Snapshot = {};
  for (const table of service.schema.tables.values()) {
    out[table.logicalName] = service.store.rows(table.logicalName).map((r) => {
      const { '@odata.etag': _etag, ...rest } = service.serializer.serialize(table, r, {
        annotate: () => false,
      });
      return rest;
    });
  }
  return out;
}
