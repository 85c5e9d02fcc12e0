import { selectProperty } from '../evaluator';
import { isObject, type WdlValue } from '../values';
import { define, fail, obj, str, type FunctionDefinition } from './args';

/**
 * Workflow functions (FUNCREF "Workflow functions"), manipulation functions (addProperty/setProperty/removeProperty)
 * and URI parsing functions. Workflow functions read the run state through the evaluation context.
 */

function member(value: WdlValue, key: string): WdlValue {
  return isObject(value) ? (selectProperty(value, key) ?? null) : null;
}

function parseUri(ctx: Parameters<FunctionDefinition['impl']>[1], text: string): URL {
  try {
    return new URL(text);
  } catch {
    return fail(ctx, `expects its parameter to be an absolute URI; '${text}' is not one.`);
  }
}

const defaultPorts: Record<string, number> = { 'http:': 80, 'https:': 443, 'ftp:': 21 };

export const workflowFunctions: FunctionDefinition[] = [
  define('parameters', 1, 1, (args, ctx) => ctx.state.parameter(str(ctx, args, 0))),
  define('variables', 1, 1, (args, ctx) => ctx.state.variable(str(ctx, args, 0))),
  define('trigger', 0, 0, (_args, ctx) => ctx.state.trigger()),
  define('triggerOutputs', 0, 0, (_args, ctx) => member(ctx.state.trigger(), 'outputs')),
  define('triggerBody', 0, 0, (_args, ctx) => member(member(ctx.state.trigger(), 'outputs'), 'body')),
  define('actions', 1, 1, (args, ctx) => ctx.state.action(str(ctx, args, 0))),
  define('action', 0, 0, (_args, ctx) => ctx.state.currentAction()),
  define('outputs', 1, 1, (args, ctx) => member(ctx.state.action(str(ctx, args, 0)), 'outputs')),
  define('body', 1, 1, (args, ctx) => member(member(ctx.state.action(str(ctx, args, 0)), 'outputs'), 'body')),
  define('actionOutputs', 0, 0, (_args, ctx) => member(ctx.state.currentAction(), 'outputs')),
  define('actionBody', 0, 0, (_args, ctx) => member(member(ctx.state.currentAction(), 'outputs'), 'body')),
  define('result', 1, 1, (args, ctx) => ctx.state.result(str(ctx, args, 0))),
  define('item', 0, 0, (_args, ctx) => ctx.state.item()),
  define('items', 1, 1, (args, ctx) => ctx.state.items(str(ctx, args, 0))),
  define('iterationIndexes', 1, 1, (args, ctx) => ctx.state.iterationIndexes(str(ctx, args, 0))),
  define('workflow', 0, 0, (_args, ctx) => ctx.state.workflow()),
  define('listCallbackUrl', 0, 0, (_args, ctx) => ctx.state.listCallbackUrl()),
  define('addProperty', 3, 3, (args, ctx) => {
    const o = obj(ctx, args, 0);
    const name = str(ctx, args, 1);
    if (Object.prototype.hasOwnProperty.call(o, name)) {
      fail(ctx, `cannot add property '${name}': the object already has a property with that name.`);
    }
    return { ...o, [name]: args[2]! };
  }),
  define('setProperty', 3, 3, (args, ctx) => ({ ...obj(ctx, args, 0), [str(ctx, args, 1)]: args[2]! })),
  define('removeProperty', 2, 2, (args, ctx) => {
    const copy = { ...obj(ctx, args, 0) };
    delete copy[str(ctx, args, 1)];
    return copy;
  }),
  define('uriHost', 1, 1, (args, ctx) => parseUri(ctx, str(ctx, args, 0)).hostname),
  define('uriPath', 1, 1, (args, ctx) => parseUri(ctx, str(ctx, args, 0)).pathname || '/'),
  define('uriPathAndQuery', 1, 1, (args, ctx) => {
    const u = parseUri(ctx, str(ctx, args, 0));
    return `${u.pathname || '/'}${u.search}`;
  }),
  define('uriPort', 1, 1, (args, ctx) => {
    const u = parseUri(ctx, str(ctx, args, 0));
    return u.port ? Number(u.port) : (defaultPorts[u.protocol] ?? -1);
  }),
  define('uriQuery', 1, 1, (args, ctx) => parseUri(ctx, str(ctx, args, 0)).search),
  define('uriScheme', 1, 1, (args, ctx) => parseUri(ctx, str(ctx, args, 0)).protocol.replace(/:$/, '')),
];
