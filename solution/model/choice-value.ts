// Choice values by label, read from the model, so no code or test spells a 7145000xx by hand.
import { choices } from './choices';

/** The value of a choice label, e.g. `choiceValue('dxc_exportstatus', 'Yes')`; throws naming what the choice has. */
export function choiceValue(choice: string, label: string): number {
  const found = choices.find((c) => c.name === choice);
  if (!found) throw new Error(`the solution model has no choice '${choice}'`);
  const option = found.options.find((o) => o.label === label);
  if (!option) {
    throw new Error(
      `choice '${choice}' has no option '${label}' (it has ${found.options.map((o) => o.label).join(', ')})`,
    );
  }
  return option.value;
}

/** Several values of one choice under names of the caller's, e.g. `choiceValues('dxc_health', { Ok: 'Connected' })`. */
export function choiceValues<K extends string>(choice: string, labels: Record<K, string>): Record<K, number> {
  return Object.fromEntries(
    Object.entries<string>(labels).map(([key, label]) => [key, choiceValue(choice, label)]),
  ) as Record<K, number>;
}
