/**
 * @jest-environment node
 */
// The BUILT bundles (out/controls/<Name>/bundle.js) in real Chromium, on our own harness page with the platform
// libraries (React 16.14.0, Fluent 8.121.1) as globals. Screenshots go to test-artifacts/pcf/ (wide, 300 px, forced
// colours). Every test also fails on a console error or warning, a page error, or a request leaving 127.0.0.1.
// webAPI.retrieveMultipleRecords reads a real Dataverse Web API (the emulator, through the harness server), and
// axe-core checks each state for accessibility violations.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { HarnessPage } from '../test-support/browser';
import { launchChromium, openHarness } from '../test-support/browser';
import type { DataverseProcess } from '../test-support/dataverse-process';
import { startDataverseProcess } from '../test-support/dataverse-process';
import type { HarnessServer } from '../test-support/harness-server';
import { startHarnessServer } from '../test-support/harness-server';
import { PCF_ROOT } from '../test-support/resx-strings';
import type { Scenario } from '../test-support/scenarios';
import {
  CONNECTION_ID,
  INVOICE_ID,
  PROXY_BASE_URL,
  balanceScenario,
  dataverseSeed,
  historyScenario,
  invoiceScenario,
  syncCentreScenario,
} from '../test-support/scenarios';
import { choiceValue } from '@dxc/solution';

jest.setTimeout(120_000);

const ARTIFACTS = join(PCF_ROOT, '..', 'test-artifacts', 'pcf');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const FAILED_EXPORT = choiceValue('dxc_exportstatus', 'Failed');
const importRequest = (label: string) => choiceValue('dxc_importrequest', label);
let dataverse: DataverseProcess;
let server: HarnessServer;
let browser: Browser;
const open: HarnessPage[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dataverse = await startDataverseProcess(dataverseSeed([0, 12, 40]));
  server = await startHarnessServer({ react: 'development', dataverseApiUrl: dataverse.apiUrl });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await dataverse?.close();
});

afterEach(async () => {
  const pages = open.splice(0);
  const problems = pages.flatMap((p) => p.problems);
  await Promise.all(pages.map((p) => p.close()));
  expect(problems).toEqual([]);
});

async function show(scenario: Scenario, options: { forcedColors?: boolean } = {}): Promise<HarnessPage> {
  const harness = await openHarness(browser, server.url, {
    width: scenario.width,
    forcedColors: options.forcedColors,
  });
  open.push(harness);
  await harness.render(scenario);
  return harness;
}

const shot = (harness: HarnessPage, name: string) =>
  harness.page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

