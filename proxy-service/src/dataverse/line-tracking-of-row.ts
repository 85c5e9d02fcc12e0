/**
 * The two tracking option lookups of an invoice line (issue 14 §2) as the Sync invoices flow expands them
 * (`dxc_TrackingOption1`, `dxc_TrackingOption2`, each a dxc_xerotrackingoption row carrying its category's Xero id
 * and name, so no deeper expansion is needed) → the contract's line tracking. An option imported for another Xero
 * connection would reach Xero as an unknown id, or worse as another organisation's option of the same name: the row
 * is refused before any Xero call, naming the column.
 */
import type { LineTracking } from '@dxc/openapi';

type Row = Record<string, unknown>;

const SLOTS = [
  { column: 'dxc_trackingoption1', navigation: 'dxc_TrackingOption1' },
  { column: 'dxc_trackingoption2', navigation: 'dxc_TrackingOption2' },
] as const;

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const obj = (v: unknown): Row | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Row) : undefined;

/** The line's tracking options in slot order; an empty slot is skipped. */
export function lineTrackingOf(detail: Row): LineTracking[] {
  return SLOTS.flatMap(({ navigation }) => {
    const option = obj(detail[navigation]);
    const trackingOptionId = text(option?.dxc_optionid);
    const trackingCategoryId = text(option?.dxc_categoryid);
    if (!option || !trackingOptionId || !trackingCategoryId) return [];
    const categoryName = text(option.dxc_categoryname);
    const optionName = text(option.dxc_name);
    return [
      {
        trackingCategoryId,
        trackingOptionId,
        ...(categoryName ? { categoryName: categoryName.slice(0, 100) } : {}),
        ...(optionName ? { optionName: optionName.slice(0, 100) } : {}),
      },
    ];
  });
}

/**
 * Why the invoice's lines cannot go to the connection `connectionRowId`: the first tracking option that belongs to
 * another connection, named by line and column; undefined when every option is the connection's own.
 */
export function trackingOfAnotherConnection(
  details: readonly Row[],
  connectionRowId: string,
): string | undefined {
  for (const [index, detail] of details.entries()) {
    for (const { column, navigation } of SLOTS) {
      const option = obj(detail[navigation]);
      const owner = text(option?._dxc_connectionid_value);
      if (!option || !owner || owner.toLowerCase() === connectionRowId.toLowerCase()) continue;
      const name = [text(option.dxc_categoryname), text(option.dxc_name)].filter(Boolean).join(': ');
      return (
        `Not sent to Xero: invoice_details[${index}].${column} (line ${index + 1}, tracking option ` +
        `${column.endsWith('1') ? 1 : 2}${name ? ` "${name}"` : ''}) belongs to another Xero connection. ` +
        "Choose an option imported for this invoice's connection, then set Export status to No."
      );
    }
  }
  return undefined;
}
