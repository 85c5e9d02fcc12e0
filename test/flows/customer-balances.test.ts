/**
 * The "Refresh customer balances" flow (DESIGN §5 flow 5, B9; issue 12) as the solution ships it, started by the
 * Dataverse emulator's change feed exactly as "When a row is added, modified or deleted" starts it: a user (or the
 * Sync centre) sets Refresh all balances to Yes on the Xero connection row. The flow lists the accounts and contacts
 * with a Xero contact id, asks the real proxy over the Xero emulator for 100 at a time and sends the bulk messages the
 * proxy prepares (only the balances that changed), writes one Balance history row and sets the flag back to No.
 */
import { randomUUID } from 'node:crypto';
import type { DataverseTriggerWatch, RunResult } from '@dxc/flow-runner';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import {
  executions,
  failedActions,
  failedSteps,
  loadSolutionFlow,
  startFlowSandbox,
} from './support/flow-sandbox';
import type { FlowSandbox } from './support/flow-sandbox';
import { ACTION, RESULT } from './support/choices';

const BALANCE = ACTION.Balance;
const flow = loadSolutionFlow('CustomerBalances');

type Row = Record<string, unknown>;
type Table = 'account' | 'contact';

/**
 * Power Platform requests of a refresh that succeeds, from the flow's shape (the runner counts every action run,
 * containers included, and nothing for skipped ones): the trigger, the Try scope, its two List rows (one page each
 * here), the batch loop and the history row, then Refresh_done and the If that fails the run only after a Catch:
 * 8 whatever the number of customers. Each batch of 100 adds GetContactBalances and its write-back loop (2), and
 * each bulk message sent adds 1 (≤ 2 per batch: accounts and contacts).
 */
const refreshRequests = (batches: number, bulkWrites: number) => 8 + 2 * batches + bulkWrites;

interface World {
  sandbox: FlowSandbox;
  books: OrganisationBooks;
  watch: DataverseTriggerWatch;
  connectionRowId: string;
  close(): Promise<void>;
}

async function startWorld(): Promise<World> {
  const sandbox = await startFlowSandbox();
  const connectionRowId = randomUUID();
  sandbox.dataverse.load({
    dxc_xeroconnection: [
      {
        dxc_xeroconnectionid: connectionRowId,
        dxc_name: 'Demo Company',
        dxc_tenantid: sandbox.connection.tenantId,
      },
    ],
  });
  const watch = sandbox.watchDataverse(flow);
  return {
    sandbox,
    books: sandbox.xero.emulator.books<OrganisationBooks>(sandbox.connection.tenantId),
    watch,
    connectionRowId,
    async close() {
      await watch.stop();
      await sandbox.close();
    },
  };
}

