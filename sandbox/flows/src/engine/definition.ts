import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * A cloud flow as Power Automate stores it (power-platform.md §4.1, flow-runner.md §3.1): the solution export
 * `{"properties": {"connectionReferences", "definition"}, "schemaVersion"}`, the legacy package export
 * `{"name", "properties": {"displayName", "definition", "connectionReferences"}}`, or a bare definition.
 */
export type RunAfterStatus = 'Succeeded' | 'Failed' | 'Skipped' | 'TimedOut';

export interface ActionDefinition {
  type: string;
  kind?: string;
  inputs?: unknown;
  runAfter?: Record<string, string[]>;
  actions?: Record<string, ActionDefinition>;
  else?: { actions?: Record<string, ActionDefinition> };
  cases?: Record<string, { case: unknown; actions?: Record<string, ActionDefinition> }>;
  default?: { actions?: Record<string, ActionDefinition> };
  expression?: unknown;
  foreach?: unknown;
  limit?: { count?: unknown; timeout?: unknown };
  runtimeConfiguration?: {
    concurrency?: { repetitions?: number };
    paginationPolicy?: { minimumItemCount?: number };
    secureData?: { properties?: string[] };
    [key: string]: unknown;
  };
  operationOptions?: string;
  metadata?: unknown;
  description?: string;
  [key: string]: unknown;
}

export interface TriggerDefinition {
  type: string;
  kind?: string;
  inputs?: unknown;
  recurrence?: RecurrenceDefinition;
  conditions?: { expression: unknown }[];
  splitOn?: string;
  operationOptions?: string;
  runtimeConfiguration?: ActionDefinition['runtimeConfiguration'];
  [key: string]: unknown;
}

export interface RecurrenceDefinition {
  frequency: 'Second' | 'Minute' | 'Hour' | 'Day' | 'Week' | 'Month';
  interval: number;
  startTime?: string;
  timeZone?: string;
  schedule?: { hours?: number[]; minutes?: number[]; weekDays?: string[]; monthDays?: number[] };
}

export interface ParameterDefinition {
  type: string;
  defaultValue?: unknown;
  allowedValues?: unknown[];
  metadata?: { schemaName?: string; description?: string; [key: string]: unknown };
}

export interface WorkflowDefinition {
  $schema: string;
  contentVersion: string;
  parameters?: Record<string, ParameterDefinition>;
  triggers?: Record<string, TriggerDefinition>;
  actions?: Record<string, ActionDefinition>;
  outputs?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ConnectionReference {
  runtimeSource?: string;
  connection?: { connectionReferenceLogicalName?: string; [key: string]: unknown };
  api?: { name?: string; logicalName?: string; [key: string]: unknown };
  /** Legacy package export form. */
  connectionName?: string;
  id?: string;
  source?: string;
  [key: string]: unknown;
}

export interface LoadedFlow {
  /** File name without extension, or the display name. */
  name: string;
  /** Workflow GUID (lower case) from a `<Name>-<GUID>.json` file name, used by child-flow calls. */
  workflowId?: string;
  definition: WorkflowDefinition;
  connectionReferences: Record<string, ConnectionReference>;
}

export class FlowLoadError extends Error {
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(issues.length ? `${message}\n${issues.map((i) => `  - ${i}`).join('\n')}` : message);
    this.name = 'FlowLoadError';
  }
}

const guidInName = /-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function parseFlow(text: string, name = 'flow'): LoadedFlow {
  let json: unknown;
  try {
    // Exported files are often saved with a UTF-8 BOM (flow-runner.md §3.1).
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new FlowLoadError(`${name}: not valid JSON (${(e as Error).message}).`);
  }
  if (typeof json !== 'object' || json === null)
    throw new FlowLoadError(`${name}: the file is not a JSON object.`);
  const root = json as Record<string, unknown>;
  const properties = (root.properties ?? undefined) as Record<string, unknown> | undefined;
  const definition = (properties?.definition ?? (root.triggers || root.actions ? root : undefined)) as
    WorkflowDefinition | undefined;
  if (!definition || typeof definition !== 'object') {
    throw new FlowLoadError(
      `${name}: no workflow definition found (expected properties.definition, or a definition with triggers and actions).`,
    );
  }
  const guid = guidInName.exec(name)?.[1]?.toLowerCase();
  return {
    name: (properties?.displayName as string | undefined) ?? name,
    workflowId: guid,
    definition,
    connectionReferences: (properties?.connectionReferences ?? {}) as Record<string, ConnectionReference>,
  };
}

export function loadFlowFile(path: string): LoadedFlow {
  const name = basename(path).replace(/\.json$/i, '');
  return parseFlow(readFileSync(path, 'utf8'), name);
}

export type ContainerKind = 'root' | 'Scope' | 'If' | 'Switch' | 'Foreach' | 'Until';

export interface ActionLocation {
  name: string;
  action: ActionDefinition;
  /** Names of enclosing containers, outermost first. */
  path: string[];
  /** Types of enclosing containers, outermost first. */
  containerTypes: string[];
  /** True when an enclosing Foreach runs iterations in parallel. */
  inParallelForeach: boolean;
}

/** Child action maps of a container action (If has two, Switch one per case plus default). */
export function childContainers(action: ActionDefinition): Record<string, ActionDefinition>[] {
  const out: Record<string, ActionDefinition>[] = [];
  if (action.actions) out.push(action.actions);
  if (action.else?.actions) out.push(action.else.actions);
  for (const c of Object.values(action.cases ?? {})) if (c.actions) out.push(c.actions);
  if (action.default?.actions) out.push(action.default.actions);
  return out;
}

