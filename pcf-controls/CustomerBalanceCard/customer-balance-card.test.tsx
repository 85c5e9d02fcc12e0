import { screen } from '@testing-library/react';
import {
  createMockContext,
  dateTimeProperty,
  moneyProperty,
  textProperty,
} from '../test-support/mock-context';
import { renderControl } from '../test-support/render-control';
import { readResxStrings } from '../test-support/resx-strings';
import { balanceState, overdueShare } from './balance-model';
import type { IInputs } from './generated/ManifestTypes';
import { CustomerBalanceCard } from './index';

const strings = readResxStrings('CustomerBalanceCard');

function inputs(overrides: Partial<IInputs> = {}): IInputs {
  return {
    xeroContactId: textProperty('5b96e86b-418e-48e8-8949-308c14aec278'),
    amountOwed: moneyProperty(648),
    amountOverdue: moneyProperty(259.2),
    balanceSyncedOn: dateTimeProperty(new Date('2026-11-25T06:00:00Z')),
    currencySymbol: textProperty('£'),
    ...overrides,
  };
}

function mount(overrides: Partial<IInputs> = {}, width = 600, disabled = false) {
  const mock = createMockContext<IInputs>({
    parameters: inputs(overrides),
    strings,
    allocatedWidth: width,
    isControlDisabled: disabled,
  });
  return { ...mock, ...renderControl(new CustomerBalanceCard(), mock) };
}

