/**
 * `npm run demo`'s whole loop, driven in Chromium the way a newcomer clicks through it: on the invoice form page
 * (the real built PCF controls, bound to the Dataverse emulator) an invoice marked ready reaches the Xero emulator
 * through the shipped Sync flow and the proxy, with a deep link; a payment recorded in Xero comes back through the
 * webhook flow (panel Paid, invoice Paid in Dynamics, history rows); cancelling an authorised invoice raises a
 * credit note in Xero. Screenshots go to test-artifacts/demo/. Every wait is for a condition, never a fixed sleep.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import { launchChromium } from '@dxc/pcf-controls/test-support/browser';
import type { Browser, Page } from 'playwright-core';
import { choiceValue } from '@dxc/solution';
import { DEMO_IDS } from '../../scripts/demo/demo-seed';
import { startDemo } from '../../scripts/demo/start-demo';
import type { Demo } from '../../scripts/demo/start-demo';

jest.setTimeout(240_000);

const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/demo');
/** Generous: the loop takes a few seconds, but this machine is shared and loaded. */
const LOOP_MS = 90_000;

let demo: Demo;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  demo = await startDemo();
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(demo.pageUrl)) return route.continue();
    problems.push(`request left the demo: ${url}`);
    return route.abort();
  });
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

const books = () => demo.proxy.xero.emulator.books<OrganisationBooks>(demo.proxy.connection.tenantId);
const invoiceRow = (id: string) => demo.dataverse.snapshot().invoice!.find((r) => r.invoiceid === id)!;
const history = (id: string) =>
  (demo.dataverse.snapshot().dxc_synchistory ?? []).filter((r) => r._dxc_invoiceid_value === id);
const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

async function openInvoice(id: string): Promise<void> {
  await page.goto(`${demo.pageUrl}?invoice=${id}`);
  await page.locator('body[data-loaded="true"]').waitFor({ timeout: LOOP_MS });
  await page.getByTestId('xero-invoice-panel').waitFor();
}

