/**
 * Issue 14 §6: a cancellation that failed is retried from the invoice panel without reactivating the invoice. The
 * shipped Cancel invoice in Xero flow fails (Xero down, or Xero made the credit note but its answer was lost); the
 * panel's write (Cancellation retry requested on, on the Failed Sync history row: a cancelled invoice is read-only)
 * starts the shipped Retry cancellation in Xero flow through the Dataverse emulator's change feed, which cancels it
 * through the real proxy in the Xero emulator exactly once. A second click or a repeated retry does nothing more.
 */
import { randomUUID } from 'node:crypto';
import type { DataverseInvoice } from '@dxc/openapi';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import { type DataverseTriggerWatch, type RunResult } from '@dxc/flow-runner';
import { invoice, line, settings, withoutRateLimits } from '@dxc/proxy-service/testing';
import {
  latestCancellationQuery,
  readCancellation,
} from '@dxc/pcf-controls/XeroInvoicePanel/cancellation-retry-model';
import {
  executions,
  failedActions,
  loadSolutionFlow,
  ran,
  startFlowSandbox,
  webApiStatus,
} from './support/flow-sandbox';
import type { FlowSandbox } from './support/flow-sandbox';
import { ACTION, RESULT } from './support/choices';
import { choiceValue } from '@dxc/solution';

type Row = Record<string, unknown>;

type XeroFault = Parameters<FlowSandbox['xero']['emulator']['faults']['inject']>[0];
/** Xero answers 503 to every invoice request: the cancellation fails and is retried from the panel. */
const XERO_DOWN: XeroFault = { kind: 'status', status: 503, count: null, path: '/Invoices' };

let sandbox: FlowSandbox;
let books: OrganisationBooks;
let cancelWatch: DataverseTriggerWatch;
let retryWatch: DataverseTriggerWatch;
const connectionRowId = randomUUID();
const accountId = randomUUID();
let next = 0;

beforeAll(async () => {
  sandbox = await startFlowSandbox({
    proxy: withoutRateLimits({ env: { XERO_HTTP_TIMEOUT_MS: '4000' } }),
  });
  books = sandbox.xero.emulator.books<OrganisationBooks>(sandbox.connection.tenantId);
  sandbox.dataverse.load({
    dxc_xeroconnection: [
      {
        dxc_xeroconnectionid: connectionRowId,
        dxc_name: 'Demo Company (UK)',
        dxc_tenantid: sandbox.connection.tenantId,
        dxc_cancellationpolicy: choiceValue('dxc_cancellationpolicy', 'Credit note'),
      },
    ],
    account: [{ accountid: accountId, name: 'Retry customer' }],
  });
  cancelWatch = sandbox.watchDataverse(loadSolutionFlow('CancelInvoiceInXero'));
  retryWatch = sandbox.watchDataverse(loadSolutionFlow('RetryCancellationInXero'));
});
afterAll(async () => {
  await cancelWatch?.stop();
  await retryWatch?.stop();
  await sandbox?.close();
});
afterEach(() => sandbox.xero.emulator.faults.clear());

const webApi = (method: string, path: string, body?: unknown) => webApiStatus(sandbox, method, path, body);

/** An approved invoice sent to Xero through the proxy (3 × 300.00 at 20%: 1,080.00), as the Sync flow leaves it. */
async function exported(): Promise<{ id: string; xeroId: string; number: string }> {
  next += 1;
  const id = randomUUID();
  const sent: DataverseInvoice = invoice(7000 + next, {
    invoiceId: id,
    lines: [line({ quantity: 3, unitPrice: 300 })],
  });
  const res = await sandbox.xero.call('POST', '/v1/invoices/sync', {
    apiKey: sandbox.apiKey,
    body: { settings: settings({ defaultStatus: 'AUTHORISED' }), invoices: [sent] },
  });
  expect(res.body.results[0].outcome).toBe('created');
  const xeroId = res.body.results[0].xeroInvoiceId as string;
  const number = res.body.results[0].invoiceNumber as string;
  sandbox.dataverse.load({
    invoice: [
      {
        invoiceid: id,
        name: `Retry order ${next}`,
        'customerid_account@odata.bind': `/accounts(${accountId})`,
        'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${connectionRowId})`,
        dxc_xeroinvoiceid: xeroId,
        dxc_xeroinvoicenumber: number,
        dxc_exportstatus: choiceValue('dxc_exportstatus', 'Yes'),
      },
    ],
  });
  return { id, xeroId, number };
}

/** The runs of each flow that a Dataverse write started. */
async function runsAfter(
  write: () => Promise<unknown>,
): Promise<{ cancel: RunResult[]; retry: RunResult[] }> {
  const before = { cancel: cancelWatch.runs.length, retry: retryWatch.runs.length };
  await write();
  const [cancel, retry] = await Promise.all([cancelWatch.settled(), retryWatch.settled()]);
  return { cancel: cancel.slice(before.cancel), retry: retry.slice(before.retry) };
}