describe('Customer balance card', () => {
  it('shows amount owed, amount overdue, the overdue share and the last sync time', () => {
    mount();
    expect(screen.getByRole('region', { name: 'Xero balance' })).toBeInTheDocument();
    expect(screen.getByTestId('amount-owed')).toHaveTextContent('£648.00');
    expect(screen.getByTestId('amount-overdue')).toHaveTextContent('£259.20(Overdue)');
    expect(screen.getByTestId('overdue-share')).toHaveTextContent('40% of the amount owed is overdue');
    expect(screen.getByTestId('synced-on')).toHaveTextContent('2026-11-25 06:00');
  });

  it('exposes the share as an accessible meter with values and a sentence', () => {
    mount();
    const meter = screen.getByRole('meter', { name: 'Overdue share of the amount owed' });
    expect(meter).toHaveAttribute('aria-valuenow', '40');
    expect(meter).toHaveAttribute('aria-valuemin', '0');
    expect(meter).toHaveAttribute('aria-valuemax', '100');
    expect(meter).toHaveAttribute('aria-valuetext', '40% of the amount owed is overdue');
    expect(getComputedStyle(meter.firstElementChild as HTMLElement).width).toBe('40%');
  });

  it('shows "Nothing overdue" with an empty bar when all is current', () => {
    mount({ amountOverdue: moneyProperty(0) });
    expect(screen.getByRole('meter')).toHaveAttribute('aria-valuenow', '0');
    expect(screen.getByTestId('overdue-share')).toHaveTextContent('Nothing overdue');
    expect(screen.getByTestId('amount-overdue')).not.toHaveTextContent('Overdue');
  });

  it('shows "Nothing owed" and no bar when the customer owes exactly nothing', () => {
    mount({ amountOwed: moneyProperty(0), amountOverdue: moneyProperty(0) });
    expect(screen.queryByRole('meter')).not.toBeInTheDocument();
    expect(screen.getByTestId('amount-owed')).toHaveTextContent('£0.00');
    expect(screen.getByTestId('overdue-share')).toHaveTextContent('Nothing owed');
  });

  it('caps the share at 100% when overdue exceeds owed (balances synced out of step)', () => {
    expect(overdueShare(100, 150)).toBe(100);
    expect(overdueShare(100, -5)).toBe(0);
    expect(overdueShare(null, 5)).toBeUndefined();
    expect(overdueShare(3, 1)).toBe(33);
  });

  it('tells the five balance states apart (empty is not zero, negative is credit)', () => {
    expect(balanceState(false, 10)).toBe('notInXero');
    expect(balanceState(true, null)).toBe('notSynced');
    expect(balanceState(true, undefined)).toBe('notSynced');
    expect(balanceState(true, 0)).toBe('nothingOwed');
    expect(balanceState(true, 0.01)).toBe('owing');
    expect(balanceState(true, -150)).toBe('inCredit');
  });

  it('shows an empty state when the customer is not in Xero yet', () => {
    mount({
      xeroContactId: textProperty(null),
      amountOwed: moneyProperty(null),
      amountOverdue: moneyProperty(null),
    });
    expect(screen.getByTestId('balance-empty')).toHaveTextContent('Not in Xero yet');
    expect(screen.queryByTestId('amount-owed')).not.toBeInTheDocument();
  });

  it('says "Not synced yet", and never "Nothing owed" or "Not set", before the first balance sync', () => {
    mount({
      amountOwed: moneyProperty(null),
      amountOverdue: moneyProperty(null),
      balanceSyncedOn: dateTimeProperty(null),
    });
    expect(screen.getByTestId('balance-not-synced')).toHaveTextContent('Not synced yet');
    const card = screen.getByTestId('customer-balance-card');
    expect(card).not.toHaveTextContent('Nothing owed');
    expect(card).not.toHaveTextContent('Not set');
    expect(screen.queryByTestId('amount-owed')).not.toBeInTheDocument();
    expect(screen.queryByRole('meter')).not.toBeInTheDocument();
  });

  it('shows a customer in credit as "In credit" with the credit in the record\'s currency, not "Nothing owed"', () => {
    // The platform's own formatting of a negative amount (the user's negative format), no symbol configured.
    mount({
      amountOwed: moneyProperty(-150, '(€150.00)'),
      amountOverdue: moneyProperty(0, '€0.00'),
      currencySymbol: textProperty(null),
    });
    expect(screen.getByTestId('amount-owed')).toHaveTextContent('€150.00');
    expect(screen.getByTestId('amount-owed')).toHaveAttribute('data-state', 'inCredit');
    expect(screen.getByText('In credit', { selector: 'dt' })).toBeInTheDocument();
    expect(screen.getByTestId('overdue-share')).toHaveTextContent(/^In credit €150\.00$/);
    expect(screen.getByTestId('customer-balance-card')).not.toHaveTextContent('Nothing owed');
    expect(screen.queryByRole('meter')).not.toBeInTheDocument();
  });

  it('formats a credit with the configured currency symbol', () => {
    mount({ amountOwed: moneyProperty(-1234.5), amountOverdue: moneyProperty(0) });
    expect(screen.getByTestId('amount-owed')).toHaveTextContent(/^£1,234\.50$/);
    expect(screen.getByTestId('overdue-share')).toHaveTextContent('In credit £1,234.50');
  });

  it.each([
    ['-£150.00', '£150.00'],
    ['£-150.00', '£150.00'],
    ['£150.00-', '£150.00'],
    ['- £150.00', '£150.00'],
    ['CHF\u2212150.00', 'CHF150.00'],
  ])("reads the credit %s as %s whatever the user's negative format", (formatted, credit) => {
    mount({ amountOwed: moneyProperty(-150, formatted), currencySymbol: textProperty(null) });
    expect(screen.getByTestId('amount-owed')).toHaveTextContent(credit);
  });

  it('renders the same read-only card on a disabled form (it has no actions)', () => {
    mount({}, 600, true);
    expect(screen.getByTestId('amount-owed')).toHaveTextContent('£648.00');
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('stacks amounts in one column at 300 px', () => {
    const view = mount({}, 300);
    expect(getComputedStyle(view.container.querySelector('dl') as HTMLElement).gridTemplateColumns).toBe(
      '1fr',
    );
  });

  it('keeps the bar visible in forced-colours (high contrast) mode', () => {
    mount();
    const fill = screen.getByRole('meter').firstElementChild as HTMLElement;
    const css = Array.from(document.styleSheets)
      .flatMap((sheet) => Array.from(sheet.cssRules).map((rule) => rule.cssText))
      .join('\n');
    expect(css).toContain(
      `(forced-colors: active) {.${fill.className} {background: Highlight; forced-color-adjust: none;}}`,
    );
  });
});
