/** The consent page in a real browser (Debian chromium through playwright-core): untick, click "Allow access". */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { startHarness, type Harness } from '../support/harness';

const CHROMIUM = '/usr/bin/chromium';

let h: Harness;
let browser: Browser | undefined;
beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`this suite needs chromium at ${CHROMIUM} (apt-get install chromium)`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  h = await startHarness({ extraOrganisations: 1 });
});
afterEach(async () => {
  await h.close();
});

test('a user unticks one organisation and allows access; the app receives code and state', async () => {
  const { xero } = await h.client({ state: 'browser-state' });
  const page = await browser!.newPage();
  let callback = '';
  // The app's redirect URI is not served in the test: catch the navigation to it.
  await page.route('http://localhost:5000/**', (route) => {
    callback = route.request().url();
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<p>connected</p>' });
  });
  await page.goto(await xero.buildConsentUrl());
  await expect(page.getByRole('checkbox', { name: 'Demo Company (UK)' }).isChecked()).resolves.toBe(true);
  await page.getByRole('checkbox', { name: 'Emulator Organisation 2' }).uncheck();
  await page.getByRole('button', { name: 'Allow access' }).click();
  await page.getByText('connected').waitFor();
  await page.close();

  expect(new URL(callback).searchParams.get('state')).toBe('browser-state');
  await xero.apiCallback(callback);
  const tenants = await xero.updateTenants(false);
  expect(tenants.map((t: { tenantName: string }) => t.tenantName)).toEqual(['Demo Company (UK)']);
});
