/**
 * The admin portal in a real browser (Debian chromium through playwright-core) against the real proxy and the Xero
 * emulator's consent page: connecting leaves the callback address behind and the picker marks organisations already
 * connected; a new API key is shown once with a working Copy button; disconnect and revoke ask first; a connection
 * Xero refused says so in plain words and reconnects from its card; times read in the viewer's zone; the sync
 * activity page shows runs, failures, calls and webhooks; and every page keeps its content inside landmarks.
 */
import { existsSync } from 'node:fs';
import type { OrganisationBooks, OrganisationInfo } from '@dxc/xero-emulator';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { invoice, settings } from '../domain/invoices/test-support/batch-fixtures';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness } from '../test-support/proxy-harness';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
jest.setTimeout(180_000);

/** Where the harness's PUBLIC_URL (and so Xero's redirect) points; the browser is sent on to the real port. */
const PUBLIC_URL = 'http://127.0.0.1:3000';

let h: Harness;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`this suite needs chromium at ${CHROMIUM} (scripts/ensure-chromium.sh)`);
  h = await startHarness({ emulator: { extraOrganisations: 1 } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await h?.close();
});

interface PortalPage {
  page: Page;
  /** Console errors, page errors and requests that tried to leave the proxy and the emulator. */
  problems: string[];
}

async function signedIn(options: { timezoneId?: string; javaScript?: boolean } = {}): Promise<PortalPage> {
  const context = await browser.newContext({
    timezoneId: options.timezoneId ?? 'UTC',
    locale: 'en-GB',
    javaScriptEnabled: options.javaScript ?? true,
  });
  contexts.push(context);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.url });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(PUBLIC_URL))
      return route.fulfill({ status: 302, headers: { location: h.url + url.slice(PUBLIC_URL.length) } });
    if (url.startsWith(h.url) || url.startsWith(h.emulator.url)) return route.continue();
    problems.push(`external request blocked: ${url}`);
    return route.abort();
  });
  await page.goto(`${h.url}/admin`);
  await checkLandmarks(page);
  await page.getByLabel('Admin secret').fill(h.env.ADMIN_SECRET!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Connect an organisation' }).waitFor();
  // The sign-in page itself answers 401 (not signed in yet), which chromium reports as a failed resource.
  problems.length = 0;
  return { page, problems };
}

/**
 * What axe's landmark-one-main, region and empty-table-header rules check: one main; no visible text outside the
 * banner and main landmarks; every table header has text.
 */
async function checkLandmarks(page: Page): Promise<void> {
  // Runs in the page (a string: this Node program has no DOM types).
  const found = await page.evaluate(`(() => {
    const outside = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      const parent = node.parentElement;
      if (!text || !parent || parent.closest('script, style')) continue;
      if (!parent.closest('header, main, nav, footer, aside')) outside.push(text);
    }
    return {
      mains: document.querySelectorAll('main').length,
      outside,
      emptyHeaders: [...document.querySelectorAll('th')].filter((th) => !th.textContent.trim()).length,
      headerInBody: document.querySelector('body > header') !== null,
    };
  })()`);
  expect(found).toEqual({ mains: 1, outside: [], emptyHeaders: 0, headerInBody: true });
}

const card = (page: Page, name: string) =>
  page.locator('section.card').filter({ has: page.getByRole('heading', { name }) });

