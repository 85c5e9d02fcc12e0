/**
 * The Cancel invoice in Xero flow (DESIGN §5 flow 3, B8) as the solution ships it, started by the Dataverse
 * emulator's change feed exactly as "When a row is added, modified or deleted" starts it: invoices exported to the
 * demo organisation through the real proxy are cancelled or deleted in Dataverse, and the Xero emulator's books and
 * the Sync history rows show the outcome. Repeats and never-exported invoices change nothing; a failure (an
 * organisation the key was not granted included) becomes a Failed history row.
 */
import { randomUUID } from 'node:crypto';
import type { DataverseInvoice, SyncSettings } from '@dxc/openapi';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import { type DataverseTriggerWatch, type RunResult } from '@dxc/flow-runner';
import { invoice, line, settings, withoutRateLimits } from '@dxc/proxy-service/testing';
import {
  executions,
  failedActions,
  failedSteps,
  loadSolutionFlow,
  ran,
  startFlowSandbox,
} from './support/flow-sandbox';
import type { FlowSandbox } from './support/flow-sandbox';
import { ACTION, POLICY, RESULT } from './support/choices';
import { choiceValue } from '@dxc/solution';

type Row = Record<string, unknown>;

let sandbox: FlowSandbox;
let books: OrganisationBooks;
let watch: DataverseTriggerWatch;
const connectionRowId = randomUUID();
const otherConnectionRowId = randomUUID();
const accountId = randomUUID();
const flow = loadSolutionFlow('CancelInvoiceInXero');
let next = 0;

beforeAll(async () => {
  // Each case syncs, cancels and reads the organisation: Xero's 60 calls a minute would only make this file wait.
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
        dxc_cancellationpolicy: POLICY.CreditNote,
      },
      {
        dxc_xeroconnectionid: otherConnectionRowId,
        dxc_name: 'Other organisation',
        dxc_tenantid: randomUUID(),
      },
    ],
    account: [{ accountid: accountId, name: 'Cancel customer' }],
  });
  watch = sandbox.watchDataverse(flow);
});
afterAll(async () => {
  await watch?.stop();
  await sandbox?.close();
});
afterEach(() => sandbox.xero.emulator.faults.clear());

const xeroCalls = (): number => sandbox.xeroCalls();

async function webApi(method: string, path: string, body?: unknown): Promise<{ status: number; body: Row }> {
  const res = await fetch(`${sandbox.dataverse.apiUrl}/${path}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      Prefer: 'odata.include-annotations="*"',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Row) : {} };
}

async function setPolicy(policy: number): Promise<void> {
  const res = await webApi('PATCH', `dxc_xeroconnections(${connectionRowId})`, {
    dxc_cancellationpolicy: policy,
  });
  expect(res.status).toBe(204);
}

interface Exported {
  id: string;
  xeroId: string;
  number: string;
}

/**
 * A Dynamics invoice sent to Xero through the proxy's SyncInvoices (3 × 300.00 at 20%: 1,080.00), as the Sync flow
 * leaves it: Xero id, number and export status on the row, the proxy's ledger knowing both ids.
 */
async function exported(
  status: SyncSettings['defaultStatus'],
  options: { connection?: string; inXero?: boolean } = {},
): Promise<Exported> {
  next += 1;
  const id = randomUUID();
  let xeroId = '';
  let number = '';
  if (options.inXero !== false) {
    const sent: DataverseInvoice = invoice(9000 + next, {
      invoiceId: id,
      lines: [line({ quantity: 3, unitPrice: 300 })],
    });
    const res = await sandbox.xero.call('POST', '/v1/invoices/sync', {
      apiKey: sandbox.apiKey,
      body: { settings: settings({ defaultStatus: status }), invoices: [sent] },
    });
    expect(res.body.results[0].outcome).toBe('created');
    xeroId = res.body.results[0].xeroInvoiceId as string;
    number = res.body.results[0].invoiceNumber as string;
  }
  sandbox.dataverse.load({
    invoice: [
      {
        invoiceid: id,
        name: `Order ${next}`,
        'customerid_account@odata.bind': `/accounts(${accountId})`,
        'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${options.connection ?? connectionRowId})`,
        ...(xeroId
          ? {
              dxc_xeroinvoiceid: xeroId,
              dxc_xeroinvoicenumber: number,
              dxc_exportstatus: choiceValue('dxc_exportstatus', 'Yes'),
            }
          : {}),
      },
    ],
  });
  return { id, xeroId, number };
}

