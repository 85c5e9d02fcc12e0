import type { Column, ColumnType, DateTimeBehavior, RequiredLevel, RelationshipSpec } from './types';

// Small constructors so the table definitions read like DESIGN.md section 4. Ranges are Dataverse's own limits.
export const MONEY_MIN = -922337203685477;
export const MONEY_MAX = 922337203685477;
export const DECIMAL_MIN = -100000000000;
export const DECIMAL_MAX = 100000000000;

interface Common {
  description: string;
  required?: RequiredLevel;
  searchable?: boolean;
}

function column(
  logicalName: string,
  schemaName: string,
  displayName: string,
  type: ColumnType,
  c: Common,
): Column {
  return {
    logicalName,
    schemaName,
    displayName,
    description: c.description,
    requiredLevel: c.required ?? 'none',
    type,
    ...(c.searchable ? { searchable: true } : {}),
  };
}

export const text = (
  ln: string,
  sn: string,
  dn: string,
  maxLength: number,
  c: Common,
  format?: 'url' | 'email',
) => column(ln, sn, dn, { kind: 'string', maxLength, ...(format ? { format } : {}) }, c);

export const memo = (ln: string, sn: string, dn: string, maxLength: number, c: Common) =>
  column(ln, sn, dn, { kind: 'memo', maxLength }, c);

export const yesNo = (ln: string, sn: string, dn: string, defaultValue: boolean, c: Common) =>
  column(ln, sn, dn, { kind: 'boolean', trueLabel: 'Yes', falseLabel: 'No', defaultValue }, c);

export const pick = (
  ln: string,
  sn: string,
  dn: string,
  optionSet: string,
  c: Common & { defaultValue?: number },
) =>
  column(
    ln,
    sn,
    dn,
    { kind: 'choice', optionSet, ...(c.defaultValue !== undefined ? { defaultValue: c.defaultValue } : {}) },
    c,
  );

export const integer = (ln: string, sn: string, dn: string, min: number, max: number, c: Common) =>
  column(ln, sn, dn, { kind: 'integer', min, max }, c);

export const decimal = (ln: string, sn: string, dn: string, precision: number, c: Common) =>
  column(ln, sn, dn, { kind: 'decimal', precision, min: DECIMAL_MIN, max: DECIMAL_MAX }, c);

export const money = (ln: string, sn: string, dn: string, c: Common) =>
  column(ln, sn, dn, { kind: 'money', precision: 2, min: MONEY_MIN, max: MONEY_MAX }, c);

export const when = (
  ln: string,
  sn: string,
  dn: string,
  behavior: DateTimeBehavior,
  format: 'date' | 'datetime',
  c: Common,
) => column(ln, sn, dn, { kind: 'datetime', behavior, format }, c);

export const lookup = (
  ln: string,
  sn: string,
  dn: string,
  target: string,
  relationship: RelationshipSpec,
  c: Common,
) => column(ln, sn, dn, { kind: 'lookup', target, relationship }, c);