test('connecting leaves ?code= behind, the picker marks an organisation already connected, and a reload is harmless', async () => {
  const [first, second] = h.emulator.organisations as [OrganisationInfo, OrganisationInfo];
  await h.connect(first.tenantId);
  const { page, problems } = await signedIn();
  await checkLandmarks(page);

  await page.getByRole('button', { name: 'Connect to Xero' }).click();
  await page.getByRole('button', { name: 'Allow access' }).click();
  await page.getByRole('heading', { name: 'Which organisation should this connection use?' }).waitFor();
  const pickUrl = new URL(page.url());
  expect(pickUrl.pathname).toBe('/admin/connect/pick');
  expect([...pickUrl.searchParams.keys()]).toEqual(['notice']);
  await checkLandmarks(page);
  const option = (name: string) => page.locator('label').filter({ hasText: name });
  await expect(option(first.name).textContent()).resolves.toContain('already connected');
  await expect(option(second.name).textContent()).resolves.not.toContain('already connected');
  // The first organisation not yet connected is the one chosen by default.
  await expect(page.getByRole('radio', { name: second.name }).isChecked()).resolves.toBe(true);

  await page.reload();
  await page.getByRole('heading', { name: 'Which organisation should this connection use?' }).waitFor();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Connected ${second.name}` })
    .waitFor();
  expect(new URL(page.url()).pathname).toBe('/admin');
  expect(page.url()).not.toContain('code=');
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'Connected' }).count()).resolves.toBe(0);
  await expect(page.getByRole('alert').count()).resolves.toBe(0);
  expect(await h.proxy.services.store.getConnectionByTenant(second.tenantId)).toBeDefined();
  expect(problems).toEqual([]);
});

test('a new API key is shown once with a Copy button that copies it; a reload shows no key and mints none', async () => {
  const [first] = h.emulator.organisations as [OrganisationInfo];
  const { connection } = await h.connect(first.tenantId);
  const keysBefore = (await h.proxy.services.store.listApiKeys(connection.id)).length;
  const { page, problems } = await signedIn();

  const demo = card(page, first.name);
  await demo.getByLabel('Label').fill('Production flows');
  await demo.getByRole('button', { name: 'Create API key' }).click();
  await page.getByRole('heading', { name: `New API key for ${first.name}` }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/admin/keys/new');
  await checkLandmarks(page);
  const key = (await page.locator('#new-key').textContent())!.trim();
  expect(key).toMatch(/^dxc_/);
  await page.getByRole('button', { name: 'Copy key' }).click();
  await page.getByText('Copied to the clipboard.').waitFor();
  await expect(page.evaluate('navigator.clipboard.readText()')).resolves.toBe(key);
  expect((await h.call('GET', '/v1/connection', { apiKey: key })).status).toBe(200);

  await page.reload();
  await page.getByRole('heading', { name: 'This key is no longer shown' }).waitFor();
  await expect(page.content()).resolves.not.toContain(key);
  expect(await h.proxy.services.store.listApiKeys(connection.id)).toHaveLength(keysBefore + 1);
  expect(problems).toEqual([]);
});

test('without scripts the key page has no Copy button and times read in UTC to the minute', async () => {
  const [first] = h.emulator.organisations as [OrganisationInfo];
  await h.connect(first.tenantId);
  const { page } = await signedIn({ javaScript: false });
  const times = await page
    .locator('time')
    .evaluateAll((els) => els.map((el) => ({ text: el.textContent, datetime: el.getAttribute('datetime') })));
  expect(times.length).toBeGreaterThan(0);
  for (const t of times) {
    expect(t.datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(t.text).toBe(`${t.datetime!.slice(0, 10)} ${t.datetime!.slice(11, 16)} UTC`);
  }
  await card(page, first.name).getByRole('button', { name: 'Create API key' }).click();
  await page.getByRole('heading', { name: `New API key for ${first.name}` }).waitFor();
  await expect(page.getByRole('button', { name: 'Copy key' }).isVisible()).resolves.toBe(false);
});

test("times read in the viewer's zone, without seconds or milliseconds", async () => {
  await h.connect(h.emulator.organisations[0]!.tenantId);
  const { page } = await signedIn({ timezoneId: 'Pacific/Auckland' });
  const times = await page
    .locator('time')
    .evaluateAll((els) =>
      els.map((el) => ({ text: el.textContent ?? '', datetime: el.getAttribute('datetime') ?? '' })),
    );
  expect(times.length).toBeGreaterThan(0);
  for (const t of times) {
    const expected = new Intl.DateTimeFormat('en-GB', {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
      timeZone: 'Pacific/Auckland',
    }).format(new Date(t.datetime));
    // Chromium's ICU and Node's may name the zone differently (NZDT / GMT+13): compare date and minute.
    const toMinute = (text: string) => /^.*?\d\d:\d\d/.exec(text)?.[0];
    expect(toMinute(t.text)).toBe(toMinute(expected));
    expect(toMinute(t.text)).toBeDefined();
    expect(t.text).not.toMatch(/UTC|\d\d:\d\d:\d\d|\.\d{3}/);
  }
});

test('revoke and disconnect ask first, naming what breaks; cancelling keeps everything', async () => {
  const [, second] = h.emulator.organisations as [OrganisationInfo, OrganisationInfo];
  const { connection } = await h.connect(second.tenantId);
  const { page, problems } = await signedIn();
  const org = card(page, second.name);
  await org.getByLabel('Label').fill('Flow to revoke');
  await org.getByRole('button', { name: 'Create API key' }).click();
  const key = (await page.locator('#new-key').textContent())!.trim();
  await page.getByRole('link', { name: 'Back to the connections' }).click();

  await card(page, second.name)
    .getByRole('row', { name: /Flow to revoke/ })
    .getByRole('button', { name: 'Revoke…' })
    .click();
  await page.getByRole('heading', { name: /^Revoke API key dxc_\w+_… \(Flow to revoke\)\?$/ }).waitFor();
  await page.getByText('Flows using this key stop with 401').waitFor();
  await checkLandmarks(page);
  await page.getByRole('link', { name: 'Cancel, keep it' }).click();
  expect((await h.call('GET', '/v1/connection', { apiKey: key })).status).toBe(200);

  await card(page, second.name)
    .getByRole('row', { name: /Flow to revoke/ })
    .getByRole('button', { name: 'Revoke…' })
    .click();
  await page.getByRole('button', { name: /^Revoke dxc_/ }).click();
  await page.getByRole('status').filter({ hasText: 'Revoked key' }).waitFor();
  expect((await h.call('GET', '/v1/connection', { apiKey: key })).status).toBe(401);

  await card(page, second.name)
    .getByRole('button', { name: `Disconnect ${second.name}…` })
    .click();
  await page.getByRole('heading', { name: `Disconnect ${second.name}?` }).waitFor();
  await page.getByText(`Syncs for ${second.name} stop until you connect it again.`).waitFor();
  await page.getByText('Flows using its 1 API key stop with 401').waitFor();
  await checkLandmarks(page);
  await page.getByRole('link', { name: 'Cancel, keep it' }).click();
  expect(await h.proxy.services.store.getConnection(connection.id)).toBeDefined();

  await card(page, second.name)
    .getByRole('button', { name: `Disconnect ${second.name}…` })
    .click();
  await page.getByRole('button', { name: `Disconnect ${second.name}`, exact: true }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Disconnected ${second.name} (also at Xero).` })
    .waitFor();
  expect(await h.proxy.services.store.getConnection(connection.id)).toBeUndefined();
  expect(problems).toEqual([]);
});

