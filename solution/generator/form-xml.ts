import type { Column, Form, FormCell, PcfBinding, SolutionModel, Table } from '../model/types';
import { INTRODUCED_VERSION } from './constants';
import { braced } from './deterministic-guid';
import type { XNode } from './xml';
import { label } from './xml';

// FormXml of a main form (Entities/<Entity>/FormXml/main/{formid}.xml). Class ids are the platform's fixed ids
// of the classic form controls; PCF controls are attached through `controlDescriptions`, which keeps the classic
// control as the fallback for clients that cannot render the PCF control.
export const CONTROL_CLASS = {
  text: '{4273EDBD-AC1D-40d3-9FB2-095C621B552D}',
  memo: '{E0DECE4B-6FC8-4a8f-A065-082708572369}',
  picklist: '{3EF39988-22BB-4f0b-BBBE-64B5A3748AEE}',
  bit: '{67FAC785-CD58-4f9f-ABB3-4B7DDC6ED5ED}',
  datetime: '{5B773807-9FB2-42db-97C3-7A91EFF8ADFF}',
  lookup: '{270BD3DB-D9AF-4782-9025-509E298DEC0A}',
  money: '{533B9E00-756B-4312-95A0-DC888637AC78}',
  decimal: '{C3EFE0C3-0EC6-42be-8349-CBD9079DFD8E}',
  integer: '{C6D124CA-7EDA-4a60-AEA9-7FB8D318B68F}',
  url: '{71716B6C-711E-476c-8AB8-5D11542BFB47}',
  email: '{ADA2203E-B4CD-49be-9DDF-234642B43B52}',
  subgrid: '{E7A81278-8635-4d9e-8D4D-59480B391C5B}',
} as const;

/** Control class of the platform columns our forms place (their metadata is the platform's, not ours). */
const PLATFORM_CLASS: Record<string, keyof typeof CONTROL_CLASS> = {
  name: 'text',
  invoicenumber: 'text',
  accountnumber: 'text',
  firstname: 'text',
  lastname: 'text',
  telephone1: 'text',
  emailaddress1: 'email',
  customerid: 'lookup',
  pricelevelid: 'lookup',
  transactioncurrencyid: 'lookup',
  primarycontactid: 'lookup',
  parentcustomerid: 'lookup',
  datedelivered: 'datetime',
  duedate: 'datetime',
  totalamount: 'money',
  productid: 'lookup',
  productdescription: 'text',
  quantity: 'decimal',
  priceperunit: 'money',
};

function classOf(table: Table, column: string): string {
  const c: Column | undefined = table.columns.find((x) => x.logicalName === column);
  if (!c) {
    const platform = PLATFORM_CLASS[column];
    if (!platform)
      throw new Error(
        `form generator: no control class known for platform column ${table.logicalName}.${column}`,
      );
    return CONTROL_CLASS[platform];
  }
  switch (c.type.kind) {
    case 'string':
      return CONTROL_CLASS[c.type.format === 'url' ? 'url' : c.type.format === 'email' ? 'email' : 'text'];
    case 'memo':
      return CONTROL_CLASS.memo;
    case 'boolean':
      return CONTROL_CLASS.bit;
    case 'choice':
      return CONTROL_CLASS.picklist;
    case 'integer':
      return CONTROL_CLASS.integer;
    case 'decimal':
      return CONTROL_CLASS.decimal;
    case 'money':
      return CONTROL_CLASS.money;
    case 'datetime':
      return CONTROL_CLASS.datetime;
    case 'lookup':
      return CONTROL_CLASS.lookup;
  }
}

/** Solution name of a PCF control: `<publisher prefix>_<namespace>.<constructor>`. */
export const controlSolutionName = (model: SolutionModel, control: string) =>
  `${model.publisher.prefix}_${control}`;

const labelOf = (table: Table, column: string, override?: string) =>
  override ?? table.columns.find((c) => c.logicalName === column)?.displayName ?? column;

/** The id of a form, stable across regenerations. */
export const formId = (form: Form) => braced(`form:${form.key}`);

/** What writing one form's cells needs; `descriptions` collects the PCF bindings as the cells are written. */
interface FormContext {
  readonly form: Form;
  readonly table: Table;
  readonly model: SolutionModel;
  readonly viewId: (key: string) => string;
  readonly descriptions: XNode[];
  readonly controlId: (column: string) => string;
}

type ColumnCell = Extract<FormCell, { kind: 'column' }>;
type SubgridCell = Extract<FormCell, { kind: 'subgrid' }>;

function pcfDescription(
  ctx: FormContext,
  uniqueId: string,
  binding: PcfBinding,
  fallback: XNode,
  dataset?: XNode,
): void {
  const parameters: XNode = dataset
    ? { 'data-set': { '@name': Object.keys(binding.properties)[0]!, ...dataset } }
    : Object.fromEntries(Object.entries(binding.properties).map(([prop, column]) => [prop, { '#': column }]));
  ctx.descriptions.push({
    '@forControl': uniqueId,
    customControl: [
      fallback,
      ...[0, 1, 2].map((formFactor) => ({
        '@formFactor': String(formFactor),
        '@name': controlSolutionName(ctx.model, binding.control),
        parameters,
      })),
    ],
  });
}

