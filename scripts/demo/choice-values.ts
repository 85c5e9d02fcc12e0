/**
 * Choice values by label, read from the solution model (the one source of Dataverse names and numbers), so the demo
 * never spells a 7145000xx by hand.
 */
import { solutionModel } from '@dxc/solution';

export function choiceValue(choice: string, label: string): number {
  const found = solutionModel.choices.find((c) => c.name === choice);
  if (!found) throw new Error(`the solution model has no choice '${choice}'`);
  const option = found.options.find((o) => o.label === label);
  if (!option) {
    throw new Error(
      `choice '${choice}' has no option '${label}' (it has ${found.options.map((o) => o.label).join(', ')})`,
    );
  }
  return option.value;
}
