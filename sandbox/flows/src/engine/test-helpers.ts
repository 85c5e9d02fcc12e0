import type { ActionDefinition, LoadedFlow, TriggerDefinition, WorkflowDefinition } from './definition';

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