async function until<T>(what: string, probe: () => T | undefined | false): Promise<T> {
  const deadline = Date.now() + LOOP_MS;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('mark ready → in Xero with a deep link → paid in Xero → Paid in Dynamics with history', async () => {
  const id = DEMO_IDS.invoices.notReady;
  await openInvoice(id);
  expect(await page.locator('#invoice-title').textContent()).toContain('INV-1001');
  expect(await page.getByRole('button', { name: 'Record payment in Xero' }).isDisabled()).toBe(true);
  await shot('1-not-ready');

  await page.getByRole('button', { name: 'Mark ready' }).click();
  await page.getByTestId('status-badge').filter({ hasText: 'Authorised' }).waitFor({ timeout: LOOP_MS });
  const synced = invoiceRow(id);
  expect(synced.dxc_exportstatus).toBe(choiceValue('dxc_exportstatus', 'Yes'));
  expect(String(synced.dxc_xerourl)).toContain(String(synced.dxc_xeroinvoiceid));
  const inXero = books().findInvoice(String(synced.dxc_xeroinvoiceid))!;
  expect(inXero).toMatchObject({ invoiceNumber: 'INV-1001', status: 'AUTHORISED' });
  // 3 consulting days at 850 + travel 120, 20% VAT: 2,670.00 + 534.00.
  expect(inXero.total).toBe(3204);
  await page.getByTestId('xero-invoice-panel').getByText('Open in Xero').waitFor();
  await shot('2-in-xero');

  await page.getByRole('button', { name: 'Record payment in Xero' }).click();
  await page.getByTestId('status-badge').filter({ hasText: 'Paid' }).waitFor({ timeout: LOOP_MS });
  await page.locator('#header-status', { hasText: 'Paid' }).waitFor({ timeout: LOOP_MS });
  expect(books().findInvoice(inXero.invoiceId)!.status).toBe('PAID');
  const paid = invoiceRow(id);
  expect(paid).toMatchObject({ statecode: 2, dxc_xerostatus: choiceValue('dxc_xerostatus', 'Paid') });
  const actions = history(id).map((h) => h.dxc_action);
  expect(actions).toContain(choiceValue('dxc_syncaction', 'Create'));
  await until('the payment history row', () =>
    history(id).some((h) => h.dxc_action === choiceValue('dxc_syncaction', 'Payment')),
  );
  await page.getByTestId('history-entry').nth(1).waitFor({ timeout: LOOP_MS });
  await shot('3-paid');
  // The README's picture (docs/images/demo-loop.png is a copy): the form without the empty space below it.
  await page.screenshot({
    path: path.join(ARTIFACTS, 'readme-demo-loop.png'),
    clip: { x: 0, y: 0, width: 1280, height: 730 },
  });
  expect(problems).toEqual([]);
});

test('cancelling an authorised invoice raises a credit note in Xero', async () => {
  // INV-1002 was ready at start: the Sync flow's first run sent it.
  const id = DEMO_IDS.invoices.ready;
  const xeroId = await until(
    'INV-1002 in Xero',
    () => invoiceRow(id).dxc_xeroinvoiceid as string | undefined,
  );
  await openInvoice(id);
  await page.getByTestId('status-badge').filter({ hasText: 'Authorised' }).waitFor({ timeout: LOOP_MS });

  await page.getByRole('button', { name: 'Cancel invoice' }).click();
  const creditNote = await until('a credit note for INV-1002', () =>
    books()
      .listCreditNotes()
      .find((c) =>
        books()
          .allocationsOfCreditNote(c.creditNoteId)
          .some((a) => a.invoiceId === xeroId),
      ),
  );
  expect(creditNote.total).toBe(1440); // the retainer, 1,200.00 + 20% VAT
  await until('the credit note history row', () =>
    history(id).some((h) => h.dxc_action === choiceValue('dxc_syncaction', 'Credit note')),
  );
  await page.locator('#header-status', { hasText: 'Canceled' }).waitFor({ timeout: LOOP_MS });
  await page
    .getByTestId('history-entry')
    .filter({ hasText: /credit note/i })
    .first()
    .waitFor({ timeout: LOOP_MS });
  await shot('4-credit-note');

  await page.getByRole('tab', { name: 'Customer' }).click();
  await page.getByTestId('customer-balance-card').waitFor();
  await page.getByRole('button', { name: 'Refresh Xero balances' }).click();
  const customerId = String(invoiceRow(id)._customerid_value);
  await until('the customer balance from Xero', () =>
    demo.dataverse.snapshot().account!.find((a) => a.accountid === customerId && a.dxc_balancesyncedon),
  );
  await page.getByTestId('amount-owed').waitFor({ timeout: LOOP_MS });
  await shot('5-customer-balance');
  await page.getByRole('tab', { name: 'Xero connection' }).click();
  await page.locator('#host-SyncCentre').getByText('Demo Company (UK)').first().waitFor();
  // The Sync centre's button sets the import request; the Import reference data flow runs it.
  await page.getByRole('button', { name: 'Import from Xero' }).click();
  const completed = choiceValue('dxc_importrequest', 'Completed');
  await until('the reference import to complete', () =>
    demo.dataverse.snapshot().dxc_xeroconnection!.find((c) => c.dxc_importrequest === completed),
  );
  expect(demo.dataverse.snapshot().dxc_xerotaxrate!.length).toBeGreaterThan(1);
  await page
    .getByTestId('import-state')
    .filter({ hasText: /completed/i })
    .waitFor({ timeout: LOOP_MS });
  await shot('6-sync-centre');
  expect(problems).toEqual([]);
});

test('"Record payment in Xero" names the field on bad input and passes on Xero\'s refusal', async () => {
  const pay = (body: unknown) =>
    fetch(`${demo.pageUrl}demo/xero/payments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const bad = await pay({ xeroInvoiceId: 'INV-1001' });
  expect(bad.status).toBe(400);
  expect(await bad.json()).toEqual({ error: expect.stringMatching(/^xeroInvoiceId: /) });
  // INV-1001 was paid in full by the first test: Xero has nothing left to pay.
  const paidId = String(invoiceRow(DEMO_IDS.invoices.notReady).dxc_xeroinvoiceid);
  const refused = await pay({ xeroInvoiceId: paidId });
  expect(refused.status).toBe(400);
  expect(books().paymentsOfInvoice(paidId)).toHaveLength(1);
});
