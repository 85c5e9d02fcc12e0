// The Dataverse solution model: the single source of Dataverse names for the generator, the packer, the flows'
// checks and the Dataverse emulator (`import { solutionModel } from '@dxc/solution'`).
import { choices } from './choices';
import {
  connectionReferences,
  controls,
  customConnector,
  environmentVariables,
  publisher,
  securityRole,
} from './components';
import { forms } from './forms';
import { platformTables, tables } from './tables';
import type { SolutionModel } from './types';
import { views } from './views';

export const solutionModel: SolutionModel = {
  uniqueName: 'DynamicsXeroConnector',
  displayName: 'Dynamics Xero Connector',
  description:
    'Syncs Dynamics 365 invoices to Xero and brings back status, payments, tax and customer balances, ' +
    'through Power Automate flows and your own Xero proxy.',
  publisher,
  choices,
  tables,
  platformTables,
  forms,
  views,
  roles: [securityRole],
  environmentVariables,
  connectionReferences,
  connector: customConnector,
  controls,
};

export * from './types';
export { systemColumns, SYSTEM_TARGET_SCHEMA } from './system-columns';
export type { SystemColumn, SystemColumnKind } from './system-columns';
export { validateModel, assertValidModel, knownColumns, ModelError } from './validate-model';
export { choiceValue, choiceValues } from './choice-value';