async function webApi(
  world: World,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Row }> {
  const res = await fetch(`${world.sandbox.dataverse.apiUrl}/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Row) : {} };
}

/** Runs started by a write to the connection row (the trigger's subscription decides which writes start one). */
async function runsAfter(world: World, write: () => Promise<unknown>): Promise<RunResult[]> {
  const before = world.watch.runs.length;
  await write();
  const runs = await world.watch.settled();
  return runs.slice(before);
}

async function patchConnection(world: World, columns: Row): Promise<void> {
  const res = await webApi(world, 'PATCH', `dxc_xeroconnections(${world.connectionRowId})`, columns);
  expect(res.status).toBe(204);
}

/** What the Sync centre's "Refresh all balances" does: one update setting the flag to Yes. */
const requestRefresh = (world: World) =>
  runsAfter(world, () => patchConnection(world, { dxc_refreshbalances: true }));

/** The one run a refresh request starts, checked to have succeeded. */
async function refreshed(world: World): Promise<RunResult> {
  const runs = await requestRefresh(world);
  expect(runs).toHaveLength(1);
  const run = runs[0]!;
  expect(failedActions(run)).toEqual([]);
  expect(run.status).toBe('Succeeded');
  return run;
}

const connectionRow = (world: World) =>
  world.sandbox.dataverse
    .snapshot()
    .dxc_xeroconnection!.find((r) => r.dxc_xeroconnectionid === world.connectionRowId)!;
const row = (world: World, table: Table, id: string) =>
  world.sandbox.dataverse.snapshot()[table]!.find((r) => r[`${table}id`] === id)!;
const customers = (world: World) => {
  const s = world.sandbox.dataverse.snapshot();
  return { account: s.account, contact: s.contact };
};
const balanceHistory = (world: World) =>
  (world.sandbox.dataverse.snapshot().dxc_synchistory ?? []).filter((h) => h.dxc_action === BALANCE);

/** The bulk messages the proxy answered, as `<entity set> <message> × <number of rows>`. */
const writeBacks = (run: RunResult) =>
  executions(run, 'Get_balances_from_Xero').flatMap((a) =>
    (
      (a.outputs as { body: { writeBack: { entitySet: string; message: string; targets: Row[] }[] } }).body
        .writeBack ?? []
    ).map((w) => `${w.entitySet} ${w.message} × ${w.targets.length}`),
  );
const customersAsked = (run: RunResult) =>
  executions(run, 'Get_balances_from_Xero').map(
    (a) => (a.inputs as { parameters: { 'body/customers': Row[] } }).parameters['body/customers'].length,
  );

function daysFromToday(books: OrganisationBooks, days: number): string {
  const d = new Date(`${books.today()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A Xero customer owing `due` now and `overdue` past its due date (two AUTHORISED invoices, no tax). */
function xeroCustomer(books: OrganisationBooks, due: number, overdue: number) {
  const contact = books.createContact({ name: `Balance customer ${randomUUID().slice(0, 8)}` });
  const invoice = (amount: number, dueDate: string) =>
    books.createInvoice({
      contactId: contact.contactId,
      status: 'AUTHORISED',
      lineAmountTypes: 'NoTax',
      date: daysFromToday(books, -40),
      dueDate,
      lineItems: [{ description: 'Balance test', quantity: 1, unitAmount: amount, accountCode: '200' }],
    });
  const current = due > 0 ? invoice(due, daysFromToday(books, 10)) : undefined;
  const late = overdue > 0 ? invoice(overdue, daysFromToday(books, -10)) : undefined;
  return { contactId: contact.contactId, current, late };
}

describe('Refresh customer balances', () => {
  let world: World;
  const ids = {
    owes: randomUUID(),
    person: randomUUID(),
    shared: randomUUID(),
    sharedContact: randomUUID(),
    steady: randomUUID(),
    unknown: randomUUID(),
    plain: randomUUID(),
  };
  let owes: ReturnType<typeof xeroCustomer>;
  let steadyBefore: Row;

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => world?.close());
  afterEach(() => world.sandbox.xero.emulator.faults.clear());

  test('balances are written to accounts and contacts that changed, one history row, the flag back to No', async () => {
    const { books } = world;
    owes = xeroCustomer(books, 120, 80);
    const person = xeroCustomer(books, 45.5, 0);
    const shared = xeroCustomer(books, 0, 30);
    const steady = xeroCustomer(books, 10, 5);
    world.sandbox.dataverse.load({
      account: [
        { accountid: ids.owes, name: 'Owes and overdue', dxc_xerocontactid: owes.contactId },
        // Xero ids are compared without regard to case.
        {
          accountid: ids.shared,
          name: 'Shares a Xero contact',
          dxc_xerocontactid: shared.contactId.toUpperCase(),
        },
        {
          accountid: ids.steady,
          name: 'Balance already up to date',
          dxc_xerocontactid: steady.contactId,
          dxc_amountowed: 15,
          dxc_amountoverdue: 5,
          dxc_balancesyncedon: '2026-01-05T08:00:00Z',
        },
        { accountid: ids.unknown, name: 'Not in Xero', dxc_xerocontactid: randomUUID() },
        { accountid: ids.plain, name: 'Never synced' },
      ],
      contact: [
        { contactid: ids.person, firstname: 'Pat', lastname: 'Person', dxc_xerocontactid: person.contactId },
        {
          contactid: ids.sharedContact,
          firstname: 'Sam',
          lastname: 'Shared',
          dxc_xerocontactid: shared.contactId,
        },
      ],
    });
    steadyBefore = row(world, 'account', ids.steady);
    const unknownBefore = row(world, 'account', ids.unknown);
    const plainBefore = row(world, 'account', ids.plain);
    const xeroCallsBefore = world.sandbox.xeroCalls();

    const run = await refreshed(world);
    expect(run.trigger.outputs).toMatchObject({
      body: { dxc_xeroconnectionid: world.connectionRowId, dxc_refreshbalances: true, SdkMessage: 'Update' },
    });
    expect(customersAsked(run)).toEqual([6]);
    expect(world.sandbox.xeroCalls() - xeroCallsBefore).toBe(1);
    expect(writeBacks(run)).toEqual(['accounts UpdateMultiple × 2', 'contacts UpdateMultiple × 2']);
    expect(executions(run, 'Send_bulk_write').map((a) => a.status)).toEqual(['Succeeded', 'Succeeded']);
    expect(executions(run, 'Write_row')).toEqual([]);
    expect(run.requests).toBe(refreshRequests(1, 2));

    expect(row(world, 'account', ids.owes)).toMatchObject({ dxc_amountowed: 200, dxc_amountoverdue: 80 });
    expect(row(world, 'contact', ids.person)).toMatchObject({ dxc_amountowed: 45.5, dxc_amountoverdue: 0 });
    expect(row(world, 'account', ids.shared)).toMatchObject({ dxc_amountowed: 30, dxc_amountoverdue: 30 });
    expect(row(world, 'contact', ids.sharedContact)).toMatchObject({
      dxc_amountowed: 30,
      dxc_amountoverdue: 30,
    });
    for (const [table, id] of [
      ['account', ids.owes],
      ['account', ids.shared],
      ['contact', ids.person],
      ['contact', ids.sharedContact],
    ] as const) {
      expect(row(world, table, id).dxc_balancesyncedon).toEqual(
        expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      );
    }
    // Unchanged balance, an id Xero does not know, no id at all: not written (same version, same modifiedon).
    expect(row(world, 'account', ids.steady)).toEqual(steadyBefore);
    expect(row(world, 'account', ids.unknown)).toEqual(unknownBefore);
    expect(row(world, 'account', ids.plain)).toEqual(plainBefore);

    expect(balanceHistory(world)).toEqual([
      expect.objectContaining({
        dxc_status: RESULT.Successful,
        _dxc_connectionid_value: world.connectionRowId,
        _dxc_invoiceid_value: null,
        dxc_details: 'Balances refreshed from Xero for 6 customers (4 accounts, 2 contacts) in 1 Xero call.',
      }),
    ]);
    expect(balanceHistory(world)[0]!.dxc_name).toMatch(/^Sync - \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    // Set back to No by the flow; that update does not start another run (the trigger wants Yes).
    expect(connectionRow(world).dxc_refreshbalances).toBe(false);
    expect(world.watch.runs).toHaveLength(1);
  });

  test('a second refresh with nothing changed writes no customer; a payment rewrites only the customer who paid', async () => {
    const before = customers(world);
    const again = await refreshed(world);
    expect(writeBacks(again)).toEqual([]);
    expect(executions(again, 'Write_back_to_Dataverse')[0]!.repetitions).toEqual([]);
    expect(executions(again, 'Send_bulk_write')).toHaveLength(0);
    expect(again.requests).toBe(refreshRequests(1, 0));
    expect(customers(world)).toEqual(before);
    expect(balanceHistory(world)).toHaveLength(2);
    expect(balanceHistory(world)[1]).toMatchObject({ dxc_status: RESULT.Successful });
    expect(connectionRow(world).dxc_refreshbalances).toBe(false);

    world.books.recordPayment({ invoiceId: owes.late!.invoiceId, amount: 80 });
    const paid = await refreshed(world);
    expect(writeBacks(paid)).toEqual(['accounts UpdateMultiple × 1']);
    expect(row(world, 'account', ids.owes)).toMatchObject({ dxc_amountowed: 120, dxc_amountoverdue: 0 });
    const after = customers(world);
    expect(after.contact).toEqual(before.contact);
    const others = (rows: Row[] | undefined) => rows!.filter((a) => a.accountid !== ids.owes);
    expect(others(after.account)).toEqual(others(before.account));
  });

  test('Xero failing: a Failed history row naming Get_balances_from_Xero, nothing written, the flag back to No', async () => {
    const before = customers(world);
    const historyBefore = balanceHistory(world).length;
    world.books.recordPayment({ invoiceId: owes.current!.invoiceId, amount: 20 });
    world.sandbox.xero.emulator.faults.inject({ kind: 'status', status: 503, count: null });
    const runs = await requestRefresh(world);
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run.status).toBe('Failed');
    expect(run.error).toMatchObject({ code: 'XeroBalancesFailed' });
    expect(failedSteps(run)).toEqual([expect.stringMatching(/^Get_balances_from_Xero: /)]);
    expect(executions(run, 'Send_bulk_write')).toHaveLength(0);

    const added = balanceHistory(world).slice(historyBefore);
    expect(added).toEqual([
      expect.objectContaining({ dxc_status: RESULT.Failed, _dxc_connectionid_value: world.connectionRowId }),
    ]);
    expect(added[0]!.dxc_details).toMatch(
      /^Customer balances not refreshed at Get_balances_from_Xero: Xero is temporarily unavailable\. \S/,
    );
    expect(customers(world)).toEqual(before);
    expect(connectionRow(world).dxc_refreshbalances).toBe(false);

    // Once Xero is back, the next request brings the payment in.
    world.sandbox.xero.emulator.faults.clear();
    await refreshed(world);
    expect(row(world, 'account', ids.owes)).toMatchObject({ dxc_amountowed: 100, dxc_amountoverdue: 0 });
  });

  test('Dataverse refusing the listing: a Failed history row naming the List rows step, the flag back to No', async () => {
    const before = customers(world);
    const historyBefore = balanceHistory(world).length;
    const connection = await webApi(world, 'GET', `dxc_xeroconnections(${world.connectionRowId})`);
    // The run a request starts (its trigger body), with the next Dataverse request, the first List rows, throttled.
    world.sandbox.dataverse.throttleNext(1);
    const run = await world.sandbox.run(flow, {
      trigger: { body: { ...connection.body, dxc_refreshbalances: true, SdkMessage: 'Update' } },
    });
    expect(run.status).toBe('Failed');
    expect(failedSteps(run)).toEqual([expect.stringMatching(/^List_accounts_with_Xero_id: /)]);
    expect(executions(run, 'Get_balances_from_Xero')).toEqual([]);
    const added = balanceHistory(world).slice(historyBefore);
    expect(added).toEqual([expect.objectContaining({ dxc_status: RESULT.Failed })]);
    expect(added[0]!.dxc_details).toMatch(
      /^Customer balances not refreshed at List_accounts_with_Xero_id: \S/,
    );
    expect(customers(world)).toEqual(before);
    expect(connectionRow(world).dxc_refreshbalances).toBe(false);
  });

  test('other changes to the connection row start no run', async () => {
    const historyBefore = balanceHistory(world).length;
    expect(
      await runsAfter(world, () => patchConnection(world, { dxc_name: 'Demo Company (renamed)' })),
    ).toEqual([]);
    expect(await runsAfter(world, () => patchConnection(world, { dxc_refreshbalances: false }))).toEqual([]);
    expect(
      await runsAfter(world, () =>
        patchConnection(world, { dxc_name: 'Demo Company', dxc_refreshbalances: false }),
      ),
    ).toEqual([]);
    expect(balanceHistory(world)).toHaveLength(historyBefore);
    expect(connectionRow(world).dxc_refreshbalances).toBe(false);
  });

  test('a bulk message Dataverse refuses: its rows are written one at a time, the others land', async () => {
    await refreshed(world); // every balance stored before: only the three below change
    const { books } = world;
    const fresh = [xeroCustomer(books, 11, 0), xeroCustomer(books, 22, 0), xeroCustomer(books, 33, 0)];
    const freshIds = fresh.map(() => randomUUID());
    world.sandbox.dataverse.load({
      account: fresh.map((c, i) => ({
        accountid: freshIds[i],
        name: `Fallback ${i}`,
        dxc_xerocontactid: c.contactId,
      })),
    });
    const historyBefore = balanceHistory(world).length;
    // A user deletes one of the accounts while the proxy asks Xero (after the flow listed it): the accounts'
    // UpdateMultiple names a row that is gone, and Dataverse refuses the whole message.
    world.sandbox.xero.emulator.faults.inject({ kind: 'hold', method: 'GET', path: '/Contacts' });
    const runs = await runsAfter(world, async () => {
      await patchConnection(world, { dxc_refreshbalances: true });
      await world.sandbox.xero.emulator.faults.waitForHeld(1);
      expect((await webApi(world, 'DELETE', `accounts(${freshIds[1]})`)).status).toBe(204);
      world.sandbox.xero.emulator.faults.release();
    });
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(writeBacks(run)).toEqual(['accounts UpdateMultiple × 3']);
    const bulk = executions(run, 'Send_bulk_write');
    expect(bulk.map((a) => a.status)).toEqual(['Failed']);
    const rows = executions(run, 'Write_row');
    expect(rows.map((a) => a.status)).toEqual(['Succeeded', 'Failed', 'Succeeded']);
    expect(row(world, 'account', freshIds[0]!)).toMatchObject({ dxc_amountowed: 11 });
    expect(row(world, 'account', freshIds[2]!)).toMatchObject({ dxc_amountowed: 33 });
    expect(world.sandbox.dataverse.snapshot().account!.some((a) => a.accountid === freshIds[1])).toBe(false);

    // The run still fails, with one Failed history row: the loop's failure is all the Catch can see from outside it.
    expect(run.status).toBe('Failed');
    expect(failedSteps(run)).toEqual([
      `Send_bulk_write: account With Id = ${freshIds[1]} Does Not Exist`,
      `Write_row: account With Id = ${freshIds[1]} Does Not Exist`,
    ]);
    expect(balanceHistory(world).slice(historyBefore)).toEqual([
      expect.objectContaining({
        dxc_status: RESULT.Failed,
        dxc_details:
          'Customer balances not refreshed at Write_back_to_Dataverse: An action failed. No dependent actions succeeded.',
      }),
    ]);
    expect(connectionRow(world).dxc_refreshbalances).toBe(false);
  });
});

describe('Refresh customer balances: cost', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => world?.close());

  test('150 customers: 2 GetContactBalances calls, 2 Xero calls, ≤ 2 bulk writes per batch', async () => {
    const { books } = world;
    const inXero = Array.from({ length: 150 }, () => xeroCustomer(books, 0, 0).contactId);
    // Accounts are listed first: batch 1 holds 90 accounts and 10 contacts, batch 2 the other 50 contacts.
    world.sandbox.dataverse.load({
      account: inXero.slice(0, 90).map((xeroId, i) => ({
        accountid: randomUUID(),
        name: `Volume account ${i}`,
        dxc_xerocontactid: xeroId,
      })),
      contact: inXero.slice(90).map((xeroId, i) => ({
        contactid: randomUUID(),
        lastname: `Volume contact ${i}`,
        dxc_xerocontactid: xeroId,
      })),
    });
    const xeroCallsBefore = world.sandbox.xeroCalls();
    const run = await refreshed(world);
    expect(customersAsked(run)).toEqual([100, 50]);
    expect(world.sandbox.xeroCalls() - xeroCallsBefore).toBe(2);
    // Never written before (no balance stored): every one is written, with a zero balance.
    expect(writeBacks(run)).toEqual([
      'accounts UpdateMultiple × 90',
      'contacts UpdateMultiple × 10',
      'contacts UpdateMultiple × 50',
    ]);
    expect(executions(run, 'Send_bulk_write').every((a) => a.status === 'Succeeded')).toBe(true);
    expect(run.requests).toBe(refreshRequests(2, 3));
    const { account, contact } = customers(world);
    expect([...account!, ...contact!].every((c) => c.dxc_amountowed === 0 && c.dxc_amountoverdue === 0)).toBe(
      true,
    );
    expect(balanceHistory(world).at(-1)!.dxc_details).toBe(
      'Balances refreshed from Xero for 150 customers (90 accounts, 60 contacts) in 2 Xero calls.',
    );

    // Nothing changed: the same 2 Xero calls, no bulk write.
    const calls = world.sandbox.xeroCalls();
    const again = await refreshed(world);
    expect(world.sandbox.xeroCalls() - calls).toBe(2);
    expect(executions(again, 'Send_bulk_write')).toHaveLength(0);
    expect(again.requests).toBe(refreshRequests(2, 0));
  });
});
