import { act, fireEvent, screen, within } from '@testing-library/react';
import type { WebApiBehaviour } from '../test-support/mock-context';
import {
  createMockContext,
  dateTimeProperty,
  optionSetProperty,
  textProperty,
} from '../test-support/mock-context';
import { renderControl } from '../test-support/render-control';
import { readResxStrings } from '../test-support/resx-strings';
import type { IInputs } from './generated/ManifestTypes';
import { parseImportProgress, resolveSteps } from './import-progress';
import { SyncCentre } from './index';
import { PROXY_BASE_URL_QUERY, adminPageFromRows } from './admin-page';
import { snapshotFromRow } from './sync-centre-model';
import { choiceValue } from '@dxc/solution';
import { choiceProperty } from '../test-support/choice-property';

const strings = readResxStrings('SyncCentre');
const CONNECTION_ID = '6d1f3c2a-9b8e-4f70-a1b2-c3d4e5f60718';
const IDLE = choiceValue('dxc_importrequest', 'Idle');
const REQUESTED = choiceValue('dxc_importrequest', 'Requested');
const RUNNING = choiceValue('dxc_importrequest', 'Running');
const COMPLETED = choiceValue('dxc_importrequest', 'Completed');
const FAILED = choiceValue('dxc_importrequest', 'Failed');

function inputs(overrides: Partial<IInputs> = {}): IInputs {
  return {
    importRequest: optionSetProperty(COMPLETED, 'Completed'),
    importProgress: textProperty(
      'tax rates: done (12); account codes: done (48); branding themes: done (3); tracking categories: done (2)',
    ),
    lastImportOn: dateTimeProperty(new Date('2026-11-24T16:30:00Z')),
    health: choiceProperty('dxc_health', 'Connected'),
    connectionName: textProperty('Demo Company (UK) – production'),
    tenantName: textProperty('Demo Company (UK)'),
    refreshSeconds: { raw: 5, formatted: '5' } as unknown as IInputs['refreshSeconds'],
    ...overrides,
  };
}

function mount(
  overrides: Partial<IInputs> = {},
  options: { disabled?: boolean; entityId?: string | null; webApi?: WebApiBehaviour; width?: number } = {},
) {
  const mock = createMockContext<IInputs>({
    parameters: inputs(overrides),
    strings,
    entityId: options.entityId === null ? undefined : (options.entityId ?? CONNECTION_ID),
    isControlDisabled: options.disabled,
    webApi: options.webApi,
    allocatedWidth: options.width ?? 700,
  });
  return { ...mock, ...renderControl(new SyncCentre(), mock) };
}

const stepStates = () =>
  ['taxRates', 'accountCodes', 'brandingThemes', 'trackingCategories'].map(
    (step) => screen.getByTestId(`step-${step}`).dataset.state,
  );
const importButton = () =>
  screen.getByText(/Import from Xero|Requesting…/).closest('button') as HTMLButtonElement;