/** axe-core's rules over the rendered control: none may be violated (and some must have run on it). */
async function expectNoAxeViolations(harness: HarnessPage): Promise<void> {
  await harness.page.addScriptTag({ content: AXE_SOURCE });
  const outcome = await harness.page.evaluate(async () => {
    interface AxeRule {
      id: string;
      help: string;
      nodes: { target: string[] }[];
    }
    const { axe } = window as unknown as {
      axe: {
        run: (context: string) => Promise<{ violations: AxeRule[]; passes: AxeRule[] }>;
      };
    };
    const result = await axe.run('#host');
    return {
      violations: result.violations.map(
        (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
      ),
      passed: result.passes.length,
    };
  });
  expect(outcome.violations).toEqual([]);
  expect(outcome.passed).toBeGreaterThan(5);
}

/** The control must not scroll sideways inside its allocated width. */
async function expectNoHorizontalOverflow(harness: HarnessPage): Promise<void> {
  const widths = await harness.page.evaluate(() => {
    const host = document.getElementById('host') as HTMLElement;
    return { scroll: host.scrollWidth, client: host.clientWidth };
  });
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
}

describe('Dxc.XeroInvoicePanel in Chromium', () => {
  it('shows the invoice and retries a failed export through webAPI.updateRecord', async () => {
    const harness = await show(invoiceScenario({ exportStatus: FAILED_EXPORT }));
    const { page } = harness;
    expect(await page.getByTestId('status-badge').textContent()).toBe('Xero status: Authorised');
    expect(await page.getByTestId('amount-due').textContent()).toBe('£1,317.60');
    expect(await page.getByTestId('export-status').textContent()).toBe('Failed');
    await expectNoAxeViolations(harness);
    await shot(harness, 'xero-invoice-panel-failed-wide');

    await page.getByRole('button', { name: 'Retry sync' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Send this invoice to Xero again?' });
    // Fluent's alertdialog element itself has no box (its surface is a child), so wait for the title.
    await dialog.getByRole('heading', { name: 'Send this invoice to Xero again?' }).waitFor();
    await shot(harness, 'xero-invoice-panel-retry-dialog');
    await dialog.getByRole('button', { name: 'Retry sync' }).click();
    await page.getByText(/Retry requested/).waitFor();
    expect((await harness.calls()).updateRecord).toEqual([
      {
        entityType: 'invoice',
        id: INVOICE_ID,
        data: { dxc_exportstatus: choiceValue('dxc_exportstatus', 'No') },
      },
    ]);
    expect(await page.getByTestId('export-status').textContent()).toBe('Not sent');
    await shot(harness, 'xero-invoice-panel-retried');
  });

  it('shows the error when the retry is refused', async () => {
    const harness = await show(
      invoiceScenario({
        exportStatus: FAILED_EXPORT,
        webApi: { updateRecord: { reject: 'Principal user is missing prvWriteInvoice privilege' } },
      }),
    );
    await harness.page.getByRole('button', { name: 'Retry sync' }).click();
    await harness.page.getByRole('alertdialog').getByRole('button', { name: 'Retry sync' }).click();
    const alert = harness.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Principal user is missing prvWriteInvoice privilege');
    await shot(harness, 'xero-invoice-panel-retry-error');
  });

  it('opens the Xero link through navigation.openUrl and is keyboard reachable', async () => {
    const harness = await show(invoiceScenario());
    await harness.page.keyboard.press('Tab');
    const focused = await harness.page.evaluate(() => document.activeElement?.textContent ?? '');
    expect(focused).toContain('Open in Xero');
    await harness.page.keyboard.press('Enter');
    expect((await harness.calls()).openUrl).toEqual([
      'https://go.xero.com/AccountsReceivable/View.aspx?InvoiceID=81f93ef2-a98f-47d4-8a2c-4c1d1f0a9e11',
    ]);
  });

  it('shows the pay link and copies it to the clipboard', async () => {
    const payLink = 'https://in.xero.com/4m27PJFaRb8p9UBJr7fhBRyTWdA';
    const base = invoiceScenario();
    const harness = await show({
      ...base,
      parameters: { ...base.parameters, onlineInvoiceUrl: { kind: 'text', raw: payLink } },
    });
    const { page } = harness;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const field = page.getByTestId('pay-link');
    expect(await field.getByRole('link').textContent()).toContain(payLink);
    await expectNoAxeViolations(harness);
    await field.getByRole('button', { name: 'Copy link' }).click();
    await page.getByText('Pay link copied.', { exact: false }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(payLink);
    await shot(harness, 'xero-invoice-panel-pay-link');
  });

  it('fits 300 px and stays legible in forced colours; a read-only form has no enabled Retry', async () => {
    const narrow = await show(invoiceScenario({ exportStatus: FAILED_EXPORT, width: 300, disabled: true }));
    await expectNoHorizontalOverflow(narrow);
    expect(await narrow.page.getByRole('button', { name: 'Retry sync' }).isDisabled()).toBe(true);
    await shot(narrow, 'xero-invoice-panel-narrow-300');

    const contrast = await show(invoiceScenario({ exportStatus: FAILED_EXPORT }), { forcedColors: true });
    const border = await contrast.page
      .getByTestId('status-badge')
      .evaluate(
        (badge) => getComputedStyle(badge).borderTopStyle + ' ' + getComputedStyle(badge).borderTopWidth,
      );
    expect(border).toBe('solid 1px');
    await shot(contrast, 'xero-invoice-panel-high-contrast');
  });
});

describe('Dxc.SyncHistoryTimeline in Chromium', () => {
  it('counts failures in Dataverse, filters them on the server, pages and expands a long history', async () => {
    const harness = await show(historyScenario(40));
    const { page } = harness;
    expect(await page.getByTestId('history-entry').count()).toBe(25);
    // 8 of the 40 entries failed; only 5 of them are on the first page.
    const summary = page.getByTestId('history-summary');
    await page.getByText('Showing 25 of 40 entries · 8 failed').waitFor();
    const countRead = (await harness.calls()).retrieveMultipleRecords;
    expect(countRead).toHaveLength(1);
    expect(countRead[0]?.entityType).toBe('dxc_synchistory');
    await expectNoAxeViolations(harness);
    await shot(harness, 'sync-history-timeline-wide');

    await page.getByRole('switch', { name: 'Failed only' }).click();
    expect(await page.getByTestId('history-entry').count()).toBe(8);
    expect(await summary.textContent()).toBe('Showing 8 of 8 failed entries');
    expect(await page.getByRole('button', { name: 'Load older entries' }).count()).toBe(0);
    const first = page.getByTestId('history-entry').first().getByRole('button');
    await first.focus();
    await page.keyboard.press('Enter');
    expect(await first.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByTestId('history-details').first().isVisible()).toBe(true);
    await expectNoAxeViolations(harness);
    await shot(harness, 'sync-history-timeline-failed-expanded');

    await page.getByRole('switch', { name: 'Failed only' }).click();
    expect(await page.getByTestId('history-entry').count()).toBe(25);
    await page.getByRole('button', { name: 'Load older entries' }).click();
    expect(await page.getByTestId('history-entry').count()).toBe(40);
    expect(await page.getByRole('button', { name: 'Load older entries' }).count()).toBe(0);
    expect(await summary.textContent()).toBe('Showing 40 of 40 entries · 8 failed');
  });

  it('shows the empty state, fits 300 px and keeps failures distinct in forced colours', async () => {
    const empty = await show(historyScenario(0));
    await empty.page.getByText('No sync history yet').waitFor();
    await expectNoAxeViolations(empty);
    await shot(empty, 'sync-history-timeline-empty');

    const narrow = await show(historyScenario(12, { width: 300 }));
    await expectNoHorizontalOverflow(narrow);
    await shot(narrow, 'sync-history-timeline-narrow-300');

    const contrast = await show(historyScenario(12), { forcedColors: true });
    const failedBorder = await contrast.page
      .locator('[data-status="Failed"]')
      .first()
      .evaluate((li) => getComputedStyle(li).borderLeftWidth);
    expect(failedBorder).toBe('4px');
    await shot(contrast, 'sync-history-timeline-high-contrast');
  });
});

describe('Dxc.CustomerBalanceCard in Chromium', () => {
  it('shows owed, overdue and an accessible overdue meter at every width', async () => {
    const harness = await show(balanceScenario());
    const meter = harness.page.getByRole('meter', { name: 'Overdue share of the amount owed' });
    expect(await meter.getAttribute('aria-valuenow')).toBe('40');
    expect(await harness.page.getByTestId('amount-owed').textContent()).toBe('£648.00');
    await expectNoAxeViolations(harness);
    await shot(harness, 'customer-balance-card-wide');

    const narrow = await show(balanceScenario({ width: 300 }));
    await expectNoHorizontalOverflow(narrow);
    await shot(narrow, 'customer-balance-card-narrow-300');

    const contrast = await show(balanceScenario(), { forcedColors: true });
    const fill = await contrast.page
      .getByRole('meter')
      .evaluate((m) => getComputedStyle(m.firstElementChild as Element).backgroundColor);
    expect(fill).not.toBe('rgba(0, 0, 0, 0)');
    await shot(contrast, 'customer-balance-card-high-contrast');
  });

  it('shows the empty state for a customer not in Xero', async () => {
    const harness = await show(
      balanceScenario({
        parameters: {
          ...balanceScenario().parameters,
          xeroContactId: { kind: 'text', raw: null },
        },
      }),
    );
    await harness.page.getByText('Not in Xero yet').waitFor();
    await expectNoAxeViolations(harness);
    await shot(harness, 'customer-balance-card-empty');
  });

  it('says "Not synced yet" (not "Nothing owed") before the first balance sync', async () => {
    const harness = await show(
      balanceScenario({
        parameters: {
          ...balanceScenario().parameters,
          amountOwed: { kind: 'money', raw: null },
          amountOverdue: { kind: 'money', raw: null },
          balanceSyncedOn: { kind: 'date', raw: null },
        },
      }),
    );
    const card = harness.page.getByTestId('customer-balance-card');
    await harness.page.getByTestId('balance-not-synced').getByText('Not synced yet').waitFor();
    expect(await card.textContent()).not.toMatch(/Nothing owed|Not set/);
    await expectNoAxeViolations(harness);
    await shot(harness, 'customer-balance-card-not-synced');
  });

  it('shows a customer in credit as "In credit £150.00"', async () => {
    const harness = await show(
      balanceScenario({
        parameters: {
          ...balanceScenario().parameters,
          amountOwed: { kind: 'money', raw: -150 },
          amountOverdue: { kind: 'money', raw: 0 },
        },
      }),
    );
    expect(await harness.page.getByTestId('overdue-share').textContent()).toBe('In credit £150.00');
    expect(await harness.page.getByTestId('amount-owed').textContent()).toBe('£150.00');
    expect(await harness.page.getByTestId('customer-balance-card').textContent()).not.toContain(
      'Nothing owed',
    );
    expect(await harness.page.getByRole('meter').count()).toBe(0);
    await expectNoAxeViolations(harness);
    await shot(harness, 'customer-balance-card-in-credit');
  });
});

describe('Dxc.SyncCentre in Chromium', () => {
  it('requests the import through webAPI.updateRecord and follows the live progress', async () => {
    const harness = await show(
      syncCentreScenario({
        request: importRequest('Idle'),
        webApi: {
          dataverse: { environmentvariabledefinition: 'environmentvariabledefinitions' },
          retrieveRecord: [
            {
              dxc_importrequest: importRequest('Running'),
              dxc_importprogress: 'tax rates: done (12); account codes: running',
            },
            {
              dxc_importrequest: importRequest('Completed'),
              dxc_importprogress:
                'tax rates: done (12); account codes: done (48); branding themes: done (3); tracking categories: done (2)',
              dxc_lastimporton: '2026-11-25T08:00:00Z',
            },
          ],
        },
      }),
    );
    const { page } = harness;
    expect(await page.getByTestId('health').textContent()).toContain('Connected');
    await expectNoAxeViolations(harness);
    await shot(harness, 'sync-centre-wide');
    const button = page.getByRole('button', { name: 'Import from Xero' });
    await button.click();
    await page.getByText(/Import requested. The steps update/).waitFor();
    expect((await harness.calls()).updateRecord).toEqual([
      {
        entityType: 'dxc_xeroconnection',
        id: CONNECTION_ID,
        data: { dxc_importrequest: importRequest('Requested') },
      },
    ]);
    expect(await button.isDisabled()).toBe(true);
    // The live re-read (every 2 s in this scenario) moves the steps on without a form reload.
    await page
      .locator('[data-testid="step-accountCodes"][data-state="running"]')
      .waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('last-import').textContent()).toBe('2026-11-24 16:30');
    await shot(harness, 'sync-centre-running');
    await page
      .locator('[data-testid="step-trackingCategories"][data-state="done"]')
      .waitFor({ timeout: 30_000 });
    expect(await button.isEnabled()).toBe(true);
    expect(await page.getByTestId('last-import').textContent()).toBe('2026-11-25 08:00');
    expect((await harness.calls()).retrieveRecord.length).toBeGreaterThanOrEqual(2);
  });

  it('fits 300 px, reads in forced colours, and a read-only form cannot import', async () => {
    const narrow = await show(syncCentreScenario({ width: 300, disabled: true }));
    await expectNoHorizontalOverflow(narrow);
    expect(await narrow.page.getByRole('button', { name: 'Import from Xero' }).isDisabled()).toBe(true);
    await shot(narrow, 'sync-centre-narrow-300');

    const failing = syncCentreScenario({
      request: importRequest('Failed'),
      progress: 'tax rates: done (12); account codes: failed - Xero 429 Too Many Requests',
    });
    failing.parameters['health'] = { kind: 'optionSet', raw: choiceValue('dxc_health', 'Reconnect needed') };
    const contrast = await show(failing, { forcedColors: true });
    expect(await contrast.page.getByTestId('health').textContent()).toContain('Reconnect needed');
    await shot(contrast, 'sync-centre-high-contrast');
  });

  it("cannot import while Xero needs reconnecting, and links the connector's admin page from the environment variable", async () => {
    const scenario = syncCentreScenario();
    scenario.parameters['health'] = { kind: 'optionSet', raw: choiceValue('dxc_health', 'Reconnect needed') };
    const harness = await show(scenario);
    const { page } = harness;
    const link = page.getByRole('link', { name: /Open the connector's admin page/ });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`${PROXY_BASE_URL}/admin`);
    const button = page.getByRole('button', { name: 'Import from Xero' });
    expect(await button.isDisabled()).toBe(true);
    const why = await button.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${why}"]`).textContent()).toBe(
      'Reconnect this organisation to Xero before importing.',
    );
    await expectNoAxeViolations(harness);
    await shot(harness, 'sync-centre-reconnect-needed');

    await link.focus();
    await page.keyboard.press('Enter');
    const calls = await harness.calls();
    expect(calls.openUrl).toEqual([`${PROXY_BASE_URL}/admin`]);
    expect(calls.retrieveMultipleRecords.map((c) => c.entityType)).toEqual(['environmentvariabledefinition']);
    expect(calls.updateRecord).toEqual([]);
  });

  it('shows a free-text failure as what went wrong, with no step left "Waiting"', async () => {
    const harness = await show(
      syncCentreScenario({
        request: importRequest('Failed'),
        progress: 'Xero returned 401 Unauthorized while reading tax rates. Reconnect, then import again.',
      }),
    );
    const { page } = harness;
    for (const step of ['taxRates', 'accountCodes', 'brandingThemes', 'trackingCategories']) {
      expect(await page.getByTestId(`step-${step}`).getAttribute('data-state')).toBe('incomplete');
    }
    expect(await page.getByTestId('import-steps').textContent()).not.toContain('Waiting');
    expect(await page.getByTestId('progress-note').textContent()).toContain('Xero returned 401 Unauthorized');
    await page.getByText('What went wrong').waitFor();
    await expectNoAxeViolations(harness);
    await shot(harness, 'sync-centre-failed-free-text');
  });
});
