import type { ActionHandler } from './action-handler';
import { composeActions } from './compose';
import { conditionActions } from './condition';
import { connectorActions } from './connector';
import { dataOperationActions } from './data-operations';
import { dateExpressionActions } from './date-expression';
import { foreachActions } from './foreach';
import { httpActions } from './http';
import { parseJsonActions } from './parse-json';
import { responseActions } from './response';
import { scopeActions } from './scope';
import { switchActions } from './switch';
import { terminateActions } from './terminate';
import { untilActions } from './until';
import { variableActions } from './variables';
import { waitActions } from './wait';
import { workflowActions } from './workflow';

/** The action types the runner implements, each with its handler; any other type stops the run. */
const registry = new Map<string, ActionHandler>(
  [
    ...composeActions,
    ...variableActions,
    ...conditionActions,
    ...switchActions,
    ...scopeActions,
    ...foreachActions,
    ...untilActions,
    ...terminateActions,
    ...dataOperationActions,
    ...parseJsonActions,
    ...responseActions,
    ...waitActions,
    ...dateExpressionActions,
    ...workflowActions,
    ...httpActions,
    ...connectorActions,
  ].map((handler) => [handler.type, handler]),
);

/** The handler for an action type, spelled exactly as in the definition. */
export function lookupActionHandler(type: string): ActionHandler | undefined {
  return registry.get(type);
}
