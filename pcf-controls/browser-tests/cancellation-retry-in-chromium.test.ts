/**
 * @jest-environment node
 */
// Issue 14 §6 in real Chromium: the BUILT XeroInvoicePanel bundle on a cancelled invoice whose cancellation in Xero
// failed, reading its sync history from the Dataverse emulator through webAPI.retrieveMultipleRecords. The button
// writes the retry request on the failed history row (recorded by the harness, then applied to the emulator as the
// platform would), the panel shows it pending, then the outcome row the Retry cancellation in Xero flow writes.
import { randomUUID } from 'node:crypto';
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
import { invoiceScenario } from '../test-support/scenarios';
import { choiceValue } from '@dxc/solution';

jest.setTimeout(120_000);

const ARTIFACTS = join(PCF_ROOT, '..', 'test-artifacts', 'pcf');
const ACCOUNT_ID = randomUUID();
const CANCELLED = randomUUID();
const ACTIVE = randomUUID();
const FAILED_ROW = randomUUID();
const ACTIVE_FAILED_ROW = randomUUID();
const CREDIT_NOTE = choiceValue('dxc_syncaction', 'Credit note');
const FAILED = choiceValue('dxc_syncstatus', 'Failed');

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
let dataverse: DataverseProcess;
let server: HarnessServer;
let browser: Browser;
const open: HarnessPage[] = [];

const failedCancellation = (id: string, invoiceId: string) => ({
  dxc_synchistoryid: id,
  dxc_name: 'Sync - 2026-12-01 10:00:00',
  dxc_eventon: '2026-12-01T10:00:00Z',
  dxc_action: CREDIT_NOTE,
  dxc_status: FAILED,
  dxc_details:
    'Cancelling it in Xero failed: Xero is temporarily unavailable. Retry it from the Xero panel on the invoice (no need to reactivate it), or cancel it in Xero by hand.',
  'dxc_InvoiceId@odata.bind': `/invoices(${invoiceId})`,
});

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dataverse = await startDataverseProcess({
    account: [{ accountid: ACCOUNT_ID, name: 'A. Datum Corporation' }],
    invoice: [
      {
        invoiceid: CANCELLED,
        name: 'Cancelled order',
        'customerid_account@odata.bind': `/accounts(${ACCOUNT_ID})`,
        statecode: 3,
        statuscode: 100003,
      },
      {
        invoiceid: ACTIVE,
        name: 'Reactivated order',
        'customerid_account@odata.bind': `/accounts(${ACCOUNT_ID})`,
      },
    ],
    dxc_synchistory: [
      failedCancellation(FAILED_ROW, CANCELLED),
      failedCancellation(ACTIVE_FAILED_ROW, ACTIVE),
    ],
  });
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

