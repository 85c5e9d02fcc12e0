import { AppendOnlyArray } from '../../expressions/append-only-array';
import {
  cloneValue,
  isInteger,
  isNumber,
  isObject,
  makeFloat,
  stringify,
  toJsNumber,
  typeName,
  type WdlValue,
} from '../../expressions/values';
import { asObject } from '../as-object';
import type { FlowRun, RunVariable as Variable } from '../flow-run';
import { invalidTemplate } from '../run-errors';
import { handle, type ActionHandler, type ActionStep } from './action-handler';

/** Variable actions (VARS): Initialize variable, then Set, Increment, Decrement and Append to … variable. */

const typeNames: Record<string, string> = {
  string: 'String',
  integer: 'Integer',
  float: 'Float',
  boolean: 'Boolean',
  array: 'Array',
  object: 'Object',
};

function valueFitsType(type: string, value: WdlValue): boolean {
  if (value === null) return true; // [unverified] null is accepted for any variable type
  switch (type) {
    case 'String':
      return typeof value === 'string';
    case 'Integer':
      return isInteger(value);
    case 'Float':
      return isNumber(value);
    case 'Boolean':
      return typeof value === 'boolean';
    case 'Array':
      return Array.isArray(value);
    case 'Object':
      return isObject(value);
    default:
      return false;
  }
}

const variableDefaults: Record<string, WdlValue> = {
  String: '',
  Integer: 0,
  Float: 0,
  Boolean: false,
  Array: [],
  Object: {},
};

/** A Float variable keeps an integer it is given as a float. */
function asVariableType(type: string, value: WdlValue): WdlValue {
  return type === 'Float' && isInteger(value) ? makeFloat(Number(value)) : value;
}

function checkVariableType(actionName: string, varName: string, type: string, value: WdlValue): void {
  if (!valueFitsType(type, value)) {
    throw invalidTemplate(
      `Unable to process template language expressions in action '${actionName}' inputs at line '0' and column '0': 'The variable '${varName}' of type '${type}' cannot be initialized or updated with value of type '${typeName(value)}'. The variable '${varName}' only supports values of types '${type}'.'.`,
    );
  }
}

function initializeVariable(run: FlowRun, { name, action, frame, record }: ActionStep): void {
  const list = asObject(action.inputs).variables;
  if (!Array.isArray(list) || list.length !== 1) {
    throw invalidTemplate(`Action '${name}' must initialize exactly one variable in inputs.variables.`);
  }
  const spec = asObject(list[0]);
  const varName = String(spec.name ?? '');
  const type = typeNames[String(spec.type ?? '').toLowerCase()] ?? String(spec.type ?? '');
  if (!Object.prototype.hasOwnProperty.call(variableDefaults, type)) {
    throw invalidTemplate(
      `Action '${name}': variable type '${String(spec.type)}' is not one of string, integer, float, boolean, array, object.`,
    );
  }
  if (run.variables.has(varName)) {
    throw invalidTemplate(`Action '${name}': the variable '${varName}' is already initialized.`);
  }
  const value = asVariableType(
    type,
    spec.value === undefined ? cloneValue(variableDefaults[type]!) : run.evaluate(spec.value, frame, name),
  );
  checkVariableType(name, varName, type, value);
  run.variables.set(varName, { type, value });
  record.inputs = { variables: [{ name: varName, type: String(spec.type), value }] };
}

/** What one change action does to the variable, given the evaluated `value` input (undefined when absent). */
type Change = (
  variable: Variable,
  value: WdlValue | undefined,
  names: { action: string; variable: string },
) => void;

/** A change action: find the variable, evaluate the value, change it, and show the new value in the outputs. */
function changeVariable(type: string, change: Change): ActionHandler {
  return handle(type, (run, { name, action, frame, record }) => {
    const inputs = asObject(action.inputs);
    const varName = String(run.evaluate(inputs.name, frame, name) ?? '');
    const variable = run.variables.get(varName);
    if (!variable) {
      throw invalidTemplate(`Action '${name}': the variable '${varName}' has not been initialized.`);
    }
    const hasValue = inputs.value !== undefined;
    const value = hasValue ? run.evaluate(inputs.value, frame, name) : undefined;
    record.inputs = hasValue ? { name: varName, value: value! } : { name: varName };
    change(variable, value, { action: name, variable: varName });
    record.outputs = { body: { name: varName, value: variable.value } };
  });
}

function addStep(sign: 1 | -1): Change {
  return (variable, value, names) => {
    if (variable.type !== 'Integer' && variable.type !== 'Float') {
      throw invalidTemplate(
        `Action '${names.action}': the variable '${names.variable}' of type '${variable.type}' cannot be incremented or decremented; only Integer and Float variables can.`,
      );
    }
    const step = value ?? 1;
    if (!isNumber(step)) {
      throw invalidTemplate(
        `Action '${names.action}': the value must be a number, not of type '${typeName(step)}'.`,
      );
    }
    const next = toJsNumber(variable.value as number) + sign * toJsNumber(step);
    variable.value = variable.type === 'Float' || !isInteger(step) ? makeFloat(next) : next;
  };
}

function needType(
  type: string,
  actionType: string,
  variable: Variable,
  names: { action: string; variable: string },
) {
  if (variable.type !== type) {
    throw invalidTemplate(
      `Action '${names.action}': the variable '${names.variable}' is of type '${variable.type}'; ${actionType} needs ${type === 'Array' ? 'an' : 'a'} ${type} variable.`,
    );
  }
}

export const variableActions: ActionHandler[] = [
  handle('InitializeVariable', initializeVariable),
  changeVariable('SetVariable', (variable, value, names) => {
    if (value === undefined) throw invalidTemplate(`Action '${names.action}': SetVariable needs a value.`);
    const v = asVariableType(variable.type, value);
    checkVariableType(names.action, names.variable, variable.type, v);
    variable.value = v;
    variable.growing = undefined;
  }),
  changeVariable('IncrementVariable', addStep(1)),
  changeVariable('DecrementVariable', addStep(-1)),
  changeVariable('AppendToArrayVariable', (variable, value, names) => {
    needType('Array', 'AppendToArrayVariable', variable, names);
    // Not a copy per append: the outputs keep a snapshot of the variable in every history record.
    variable.growing ??= new AppendOnlyArray(variable.value as WdlValue[]);
    variable.value = variable.growing.append(value ?? null);
  }),
  changeVariable('AppendToStringVariable', (variable, value, names) => {
    needType('String', 'AppendToStringVariable', variable, names);
    variable.value = `${stringify(variable.value)}${stringify(value ?? null)}`;
  }),
];