test('the sync activity page lists runs with their failure messages, Xero calls per day and webhook health', async () => {
  const [first] = h.emulator.organisations as [OrganisationInfo];
  const connected = await h.connect(first.tenantId);
  const s = settings({ defaultPurchaseAccountCode: '310', defaultStatus: 'AUTHORISED' });
  const [a, b] = [invoice(1), invoice(2)];
  const sync = (invoices: unknown[]) =>
    h.call('POST', '/v1/invoices/sync', { apiKey: connected.apiKey, body: { settings: s, invoices } });
  const created = await sync([a, b]);
  expect(created.body.summary.created).toBe(2);
  h.emulator.books<OrganisationBooks>(first.tenantId).recordPayment({
    invoiceId: created.body.results[0].xeroInvoiceId,
    amount: created.body.results[0].total,
  });
  const changed = [a!, b!].map((i) => ({ ...i, lines: [{ ...i.lines[0]!, quantity: 7 }] }));
  const refused = await sync(changed);
  expect(refused.body.summary).toMatchObject({ failed: 1, updated: 1 });
  const message: string = refused.body.results[0].message;

  const { page, problems } = await signedIn();
  await card(page, first.name).getByRole('link', { name: 'Sync activity' }).click();
  await page.getByRole('heading', { name: `Sync activity of ${first.name}` }).waitFor();
  await checkLandmarks(page);

  const runs = page.locator('section', { has: page.getByRole('heading', { name: 'Last syncs' }) });
  const rows = await runs
    .locator('table tr')
    .evaluateAll((trs) =>
      trs.slice(1).map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent?.trim())),
    );
  expect(rows).toEqual([
    ['2', '0', '1', '0', '1'],
    ['2', '2', '0', '0', '0'],
  ]);
  await runs.getByText(message).waitFor();
  const days = page
    .locator('section', { has: page.getByRole('heading', { name: /^Sync activity/ }) })
    .locator('table tr');
  await expect(days.count()).resolves.toBe(8);
  const today = (await days.last().locator('td').nth(1).textContent())!.trim();
  expect(Number(today)).toBeGreaterThan(0);
  const webhooks = page.locator('section', { has: page.getByRole('heading', { name: 'Webhook health' }) });
  await webhooks.getByRole('rowheader', { name: 'Flow triggers listening' }).waitFor();
  expect(problems).toEqual([]);
});

