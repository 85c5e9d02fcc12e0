import type { RenderResult } from '@testing-library/react';
import { render } from '@testing-library/react';
import type { MockContext } from './mock-context';

export interface RenderedControl extends RenderResult {
  /** Calls updateView again with the (possibly mutated) context, as the platform does after a change. */
  update: () => void;
  notifyOutputChanged: jest.Mock;
}

/** Runs a virtual control's lifecycle (init → updateView) with a mock context and renders what it returns. */
export function renderControl<TInputs, TOutputs>(
  control: ComponentFramework.ReactControl<TInputs, TOutputs>,
  mock: MockContext<TInputs>,
): RenderedControl {
  const notifyOutputChanged = jest.fn();
  control.init(mock.context, notifyOutputChanged, {});
  const result = render(control.updateView(mock.context));
  return {
    ...result,
    notifyOutputChanged,
    update: () => result.rerender(control.updateView(mock.context)),
  };
}