describe('import progress text', () => {
  it('reads the documented format, with counts and notes', () => {
    expect(
      parseImportProgress(
        'tax rates: done (12); account codes: running - page 3 of 5; branding themes: pending; tracking categories: pending',
      ),
    ).toEqual({
      steps: [
        { step: 'taxRates', state: 'done', count: 12, note: undefined },
        { step: 'accountCodes', state: 'running', count: undefined, note: 'page 3 of 5' },
        { step: 'brandingThemes', state: 'pending', count: undefined, note: undefined },
        { step: 'trackingCategories', state: 'pending', count: undefined, note: undefined },
      ],
      note: undefined,
    });
  });

  it('accepts aliases, any case, new lines and "N imported"', () => {
    const parsed = parseImportProgress(
      'TaxRates: Completed 12 imported\nAccounts: In progress\nThemes: ERROR - Xero said no\nTracking: pending',
    );
    expect(parsed.steps.map((s) => [s.state, s.count, s.note])).toEqual([
      ['done', 12, undefined],
      ['running', undefined, undefined],
      ['failed', undefined, 'Xero said no'],
      ['pending', undefined, undefined],
    ]);
  });

  it('keeps free text it cannot read as a note and leaves those steps unknown', () => {
    const parsed = parseImportProgress('Xero returned 401: reconnect at https://proxy.example/admin');
    expect(parsed.steps.every((s) => s.state === undefined)).toBe(true);
    expect(parsed.note).toBe('Xero returned 401: reconnect at https://proxy.example/admin');
    expect(parseImportProgress(null)).toEqual({ steps: expect.any(Array), note: undefined });
  });

  it('maps only the columns a live row carries (null clears, absent keeps)', () => {
    expect(snapshotFromRow({ dxc_importrequest: RUNNING })).toEqual({ request: 'Running' });
    expect(snapshotFromRow({ dxc_importprogress: null, dxc_lastimporton: null })).toEqual({
      progressText: undefined,
      lastImportOn: undefined,
    });
    expect(snapshotFromRow({ dxc_lastimporton: '2026-11-25T08:00:00Z' }).lastImportOn?.toISOString()).toBe(
      '2026-11-25T08:00:00.000Z',
    );
  });

  it('shows every step waiting on a fresh request, whatever the previous run wrote', () => {
    const previous = parseImportProgress('tax rates: done; account codes: failed');
    expect(resolveSteps('Requested', previous).map((s) => s.state)).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    expect(resolveSteps('Completed', parseImportProgress('')).map((s) => s.state)).toEqual([
      'done',
      'done',
      'done',
      'done',
    ]);
  });

  it('a failed run leaves no step "waiting": unreported or stopped steps are "not completed"', () => {
    expect(
      resolveSteps('Failed', parseImportProgress('Xero returned 401 Unauthorized')).map((s) => s.state),
    ).toEqual(['incomplete', 'incomplete', 'incomplete', 'incomplete']);
    expect(
      resolveSteps('Failed', parseImportProgress('tax rates: done (12); account codes: running')).map(
        (s) => s.state,
      ),
    ).toEqual(['done', 'incomplete', 'incomplete', 'incomplete']);
    expect(
      resolveSteps('Failed', parseImportProgress('tax rates: done; account codes: failed - 429')).map(
        (s) => s.state,
      ),
    ).toEqual(['done', 'failed', 'incomplete', 'incomplete']);
  });
});

describe("the connector's admin page (environment variable dxc_ProxyBaseUrl)", () => {
  const VALUES = 'environmentvariabledefinition_environmentvariablevalue';
  it('takes the current value over the default and links its /admin page', () => {
    expect(
      adminPageFromRows([
        { defaultvalue: 'https://default.example', [VALUES]: [{ value: 'https://proxy.contoso.example/' }] },
      ]),
    ).toBe('https://proxy.contoso.example/admin');
    expect(adminPageFromRows([{ defaultvalue: 'https://default.example/xero', [VALUES]: [] }])).toBe(
      'https://default.example/xero/admin',
    );
  });

  it('gives no link for a missing, empty or non-http(s) value', () => {
    expect(adminPageFromRows([])).toBeUndefined();
    expect(adminPageFromRows([{ defaultvalue: null, [VALUES]: [] }])).toBeUndefined();
    expect(adminPageFromRows([{ defaultvalue: '  ', [VALUES]: [{ value: '' }] }])).toBeUndefined();
    expect(adminPageFromRows([{ defaultvalue: 'javascript:alert(1)' }])).toBeUndefined();
    expect(adminPageFromRows([{ defaultvalue: 'not a url' }])).toBeUndefined();
  });
});

