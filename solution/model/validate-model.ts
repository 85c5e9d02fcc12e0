import { systemColumns } from './system-columns';
import type { SolutionModel, Table } from './types';

/** A model defect, naming where it is (table, column, form, view…) and why it is wrong. */
export class ModelError extends Error {
  constructor(public readonly issues: string[]) {
    super(
      `The solution model is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n- ${issues.join('\n- ')}`,
    );
    this.name = 'ModelError';
  }
}

// Dataverse names: lowercase logical names of letters, digits and underscores, starting with a letter; at most 50
// characters (CustomizationsSolution.xsd EntityAttributeNameBaseType maxLength 50).
const LOGICAL_NAME = /^[a-z][a-z0-9_]*$/;
const MAX_NAME = 50;

/** Every column name a table exposes: ours, the platform's we declared, and the system columns of custom tables. */
export function knownColumns(t: Table): Set<string> {
  const names = new Set<string>(t.columns.map((c) => c.logicalName));
  for (const c of t.platformColumns ?? []) names.add(c);
  if (t.isCustom) for (const c of systemColumns(t)) names.add(c.logicalName);
  return names;
}

/** What every check needs: where to put issues, the model's prefix and its tables by name. */
interface Validation {
  readonly model: SolutionModel;
  readonly issues: string[];
  readonly prefix: string;
  readonly tables: Map<string, Table>;
  checkName(where: string, name: string, mustHavePrefix: boolean): void;
}

export function validateModel(model: SolutionModel): string[] {
  const issues: string[] = [];
  const prefix = `${model.publisher.prefix}_`;
  const checkName = (where: string, name: string, mustHavePrefix: boolean) => {
    if (!LOGICAL_NAME.test(name))
      issues.push(
        `${where}: logical name "${name}" must be lowercase letters, digits and underscores, starting with a letter`,
      );
    if (name.length > MAX_NAME)
      issues.push(`${where}: logical name "${name}" is longer than ${MAX_NAME} characters`);
    if (mustHavePrefix && !name.startsWith(prefix))
      issues.push(`${where}: logical name "${name}" must start with the publisher prefix "${prefix}"`);
  };
  const v: Validation = { model, issues, prefix, tables: new Map(), checkName };
  checkChoices(v);
  checkTables(v);
  checkForms(v);
  checkViews(v);
  checkRoles(v);
  checkComponents(v);
  return issues;
}

function checkChoices({ model, issues, checkName }: Validation): void {
  const optionPrefix = String(model.publisher.optionValuePrefix);
  const choiceNames = new Set<string>();
  for (const ch of model.choices) {
    checkName(`choice ${ch.name}`, ch.name, true);
    if (choiceNames.has(ch.name)) issues.push(`choice ${ch.name}: declared twice`);
    choiceNames.add(ch.name);
    const values = new Set<number>();
    for (const o of ch.options) {
      if (
        !Number.isInteger(o.value) ||
        !String(o.value).startsWith(optionPrefix) ||
        String(o.value).length !== 9
      )
        issues.push(
          `choice ${ch.name}, option "${o.label}": value ${o.value} must carry the option value prefix ${optionPrefix} (${optionPrefix}0000…${optionPrefix}9999)`,
        );
      if (values.has(o.value)) issues.push(`choice ${ch.name}: value ${o.value} is used twice`);
      values.add(o.value);
    }
  }
}

