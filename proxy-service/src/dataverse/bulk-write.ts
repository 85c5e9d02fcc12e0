/**
 * Dataverse bulk messages as the flows send them: `POST <set>/Microsoft.Dynamics.CRM.<message>` with
 * `{"Targets": [...]}` (learn.microsoft.com/power-apps/developer/data-platform/bulk-operations). The proxy answers
 * them ready-made, holding only rows and columns that change, so a flow's write-back is a fixed number of actions
 * whatever the number of rows (reference/power-platform.md §9).
 */
import type { DataverseBulkWrite } from '@dxc/openapi';

export type Target = Record<string, unknown>;

/** A target of `logicalName` (each needs its @odata.type, as the bulk messages require). */
export function target(logicalName: string, columns: Target): Target {
  return { '@odata.type': `Microsoft.Dynamics.CRM.${logicalName}`, ...columns };
}

/** `'…'` in an OData key literal: single quotes doubled (OData ABNF, as Dataverse reads alternate keys). */
export function keyLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The bulk messages with targets, in order; empty ones are left out (Dataverse refuses an empty Targets). */
export function bulkWrites(
  writes: readonly (Omit<DataverseBulkWrite, 'targets'> & { targets: Target[] })[],
): DataverseBulkWrite[] {
  return writes.filter((w) => w.targets.length > 0) as DataverseBulkWrite[];
}

/** `/set(id)` for a lookup bind. */
export const bind = (entitySet: string, id: string): string => `/${entitySet}(${id})`;

/** Same money value as Dataverse keeps it (currency columns hold 2–4 decimals; compare to the cent). */
export function sameMoney(a: unknown, b: unknown): boolean {
  if (typeof a !== 'number' || typeof b !== 'number') return a === b;
  return Math.abs(a - b) < 0.005;
}

/** The write time as Dataverse shows it (`yyyy-MM-ddTHH:mm:ssZ`), and the history row name the seed product uses. */
export function stamp(now: Date): { iso: string; historyName: string } {
  const iso = new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return { iso, historyName: `Sync - ${iso.slice(0, 10)} ${iso.slice(11, 19)}` };
}
