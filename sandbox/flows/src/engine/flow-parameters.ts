import { fromJson, makeFloat, type WdlObject, type WdlValue } from '../expressions/values';
import type { LoadedFlow } from './definition';
import { FlowConfigurationError } from './run-errors';
import type { RunOptions } from './run-options';

/**
 * The values of the definition's parameters for a run: `$connections` from the connection references (with the
 * connection ids an admin mapped), `$authentication` opaque, environment variables from the run configuration by
 * schema name (else the definition's default), converted to the parameter's type.
 */
export function resolveFlowParameters(flow: LoadedFlow, options: RunOptions): Map<string, WdlValue> {
  const out = new Map<string, WdlValue>();
  const run = { flow, parameters: out };
  const def = flow.definition.parameters ?? {};
  const env = options.environmentVariables ?? {};
  const given = options.parameters ?? {};
  const connections: WdlObject = {};
  for (const [key, ref] of Object.entries(run.flow.connectionReferences)) {
    const logical = ref.connection?.connectionReferenceLogicalName;
    connections[key] = {
      connectionId:
        (logical ? options.connectionReferences?.[logical]?.connectionId : undefined) ??
        ref.connectionName ??
        null,
      connectionName: ref.connectionName ?? key,
      id: ref.id ?? (ref.api?.name ? `/providers/Microsoft.PowerApps/apis/${ref.api.name}` : null),
    } as WdlObject;
  }
  for (const [name, p] of Object.entries(def)) {
    if (name === '$connections') {
      run.parameters.set(name, connections);
      continue;
    }
    if (name === '$authentication') {
      run.parameters.set(name, {});
      continue;
    }
    const schemaName = p.metadata?.schemaName;
    let value: unknown;
    if (schemaName !== undefined && env[schemaName] !== undefined) value = env[schemaName];
    else if (env[name] !== undefined) value = env[name];
    else if (given[name] !== undefined) value = given[name];
    else value = p.defaultValue;
    const label = schemaName
      ? `environment variable '${schemaName}' (parameter '${name}')`
      : `parameter '${name}'`;
    if (value === undefined) {
      throw new FlowConfigurationError(
        `The ${label} has no value in the run configuration and no default value in the flow.`,
      );
    }
    run.parameters.set(name, convertParameter(label, p.type, value));
  }
  return out;
}

function convertParameter(label: string, type: string, value: unknown): WdlValue {
  const t = type.toLowerCase();
  const fail = (): never => {
    throw new FlowConfigurationError(
      `The ${label} is of type ${type}; the value ${JSON.stringify(value)} does not fit.`,
    );
  };
  switch (t) {
    case 'string':
    case 'securestring':
      return typeof value === 'string' ? value : fail();
    case 'int':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
      return fail();
    case 'float':
      if (typeof value === 'number') return makeFloat(value);
      if (typeof value === 'string' && !Number.isNaN(Number(value))) return makeFloat(Number(value));
      return fail();
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      return fail();
    case 'array':
      return Array.isArray(value) ? fromJson(value) : fail();
    case 'object':
    case 'secureobject':
      return value !== null && typeof value === 'object' && !Array.isArray(value) ? fromJson(value) : fail();
    default:
      return fromJson(value);
  }
}
