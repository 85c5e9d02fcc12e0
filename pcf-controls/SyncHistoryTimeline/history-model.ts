import type { ChoiceLabel } from '../shared/option-values';
import { choiceLabel } from '../shared/option-values';

/**
 * dxc_action (choice dxc_syncaction) labels and the resx keys of their fallback labels. Email has no string of its
 * own: such a row shows the platform's label, or Action_Unknown without one.
 */
const ACTION_KEYS = {
  Create: 'Create',
  Update: 'Update',
  Delete: 'Delete',
  Void: 'Void',
  'Credit note': 'CreditNote',
  Status: 'Status',
  Payment: 'Payment',
  Import: 'Import',
  Balance: 'Balance',
} as const satisfies Partial<Record<ChoiceLabel<'dxc_syncaction'>, string>>;
type ActionKey = (typeof ACTION_KEYS)[keyof typeof ACTION_KEYS];

/** A dxc_status (choice dxc_syncstatus) label. */
export type SyncStatus = ChoiceLabel<'dxc_syncstatus'>;

/** Property-set aliases of the manifest and the dxc_synchistory columns they map to by default. */
export const HISTORY_COLUMNS = {
  eventOn: 'dxc_eventon',
  status: 'dxc_status',
  action: 'dxc_action',
  details: 'dxc_details',
  entryName: 'dxc_name',
} as const;
type HistoryField = keyof typeof HISTORY_COLUMNS;

export interface HistoryEntry {
  id: string;
  name?: string;
  eventOn?: Date;
  /** Label from the platform (the maker's choice label) or undefined to use our own by `actionKey`. */
  actionLabel?: string;
  actionKey?: ActionKey;
  status?: SyncStatus;
  details?: string;
}

export interface HistoryDay {
  /** `YYYY-MM-DD` in the user's time zone, or `unknown`. */
  key: string;
  /** First entry's time, used to format the day heading. */
  sample?: Date;
  entries: HistoryEntry[];
}

/**
 * The column to read for a property-set: the platform exposes a mapped column under the property-set alias; when the
 * subgrid view lacks the mapping we fall back to the logical name.
 */
export function resolveColumns(
  dataset: ComponentFramework.PropertyTypes.DataSet,
): Record<HistoryField, string> {
  const resolved = {} as Record<HistoryField, string>;
  for (const field of Object.keys(HISTORY_COLUMNS) as HistoryField[]) {
    const column =
      dataset.columns.find((c) => c.alias === field) ??
      dataset.columns.find((c) => c.name === HISTORY_COLUMNS[field]);
    resolved[field] = column?.name ?? HISTORY_COLUMNS[field];
  }
  return resolved;
}

function asDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === 'string' && value) {
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? undefined : parsed;
  }
  return undefined;
}

function asChoice(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

function asText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Reads the loaded rows, newest first (undated rows last, in server order). */
export function readHistory(dataset: ComponentFramework.PropertyTypes.DataSet): HistoryEntry[] {
  const columns = resolveColumns(dataset);
  const entries = dataset.sortedRecordIds
    .map((id) => dataset.records[id])
    .filter(
      (record): record is ComponentFramework.PropertyHelper.DataSetApi.EntityRecord => record !== undefined,
    )
    .map((record): HistoryEntry => {
      const action = choiceLabel('dxc_syncaction', asChoice(record.getValue(columns.action)));
      return {
        id: record.getRecordId(),
        name: asText(record.getValue(columns.entryName)),
        eventOn: asDate(record.getValue(columns.eventOn)),
        actionLabel: asText(record.getFormattedValue(columns.action)),
        actionKey: action === undefined || action === 'Email' ? undefined : ACTION_KEYS[action],
        status: choiceLabel('dxc_syncstatus', asChoice(record.getValue(columns.status))),
        details: asText(record.getValue(columns.details)),
      };
    });
  return entries
    .map((entry, order) => ({ entry, order }))
    .sort((a, b) => {
      const at = a.entry.eventOn?.getTime();
      const bt = b.entry.eventOn?.getTime();
      if (at !== undefined && bt !== undefined && at !== bt) return bt - at;
      if (at === undefined && bt !== undefined) return 1;
      if (bt === undefined && at !== undefined) return -1;
      return a.order - b.order;
    })
    .map(({ entry }) => entry);
}

/** Groups entries (already newest first) by calendar day in the user's time zone. */
export function groupByDay(entries: HistoryEntry[], offsetMinutes: (date: Date) => number): HistoryDay[] {
  const days: HistoryDay[] = [];
  for (const entry of entries) {
    const key = entry.eventOn
      ? new Date(entry.eventOn.getTime() + offsetMinutes(entry.eventOn) * 60000).toISOString().slice(0, 10)
      : 'unknown';
    const last = days[days.length - 1];
    if (last && last.key === key) last.entries.push(entry);
    else days.push({ key, sample: entry.eventOn, entries: [entry] });
  }
  return days;
}

/** The details on one line (line breaks become spaces), cut at `max` characters, for the collapsed row. */
export function summaryLine(details: string | undefined, max = 140): string | undefined {
  if (!details) return undefined;
  const line = details.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
