import { VirtualClock } from './clock';
import type { ActionDefinition, LoadedFlow, TriggerDefinition, WorkflowDefinition } from './definition';
import type { ActionRecord, RunResult } from './run-history';
import { runFlow, type RunOptions } from './runner';

/** Builders for small definitions in tests. */
export const schemaUrl =
  'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#';

export function flowOf(
  actions: Record<string, ActionDefinition>,
  extra: {
    trigger?: Record<string, TriggerDefinition>;
    parameters?: WorkflowDefinition['parameters'];
    connectionReferences?: LoadedFlow['connectionReferences'];
    name?: string;
    workflowId?: string;
  } = {},
): LoadedFlow {
  return {
    name: extra.name ?? 'test flow',
    workflowId: extra.workflowId,
    connectionReferences: extra.connectionReferences ?? {},
    definition: {
      $schema: schemaUrl,
      contentVersion: '1.0.0.0',
      parameters: extra.parameters ?? {},
      triggers: extra.trigger ?? { manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } },
      actions,
    },
  };
}

/** The record of an action by name, searched through containers and loop repetitions; throws when there is none. */
export function findRecord(records: ActionRecord[], name: string): ActionRecord {
  for (const r of records) {
    if (r.name === name) return r;
    const inner = [...(r.actions ?? []), ...(r.repetitions ?? []).flatMap((rep) => rep.actions)];
    try {
      return findRecord(inner, name);
    } catch {
      // keep looking
    }
  }
  throw new Error(`no record ${name}`);
}

/** Runs a manual-trigger flow of these actions on a virtual clock starting at 2025-01-15T10:00:00Z. */
export async function runActions(
  actions: Record<string, ActionDefinition>,
  options: RunOptions = {},
  extra = {},
): Promise<RunResult> {
  return runFlow(flowOf(actions, extra), { clock: new VirtualClock('2025-01-15T10:00:00Z'), ...options });
}
