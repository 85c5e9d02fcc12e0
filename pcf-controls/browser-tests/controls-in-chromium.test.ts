/**
 * @jest-environment node
 */
// The BUILT bundles (out/controls/<Name>/bundle.js) in real Chromium, on our own harness page with the platform
// libraries (React 16.14.0, Fluent 8.121.1) as globals. Screenshots go to test-artifacts/pcf/ (wide, 300 px, forced
// colours). Every test also fails on a console error or warning, a page error, or a request leaving 127.0.0.1.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { HarnessPage } from '../test-support/browser';
import { launchChromium, openHarness } from '../test-support/browser';
import type { HarnessServer } from '../test-support/harness-server';
import { startHarnessServer } from '../test-support/harness-server';
import { PCF_ROOT } from '../test-support/resx-strings';
import type { Scenario } from '../test-support/scenarios';
import {
  CONNECTION_ID,
  INVOICE_ID,
  balanceScenario,
  historyScenario,
  invoiceScenario,
  syncCentreScenario,
} from '../test-support/scenarios';

jest.setTimeout(120_000);

const ARTIFACTS = join(PCF_ROOT, '..', 'test-artifacts', 'pcf');
let server: HarnessServer;
let browser: Browser;
const open: HarnessPage[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startHarnessServer({ react: 'development' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
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
    const harness = await show(invoiceScenario({ exportStatus: 714500002 }));
    const { page } = harness;
    expect(await page.getByTestId('status-badge').textContent()).toBe('Xero status: Authorised');
    expect(await page.getByTestId('amount-due').textContent()).toBe('£1,317.60');
    expect(await page.getByTestId('export-status').textContent()).toBe('Failed');
    await shot(harness, 'xero-invoice-panel-failed-wide');

    await page.getByRole('button', { name: 'Retry sync' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Send this invoice to Xero again?' });
    // Fluent's alertdialog element itself has no box (its surface is a child), so wait for the title.
    await dialog.getByRole('heading', { name: 'Send this invoice to Xero again?' }).waitFor();
    await shot(harness, 'xero-invoice-panel-retry-dialog');
    await dialog.getByRole('button', { name: 'Retry sync' }).click();
    await page.getByText(/Retry requested/).waitFor();
    expect((await harness.calls()).updateRecord).toEqual([
      { entityType: 'invoice', id: INVOICE_ID, data: { dxc_exportstatus: 714500000 } },
    ]);
    expect(await page.getByTestId('export-status').textContent()).toBe('Not sent');
    await shot(harness, 'xero-invoice-panel-retried');
  });

  it('shows the error when the retry is refused', async () => {
    const harness = await show(
      invoiceScenario({
        exportStatus: 714500002,
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

  it('fits 300 px and stays legible in forced colours; a read-only form has no enabled Retry', async () => {
    const narrow = await show(invoiceScenario({ exportStatus: 714500002, width: 300, disabled: true }));
    await expectNoHorizontalOverflow(narrow);
    expect(await narrow.page.getByRole('button', { name: 'Retry sync' }).isDisabled()).toBe(true);
    await shot(narrow, 'xero-invoice-panel-narrow-300');

    const contrast = await show(invoiceScenario({ exportStatus: 714500002 }), { forcedColors: true });
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
  it('pages, filters and expands a long history', async () => {
    const harness = await show(historyScenario(40));
    const { page } = harness;
    expect(await page.getByTestId('history-entry').count()).toBe(25);
    await shot(harness, 'sync-history-timeline-wide');
    await page.getByRole('button', { name: 'Load older entries' }).click();
    expect(await page.getByTestId('history-entry').count()).toBe(40);
    expect(await page.getByRole('button', { name: 'Load older entries' }).count()).toBe(0);

    await page.getByRole('switch', { name: 'Failed only' }).click();
    expect(await page.getByTestId('history-entry').count()).toBe(8);
    const first = page.getByTestId('history-entry').first().getByRole('button');
    await first.focus();
    await page.keyboard.press('Enter');
    expect(await first.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByTestId('history-details').first().isVisible()).toBe(true);
    await shot(harness, 'sync-history-timeline-failed-expanded');
  });

  it('shows the empty state, fits 300 px and keeps failures distinct in forced colours', async () => {
    const empty = await show(historyScenario(0));
    await empty.page.getByText('No sync history yet').waitFor();
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
    await shot(harness, 'customer-balance-card-empty');
  });
});

describe('Dxc.SyncCentre in Chromium', () => {
  it('requests the import through webAPI.updateRecord and follows the live progress', async () => {
    const harness = await show(
      syncCentreScenario({
        request: 714500000,
        webApi: {
          retrieveRecord: [
            {
              dxc_importrequest: 714500002,
              dxc_importprogress: 'tax rates: done (12); account codes: running',
            },
            {
              dxc_importrequest: 714500003,
              dxc_importprogress: 'tax rates: done (12); account codes: done (48); branding themes: done (3)',
              dxc_lastimporton: '2026-11-25T08:00:00Z',
            },
          ],
        },
      }),
    );
    const { page } = harness;
    expect(await page.getByTestId('health').textContent()).toContain('Connected');
    await shot(harness, 'sync-centre-wide');
    const button = page.getByRole('button', { name: 'Import from Xero' });
    await button.click();
    await page.getByText(/Import requested. The steps update/).waitFor();
    expect((await harness.calls()).updateRecord).toEqual([
      { entityType: 'dxc_xeroconnection', id: CONNECTION_ID, data: { dxc_importrequest: 714500001 } },
    ]);
    expect(await button.isDisabled()).toBe(true);
    // The live re-read (every 2 s in this scenario) moves the steps on without a form reload.
    await page
      .locator('[data-testid="step-accountCodes"][data-state="running"]')
      .waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('last-import').textContent()).toBe('2026-11-24 16:30');
    await shot(harness, 'sync-centre-running');
    await page.locator('[data-testid="step-brandingThemes"][data-state="done"]').waitFor({ timeout: 30_000 });
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
      request: 714500004,
      progress: 'tax rates: done (12); account codes: failed - Xero 429 Too Many Requests',
    });
    failing.parameters['health'] = { kind: 'optionSet', raw: 714500002 };
    const contrast = await show(failing, { forcedColors: true });
    expect(await contrast.page.getByTestId('health').textContent()).toContain('Reconnect needed');
    await shot(contrast, 'sync-centre-high-contrast');
  });
});