function columnCell(ctx: FormContext, c: ColumnCell, path: string): XNode {
  const { form, table } = ctx;
  const classid = classOf(table, c.column);
  const control: XNode = {
    '@id': ctx.controlId(c.column),
    '@classid': classid,
    '@datafieldname': c.column,
    '@disabled': c.readOnly ? 'true' : 'false',
  };
  if (c.control) {
    const uniqueId = braced(`form:${form.key}:control:${path}`);
    control['@uniqueid'] = uniqueId;
    pcfDescription(ctx, uniqueId, c.control, {
      '@id': classid,
      parameters: { datafieldname: { '#': c.column } },
    });
  }
  return {
    '@id': braced(`form:${form.key}:cell:${path}`),
    '@showlabel': c.control ? 'false' : 'true',
    labels: { label: label(labelOf(table, c.column, c.label)) },
    control,
  };
}

function subgridCell(ctx: FormContext, c: SubgridCell, path: string): XNode {
  const { form, viewId } = ctx;
  const subgridParameters: XNode = {
    ViewId: viewId(c.view),
    IsUserView: 'false',
    RelationshipName: c.relationship,
    TargetEntityType: c.table,
    AutoExpand: 'Fixed',
    EnableQuickFind: 'false',
    EnableViewPicker: 'false',
    EnableJumpBar: 'false',
    ChartGridMode: 'Grid',
    VisualizationId: '',
    IsUserChart: 'false',
    EnableChartPicker: 'false',
    RecordsPerPage: String(c.rows),
  };
  const control: XNode = {
    '@indicationOfSubgrid': 'true',
    '@id': c.name,
    '@classid': CONTROL_CLASS.subgrid,
    parameters: subgridParameters,
  };
  if (c.control) {
    const uniqueId = braced(`form:${form.key}:control:${path}`);
    control['@uniqueid'] = uniqueId;
    pcfDescription(
      ctx,
      uniqueId,
      c.control,
      { '@id': CONTROL_CLASS.subgrid, parameters: subgridParameters },
      {
        ViewId: viewId(c.view),
        IsUserView: 'false',
        RelationshipName: c.relationship,
        TargetEntityType: c.table,
        EnableViewPicker: 'false',
      },
    );
  }
  return {
    '@id': braced(`form:${form.key}:cell:${path}`),
    '@showlabel': 'true',
    '@colspan': '1',
    '@rowspan': String(c.rows),
    '@auto': 'false',
    labels: { label: label(c.label) },
    control,
  };
}

function formTab(ctx: FormContext, tab: Form['tabs'][number], ti: number): XNode {
  const key = ctx.form.key;
  return {
    '@verticallayout': 'true',
    '@id': braced(`form:${key}:tab:${tab.name}`),
    '@IsUserDefined': '1',
    '@name': tab.name,
    '@expanded': 'true',
    '@showlabel': 'true',
    labels: { label: label(tab.label) },
    columns: {
      column: {
        '@width': '100%',
        sections: {
          section: tab.sections.map((s) => ({
            '@showlabel': 'true',
            '@showbar': 'false',
            '@IsUserDefined': '0',
            '@id': braced(`form:${key}:section:${tab.name}:${s.name}`),
            '@name': s.name,
            '@columns': '1',
            labels: { label: label(s.label) },
            rows: {
              row: s.cells.map((c, i) => {
                const path = `${ti}:${s.name}:${i}`;
                return { cell: c.kind === 'column' ? columnCell(ctx, c, path) : subgridCell(ctx, c, path) };
              }),
            },
          })),
        },
      },
    },
  };
}

export function formFile(form: Form, model: SolutionModel, viewId: (key: string) => string): XNode {
  const table = model.tables.find((t) => t.logicalName === form.table)!;
  const descriptions: XNode[] = [];
  // A column may sit on a form twice (a PCF panel and the plain field); control ids must stay unique, and the
  // platform names the second one `<column>1`, `<column>2`, …
  const usedIds = new Map<string, number>();
  const controlId = (column: string) => {
    const n = usedIds.get(column) ?? 0;
    usedIds.set(column, n + 1);
    return n === 0 ? column : `${column}${n}`;
  };
  const ctx: FormContext = { form, table, model, viewId, descriptions, controlId };
  const tabs = form.tabs.map((tab, ti) => formTab(ctx, tab, ti));

  const formBody: XNode = {
    '@headerdensity': 'HighWithControls',
    tabs: { tab: tabs },
    ...(descriptions.length > 0 ? { controlDescriptions: { controlDescription: descriptions } } : {}),
    DisplayConditions: { '@Order': '1', '@FallbackForm': table.isCustom ? 'true' : 'false', Everyone: {} },
  };

  return {
    '@xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    systemform: {
      formid: formId(form),
      IntroducedVersion: INTRODUCED_VERSION,
      FormPresentation: '1',
      FormActivationState: '1',
      form: formBody,
      IsCustomizable: '1',
      CanBeDeleted: table.isCustom ? '0' : '1',
      LocalizedNames: { LocalizedName: label(form.name) },
      Descriptions: { Description: label(form.description) },
    },
  };
}
