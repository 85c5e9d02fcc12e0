// Choice values come from the solution model through the generated CHOICE_VALUES, so no control spells a 7145000xx.
import { CHOICE_VALUES } from './choice-values.generated';

export type ChoiceName = keyof typeof CHOICE_VALUES;
export type ChoiceLabel<C extends ChoiceName> = keyof (typeof CHOICE_VALUES)[C] & string;

/** The labels of a choice, in the model's order. */
export function choiceLabels<C extends ChoiceName>(choice: C): readonly ChoiceLabel<C>[] {
  return Object.keys(CHOICE_VALUES[choice]) as ChoiceLabel<C>[];
}

/** The value of a choice label, e.g. `choiceValue('dxc_exportstatus', 'No')`. */
export function choiceValue<C extends ChoiceName>(choice: C, label: ChoiceLabel<C>): number {
  return (CHOICE_VALUES[choice] as Record<string, number>)[label] as number;
}

/** The label of a choice value, or undefined when it is absent or not one of the model's (e.g. added by a maker). */
export function choiceLabel<C extends ChoiceName>(choice: C, value: unknown): ChoiceLabel<C> | undefined {
  return choiceLabels(choice).find((label) => choiceValue(choice, label) === value);
}
