import { choices } from './choices';
import { choiceValue, choiceValues } from './choice-value';

const optionOf = (choice: string, label: string) =>
  choices.find((c) => c.name === choice)!.options.find((o) => o.label === label)!.value;

describe('choiceValues', () => {
  it("gives each of the caller's names the value of its label", () => {
    expect(choiceValues('dxc_health', { Ok: 'Connected', Broken: 'Reconnect needed' })).toEqual({
      Ok: optionOf('dxc_health', 'Connected'),
      Broken: optionOf('dxc_health', 'Reconnect needed'),
    });
    expect(choiceValues('dxc_health', { Ok: 'Connected' }).Ok).toBe(choiceValue('dxc_health', 'Connected'));
  });

  it('throws, as choiceValue does, on a label the choice does not have', () => {
    expect(() => choiceValues('dxc_health', { Ok: 'Fine' })).toThrow(
      "choice 'dxc_health' has no option 'Fine' (it has Unknown, Connected, Reconnect needed)",
    );
  });
});