function checkTables(v: Validation): void {
  const { model, issues, tables, checkName } = v;
  const allTableNames = new Set<string>(model.platformTables.map((p) => p.logicalName));
  for (const t of model.tables) {
    if (tables.has(t.logicalName)) issues.push(`table ${t.logicalName}: declared twice`);
    tables.set(t.logicalName, t);
    allTableNames.add(t.logicalName);
  }
  const relationshipNames = new Set<string>();
  for (const t of model.tables) {
    const where = `table ${t.logicalName}`;
    checkName(where, t.logicalName, t.isCustom);
    if (t.schemaName.toLowerCase() !== t.logicalName)
      issues.push(`${where}: schema name "${t.schemaName}" must equal the logical name apart from case`);
    if (t.isCustom && t.primaryIdColumn !== `${t.logicalName}id`)
      issues.push(`${where}: primary id column must be "${t.logicalName}id", not "${t.primaryIdColumn}"`);
    const seen = new Set<string>();
    const reserved = new Set<string>([
      ...(t.platformColumns ?? []),
      ...(t.isCustom ? systemColumns(t).map((c) => c.logicalName) : []),
    ]);
    for (const c of t.columns) {
      const cw = `table ${t.logicalName}, column ${c.logicalName}`;
      checkName(cw, c.logicalName, true);
      if (c.schemaName.toLowerCase() !== c.logicalName)
        issues.push(`${cw}: schema name "${c.schemaName}" must equal the logical name apart from case`);
      if (seen.has(c.logicalName)) issues.push(`${cw}: duplicate column`);
      if (reserved.has(c.logicalName)) issues.push(`${cw}: duplicate of a platform or system column`);
      seen.add(c.logicalName);
      checkColumnType(v, cw, c.type, { allTableNames, relationshipNames });
    }
    if (!knownColumns(t).has(t.primaryNameColumn))
      issues.push(`${where}: primary name column "${t.primaryNameColumn}" is not a column of the table`);
    for (const k of t.alternateKeys) {
      checkName(`${where}, key ${k.logicalName}`, k.logicalName, true);
      for (const kc of k.columns)
        if (!t.columns.some((c) => c.logicalName === kc))
          issues.push(`${where}, key ${k.logicalName}: unknown column "${kc}"`);
    }
    if (t.privilegesFrom && !tables.has(t.privilegesFrom))
      issues.push(`${where}: privileges inherited from unknown table "${t.privilegesFrom}"`);
  }
}

type ColumnType = Table['columns'][number]['type'];

function checkColumnType(
  { model, issues, checkName }: Validation,
  cw: string,
  ty: ColumnType,
  { allTableNames, relationshipNames }: { allTableNames: Set<string>; relationshipNames: Set<string> },
): void {
  switch (ty.kind) {
    case 'string':
      if (ty.maxLength < 1 || ty.maxLength > 4000)
        issues.push(`${cw}: text max length ${ty.maxLength} is outside 1…4000`);
      break;
    case 'memo':
      if (ty.maxLength < 1 || ty.maxLength > 1048576)
        issues.push(`${cw}: multiline text max length ${ty.maxLength} is outside 1…1048576`);
      break;
    case 'decimal':
      if (ty.precision < 0 || ty.precision > 10)
        issues.push(`${cw}: decimal precision ${ty.precision} is outside 0…10`);
      if (ty.min > ty.max) issues.push(`${cw}: min ${ty.min} is greater than max ${ty.max}`);
      break;
    case 'money':
      if (ty.precision < 0 || ty.precision > 4)
        issues.push(`${cw}: currency precision ${ty.precision} is outside 0…4`);
      if (ty.min > ty.max) issues.push(`${cw}: min ${ty.min} is greater than max ${ty.max}`);
      break;
    case 'integer':
      if (ty.min > ty.max) issues.push(`${cw}: min ${ty.min} is greater than max ${ty.max}`);
      break;
    case 'choice': {
      const ch = model.choices.find((x) => x.name === ty.optionSet);
      if (!ch) issues.push(`${cw}: choice "${ty.optionSet}" is not declared`);
      else if (ty.defaultValue !== undefined && !ch.options.some((o) => o.value === ty.defaultValue))
        issues.push(`${cw}: default ${ty.defaultValue} is not an option of ${ty.optionSet}`);
      break;
    }
    case 'lookup':
      if (!allTableNames.has(ty.target)) issues.push(`${cw}: lookup to unknown table "${ty.target}"`);
      checkName(`${cw}, relationship`, ty.relationship.name, true);
      if (relationshipNames.has(ty.relationship.name))
        issues.push(`${cw}: relationship name "${ty.relationship.name}" is used twice`);
      relationshipNames.add(ty.relationship.name);
      break;
    default:
      break;
  }
}