const cancelInDynamics = (id: string) =>
  runsAfter(async () =>
    expect(await webApi('PATCH', `invoices(${id})`, { statecode: 3, statuscode: 100003 })).toBe(204),
  );

/** What the panel's Retry cancellation button writes (webAPI.updateRecord on the failed row). */
const retryFromPanel = (historyId: string) =>
  runsAfter(async () =>
    expect(
      await webApi('PATCH', `dxc_synchistories(${historyId})`, {
        dxc_cancelretryrequestedon: new Date().toISOString(),
      }),
    ).toBe(204),
  );

/** What the invoice panel shows: its own Web API read of the latest cancellation row, as it reads it. */
async function panelSees(invoiceId: string): Promise<ReturnType<typeof readCancellation>> {
  const res = await fetch(
    `${sandbox.dataverse.apiUrl}/dxc_synchistories${latestCancellationQuery(invoiceId)}`,
    {
      headers: { Accept: 'application/json', Prefer: 'odata.maxpagesize=1' },
    },
  );
  expect(res.status).toBe(200);
  const body = (await res.json()) as { value: Record<string, unknown>[] };
  return readCancellation(body.value, (d) => d.toISOString());
}

const historyOf = (id: string) =>
  (sandbox.dataverse.snapshot().dxc_synchistory as Row[]).filter((h) => h._dxc_invoiceid_value === id);
const invoiceRow = (id: string) =>
  (sandbox.dataverse.snapshot().invoice as Row[]).find((r) => r.invoiceid === id)!;
const notesFor = (number: string) =>
  books.listCreditNotes().filter((n) => n.reference === `Cancellation of ${number} (Dynamics 365)`);

/** Cancels the invoice in Dynamics while Xero fails as `fault` says; returns the Failed history row. */
async function failedCancellation(inv: { id: string }, fault: XeroFault) {
  sandbox.xero.emulator.faults.inject(fault);
  const { cancel, retry } = await cancelInDynamics(inv.id);
  sandbox.xero.emulator.faults.clear();
  expect(cancel.map((r) => r.status)).toEqual(['Failed']);
  expect(retry).toEqual([]);
  const rows = historyOf(inv.id);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ dxc_status: RESULT.Failed, dxc_action: ACTION.CreditNote });
  expect(rows[0]!.dxc_details).toMatch(
    /Retry it from the Xero panel on the invoice \(no need to reactivate it\)/,
  );
  return rows[0]!;
}

