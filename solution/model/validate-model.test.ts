import { generateSource } from '../generator/generate-source';
import { solutionModel } from './index';
import type { Column, SolutionModel } from './types';
import { ModelError, assertValidModel, validateModel } from './validate-model';

const clone = (): SolutionModel => structuredClone(solutionModel);
const table = (m: SolutionModel, name: string) => m.tables.find((t) => t.logicalName === name)!;
const column = (m: SolutionModel, t: string, c: string): Column =>
  table(m, t).columns.find((x) => x.logicalName === c)!;

describe('solution model validation', () => {
  it('accepts the shipped model', () => {
    expect(validateModel(solutionModel)).toEqual([]);
  });

  it('refuses a lookup to an unknown table, naming table and column', () => {
    const m = clone();
    const c = column(m, 'dxc_synchistory', 'dxc_invoiceid');
    if (c.type.kind !== 'lookup') throw new Error('fixture');
    c.type.target = 'salesorderx';
    expect(validateModel(m)).toContain(
      'table dxc_synchistory, column dxc_invoiceid: lookup to unknown table "salesorderx"',
    );
  });

  it('refuses a duplicate column', () => {
    const m = clone();
    table(m, 'dxc_xerotaxrate').columns.push({ ...column(m, 'dxc_xerotaxrate', 'dxc_rate') });
    expect(validateModel(m)).toContain('table dxc_xerotaxrate, column dxc_rate: duplicate column');
  });

  it('refuses a column that repeats a system column of a custom table', () => {
    const m = clone();
    table(m, 'dxc_xeroaccount').columns.push({
      ...column(m, 'dxc_xeroaccount', 'dxc_code'),
      logicalName: 'createdon',
      schemaName: 'CreatedOn',
    });
    expect(validateModel(m).join('\n')).toMatch(
      /table dxc_xeroaccount, column createdon: duplicate of a platform or system column/,
    );
  });

  it.each([
    ['dxc_Rate', /lowercase letters, digits and underscores/],
    ['new_rate', /must start with the publisher prefix "dxc_"/],
    ['dxc_rate-percent', /lowercase letters, digits and underscores/],
    [`dxc_${'r'.repeat(50)}`, /longer than 50 characters/],
  ])('refuses the bad logical name %s', (name, message) => {
    const m = clone();
    const c = column(m, 'dxc_xerotaxrate', 'dxc_rate');
    c.logicalName = name;
    c.schemaName = name;
    const issues = validateModel(m).filter((i) => i.startsWith(`table dxc_xerotaxrate, column ${name}`));
    expect(issues.join('\n')).toMatch(message);
  });

  it('refuses a custom table without the publisher prefix', () => {
    const m = clone();
    const t = table(m, 'dxc_xerobrandingtheme');
    t.logicalName = 'xerobrandingtheme';
    expect(validateModel(m).join('\n')).toMatch(
      /table xerobrandingtheme: logical name "xerobrandingtheme" must start with the publisher prefix/,
    );
  });

  it('refuses a choice value without our option value prefix', () => {
    const m = clone();
    m.choices.find((c) => c.name === 'dxc_exportstatus')!.options[2]!.value = 100000002;
    expect(validateModel(m).join('\n')).toMatch(
      /choice dxc_exportstatus, option "Failed": value 100000002 must carry the option value prefix 71450/,
    );
  });

  it('refuses a choice column whose choice is not declared', () => {
    const m = clone();
    const c = column(m, 'invoice', 'dxc_xerostatus');
    if (c.type.kind !== 'choice') throw new Error('fixture');
    c.type.optionSet = 'dxc_nosuchchoice';
    expect(validateModel(m)).toContain(
      'table invoice, column dxc_xerostatus: choice "dxc_nosuchchoice" is not declared',
    );
  });

  it('refuses a form that references an unknown column, naming form, table and column', () => {
    const m = clone();
    const f = m.forms.find((x) => x.key === 'invoice-xero')!;
    f.tabs[1]!.sections[1]!.cells.push({ kind: 'column', column: 'dxc_xeroreference' });
    expect(validateModel(m).join('\n')).toMatch(
      /form "Invoice – Xero" \(table invoice\), section xero_settings: unknown column "dxc_xeroreference" of table invoice/,
    );
  });

  it('refuses a PCF binding to an unknown column or control', () => {
    const m = clone();
    const f = m.forms.find((x) => x.key === 'account-xero')!;
    const cell = f.tabs[1]!.sections[0]!.cells[0]!;
    cell.control = { control: 'Dxc.Nope', properties: { amountOwed: 'dxc_owed' } };
    const text = validateModel(m).join('\n');
    expect(text).toMatch(/unknown PCF control "Dxc.Nope"/);
    expect(text).toMatch(
      /control property amountOwed is bound to unknown column "dxc_owed" of table account/,
    );
  });

  it('refuses a view over an unknown column and a role over an unknown table', () => {
    const m = clone();
    m.views
      .find((v) => v.key === 'invoice-failedtosync')!
      .columns.push({ column: 'dxc_failure', width: 100 });
    m.roles[0]!.tables.push({ table: 'quote', access: ['Read'], depth: 'Global' });
    const text = validateModel(m).join('\n');
    expect(text).toMatch(/view "Failed to sync" \(table invoice\): unknown column "dxc_failure"/);
    expect(text).toMatch(/role "Xero Connector User": unknown table "quote"/);
  });

  it('refuses an alternate key over an unknown column', () => {
    const m = clone();
    table(m, 'dxc_xeroaccount').alternateKeys[0]!.columns = ['dxc_connectionid', 'dxc_accountcode'];
    expect(validateModel(m).join('\n')).toMatch(
      /table dxc_xeroaccount, key dxc_xeroaccount_connection_code: unknown column "dxc_accountcode"/,
    );
  });

  it('stops the generator with a ModelError that lists every problem', () => {
    const m = clone();
    const c = column(m, 'invoicedetail', 'dxc_taxrateid');
    if (c.type.kind !== 'lookup') throw new Error('fixture');
    c.type.target = 'dxc_taxcode';
    expect(() => assertValidModel(m)).toThrow(ModelError);
    expect(() => generateSource(m, '0.1.0.0', [])).toThrow(
      /table invoicedetail, column dxc_taxrateid: lookup to unknown table "dxc_taxcode"/,
    );
  });
});