function checkForms({ model, issues, tables }: Validation): void {
  const controlNames = new Set(model.controls.map((c) => c.name));
  const viewKeys = new Map(model.views.map((v) => [v.key, v]));
  const formKeys = new Set<string>();
  for (const f of model.forms) {
    const t = tables.get(f.table);
    if (formKeys.has(f.key)) issues.push(`form ${f.key}: declared twice`);
    formKeys.add(f.key);
    if (!t) {
      issues.push(`form "${f.name}": unknown table "${f.table}"`);
      continue;
    }
    const cols = knownColumns(t);
    for (const tab of f.tabs)
      for (const s of tab.sections)
        for (const cell of s.cells) {
          const where = `form "${f.name}" (table ${f.table}), section ${s.name}`;
          if (cell.control && !controlNames.has(cell.control.control))
            issues.push(`${where}: unknown PCF control "${cell.control.control}"`);
          if (cell.kind === 'column') {
            if (!cols.has(cell.column))
              issues.push(`${where}: unknown column "${cell.column}" of table ${f.table}`);
            for (const [prop, column] of Object.entries(cell.control?.properties ?? {}))
              if (!cols.has(column))
                issues.push(
                  `${where}: control property ${prop} is bound to unknown column "${column}" of table ${f.table}`,
                );
          } else {
            const target = tables.get(cell.table);
            if (!target) issues.push(`${where}: subgrid ${cell.name} shows unknown table "${cell.table}"`);
            const rel = target?.columns.find(
              (c) =>
                c.type.kind === 'lookup' &&
                c.type.relationship.name === cell.relationship &&
                c.type.target === f.table,
            );
            if (target && !rel)
              issues.push(
                `${where}: subgrid ${cell.name}: no relationship "${cell.relationship}" from ${cell.table} to ${f.table}`,
              );
            const v = viewKeys.get(cell.view);
            if (!v || v.table !== cell.table)
              issues.push(`${where}: subgrid ${cell.name}: no view "${cell.view}" of ${cell.table}`);
          }
        }
  }
}

function checkViews({ model, issues, tables }: Validation): void {
  for (const v of model.views) {
    const t = tables.get(v.table);
    if (!t) {
      issues.push(`view "${v.name}": unknown table "${v.table}"`);
      continue;
    }
    const cols = knownColumns(t);
    const used = [
      ...v.columns.map((c) => c.column),
      ...v.filter.map((c) => c.column),
      ...v.orderBy.map((o) => o.column),
      ...(v.findColumns ?? []),
    ];
    for (const c of used)
      if (!cols.has(c)) issues.push(`view "${v.name}" (table ${v.table}): unknown column "${c}"`);
  }
}

function checkRoles({ model, issues, tables }: Validation): void {
  for (const r of model.roles)
    for (const e of r.tables) {
      const t = tables.get(e.table);
      if (!t && !model.platformTables.some((p) => p.logicalName === e.table))
        issues.push(`role "${r.name}": unknown table "${e.table}"`);
      if (t?.privilegesFrom)
        issues.push(
          `role "${r.name}": table ${e.table} has no privileges of its own (they follow ${t.privilegesFrom})`,
        );
    }
}

/** Environment variables, connection references, the connector and the controls. */
function checkComponents({ model, issues, prefix }: Validation): void {
  for (const ev of model.environmentVariables)
    if (!/^[a-z]+_[A-Za-z0-9]+$/.test(ev.schemaName) || !ev.schemaName.startsWith(prefix))
      issues.push(
        `environment variable ${ev.schemaName}: schema name must be "${prefix}" followed by letters and digits`,
      );
  for (const cr of model.connectionReferences) {
    if (!cr.logicalName.startsWith(prefix))
      issues.push(`connection reference ${cr.logicalName}: must start with the publisher prefix "${prefix}"`);
    if (cr.customConnector && cr.apiName !== model.connector.schemaName)
      issues.push(
        `connection reference ${cr.logicalName}: custom connector "${cr.apiName}" is not the solution's connector`,
      );
  }
  if (!model.connector.schemaName.startsWith(prefix))
    issues.push(`connector ${model.connector.schemaName}: must start with the publisher prefix "${prefix}"`);
  for (const c of model.controls)
    if (c.name !== `${c.namespace}.${c.constructorName}`)
      issues.push(`control ${c.name}: name must be "<namespace>.<constructor>"`);
}

export function assertValidModel(model: SolutionModel): SolutionModel {
  const issues = validateModel(model);
  if (issues.length > 0) throw new ModelError(issues);
  return model;
}