/** Runs started by a Dataverse write (the trigger's subscription decides which writes start one). */
async function runsAfter(write: () => Promise<unknown>): Promise<RunResult[]> {
  const before = watch.runs.length;
  await write();
  const runs = await watch.settled();
  return runs.slice(before);
}

const cancelInDynamics = (id: string) =>
  runsAfter(async () => {
    const res = await webApi('PATCH', `invoices(${id})`, { statecode: 3, statuscode: 100003 });
    expect(res.status).toBe(204);
  });
const deleteInDynamics = (id: string) =>
  runsAfter(async () => expect((await webApi('DELETE', `invoices(${id})`)).status).toBe(204));

const history = () => sandbox.dataverse.snapshot().dxc_synchistory as Row[];
const historyOf = (id: string) => history().filter((h) => h._dxc_invoiceid_value === id);
const invoiceRow = (id: string) =>
  (sandbox.dataverse.snapshot().invoice as Row[]).find((r) => r.invoiceid === id);

function succeeded(runs: RunResult[]): RunResult {
  expect(runs).toHaveLength(1);
  const run = runs[0]!;
  expect(failedSteps(run)).toEqual([]);
  expect(failedActions(run)).toEqual([]);
  expect(run.status).toBe('Succeeded');
  return run;
}

describe('Cancel invoice in Xero', () => {
  test('a draft is deleted in Xero; one Delete history row on the invoice; the read-only invoice is not written', async () => {
    const inv = await exported('DRAFT');
    const before = invoiceRow(inv.id)!;
    const callsBefore = xeroCalls();
    const run = succeeded(await cancelInDynamics(inv.id));
    expect(xeroCalls() - callsBefore).toBe(2); // the invoice's state, the delete
    expect(ran(run, 'Cancel_in_Xero')).toBe(true);
    expect(books.findInvoice(inv.xeroId)!.status).toBe('DELETED');
    const rows = historyOf(inv.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      dxc_action: ACTION.Delete,
      dxc_status: RESULT.Successful,
      _dxc_connectionid_value: connectionRowId,
    });
    expect(rows[0]!.dxc_details).toBe(`Invoice ${inv.number} was draft in Xero and has been deleted there.`);
    expect(rows[0]!.dxc_name).toMatch(/^Sync - \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // Cancelled invoices are read-only until reactivated: the flow leaves every column as the user's cancel left it.
    const after = invoiceRow(inv.id)!;
    expect(after.statecode).toBe(3);
    expect({ ...after, modifiedon: undefined, versionnumber: undefined }).toEqual({
      ...before,
      statecode: 3,
      statuscode: 100003,
      modifiedon: undefined,
      versionnumber: undefined,
    });
  });

  test('approved, policy Credit note: a credit note for the full amount allocated to it; history Credit note', async () => {
    await setPolicy(POLICY.CreditNote);
    const inv = await exported('AUTHORISED');
    succeeded(await cancelInDynamics(inv.id));
    expect(books.findInvoice(inv.xeroId)!.status).toBe('PAID');
    const notes = books
      .listCreditNotes()
      .filter((n) => n.reference === `Cancellation of ${inv.number} (Dynamics 365)`);
    expect(notes).toHaveLength(1);
    expect(books.allocationsOfCreditNote(notes[0]!.creditNoteId)).toHaveLength(1);
    const rows = historyOf(inv.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ dxc_action: ACTION.CreditNote, dxc_status: RESULT.Successful });
    expect(rows[0]!.dxc_details).toBe(
      `A credit note ${notes[0]!.creditNoteNumber} for the full amount (GBP 1080.00) has been raised in Xero and allocated to invoice ${inv.number}.`,
    );
  });

  test('approved, policy Void: voided in Xero; policy Do nothing: left alone, history says so', async () => {
    await setPolicy(POLICY.Void);
    const voided = await exported('AUTHORISED');
    succeeded(await cancelInDynamics(voided.id));
    expect(books.findInvoice(voided.xeroId)!.status).toBe('VOIDED');
    expect(historyOf(voided.id)).toEqual([
      expect.objectContaining({ dxc_action: ACTION.Void, dxc_status: RESULT.Successful }),
    ]);

    await setPolicy(POLICY.Nothing);
    const left = await exported('AUTHORISED');
    succeeded(await cancelInDynamics(left.id));
    expect(books.findInvoice(left.xeroId)!.status).toBe('AUTHORISED');
    const rows = historyOf(left.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.dxc_status).toBe(RESULT.Successful);
    expect(rows[0]!.dxc_details).toMatch(/cancellation policy is 'Do nothing'/);
    await setPolicy(POLICY.CreditNote);
  });

  test('paid in Xero: nothing is done there; the history says it is fully paid', async () => {
    const inv = await exported('AUTHORISED');
    books.recordPayment({ invoiceId: inv.xeroId, amount: 1080 });
    const notesBefore = books.listCreditNotes().length;
    succeeded(await cancelInDynamics(inv.id));
    expect(books.findInvoice(inv.xeroId)!.status).toBe('PAID');
    expect(books.listCreditNotes()).toHaveLength(notesBefore);
    const rows = historyOf(inv.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ dxc_action: ACTION.CreditNote, dxc_status: RESULT.Successful });
    expect(rows[0]!.dxc_details).toMatch(/^The invoice is fully paid in Xero, so nothing was done there\./);
  });

  test('deleted in Dynamics: the proxy finds it by the Dataverse id alone; history without invoice, id in details', async () => {
    const inv = await exported('AUTHORISED');
    const run = succeeded(await deleteInDynamics(inv.id));
    expect(run.trigger.outputs).toMatchObject({ body: { invoiceid: inv.id, SdkMessage: 'Delete' } });
    expect(books.findInvoice(inv.xeroId)!.status).toBe('PAID');
    const rows = history().filter((h) => String(h.dxc_details).includes(inv.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      dxc_action: ACTION.CreditNote,
      dxc_status: RESULT.Successful,
      _dxc_invoiceid_value: null,
      _dxc_connectionid_value: connectionRowId,
    });
    expect(rows[0]!.dxc_details).toMatch(
      new RegExp(`^Dynamics 365 invoice ${inv.id} was deleted\\. A credit note`),
    );
  });

  test('a second cancel (the event delivered again) asks Xero nothing and writes nothing', async () => {
    const inv = await exported('DRAFT');
    const [first] = await cancelInDynamics(inv.id);
    const historyBefore = history().length;
    const xeroState = JSON.stringify(books.findInvoice(inv.xeroId));
    const callsBefore = xeroCalls();
    // A redelivered event carries the same row as the first delivery.
    const { body } = first!.trigger.outputs as { body: Record<string, unknown> };
    expect(body).toMatchObject({ invoiceid: inv.id, statecode: 3, SdkMessage: 'Update' });
    const again = await sandbox.run(flow, { trigger: { body } });
    expect(failedActions(again)).toEqual([]);
    expect(again.status).toBe('Succeeded');
    expect(ran(again, 'Cancel_in_Xero')).toBe(false);
    expect(executions(again, 'Already_cancelled')[0]!.outputs).toMatch(/already cancelled in Xero on/);
    expect(history()).toHaveLength(historyBefore);
    expect(JSON.stringify(books.findInvoice(inv.xeroId))).toBe(xeroState);
    expect(xeroCalls() - callsBefore).toBe(0); // GetConnection answers from the organisation the proxy keeps
  });

  test('deleting an invoice already cancelled records the deletion once; a redelivered delete changes nothing', async () => {
    const inv = await exported('DRAFT');
    await cancelInDynamics(inv.id);
    // A cancelled invoice is read-only, but it can be deleted.
    succeeded(await deleteInDynamics(inv.id));
    const rows = history().filter((h) => String(h.dxc_details).includes(inv.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.dxc_details).toMatch(/already (cancelled|deleted) in Xero/);
    const [redelivered] = [
      await sandbox.run(flow, { trigger: { body: { invoiceid: inv.id, SdkMessage: 'Delete' } } }),
    ];
    expect(redelivered!.status).toBe('Succeeded');
    expect(ran(redelivered!, 'Cancel_in_Xero')).toBe(false);
    expect(history().filter((h) => String(h.dxc_details).includes(inv.id))).toHaveLength(1);
  });

  test('an invoice of an organisation the key was not granted: refused (403), a Failed history row says so, Xero unchanged', async () => {
    const inv = await exported('DRAFT', { connection: otherConnectionRowId });
    const runs = await cancelInDynamics(inv.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe('Failed');
    expect(failedSteps(runs[0]!)).toEqual([expect.stringMatching(/^Cancel_in_Xero: .*"code":"FORBIDDEN"/)]);
    expect(books.findInvoice(inv.xeroId)!.status).toBe('DRAFT');
    const rows = historyOf(inv.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      dxc_status: RESULT.Failed,
      _dxc_connectionid_value: otherConnectionRowId,
    });
    expect(rows[0]!.dxc_details).toContain('This API key may not use that Xero organisation.');
  });

  test('never exported, or other changes: no run at all', async () => {
    const never = await exported('DRAFT', { inXero: false });
    expect(await cancelInDynamics(never.id)).toEqual([]);
    expect(await deleteInDynamics(never.id)).toEqual([]);
    const inv = await exported('DRAFT');
    // An update without statecode is filtered out by the subscription; Paid (statecode 2) by the trigger condition.
    expect(await runsAfter(() => webApi('PATCH', `invoices(${inv.id})`, { description: 'edited' }))).toEqual(
      [],
    );
    const paid = await runsAfter(() =>
      webApi('PATCH', `invoices(${inv.id})`, { statecode: 2, statuscode: 100001 }),
    );
    expect(paid.map((r) => r.status)).toEqual(['NotTriggered']);
    expect(books.findInvoice(inv.xeroId)!.status).toBe('DRAFT');
    expect(historyOf(inv.id)).toEqual([]);
  });

  test('a deleted invoice this organisation never received: the proxy says so, nothing is written', async () => {
    const historyBefore = history().length;
    const callsBefore = xeroCalls();
    const run = await sandbox.run(flow, {
      trigger: { body: { invoiceid: randomUUID(), SdkMessage: 'Delete' } },
    });
    expect(failedActions(run)).toEqual([]);
    expect(ran(run, 'Cancel_in_Xero')).toBe(true);
    expect(executions(run, 'Not_sent_by_this_organisation')[0]!.outputs).toMatch(/never sent to Xero/);
    expect(history()).toHaveLength(historyBefore);
    expect(xeroCalls() - callsBefore).toBe(0); // the proxy keeps the organisation; nothing is read or written
  });

  test('Xero unavailable: a Failed history row with the proxy message, the run fails, Xero unchanged', async () => {
    const inv = await exported('DRAFT');
    sandbox.xero.emulator.faults.inject({ kind: 'status', status: 503, count: null, path: '/Invoices' });
    const [run] = await cancelInDynamics(inv.id);
    expect(run!.status).toBe('Failed');
    const failed = failedSteps(run!);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(/^Cancel_in_Xero: /);
    sandbox.xero.emulator.faults.clear();
    expect(books.findInvoice(inv.xeroId)!.status).toBe('DRAFT');
    const rows = historyOf(inv.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      dxc_status: RESULT.Failed,
      dxc_action: ACTION.CreditNote,
      _dxc_connectionid_value: connectionRowId,
    });
    expect(rows[0]!.dxc_details).toMatch(
      /^Cancelling it in Xero failed: Xero is temporarily unavailable\..*\. Retry it from the Xero panel on the invoice \(no need to reactivate it\), or cancel it in Xero by hand\.$/,
    );
    expect(rows[0]!.dxc_details).not.toContain('{');
  });

  test('the proxy unreachable: the Catch still records a Failed row on the invoice', async () => {
    const inv = await exported('DRAFT');
    const row = await webApi('GET', `invoices(${inv.id})`);
    const run = await sandbox.run(flow, {
      ...sandbox.unreachableProxy(),
      trigger: { body: { ...row.body, statecode: 3, SdkMessage: 'Update' } },
    });
    expect(run.status).toBe('Failed');
    expect(failedSteps(run)).toEqual([expect.stringMatching(/^Cancel_in_Xero: /)]);
    const rows = historyOf(inv.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ dxc_status: RESULT.Failed, _dxc_connectionid_value: connectionRowId });
    expect(rows[0]!.dxc_details).toMatch(
      /^Cancelling it in Xero failed: Cannot reach http:\/\/127\.0\.0\.1:\d+/,
    );
    expect(books.findInvoice(inv.xeroId)!.status).toBe('DRAFT');
  });
});
