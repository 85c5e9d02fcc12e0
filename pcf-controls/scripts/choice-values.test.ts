import { readFileSync } from 'node:fs';
import { choiceValue, solutionModel } from '@dxc/solution';
import type { ChoiceName } from '../shared/option-values';
import { choiceLabel, choiceLabels, choiceValue as controlChoiceValue } from '../shared/option-values';
import { CHOICE_VALUES_FILE, choiceValuesSource } from './generate-choice-values';

describe('shared/choice-values.generated.ts', () => {
  it('matches the solution model (run `npm run generate -w pcf-controls` when this fails)', () => {
    expect(readFileSync(CHOICE_VALUES_FILE, 'utf8')).toBe(choiceValuesSource(solutionModel.choices));
  });

  it('is stale as soon as an option of the model changes', () => {
    const [first, ...rest] = solutionModel.choices;
    const relabelled = {
      ...first!,
      options: first!.options.map((o, i) => (i ? o : { ...o, label: 'Renamed' })),
    };
    expect(choiceValuesSource([relabelled, ...rest])).not.toBe(choiceValuesSource(solutionModel.choices));
  });

  it('gives the controls the values and order of every choice of the model', () => {
    for (const choice of solutionModel.choices) {
      const name = choice.name as ChoiceName;
      expect(choiceLabels(name)).toEqual(choice.options.map((o) => o.label));
      for (const { label } of choice.options) {
        const value = controlChoiceValue(name, label as never);
        expect(value).toBe(choiceValue(choice.name, label));
        expect(choiceLabel(name, value)).toBe(label);
      }
    }
  });

  it('has no label for a value outside the choice, a string or nothing', () => {
    // 714500006 is the subject here: one past dxc_xerostatus' last option, as a maker's added option would be.
    expect(choiceLabel('dxc_xerostatus', 714500006)).toBeUndefined();
    expect(choiceLabel('dxc_xerostatus', String(choiceValue('dxc_xerostatus', 'Paid')))).toBeUndefined();
    expect(choiceLabel('dxc_xerostatus', null)).toBeUndefined();
  });
});