async function webApi(method: string, path: string, body?: unknown): Promise<number> {
  const res = await fetch(`${dataverse.apiUrl}/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await res.text();
  return res.status;
}

/** axe-core's rules over the rendered control: none may be violated. */
async function expectNoAxeViolations(harness: HarnessPage): Promise<void> {
  await harness.page.addScriptTag({ content: AXE_SOURCE });
  const violations = await harness.page.evaluate(async () => {
    const { axe } = window as unknown as {
      axe: { run: (context: string) => Promise<{ violations: { id: string; help: string }[] }> };
    };
    return (await axe.run('#host')).violations.map((v) => `${v.id}: ${v.help}`);
  });
  expect(violations).toEqual([]);
}

async function showPanel(invoiceId: string): Promise<HarnessPage> {
  const harness = await openHarness(browser, server.url, { width: 1200 });
  open.push(harness);
  await harness.render(
    invoiceScenario({
      entityId: `{${invoiceId.toUpperCase()}}`,
      disabled: true, // a cancelled invoice's form is read-only
      webApi: { dataverse: { dxc_synchistory: 'dxc_synchistories' } },
    }),
  );
  return harness;
}

describe('Retry cancellation on Dxc.XeroInvoicePanel in Chromium', () => {
  it('retries a failed cancellation on a read-only cancelled invoice, then shows pending and the outcome', async () => {
    const harness = await showPanel(CANCELLED);
    const { page } = harness;
    const button = page.getByRole('button', { name: 'Retry cancellation' });
    await button.waitFor();
    expect(await button.isEnabled()).toBe(true);
    expect((await page.getByTestId('cancellation-failed').textContent())?.trim()).toMatch(
      /^Cancelling this invoice in Xero failed \(.+\)\. Cancelling it in Xero failed: Xero is temporarily unavailable\./,
    );
    await expectNoAxeViolations(harness);
    await page.screenshot({
      path: join(ARTIFACTS, 'xero-invoice-panel-cancellation-failed.png'),
      fullPage: true,
    });

    await button.click();
    await page.getByTestId('cancellation-pending').waitFor();
    expect(await page.getByRole('button', { name: 'Retry cancellation' }).count()).toBe(0);
    const { updateRecord } = await harness.calls();
    expect(updateRecord).toHaveLength(1);
    expect(updateRecord[0]).toMatchObject({ entityType: 'dxc_synchistory', id: FAILED_ROW });
    const requestedOn = updateRecord[0]!.data['dxc_cancelretryrequestedon'] as string;
    expect(Object.keys(updateRecord[0]!.data)).toEqual(['dxc_cancelretryrequestedon']);
    expect(new Date(requestedOn).toISOString()).toBe(requestedOn);
    await expectNoAxeViolations(harness);
    await page.screenshot({
      path: join(ARTIFACTS, 'xero-invoice-panel-cancellation-pending.png'),
      fullPage: true,
    });

    // What the platform does with that write, and then what the Retry cancellation in Xero flow records.
    expect(
      await webApi('PATCH', `dxc_synchistories(${FAILED_ROW})`, { dxc_cancelretryrequestedon: requestedOn }),
    ).toBe(204);
    expect(
      await webApi('POST', 'dxc_synchistories', {
        // In the same second as the failure it answers: the panel must still show the outcome.
        dxc_name: 'Sync - 2026-12-01 10:00:00',
        dxc_eventon: '2026-12-01T10:00:00Z',
        dxc_action: CREDIT_NOTE,
        dxc_status: choiceValue('dxc_syncstatus', 'Successful'),
        dxc_details:
          'Cancellation retried. A credit note CN-0042 for the full amount (GBP 1080.00) has been raised in Xero and allocated to invoice INV-0044.',
        'dxc_InvoiceId@odata.bind': `/invoices(${CANCELLED})`,
      }),
    ).toBe(204);
    // The panel reads again every 5 s while pending.
    const outcome = page.getByTestId('cancellation-outcome');
    await outcome.waitFor({ timeout: 30_000 });
    expect((await outcome.textContent())?.trim()).toMatch(
      /^Cancelled in Xero \(.+\)\. Cancellation retried\. A credit note CN-0042/,
    );
    expect(await page.getByRole('button', { name: 'Retry cancellation' }).count()).toBe(0);
    expect((await harness.calls()).updateRecord).toHaveLength(1);
    await expectNoAxeViolations(harness);
    await page.screenshot({
      path: join(ARTIFACTS, 'xero-invoice-panel-cancellation-retried.png'),
      fullPage: true,
    });

    // Opened again (another user, a form refresh): the outcome, not the button.
    const again = await showPanel(CANCELLED);
    await again.page.getByTestId('cancellation-outcome').waitFor();
    expect(await again.page.getByRole('button', { name: 'Retry cancellation' }).count()).toBe(0);
  });

  it('offers nothing on an invoice reactivated since its cancellation failed', async () => {
    const harness = await openHarness(browser, server.url, { width: 1200 });
    open.push(harness);
    const answered = harness.page.waitForResponse((r) => r.url().includes('/dxc_synchistories?'));
    await harness.render(
      invoiceScenario({
        entityId: `{${ACTIVE.toUpperCase()}}`,
        webApi: { dataverse: { dxc_synchistory: 'dxc_synchistories' } },
      }),
    );
    const response = await answered;
    // The failed row is there; its invoice is active, so the panel leaves it alone.
    const body = (await response.json()) as { value: { dxc_synchistoryid: string }[] };
    expect(body.value.map((r) => r.dxc_synchistoryid)).toEqual([ACTIVE_FAILED_ROW]);
    // Two frames: the answer's JSON parse and React's render of it have happened.
    await harness.page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    await harness.page.getByTestId('xero-invoice-panel').waitFor();
    expect(await harness.page.getByTestId('cancellation').count()).toBe(0);
    expect(await harness.page.getByRole('button', { name: 'Retry cancellation' }).count()).toBe(0);
  });
});
