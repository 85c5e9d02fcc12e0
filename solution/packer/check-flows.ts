import type { FlowFiles } from '../generator/flow-metadata';

// A flow may only use what the solution ships: its connection references and its environment variables. A flow
// that names anything else would import with a broken connection or a missing setting, so packing refuses it.
// Shapes: power-platform.md 4.1 (connectionReferences envelope) and 3.6 (env var parameters, "<Display> (<schema>)").

export interface FlowDeclarations {
  connectionReferences: Set<string>;
  environmentVariables: Set<string>;
}

const BUILT_IN_PARAMETERS = new Set(['$connections', '$authentication']);

interface FlowJson {
  properties?: {
    connectionReferences?: Record<string, { connection?: { connectionReferenceLogicalName?: string } }>;
    definition?: { parameters?: Record<string, { metadata?: { schemaName?: string } }> };
  };
}

export function checkFlow(flow: FlowFiles, declared: FlowDeclarations): string[] {
  const where = `Workflows/${flow.jsonFile}`;
  const issues: string[] = [];
  let json: FlowJson;
  try {
    json = JSON.parse(flow.definition) as FlowJson;
  } catch (err) {
    return [`${where}: not valid JSON (${(err as Error).message})`];
  }
  if (flow.jsonFileName !== `/Workflows/${flow.jsonFile}`)
    issues.push(
      `${where}: metadata JsonFileName "${flow.jsonFileName}" must be "/Workflows/${flow.jsonFile}"`,
    );
  const idInName = flow.jsonFile
    .replace(/\.json$/, '')
    .slice(-36)
    .toLowerCase();
  if (idInName !== flow.workflowId)
    issues.push(`${where}: file name must end with the WorkflowId ${flow.workflowId.toUpperCase()}`);

  const refs = json.properties?.connectionReferences ?? {};
  for (const [key, ref] of Object.entries(refs)) {
    const logical = ref.connection?.connectionReferenceLogicalName;
    if (!logical)
      issues.push(`${where}: connection reference "${key}" has no connection.connectionReferenceLogicalName`);
    else if (!declared.connectionReferences.has(logical))
      issues.push(
        `${where}: connection reference "${key}" uses "${logical}", which the solution does not declare`,
      );
  }

  const parameters = json.properties?.definition?.parameters ?? {};
  for (const [name, p] of Object.entries(parameters)) {
    if (BUILT_IN_PARAMETERS.has(name)) continue;
    const schema = p.metadata?.schemaName ?? /\(([^()]+)\)\s*$/.exec(name)?.[1] ?? name;
    if (!declared.environmentVariables.has(schema))
      issues.push(
        `${where}: parameter "${name}" refers to environment variable "${schema}", which the solution does not declare`,
      );
  }
  // Every parameters('…') in an expression must be a declared parameter; env vars are the only other kind.
  for (const m of flow.definition.matchAll(/parameters\(\s*'((?:[^']|'')*)'\s*\)/g)) {
    const name = m[1]!.replace(/''/g, "'");
    if (BUILT_IN_PARAMETERS.has(name)) continue;
    if (!(name in parameters))
      issues.push(
        `${where}: expression uses parameters('${name}'), which the flow's definition does not declare`,
      );
  }
  return issues;
}
