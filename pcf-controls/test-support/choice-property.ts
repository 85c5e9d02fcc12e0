// A choice column as the platform passes it to a control: the model's value for a label, formatted as that label.
import { choiceValue } from '@dxc/solution';
import { optionSetProperty } from './mock-context';

export function choiceProperty(
  choice: string,
  label: string,
): ComponentFramework.PropertyTypes.OptionSetProperty {
  return optionSetProperty(choiceValue(choice, label), label);
}
