import type { SolutionModel, View } from '../model/types';
import { INTRODUCED_VERSION } from './constants';
import { braced } from './deterministic-guid';
import type { XNode } from './xml';
import { label } from './xml';

/** The id of a view, stable across regenerations. */
export const viewId = (key: string) => braced(`view:${key}`);

/** FetchXML of a view (the `<fetch>` element), checked against Fetch.xsd by the tests. */
export function fetchOf(view: View, model: SolutionModel): XNode {
  const table = model.tables.find((t) => t.logicalName === view.table)!;
  const attributes = [...new Set([...view.columns.map((c) => c.column), table.primaryIdColumn])];
  const conditions = view.filter.map((c) => {
    const node: XNode = { '@attribute': c.column, '@operator': c.operator };
    if (Array.isArray(c.value)) node.value = c.value.map((v) => String(v));
    else if (c.value !== undefined) node['@value'] = String(c.value);
    return node;
  });
  const filters: XNode[] = [];
  if (conditions.length > 0) filters.push({ '@type': 'and', condition: conditions });
  if (view.findColumns?.length)
    filters.push({
      '@type': 'or',
      '@isquickfindfields': '1',
      condition: view.findColumns.map((c) => ({ '@attribute': c, '@operator': 'like', '@value': '{0}' })),
    });
  return {
    '@version': '1.0',
    '@mapping': 'logical',
    ...(view.queryType === 0 || view.queryType === 1 ? { '@output-format': 'xml-platform' } : {}),
    entity: {
      '@name': view.table,
      attribute: attributes.map((a) => ({ '@name': a })),
      order: view.orderBy.map((o) => ({
        '@attribute': o.column,
        '@descending': o.descending ? 'true' : 'false',
      })),
      ...(filters.length ? { filter: filters } : {}),
    },
  };
}

export function savedQueryFile(view: View, model: SolutionModel): XNode {
  const table = model.tables.find((t) => t.logicalName === view.table)!;
  const grid: XNode = {
    '@name': 'resultset',
    ...(table.objectTypeCode ? { '@object': String(table.objectTypeCode) } : {}),
    '@jump': table.primaryNameColumn,
    '@select': '1',
    '@icon': '1',
    '@preview': '1',
    row: {
      '@name': 'result',
      '@id': table.primaryIdColumn,
      cell: view.columns.map((c) => ({ '@name': c.column, '@width': String(c.width) })),
    },
  };
  return {
    '@xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    savedquery: {
      IsCustomizable: '1',
      CanBeDeleted: view.isDefault ? '0' : '1',
      isquickfindquery: view.queryType === 4 ? '1' : '0',
      isprivate: '0',
      isdefault: view.isDefault ? '1' : '0',
      savedqueryid: viewId(view.key),
      layoutxml: { grid },
      querytype: String(view.queryType),
      fetchxml: { fetch: fetchOf(view, model) },
      IntroducedVersion: INTRODUCED_VERSION,
      LocalizedNames: { LocalizedName: label(view.name) },
      Descriptions: { Description: label(view.description) },
    },
  };
}
