import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { MockContext } from '../test-support/mock-context';
import {
  createMockContext,
  dateTimeProperty,
  lookupProperty,
  moneyProperty,
  optionSetProperty,
  textProperty,
} from '../test-support/mock-context';
import { renderControl } from '../test-support/render-control';
import { readResxStrings } from '../test-support/resx-strings';
import type { IInputs } from './generated/ManifestTypes';
import { XeroInvoicePanel } from './index';
import { safeWebUrl } from './invoice-panel-model';
import { choiceValue } from '@dxc/solution';
import { choiceProperty } from '../test-support/choice-property';

const strings = readResxStrings('XeroInvoicePanel');
const INVOICE_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const CONNECTION = [
  { id: 'a1b2c3d4-0000-0000-0000-000000000001', name: 'Demo Company (UK)', entityType: 'dxc_xeroconnection' },
];

function inputs(overrides: Partial<IInputs> = {}): IInputs {
  return {
    xeroStatus: choiceProperty('dxc_xerostatus', 'Authorised'),
    xeroInvoiceNumber: textProperty('INV-0044'),
    xeroUrl: textProperty(
      'https://go.xero.com/organisationlogin/default.aspx?shortcode=!abc&redirecturl=/AccountsReceivable/View.aspx?InvoiceID=81f93ef2',
    ),
    amountDue: moneyProperty(1317.6),
    amountPaid: moneyProperty(0),
    exportStatus: choiceProperty('dxc_exportstatus', 'Yes'),
    exportedOn: dateTimeProperty(new Date('2026-02-02T14:57:00Z')),
    lastSyncMessage: textProperty('Invoice has been created in Xero'),
    invoiceType: choiceProperty('dxc_invoicetype', 'Sales invoice'),
    connection: lookupProperty(CONNECTION),
    onlineInvoiceUrl: textProperty(null),
    currencySymbol: textProperty('£'),
    ...overrides,
  };
}

function mount(
  options: Partial<Parameters<typeof createMockContext<IInputs>>[0]> = {},
): MockContext<IInputs> & ReturnType<typeof renderControl> {
  const mock = createMockContext<IInputs>({
    parameters: inputs(),
    strings,
    entityId: `{${INVOICE_ID.toUpperCase()}}`,
    ...options,
  });
  const rendered = renderControl(new XeroInvoicePanel(), mock);
  return { ...mock, ...rendered };
}

const failed = (): Partial<IInputs> => ({
  exportStatus: choiceProperty('dxc_exportstatus', 'Failed'),
  lastSyncMessage: textProperty('Contact "A. Datum" is not in Xero and creating contacts is off.'),
});

/** Every CSS rule merge-styles injected into the document. */
function cssText(): string {
  return Array.from(document.styleSheets)
    .flatMap((sheet) => Array.from(sheet.cssRules).map((rule) => rule.cssText))
    .join('\n');
}