describe('Sync centre', () => {
  it('shows the organisation, a green "Connected" light, the four steps in order and the last import', () => {
    mount();
    expect(screen.getByRole('heading', { name: 'Demo Company (UK)' })).toBeInTheDocument();
    expect(screen.getByTestId('health')).toHaveTextContent('Connection health: Connected');
    const steps = within(screen.getByRole('list', { name: 'Reference data import, in order' })).getAllByRole(
      'listitem',
    );
    expect(steps.map((li) => li.textContent)).toEqual([
      '1.Tax ratesDone · 12 imported',
      '2.Account codesDone · 48 imported',
      '3.Branding themesDone · 3 imported',
      '4.Tracking categoriesDone · 2 imported',
    ]);
    expect(screen.getByTestId('import-state')).toHaveTextContent('Last import completed.');
    expect(screen.getByTestId('last-import')).toHaveTextContent('2026-11-24 16:30');
    expect(importButton()).toBeEnabled();
  });

  it.each([
    [choiceValue('dxc_health', 'Unknown'), 'Unknown', 'Health unknown', /Not checked yet/],
    [
      choiceValue('dxc_health', 'Reconnect needed'),
      'ReconnectNeeded',
      'Reconnect needed',
      /Reconnect it on the connector's admin page/,
    ],
  ])('health %i shows "%s" in words with a hint', (value, state, text, hint) => {
    mount({ health: optionSetProperty(value) });
    const health = screen.getByTestId('health');
    expect(health).toHaveAttribute('data-health', state);
    expect(health).toHaveTextContent(text);
    expect(health).toHaveTextContent(hint);
  });

  it('a never-imported connection shows every step "Not imported yet" and "Never"', () => {
    mount({
      importRequest: optionSetProperty(IDLE),
      importProgress: textProperty(null),
      lastImportOn: dateTimeProperty(null),
    });
    expect(stepStates()).toEqual(['none', 'none', 'none', 'none']);
    expect(screen.getByTestId('step-taxRates')).toHaveTextContent('Not imported yet');
    expect(screen.getByTestId('last-import')).toHaveTextContent('Never');
  });

  it('"Import from Xero" sets dxc_importrequest to Requested and disables itself', async () => {
    const view = mount({ importRequest: optionSetProperty(IDLE) });
    fireEvent.click(importButton());
    expect(await screen.findByText(/Import requested. The steps update/)).toBeInTheDocument();
    expect(view.calls.updateRecord).toEqual([
      { entityType: 'dxc_xeroconnection', id: CONNECTION_ID, data: { dxc_importrequest: REQUESTED } },
    ]);
    expect(importButton()).toBeDisabled();
    expect(importButton()).toHaveAccessibleDescription('An import is already requested or running.');
    expect(stepStates()).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(screen.getByTestId('import-state')).toHaveTextContent('Import requested.');
  });

  it('shows the Dataverse error when the request fails, and stays usable', async () => {
    const view = mount(
      {
        importRequest: optionSetProperty(FAILED),
        importProgress: textProperty('tax rates: done (12); account codes: failed - Xero 429'),
      },
      { webApi: { updateRecord: () => Promise.reject(new Error('Record is locked by another process')) } },
    );
    expect(stepStates()).toEqual(['done', 'failed', 'incomplete', 'incomplete']);
    expect(screen.getByTestId('step-accountCodes')).toHaveTextContent('Failed · Xero 429');
    fireEvent.click(importButton());
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The import could not be requested: Record is locked by another process',
    );
    expect(view.calls.updateRecord).toHaveLength(1);
    expect(importButton()).toBeEnabled();
  });

  it.each([
    [REQUESTED, 'Import requested. Waiting for the import flow to start…'],
    [RUNNING, 'Importing from Xero…'],
  ])('is disabled while the request is %i', (value, text) => {
    mount({
      importRequest: optionSetProperty(value),
      importProgress: textProperty('tax rates: done; accounts: running'),
    });
    expect(importButton()).toBeDisabled();
    expect(screen.getByTestId('import-state')).toHaveTextContent(text);
  });

  it('marks the running step as the current one', () => {
    mount({
      importRequest: optionSetProperty(RUNNING),
      importProgress: textProperty('tax rates: done (12); accounts: running'),
    });
    expect(stepStates()).toEqual(['done', 'running', 'pending', 'pending']);
    expect(screen.getByTestId('step-accountCodes')).toHaveAttribute('aria-current', 'step');
  });

  it('shows a free-text failure as the reason, with no step "Waiting"', () => {
    mount({
      importRequest: optionSetProperty(FAILED),
      importProgress: textProperty('Xero returned 401: reconnect'),
    });
    expect(screen.getByTestId('progress-note')).toHaveTextContent('Xero returned 401: reconnect');
    expect(screen.getByText('What went wrong')).toBeInTheDocument();
    expect(stepStates()).toEqual(['incomplete', 'incomplete', 'incomplete', 'incomplete']);
    expect(screen.getByTestId('import-steps')).not.toHaveTextContent('Waiting');
    expect(within(screen.getByTestId('step-taxRates')).getByText('Not completed')).toBeInTheDocument();
  });

  it('cannot import while the connection needs reconnecting, and says why', async () => {
    mount({ health: choiceProperty('dxc_health', 'Reconnect needed') });
    expect(importButton()).toBeDisabled();
    expect(importButton()).toHaveAccessibleDescription(
      'Reconnect this organisation to Xero before importing.',
    );
    await act(async () => undefined);
  });

  it("links the connector's admin page from the proxy base URL environment variable", async () => {
    const view = mount(
      { health: choiceProperty('dxc_health', 'Reconnect needed') },
      {
        webApi: {
          retrieveMultipleRecords: () =>
            Promise.resolve({
              entities: [
                {
                  schemaname: 'dxc_ProxyBaseUrl',
                  defaultvalue: 'https://default.example',
                  environmentvariabledefinition_environmentvariablevalue: [
                    { value: 'https://xero-proxy.contoso.example' },
                  ],
                },
              ],
            }),
        },
      },
    );
    const link = await screen.findByTestId('admin-page-link');
    expect(link).toHaveAttribute('href', 'https://xero-proxy.contoso.example/admin');
    expect(link).toHaveTextContent("Open the connector's admin page");
    fireEvent.click(link);
    expect(view.calls.openUrl).toEqual(['https://xero-proxy.contoso.example/admin']);
    expect(view.calls.retrieveMultipleRecords).toEqual([
      { entityType: 'environmentvariabledefinition', options: PROXY_BASE_URL_QUERY, maxPageSize: undefined },
    ]);
    // A later updateView does not read the variable again.
    view.update();
    await act(async () => undefined);
    expect(view.calls.retrieveMultipleRecords).toHaveLength(1);
  });

  it('keeps the reconnect hint without a link when the variable cannot be read', async () => {
    const view = mount({ health: choiceProperty('dxc_health', 'Reconnect needed') });
    await act(async () => undefined);
    expect(view.calls.retrieveMultipleRecords).toHaveLength(1);
    expect(screen.getByTestId('health')).toHaveTextContent("Reconnect it on the connector's admin page");
    expect(screen.queryByTestId('admin-page-link')).not.toBeInTheDocument();
  });

  it('does not read the environment variable while the connection is healthy', async () => {
    const view = mount();
    await act(async () => undefined);
    expect(view.calls.retrieveMultipleRecords).toEqual([]);
    expect(importButton()).toBeEnabled();
  });

  it('re-reads progress while an import runs, until it completes', async () => {
    jest.useFakeTimers();
    try {
      const answers = [
        { dxc_importrequest: RUNNING, dxc_importprogress: 'tax rates: done (12); account codes: running' },
        {
          dxc_importrequest: COMPLETED,
          dxc_importprogress:
            'tax rates: done (12); account codes: done (48); branding themes: done (3); tracking categories: done (2)',
          dxc_lastimporton: '2026-11-25T08:00:00Z',
        },
      ];
      const view = mount(
        { importRequest: optionSetProperty(REQUESTED) },
        { webApi: { retrieveRecord: () => Promise.resolve(answers.shift() ?? {}) } },
      );
      expect(stepStates()).toEqual(['pending', 'pending', 'pending', 'pending']);
      await act(async () => {
        jest.advanceTimersByTime(5000);
      });
      expect(stepStates()).toEqual(['done', 'running', 'pending', 'pending']);
      // The first row carried no dxc_lastimporton: the previous import time stays.
      expect(screen.getByTestId('last-import')).toHaveTextContent('2026-11-24 16:30');
      await act(async () => {
        jest.advanceTimersByTime(5000);
      });
      expect(stepStates()).toEqual(['done', 'done', 'done', 'done']);
      expect(screen.getByTestId('last-import')).toHaveTextContent('2026-11-25 08:00');
      expect(importButton()).toBeEnabled();
      expect(view.calls.retrieveRecord).toEqual([
        {
          entityType: 'dxc_xeroconnection',
          id: CONNECTION_ID,
          options: '?$select=dxc_importrequest,dxc_importprogress,dxc_lastimporton',
        },
        {
          entityType: 'dxc_xeroconnection',
          id: CONNECTION_ID,
          options: '?$select=dxc_importrequest,dxc_importprogress,dxc_lastimporton',
        },
      ]);
      await act(async () => {
        jest.advanceTimersByTime(60000);
      });
      expect(view.calls.retrieveRecord).toHaveLength(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('stops re-reading and says so when the live read fails', async () => {
    jest.useFakeTimers();
    try {
      const view = mount(
        { importRequest: optionSetProperty(RUNNING) },
        { webApi: { retrieveRecord: () => Promise.reject({ message: 'Network unavailable' }) } },
      );
      await act(async () => {
        jest.advanceTimersByTime(5000);
      });
      expect(screen.getByText(/Live progress is unavailable \(Network unavailable\)/)).toBeInTheDocument();
      await act(async () => {
        jest.advanceTimersByTime(30000);
      });
      expect(view.calls.retrieveRecord).toHaveLength(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it("takes the form's newer values over its own when the platform calls updateView again", async () => {
    const view = mount({ importRequest: optionSetProperty(IDLE) });
    fireEvent.click(importButton());
    await screen.findByText(/Import requested. The steps update/);
    view.context.parameters.importRequest = optionSetProperty(COMPLETED);
    view.update();
    expect(screen.getByTestId('import-state')).toHaveTextContent('Last import completed.');
    expect(importButton()).toBeEnabled();
  });

  it('a read-only form offers no enabled import and says why', () => {
    const view = mount({ importRequest: optionSetProperty(IDLE) }, { disabled: true });
    expect(importButton()).toBeDisabled();
    expect(importButton()).toHaveAccessibleDescription("You can't start an import: this form is read-only.");
    fireEvent.click(importButton());
    expect(view.calls.updateRecord).toHaveLength(0);
  });

  it('an unsaved connection cannot import', () => {
    mount({ importRequest: optionSetProperty(null) }, { entityId: null });
    expect(importButton()).toBeDisabled();
    expect(screen.getByText('Save the connection before importing.')).toBeInTheDocument();
  });

  it('at 300 px the action spans the width', () => {
    const view = mount({}, { width: 300 });
    const actions = importButton().parentElement as HTMLElement;
    expect(view.calls.trackContainerResize).toEqual([true]);
    const css = Array.from(document.styleSheets)
      .flatMap((sheet) => Array.from(sheet.cssRules).map((rule) => rule.cssText))
      .join('\n');
    expect(css).toContain(`.${actions.className.split(' ')[0]} > * {flex-grow: 1;}`);
  });

  it('keeps the health light meaningful in forced-colours mode (glyph in system text colour, words beside it)', () => {
    mount({ health: optionSetProperty(choiceValue('dxc_health', 'Reconnect needed')) });
    const glyph = screen.getByTestId('health').querySelector('svg') as SVGElement;
    const className = glyph.getAttribute('class') as string;
    const css = Array.from(document.styleSheets)
      .flatMap((sheet) => Array.from(sheet.cssRules).map((rule) => rule.cssText))
      .join('\n');
    expect(css).toContain(`(forced-colors: active) {.${className} {color: WindowText;}}`);
    expect(glyph).toHaveAttribute('data-glyph', 'error');
  });
});
