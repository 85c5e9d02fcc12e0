import { isObject, stringify, type WdlObject, type WdlValue } from '../../expressions/values';
import { asObject } from '../as-object';
import type { FlowRun } from '../flow-run';
import { invalidTemplate } from '../run-errors';
import type { ActionStep } from './action-handler';
import type { DataOperationInput } from './data-operations';

/** Create table (ACTREF Table): CSV or HTML, with the given columns or the first object's properties. */
export function tableText(
  run: FlowRun,
  { name, frame }: ActionStep,
  { from, inputs, perItem }: DataOperationInput,
): string {
  const format = String(run.evaluate(inputs.format, frame, name) ?? '').toUpperCase();
  if (format !== 'CSV' && format !== 'HTML')
    throw invalidTemplate(`Action '${name}': format must be CSV or HTML.`);
  let headers: string[];
  let rows: WdlValue[][];
  if (Array.isArray(inputs.columns)) {
    const columns = inputs.columns.map((c) => asObject(c));
    headers = columns.map((c) => stringify(run.evaluate(c.header ?? '', frame, name)));
    rows = from.map((item, i) => columns.map((c) => run.evaluate(c.value, perItem(i, item), name)));
  } else {
    const first = from.find((r) => isObject(r)) as WdlObject | undefined;
    headers = first ? Object.keys(first) : [];
    rows = from.map((r) => headers.map((h) => (isObject(r) ? (r[h] ?? null) : null)));
  }
  return format === 'CSV' ? csv(headers, rows) : html(headers, rows);
}

function csv(headers: string[], rows: WdlValue[][]): string {
  const cell = (v: WdlValue) => {
    const t = stringify(v);
    return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  return [headers.map(cell).join(','), ...rows.map((r) => r.map(cell).join(','))].join('\r\n') + '\r\n';
}

function html(headers: string[], rows: WdlValue[][]): string {
  const esc = (v: WdlValue) =>
    stringify(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}
