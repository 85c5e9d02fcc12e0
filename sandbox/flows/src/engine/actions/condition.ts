import { lookupFunction } from '../../expressions/functions';
import { typeName } from '../../expressions/values';
import { asObject } from '../as-object';
import type { FlowRun } from '../flow-run';
import type { Frame } from '../frame';
import { invalidTemplate, notImplementedIn } from '../run-errors';
import { handle, type ActionHandler } from './action-handler';

/** The comparison operators a condition object may use (the designer's "Condition" card). */
const comparisons = [
  'equals',
  'greater',
  'greaterorequals',
  'less',
  'lessorequals',
  'contains',
  'startswith',
  'endswith',
];

/** An If or Until `expression`: a template expression, a boolean, or a condition object (and/or/not/comparisons). */
export function evaluateCondition(
  run: FlowRun,
  expression: unknown,
  frame: Frame,
  actionName: string,
): boolean {
  if (typeof expression === 'string') {
    const value = run.evaluate(expression, frame, actionName, 'expression');
    if (typeof value !== 'boolean') {
      throw invalidTemplate(
        `Unable to process template language expressions for action '${actionName}' at line '0' and column '0': 'The expression must evaluate to a boolean; it evaluated to a value of type '${typeName(value)}'.'.`,
      );
    }
    return value;
  }
  if (typeof expression === 'boolean') return expression;
  const node = asObject(expression);
  const keys = Object.keys(node);
  if (keys.length !== 1) {
    throw invalidTemplate(
      `Action '${actionName}': a condition object must have exactly one operator, found '${keys.join(', ')}'.`,
    );
  }
  const op = keys[0]!;
  const operand = node[op];
  switch (op.toLowerCase()) {
    case 'and':
    case 'or': {
      if (!Array.isArray(operand))
        throw invalidTemplate(`Action '${actionName}': '${op}' needs an array of conditions.`);
      const results = operand.map((c) => evaluateCondition(run, c, frame, actionName));
      return op.toLowerCase() === 'and' ? results.every(Boolean) : results.some(Boolean);
    }
    case 'not':
      return !evaluateCondition(run, operand, frame, actionName);
    default:
      return compare(run, op, operand, frame, actionName);
  }
}

function compare(run: FlowRun, op: string, operand: unknown, frame: Frame, actionName: string): boolean {
  const fn = lookupFunction(op);
  if (!fn || !comparisons.includes(op.toLowerCase())) {
    throw notImplementedIn(actionName, `condition operator '${op}'`);
  }
  if (!Array.isArray(operand) || operand.length !== 2) {
    throw invalidTemplate(`Action '${actionName}': '${op}' needs two operands.`);
  }
  const args = operand.map((o) => run.evaluate(o, frame, actionName, 'expression'));
  try {
    const result = fn.impl(args, { ...run.context(frame, { name: actionName }), name: fn.name });
    return result === true;
  } catch (e) {
    throw run.wrapExpressionError(e, actionName, 'expression');
  }
}

/** If (ACTREF): runs `actions` or `else`; the branch not taken is recorded as Skipped (BranchNotTaken). */
export const conditionActions: ActionHandler[] = [
  handle('If', async (run, { name, action, frame, record }) => {
    const result = evaluateCondition(run, action.expression, frame, name);
    record.inputs = { expressionResult: result };
    record.branch = result ? 'actions' : 'else';
    const taken = result ? action.actions : action.else?.actions;
    const other = result ? action.else?.actions : action.actions;
    const skipped = run.skipBranch(other);
    const { records, status } = await run.runContainer(taken ?? {}, frame);
    run.finishContainer(record, result ? [...records, ...skipped] : [...skipped, ...records], status);
  }),
];