describe('Xero invoice panel', () => {
  it.each([
    ['Draft', 'neutral'],
    ['Submitted', 'warning'],
    ['Authorised', 'info'],
    ['Paid', 'success'],
    ['Voided', 'error'],
    ['Deleted', 'error'],
  ])('shows Xero status %s as a badge with its own tone and text', (label, tone) => {
    mount({ parameters: inputs({ xeroStatus: choiceProperty('dxc_xerostatus', label) }) });
    const badge = screen.getByTestId('status-badge');
    expect(badge).toHaveTextContent(`Xero status: ${label}`);
    expect(badge).toHaveAttribute('data-tone', tone);
  });

  it('shows the invoice number, amounts in the configured currency, export status and date', () => {
    mount();
    expect(screen.getByRole('region', { name: 'Xero invoice details' })).toBeInTheDocument();
    expect(screen.getByTestId('invoice-number')).toHaveTextContent('INV-0044');
    expect(screen.getByTestId('amount-due')).toHaveTextContent('£1,317.60');
    expect(screen.getByTestId('amount-paid')).toHaveTextContent('£0.00');
    expect(screen.getByTestId('export-status')).toHaveTextContent('Sent to Xero');
    expect(screen.getByTestId('exported-on')).toHaveTextContent('2026-02-02 14:57');
    expect(screen.getByTestId('last-sync-message')).toHaveTextContent('Invoice has been created in Xero');
    expect(screen.queryByRole('button', { name: /retry/i })).not.toBeInTheDocument();
    expect(screen.queryByTestId('not-linked-hint')).not.toBeInTheDocument();
  });

  it('a credit note says so and shows its amount due as the credit left; an invoice does not', () => {
    mount({
      parameters: inputs({
        invoiceType: choiceProperty('dxc_invoicetype', 'Sales credit note'),
        xeroInvoiceNumber: textProperty('CN-0007'),
        amountDue: moneyProperty(20),
      }),
    });
    expect(screen.getByTestId('credit-note-tag')).toHaveTextContent('Credit note');
    expect(screen.getByText('Credit left')).toBeInTheDocument();
    expect(screen.getByTestId('amount-due')).toHaveTextContent('£20.00');
    expect(screen.queryByText('Amount due')).not.toBeInTheDocument();
  });

  it('a sales or purchase invoice type shows no credit note tag', () => {
    mount({ parameters: inputs({ invoiceType: choiceProperty('dxc_invoicetype', 'Purchase invoice') }) });
    expect(screen.queryByTestId('credit-note-tag')).not.toBeInTheDocument();
    expect(screen.getByText('Amount due')).toBeInTheDocument();
  });

  it('uses the platform-formatted amount (record currency) when no currency symbol is configured', () => {
    mount({
      parameters: inputs({ currencySymbol: textProperty(null), amountDue: moneyProperty(99, '€99.00') }),
    });
    expect(screen.getByTestId('amount-due')).toHaveTextContent('€99.00');
  });

  it('opens the Xero deep link through context.navigation.openUrl', () => {
    const view = mount();
    const link = screen.getByRole('link', { name: /open in xero/i });
    expect(link).toHaveAccessibleName('Open in Xero (opens in a new tab)');
    fireEvent.click(link);
    expect(view.calls.openUrl).toEqual([inputs().xeroUrl.raw]);
  });

  it('shows the pay link, which opens through openUrl; no link, no pay-link field', () => {
    const payLink = 'https://in.xero.com/4m27PJFaRb8p9UBJr7fhBRyTWdA';
    const view = mount({ parameters: inputs({ onlineInvoiceUrl: textProperty(payLink) }) });
    const field = screen.getByTestId('pay-link');
    expect(field).toHaveTextContent('Online invoice (pay link)');
    fireEvent.click(within(field).getByRole('link'));
    expect(view.calls.openUrl).toEqual([payLink]);
    expect(within(field).getByRole('button', { name: 'Copy link' })).toBeEnabled();
    view.unmount();
    mount({ parameters: inputs({ onlineInvoiceUrl: textProperty('javascript:alert(1)') }) });
    expect(screen.queryByTestId('pay-link')).not.toBeInTheDocument();
  });

  it('never offers a non-web link (a javascript: URL in the column is dropped)', () => {
    mount({ parameters: inputs({ xeroUrl: textProperty('javascript:alert(1)') }) });
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
    expect(safeWebUrl('ftp://x')).toBeUndefined();
    expect(safeWebUrl('https://go.xero.com/x')).toBe('https://go.xero.com/x');
  });

  it('shows "Not in Xero yet" and "Not set" for a fresh invoice with missing values', () => {
    mount({
      parameters: inputs({
        xeroStatus: optionSetProperty(null),
        xeroInvoiceNumber: textProperty(null),
        xeroUrl: textProperty(null),
        amountDue: moneyProperty(null),
        amountPaid: moneyProperty(null),
        exportStatus: optionSetProperty(null),
        exportedOn: dateTimeProperty(null),
        lastSyncMessage: textProperty('  '),
      }),
    });
    expect(screen.getByTestId('status-badge')).toHaveTextContent('Not in Xero yet');
    expect(screen.queryByTestId('invoice-number')).not.toBeInTheDocument();
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
    for (const id of ['amount-due', 'amount-paid', 'export-status', 'exported-on']) {
      expect(screen.getByTestId(id)).toHaveTextContent('Not set');
    }
    expect(screen.queryByTestId('last-sync-message')).not.toBeInTheDocument();
  });

  it('names a status value it does not know instead of hiding it', () => {
    // The number is the subject: a value the model's dxc_xerostatus does not have (as a maker's added option).
    mount({ parameters: inputs({ xeroStatus: optionSetProperty(714500042, 'Archived') }) });
    expect(screen.getByTestId('status-badge')).toHaveTextContent('Unknown status (Archived)');
  });

  it('explains how to send the invoice when no Xero connection is linked', () => {
    mount({ parameters: inputs({ connection: lookupProperty(null), xeroStatus: optionSetProperty(null) }) });
    expect(screen.getByTestId('not-linked-hint')).toHaveTextContent(/choose a Xero connection/);
  });

  it('retries a failed export after confirmation: sets dxc_exportstatus back to No on the saved invoice', async () => {
    const view = mount({ parameters: inputs(failed()) });
    expect(screen.getByTestId('export-status')).toHaveTextContent('Failed');
    fireEvent.click(screen.getByRole('button', { name: 'Retry sync' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog).toHaveTextContent('Send this invoice to Xero again?');
    expect(view.calls.updateRecord).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Retry sync' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(await screen.findByText(/Retry requested/)).toBeInTheDocument();
    expect(view.calls.updateRecord).toEqual([
      {
        entityType: 'invoice',
        id: INVOICE_ID,
        data: { dxc_exportstatus: choiceValue('dxc_exportstatus', 'No') },
      },
    ]);
    expect(screen.getByRole('status')).toHaveTextContent('Retry requested');
    expect(screen.getByTestId('export-status')).toHaveTextContent('Not sent');
    expect(screen.queryByRole('button', { name: 'Retry sync' })).not.toBeInTheDocument();
  });

  it('cancelling the confirmation changes nothing', async () => {
    const view = mount({ parameters: inputs(failed()) });
    fireEvent.click(screen.getByRole('button', { name: 'Retry sync' }));
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(view.calls.updateRecord).toHaveLength(0);
    expect(screen.getByRole('button', { name: 'Retry sync' })).toBeEnabled();
  });

  it('shows the Dataverse error in an alert when the retry fails, and lets the user try again', async () => {
    const view = mount({
      parameters: inputs(failed()),
      webApi: {
        updateRecord: () =>
          Promise.reject({
            errorCode: 2147746336,
            message: 'Principal user is missing prvWriteInvoice privilege',
          }),
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Retry sync' }));
    fireEvent.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Retry sync' }),
    );
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'The retry could not be requested: Principal user is missing prvWriteInvoice privilege',
    );
    expect(view.calls.updateRecord).toHaveLength(1);
    expect(screen.getByTestId('export-status')).toHaveTextContent('Failed');
    expect(screen.getByRole('button', { name: 'Retry sync' })).toBeEnabled();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('falls back to a plain reason when the failure carries no message', async () => {
    mount({ parameters: inputs(failed()), webApi: { updateRecord: () => Promise.reject(undefined) } });
    fireEvent.click(screen.getByRole('button', { name: 'Retry sync' }));
    fireEvent.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Retry sync' }),
    );
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(await screen.findByRole('alert')).toHaveTextContent('the server gave no reason');
  });

  it('shows "Requesting a retry…" and a disabled button while the update is in flight', async () => {
    let finish: () => void = () => undefined;
    mount({
      parameters: inputs(failed()),
      webApi: { updateRecord: () => new Promise<void>((resolve) => (finish = resolve)) },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Retry sync' }));
    fireEvent.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Retry sync' }),
    );
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    const busy = await screen.findByRole('button', { name: /Requesting a retry/ });
    expect(busy).toBeDisabled();
    await act(async () => finish());
    expect(await screen.findByText(/Retry requested/)).toBeInTheDocument();
  });

  it('a read-only form shows the failure but no enabled Retry, and says why', () => {
    const view = mount({ parameters: inputs(failed()), isControlDisabled: true });
    const retry = screen.getByRole('button', { name: 'Retry sync' });
    expect(retry).toBeDisabled();
    expect(retry).toHaveAccessibleDescription("You can't retry: this form is read-only.");
    fireEvent.click(retry);
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(view.calls.updateRecord).toHaveLength(0);
  });

  it('an unsaved invoice cannot be retried', () => {
    mount({ parameters: inputs(failed()), entityId: undefined });
    expect(screen.getByRole('button', { name: 'Retry sync' })).toBeDisabled();
    expect(screen.getByText('Save the invoice before retrying.')).toBeInTheDocument();
  });

  it('asks the host to report container resizes and stacks fields at 300 px', () => {
    const view = mount({ allocatedWidth: 300, parameters: inputs(failed()) });
    expect(view.calls.trackContainerResize).toEqual([true]);
    const fields = view.container.querySelector('dl') as HTMLElement;
    expect(getComputedStyle(fields).gridTemplateColumns).toBe('1fr');
    view.context.mode.allocatedWidth = 1200;
    view.update();
    expect(getComputedStyle(view.container.querySelector('dl') as HTMLElement).gridTemplateColumns).toBe(
      'repeat(auto-fill, minmax(180px, 1fr))',
    );
  });

  it('declares forced-colours (high contrast) styles so the badge keeps a visible outline and text', () => {
    mount();
    const badgeClass = screen.getByTestId('status-badge').className;
    expect(cssText()).toContain(
      `(forced-colors: active) {.${badgeClass} {border-color: WindowText; color: WindowText; background: Window;}}`,
    );
  });
});
