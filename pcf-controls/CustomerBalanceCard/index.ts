import * as React from 'react';
import { isNarrowWidth } from '../shared/layout';
import { createTranslator } from '../shared/strings';
import { readBalance } from './balance-model';
import { CustomerBalanceCardView } from './components/customer-balance-card-view';
import type { IInputs, IOutputs } from './generated/ManifestTypes';

/** Customer balance card for account and contact forms; read-only, it only displays the bound columns. */
export class CustomerBalanceCard implements ComponentFramework.ReactControl<IInputs, IOutputs> {
  public init(context: ComponentFramework.Context<IInputs>): void {
    context.mode.trackContainerResize(true);
  }

  public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
    return React.createElement(CustomerBalanceCardView, {
      model: readBalance(context.parameters, context.formatting),
      t: createTranslator(context.resources),
      narrow: isNarrowWidth(context.mode.allocatedWidth),
    });
  }

  public getOutputs(): IOutputs {
    return {};
  }

  public destroy(): void {
    // Nothing to release.
  }
}