export function foreachConcurrency(action: ActionDefinition): number {
  const reps = action.runtimeConfiguration?.concurrency?.repetitions;
  if (typeof reps === 'number') return reps;
  // Power Automate's "Apply to each" runs sequentially unless concurrency control is on (LIMITS-PA: default 1).
  return 1;
}

export function walkActions(definition: WorkflowDefinition): ActionLocation[] {
  const out: ActionLocation[] = [];
  const visit = (
    actions: Record<string, ActionDefinition> | undefined,
    path: string[],
    types: string[],
    parallel: boolean,
  ) => {
    for (const [name, action] of Object.entries(actions ?? {})) {
      out.push({ name, action, path, containerTypes: types, inParallelForeach: parallel });
      const nextParallel = parallel || (action.type === 'Foreach' && foreachConcurrency(action) > 1);
      for (const child of childContainers(action))
        visit(child, [...path, name], [...types, action.type], nextParallel);
    }
  };
  visit(definition.actions, [], [], false);
  return out;
}

const variableWriters = new Set([
  'SetVariable',
  'IncrementVariable',
  'DecrementVariable',
  'AppendToArrayVariable',
  'AppendToStringVariable',
]);

/**
 * The checks Power Automate makes when a flow is saved, beyond the JSON schema: runAfter only names siblings and has
 * no cycle, action names are unique, InitializeVariable sits at top level, variables are not written inside a
 * parallel Foreach, Terminate and Response are not inside Foreach/Until, Response needs a Request trigger
 * (VARS; ACTREF Terminate/Response; the designer's "Apply to each" concurrency rule).
 */
export function validateStructure(definition: WorkflowDefinition): string[] {
  const issues: string[] = [];
  const all = walkActions(definition);
  const seen = new Map<string, string>();
  for (const loc of all) {
    const where = loc.path.length ? `inside '${loc.path.join('/')}'` : 'at top level';
    if (seen.has(loc.name))
      issues.push(`/actions: action name '${loc.name}' is used twice (${seen.get(loc.name)} and ${where}).`);
    seen.set(loc.name, where);
    if (loc.action.type === 'InitializeVariable' && loc.path.length > 0) {
      issues.push(
        `action '${loc.name}': InitializeVariable is only allowed at the top level of the flow, not ${where}.`,
      );
    }
    if (variableWriters.has(loc.action.type) && loc.inParallelForeach) {
      issues.push(
        `action '${loc.name}': ${loc.action.type} cannot be used inside an Apply to each (Foreach) that runs in parallel; set its concurrency to 1.`,
      );
    }
    if (
      (loc.action.type === 'Terminate' || loc.action.type === 'Response') &&
      loc.containerTypes.some((t) => t === 'Foreach' || t === 'Until')
    ) {
      issues.push(`action '${loc.name}': ${loc.action.type} is not allowed inside a Foreach or Until loop.`);
    }
    if (loc.action.type === 'Foreach') {
      const reps = loc.action.runtimeConfiguration?.concurrency?.repetitions;
      if (reps !== undefined && (reps < 1 || reps > 50)) {
        issues.push(`action '${loc.name}': concurrency repetitions must be between 1 and 50, not ${reps}.`);
      }
      if (reps !== undefined && /\bSequential\b/i.test(loc.action.operationOptions ?? '')) {
        issues.push(
          `action '${loc.name}': set either operationOptions 'Sequential' or concurrency repetitions, not both.`,
        );
      }
    }
  }
  const checkContainer = (actions: Record<string, ActionDefinition> | undefined, where: string) => {
    const names = Object.keys(actions ?? {});
    for (const [name, action] of Object.entries(actions ?? {})) {
      for (const [pred, statuses] of Object.entries(action.runAfter ?? {})) {
        if (!names.includes(pred)) {
          issues.push(
            `action '${name}': runAfter names '${pred}', which is not an action in the same container (${where}).`,
          );
        }
        for (const s of statuses) {
          if (!/^(succeeded|failed|skipped|timedout)$/i.test(s)) {
            issues.push(
              `action '${name}': runAfter status '${s}' for '${pred}' is not one of Succeeded, Failed, Skipped, TimedOut.`,
            );
          }
        }
      }
      for (const child of childContainers(action)) checkContainer(child, `inside '${name}'`);
    }
    // Cycle check by depth-first search over runAfter edges.
    const state = new Map<string, 1 | 2>();
    const visit = (n: string, trail: string[]) => {
      if (state.get(n) === 2) return;
      if (state.get(n) === 1) {
        issues.push(`runAfter cycle ${where}: ${[...trail, n].join(' -> ')}.`);
        return;
      }
      state.set(n, 1);
      for (const p of Object.keys(actions?.[n]?.runAfter ?? {}))
        if (names.includes(p)) visit(p, [...trail, n]);
      state.set(n, 2);
    };
    for (const n of names) visit(n, []);
  };
  checkContainer(definition.actions, 'at top level');
  const triggers = Object.values(definition.triggers ?? {});
  if (triggers.length > 1)
    issues.push(`/triggers: a Power Automate flow has exactly one trigger; this one has ${triggers.length}.`);
  const requestTrigger = triggers.some((t) => t.type === 'Request');
  if (!requestTrigger) {
    for (const loc of all) {
      if (loc.action.type === 'Response') {
        issues.push(
          `action '${loc.name}': a Response action needs a Request (manual, Power Apps or HTTP) trigger.`,
        );
      }
    }
  }
  return issues;
}
