import type { FunctionDefinition } from './args';
import { collectionFunctions } from './collection';
import { conversionFunctions } from './conversion';
import { dateTimeFunctions } from './date-time';
import { logicalFunctions } from './logical';
import { mathFunctions } from './math';
import { stringFunctions } from './string';
import { workflowFunctions } from './workflow';

/**
 * Real Power Automate / Logic Apps functions (FUNCREF and the LogicAppsUX catalogue) this runner does not implement.
 * They are known names, so a flow using one stops with "does not implement", not "not defined".
 */
const notImplemented = [
  'xml',
  'xpath',
  'formDataValue',
  'formDataMultiValues',
  'multipartBody',
  'triggerFormDataValue',
  'triggerFormDataMultiValues',
  'triggerMultipartBody',
  'formatTimeSpan',
  'encodeXmlValue',
  'decodeXmlValue',
  'encodeXmlName',
  'decodeXmlName',
  'appsetting',
  'mergeObjects',
];

const registry = new Map<string, FunctionDefinition>();
for (const fn of [
  ...stringFunctions,
  ...collectionFunctions,
  ...logicalFunctions,
  ...conversionFunctions,
  ...mathFunctions,
  ...dateTimeFunctions,
  ...workflowFunctions,
]) {
  registry.set(fn.name.toLowerCase(), fn);
}
for (const name of notImplemented) {
  if (!registry.has(name.toLowerCase())) {
    registry.set(name.toLowerCase(), {
      name,
      minArgs: 0,
      maxArgs: Infinity,
      notImplemented: true,
      impl: () => null,
    });
  }
}

/** Function names are case-insensitive (`utcnow`, `base64tostring` appear in real exports). */
export function lookupFunction(name: string): FunctionDefinition | undefined {
  return registry.get(name.toLowerCase());
}

export function implementedFunctionNames(): string[] {
  return [...registry.values()].filter((f) => !f.notImplemented).map((f) => f.name);
}