describe('Retry cancellation in Xero', () => {
  test('Xero was down: the retry from the panel raises the one credit note; the invoice stays cancelled', async () => {
    const inv = await exported();
    const failed = await failedCancellation(inv, XERO_DOWN);
    expect(notesFor(inv.number)).toHaveLength(0);
    expect(await panelSees(inv.id)).toMatchObject({ kind: 'failed', historyId: failed.dxc_synchistoryid });

    const { cancel, retry } = await retryFromPanel(failed.dxc_synchistoryid as string);
    expect(cancel).toEqual([]);
    expect(retry).toHaveLength(1);
    expect(failedActions(retry[0]!)).toEqual([]);
    expect(retry[0]!.status).toBe('Succeeded');
    // Billed Power Platform requests (solution/README.md, What the flows cost): only when a user asks for a retry.
    expect(retry[0]!.requests).toBe(14);
    const notes = notesFor(inv.number);
    expect(notes).toHaveLength(1);
    expect(books.allocationsOfCreditNote(notes[0]!.creditNoteId)).toHaveLength(1);
    expect(books.findInvoice(inv.xeroId)!.status).toBe('PAID');
    const rows = historyOf(inv.id);
    expect(rows).toHaveLength(2);
    const outcome = rows.find((r) => r.dxc_synchistoryid !== failed.dxc_synchistoryid)!;
    expect(outcome).toMatchObject({
      dxc_status: RESULT.Successful,
      dxc_action: ACTION.CreditNote,
      _dxc_connectionid_value: connectionRowId,
    });
    expect(outcome.dxc_details).toBe(
      `Cancellation retried. A credit note ${notes[0]!.creditNoteNumber} for the full amount (GBP 1080.00) has been raised in Xero and allocated to invoice ${inv.number}.`,
    );
    // The failed row keeps its outcome; only the time the retry was asked for was added to it.
    expect(rows.find((r) => r.dxc_synchistoryid === failed.dxc_synchistoryid)).toMatchObject({
      dxc_status: RESULT.Failed,
      dxc_details: failed.dxc_details,
    });
    expect(invoiceRow(inv.id)).toMatchObject({ statecode: 3, statuscode: 100003 });
    // The panel now shows the outcome, not the button.
    expect(await panelSees(inv.id)).toMatchObject({
      kind: 'cancelled',
      historyId: outcome.dxc_synchistoryid,
    });

    // A second click after the outcome: the run finds the success and asks Xero nothing.
    const callsBefore = sandbox.xeroCalls();
    const again = await retryFromPanel(failed.dxc_synchistoryid as string);
    expect(again.retry).toHaveLength(1);
    expect(again.retry[0]!.status).toBe('Succeeded');
    expect(again.retry[0]!.requests).toBe(13);
    expect(ran(again.retry[0]!, 'Cancel_in_Xero')).toBe(false);
    expect(executions(again.retry[0]!, 'Already_cancelled')[0]!.outputs).toMatch(
      /already cancelled in Xero on/,
    );
    expect(sandbox.xeroCalls() - callsBefore).toBe(0);
    expect(historyOf(inv.id)).toHaveLength(2);
    expect(notesFor(inv.number)).toHaveLength(1);
  });

  test('Xero made the credit note but its answer was lost: the retry reports that note and never raises a second', async () => {
    const inv = await exported();
    const failed = await failedCancellation(inv, {
      kind: 'drop-response',
      method: 'PUT',
      path: '/CreditNotes',
    });
    expect(notesFor(inv.number)).toHaveLength(1);

    const { retry } = await retryFromPanel(failed.dxc_synchistoryid as string);
    expect(retry.map((r) => r.status)).toEqual(['Succeeded']);
    const notes = notesFor(inv.number);
    expect(notes).toHaveLength(1);
    const outcome = historyOf(inv.id).find((r) => r.dxc_status === RESULT.Successful)!;
    expect(outcome.dxc_action).toBe(ACTION.CreditNote);
    expect(outcome.dxc_details).toContain(notes[0]!.creditNoteNumber as string);
  });

  test('a double click (two requests before either run ends) still makes one credit note', async () => {
    const inv = await exported();
    const failed = await failedCancellation(inv, XERO_DOWN);
    const historyId = failed.dxc_synchistoryid as string;
    const { retry } = await runsAfter(async () => {
      const at = new Date().toISOString();
      const statuses = await Promise.all([
        webApi('PATCH', `dxc_synchistories(${historyId})`, { dxc_cancelretryrequestedon: at }),
        webApi('PATCH', `dxc_synchistories(${historyId})`, { dxc_cancelretryrequestedon: at }),
      ]);
      expect(statuses).toEqual([204, 204]);
    });
    expect(retry.map((r) => r.status)).toEqual(['Succeeded', 'Succeeded']);
    expect(notesFor(inv.number)).toHaveLength(1);
    expect(books.findInvoice(inv.xeroId)!.status).toBe('PAID');
    const successes = historyOf(inv.id).filter((r) => r.dxc_status === RESULT.Successful);
    expect(successes.length).toBeGreaterThanOrEqual(1);
    for (const row of successes) expect(row.dxc_action).toBe(ACTION.CreditNote);
  });

  test('a retry that fails again records a new Failed row, which can itself be retried', async () => {
    const inv = await exported();
    const failed = await failedCancellation(inv, XERO_DOWN);
    sandbox.xero.emulator.faults.inject(XERO_DOWN);
    const first = await retryFromPanel(failed.dxc_synchistoryid as string);
    sandbox.xero.emulator.faults.clear();
    expect(first.retry.map((r) => r.status)).toEqual(['Failed']);
    const again = historyOf(inv.id).find((r) => r.dxc_synchistoryid !== failed.dxc_synchistoryid)!;
    expect(again).toMatchObject({
      dxc_status: RESULT.Failed,
      dxc_action: ACTION.CreditNote,
      _dxc_connectionid_value: connectionRowId,
    });
    expect(again.dxc_details).toMatch(
      /^Retrying the cancellation in Xero failed: Xero is temporarily unavailable\..* Retry it again from the Xero panel on the invoice, or cancel it in Xero by hand\.$/,
    );
    expect(notesFor(inv.number)).toHaveLength(0);
    // The panel offers the retry again, on the newer failure.
    expect(await panelSees(inv.id)).toMatchObject({ kind: 'failed', historyId: again.dxc_synchistoryid });

    const second = await retryFromPanel(again.dxc_synchistoryid as string);
    expect(second.retry.map((r) => r.status)).toEqual(['Succeeded']);
    expect(notesFor(inv.number)).toHaveLength(1);
  });

  test('an invoice reactivated since the failure is left alone: Xero is asked nothing, nothing is written', async () => {
    const inv = await exported();
    const failed = await failedCancellation(inv, XERO_DOWN);
    const reactivated = await runsAfter(async () =>
      expect(await webApi('PATCH', `invoices(${inv.id})`, { statecode: 0, statuscode: 1 })).toBe(204),
    );
    // The Cancel flow's trigger condition turns the reactivation away (statecode 0).
    expect(reactivated.cancel.map((r) => r.status)).toEqual(['NotTriggered']);
    expect(reactivated.retry).toEqual([]);
    const callsBefore = sandbox.xeroCalls();
    const { retry } = await retryFromPanel(failed.dxc_synchistoryid as string);
    expect(retry.map((r) => r.status)).toEqual(['Succeeded']);
    expect(ran(retry[0]!, 'Cancel_in_Xero')).toBe(false);
    expect(executions(retry[0]!, 'Not_cancelled')[0]!.outputs).toMatch(/no longer cancelled in Dynamics 365/);
    expect(sandbox.xeroCalls() - callsBefore).toBe(0);
    expect(historyOf(inv.id)).toHaveLength(1);
    expect(books.findInvoice(inv.xeroId)!.status).toBe('AUTHORISED');
    expect(await panelSees(inv.id)).toEqual({ kind: 'none' });
  });

  test('only Failed cancellation rows start a run; other columns of a failed row start nothing', async () => {
    const inv = await exported();
    const exportFailure = randomUUID();
    const success = randomUUID();
    const now = new Date().toISOString();
    sandbox.dataverse.load({
      dxc_synchistory: [
        {
          dxc_synchistoryid: exportFailure,
          dxc_name: 'Sync - export',
          dxc_eventon: now,
          dxc_action: ACTION.Create,
          dxc_status: RESULT.Failed,
          'dxc_InvoiceId@odata.bind': `/invoices(${inv.id})`,
        },
        {
          dxc_synchistoryid: success,
          dxc_name: 'Sync - void',
          dxc_eventon: now,
          dxc_action: ACTION.Void,
          dxc_status: RESULT.Successful,
          'dxc_InvoiceId@odata.bind': `/invoices(${inv.id})`,
        },
      ],
    });
    const cancelled = await exported();
    const failed = await failedCancellation(cancelled, {
      kind: 'status',
      status: 503,
      count: null,
      path: '/Invoices',
    });
    const callsBefore = sandbox.xeroCalls();
    // A failed export is turned away by the trigger condition (it records no cancellation)…
    expect((await retryFromPanel(exportFailure)).retry.map((r) => r.status)).toEqual(['NotTriggered']);
    // …a successful row by the subscription's filter, an edit of another column by its filtering attributes.
    expect((await retryFromPanel(success)).retry).toEqual([]);
    const edited = await runsAfter(async () =>
      expect(
        await webApi('PATCH', `dxc_synchistories(${failed.dxc_synchistoryid as string})`, {
          dxc_details: 'edited',
        }),
      ).toBe(204),
    );
    expect(edited.retry).toEqual([]);
    expect(sandbox.xeroCalls() - callsBefore).toBe(0);
    expect(notesFor(cancelled.number)).toHaveLength(0);
  });

  test("the panel's read shows the outcome even when it is stamped in the same second as the failure", async () => {
    const inv = await exported();
    await cancelInDynamics(inv.id).then(({ cancel }) =>
      expect(cancel.map((r) => r.status)).toEqual(['Succeeded']),
    );
    // An hour on, so these rows are newer than the cancellation the flow just recorded.
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000).toISOString().replace('.000Z', 'Z');
    const failedRow: string = randomUUID();
    const outcomeRow: string = randomUUID();
    const row = (id: string, status: number, retryRequestedOn: string | null) => ({
      dxc_synchistoryid: id,
      dxc_name: 'Sync - tie',
      dxc_eventon: at,
      dxc_action: ACTION.CreditNote,
      dxc_status: status,
      dxc_cancelretryrequestedon: retryRequestedOn,
      'dxc_InvoiceId@odata.bind': `/invoices(${inv.id})`,
    });
    // Written failure first, as it happens; every time ties to the second (Dataverse's precision).
    sandbox.dataverse.clock.set(at);
    try {
      sandbox.dataverse.load({
        dxc_synchistory: [row(failedRow, RESULT.Failed, at), row(outcomeRow, RESULT.Successful, null)],
      });
    } finally {
      sandbox.dataverse.clock.release();
    }
    const tied = (sandbox.dataverse.snapshot().dxc_synchistory as Row[]).filter((h) =>
      [failedRow, outcomeRow].includes(h.dxc_synchistoryid as string),
    );
    expect(new Set(tied.map((h) => h.createdon))).toEqual(new Set([at]));
    expect(await panelSees(inv.id)).toMatchObject({ kind: 'cancelled', historyId: outcomeRow });
  });
});
