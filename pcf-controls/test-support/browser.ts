// Debian's chromium driven by playwright-core (no browser download is possible on this machine or in CI).
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { Scenario } from './scenarios';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface HarnessPage {
  page: Page;
  /** Console errors and warnings, uncaught page errors and requests that tried to leave 127.0.0.1. */
  problems: string[];
  render: (scenario: Scenario) => Promise<number>;
  calls: () => Promise<{
    updateRecord: { entityType: string; id: string; data: Record<string, unknown> }[];
    retrieveRecord: { entityType: string; id: string; options?: string }[];
    retrieveMultipleRecords: { entityType: string; options?: string; maxPageSize?: number }[];
    openUrl: string[];
    trackContainerResize: boolean[];
  }>;
  close: () => Promise<void>;
}

/** A fresh page on the harness; `width` sets the viewport (and the control's allocatedWidth via the scenario). */
export async function openHarness(
  browser: Browser,
  baseUrl: string,
  options: { width: number; forcedColors?: boolean },
): Promise<HarnessPage> {
  const context = await browser.newContext({
    viewport: { width: options.width, height: 900 },
    forcedColors: options.forcedColors ? 'active' : 'none',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(baseUrl)) return route.continue();
    problems.push(`external request blocked: ${url}`);
    return route.abort();
  });
  await page.goto(baseUrl);
  const registered = await page.evaluate('window.dxcHarness.registered()');
  if (
    JSON.stringify(registered) !==
    JSON.stringify([
      'Dxc.CustomerBalanceCard',
      'Dxc.SyncCentre',
      'Dxc.SyncHistoryTimeline',
      'Dxc.XeroInvoicePanel',
    ])
  ) {
    throw new Error(`the bundles registered ${JSON.stringify(registered)}; problems: ${problems.join('; ')}`);
  }
  return {
    page,
    problems,
    render: (scenario) =>
      page.evaluate(
        ([name, json]) =>
          (
            globalThis as unknown as { dxcHarness: { render: (n: string, s: unknown) => number } }
          ).dxcHarness.render(name, JSON.parse(json)),
        [scenario.control, JSON.stringify(scenario)] as const,
      ),
    calls: () => page.evaluate('window.dxcHarness.calls()') as ReturnType<HarnessPage['calls']>,
    close: () => context.close(),
  };
}
