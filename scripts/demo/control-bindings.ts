/**
 * How the demo form binds each PCF control, taken from the two sources of truth rather than restated: the columns
 * from the solution model's form definitions (solution/model/forms.ts, what the packed forms bind) and each
 * property's type from the control's manifest (ControlManifest.Input.xml), which decides the shape the platform
 * passes (an option set, money, a date, a lookup…).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CUSTOMER_BALANCE_CARD,
  SYNC_CENTRE,
  SYNC_HISTORY_TIMELINE,
  XERO_INVOICE_PANEL,
} from '@dxc/solution/model/forms';

export const PCF_DIR = path.resolve(__dirname, '../../pcf-controls');

export type PropertyKind = 'optionSet' | 'text' | 'money' | 'date' | 'lookup' | 'whole' | 'dataset';

export interface ControlBinding {
  /** Folder and constructor name (XeroInvoicePanel). */
  name: string;
  /** The table of the form the control sits on. */
  table: string;
  /** Bound property → column and the shape the platform gives it. */
  bound: Record<string, { column: string; kind: PropertyKind }>;
  /** Input properties with the values the form sets (from the manifest's default-value where it has one). */
  inputs: Record<string, { kind: PropertyKind; value: string | number | null }>;
}

function kindOf(type: string): PropertyKind {
  if (type === 'OptionSet' || type === 'TwoOptions') return 'optionSet';
  if (type === 'Currency' || type === 'Decimal' || type === 'FP') return 'money';
  if (type.startsWith('Whole')) return 'whole';
  if (type.startsWith('DateAndTime') || type === 'moment') return 'date';
  if (type.startsWith('Lookup')) return 'lookup';
  return 'text';
}

interface ManifestProperty {
  name: string;
  type: string;
  usage: string;
  defaultValue?: string;
}

function manifestProperties(control: string): ManifestProperty[] {
  const xml = readFileSync(path.join(PCF_DIR, control, 'ControlManifest.Input.xml'), 'utf8');
  // Top-level <property> elements only (a data-set's <property-set> children are its columns).
  return [...xml.matchAll(/<property\s([^>]*?)\/?>/g)].map((m) => {
    const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(m[1]!)?.[1];
    return {
      name: attr('name')!,
      type: attr('of-type') ?? attr('of-type-group') ?? 'text',
      usage: attr('usage') ?? 'bound',
      defaultValue: attr('default-value'),
    };
  });
}

function binding(
  form: { control: string; properties: Record<string, string> },
  table: string,
  inputs: Record<string, string | number | null> = {},
): ControlBinding {
  const name = form.control.replace(/^Dxc\./, '');
  const result: ControlBinding = { name, table, bound: {}, inputs: {} };
  for (const property of manifestProperties(name)) {
    if (property.usage === 'input') {
      const given = inputs[property.name];
      const fallback = property.defaultValue === undefined ? null : property.defaultValue;
      const value = given !== undefined ? given : fallback;
      const kind = kindOf(property.type);
      result.inputs[property.name] = {
        kind,
        value: kind === 'whole' && value !== null ? Number(value) : value,
      };
      continue;
    }
    const column = form.properties[property.name];
    if (!column) throw new Error(`${form.control}: the form model binds no column to '${property.name}'`);
    result.bound[property.name] = { column, kind: kindOf(property.type) };
  }
  return result;
}

/** The four controls as the demo's invoice form, customer tab and connection tab host them. */
export function demoBindings(): ControlBinding[] {
  return [
    binding(XERO_INVOICE_PANEL, 'invoice', { currencySymbol: '£' }),
    {
      name: SYNC_HISTORY_TIMELINE.control.replace(/^Dxc\./, ''),
      table: 'dxc_synchistory',
      bound: {},
      inputs: { pageSize: { kind: 'whole', value: 25 } },
    },
    binding(CUSTOMER_BALANCE_CARD, 'account', { currencySymbol: '£' }),
    binding(SYNC_CENTRE, 'dxc_xeroconnection'),
  ];
}