test('a connection Xero refused says so in plain words and reconnects from its card', async () => {
  const [first] = h.emulator.organisations as [OrganisationInfo];
  const { connection, apiKey } = await h.connect(first.tenantId);
  await h.proxy.services.store.withRefreshLock(connection.id, async () => ({
    status: 'ReconnectNeeded',
    statusReason: `Xero answered invalid_grant at ${new Date(h.proxy.services.now()).toISOString()}`,
  }));
  // A flow's sync meanwhile fails whole: the activity page keeps it with the message the flow got.
  const refused = await h.call('POST', '/v1/invoices/sync', {
    apiKey,
    body: { settings: settings({ defaultPurchaseAccountCode: '310' }), invoices: [invoice(31)] },
  });
  expect(refused.status).toBeGreaterThanOrEqual(400);
  const { page, problems } = await signedIn();
  const org = card(page, first.name);
  const text = (await org.textContent())!;
  expect(text).toContain('Reconnect needed.');
  expect(text).toContain(
    'Xero no longer accepts this connection: access was withdrawn in Xero, or it went unused for 60 days',
  );
  expect(text).not.toMatch(/invalid_grant|expires in/);
  await checkLandmarks(page);
  await org.getByRole('link', { name: 'Sync activity' }).click();
  await page.getByText(`the whole batch of 1 failed: ${refused.body.message as string}`).waitFor();
  await page.goBack();

  await org.getByRole('button', { name: `Reconnect ${first.name}` }).click();
  await page.getByRole('button', { name: 'Allow access' }).click();
  const picker = page.getByRole('heading', { name: 'Which organisation should this connection use?' });
  const connectedNotice = page.getByRole('status').filter({ hasText: `Connected ${first.name}` });
  await picker.or(connectedNotice).waitFor();
  if (await picker.isVisible()) {
    await page.getByRole('radio', { name: first.name }).check();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await connectedNotice.waitFor();
  }
  expect(page.url()).not.toContain('code=');
  expect((await h.proxy.services.store.getConnection(connection.id))!.status).toBe('Connected');
  await expect(card(page, first.name).textContent()).resolves.not.toContain('Reconnect needed');
  expect(problems).toEqual([]);
});
