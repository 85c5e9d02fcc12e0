/**
 * The Customer balances flow (DESIGN §5 flow 5, B9) as the solution ships it: balances of Xero contacts (from the
 * real proxy over the Xero emulator) written to the Dynamics accounts and contacts they belong to, only when they
 * changed, with one Balance history row per run.
 */
import { randomUUID } from 'node:crypto';
import type { RunResult } from '@dxc/flow-runner';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import { executions, failedActions, loadSolutionFlow, startFlowSandbox } from './support/flow-sandbox';
import type { FlowSandbox } from './support/flow-sandbox';

jest.setTimeout(60_000);

const BALANCE = 714500008;
const RESULT = { Successful: 714500000, Failed: 714500001 };

let sandbox: FlowSandbox;
let books: OrganisationBooks;
const connectionRowId = randomUUID();
const flow = loadSolutionFlow('CustomerBalances');

beforeAll(async () => {
  sandbox = await startFlowSandbox();
  books = sandbox.xero.emulator.books<OrganisationBooks>(sandbox.connection.tenantId);
  sandbox.dataverse.load({
    dxc_xeroconnection: [
      {
        dxc_xeroconnectionid: connectionRowId,
        dxc_name: 'Demo Company',
        dxc_tenantid: sandbox.connection.tenantId,
      },
    ],
  });
});
afterAll(async () => sandbox?.close());

const daysFromToday = (days: number) => {
  const d = new Date(`${books.today()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** A Xero customer owing `due` now and `overdue` past its due date (two AUTHORISED invoices, no tax). */
function xeroCustomer(due: number, overdue: number) {
  const contact = books.createContact({ name: `Balance customer ${randomUUID().slice(0, 8)}` });
  const invoice = (amount: number, dueDate: string) =>
    books.createInvoice({
      contactId: contact.contactId,
      status: 'AUTHORISED',
      lineAmountTypes: 'NoTax',
      date: daysFromToday(-40),
      dueDate,
      lineItems: [{ description: 'Balance test', quantity: 1, unitAmount: amount, accountCode: '200' }],
    });
  const current = due > 0 ? invoice(due, daysFromToday(10)) : undefined;
  const late = overdue > 0 ? invoice(overdue, daysFromToday(-10)) : undefined;
  return { contactId: contact.contactId, current, late };
}

const row = (table: 'account' | 'contact', id: string) =>
  sandbox.dataverse.snapshot()[table]!.find((r) => r[`${table}id`] === id)!;
const balanceHistory = () =>
  (sandbox.dataverse.snapshot().dxc_synchistory ?? []).filter((h) => h.dxc_action === BALANCE);
const customersOnly = () => {
  const s = sandbox.dataverse.snapshot();
  return { account: s.account, contact: s.contact };
};
const xeroCalls = (run: RunResult) => executions(run, 'Get_balances_from_Xero').length;

describe('Customer balances', () => {
  const ids = {
    account: randomUUID(),
    contact: randomUUID(),
    both: randomUUID(),
    bothContact: randomUUID(),
    gone: randomUUID(),
    plain: randomUUID(),
  };
  let owes: ReturnType<typeof xeroCustomer>;

  test('balances are written to accounts and contacts, with one Balance history row with counts', async () => {
    owes = xeroCustomer(120, 80);
    const person = xeroCustomer(45.5, 0);
    const shared = xeroCustomer(0, 30);
    sandbox.dataverse.load({
      account: [
        { accountid: ids.account, name: 'Owes and overdue', dxc_xerocontactid: owes.contactId },
        {
          accountid: ids.both,
          name: 'Shares a Xero contact',
          dxc_xerocontactid: shared.contactId.toUpperCase(),
        },
        { accountid: ids.gone, name: 'Not in Xero', dxc_xerocontactid: randomUUID() },
        { accountid: ids.plain, name: 'Never synced' },
      ],
      contact: [
        { contactid: ids.contact, firstname: 'Pat', lastname: 'Person', dxc_xerocontactid: person.contactId },
        {
          contactid: ids.bothContact,
          firstname: 'Sam',
          lastname: 'Shared',
          dxc_xerocontactid: shared.contactId,
        },
      ],
    });

    const run = await sandbox.run(flow);
    expect(failedActions(run)).toEqual([]);
    expect(run.status).toBe('Succeeded');
    expect(xeroCalls(run)).toBe(1);

    expect(row('account', ids.account)).toMatchObject({ dxc_amountowed: 200, dxc_amountoverdue: 80 });
    expect(row('contact', ids.contact)).toMatchObject({ dxc_amountowed: 45.5, dxc_amountoverdue: 0 });
    expect(row('account', ids.both)).toMatchObject({ dxc_amountowed: 30, dxc_amountoverdue: 30 });
    expect(row('contact', ids.bothContact)).toMatchObject({ dxc_amountowed: 30, dxc_amountoverdue: 30 });
    for (const [table, id] of [
      ['account', ids.account],
      ['contact', ids.contact],
      ['contact', ids.bothContact],
    ] as const)
      expect(row(table, id).dxc_balancesyncedon).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    expect(row('account', ids.gone)).toMatchObject({ dxc_amountowed: null, dxc_balancesyncedon: null });
    expect(row('account', ids.plain)).toMatchObject({ dxc_amountowed: null, dxc_balancesyncedon: null });

    expect(balanceHistory()).toEqual([
      expect.objectContaining({
        dxc_status: RESULT.Successful,
        _dxc_connectionid_value: connectionRowId,
        _dxc_invoiceid_value: null,
        dxc_details:
          'Balances read from Xero for 5 customers (3 accounts, 2 contacts) in 1 Xero call: 4 updated, 0 unchanged, 1 not found in Xero.',
      }),
    ]);
  });

  test('a second run changes no customer; a payment changes only the customer who paid', async () => {
    const before = customersOnly();
    const again = await sandbox.run(flow);
    expect(failedActions(again)).toEqual([]);
    expect(customersOnly()).toEqual(before);
    expect(balanceHistory()[1]!.dxc_details).toBe(
      'Balances read from Xero for 5 customers (3 accounts, 2 contacts) in 1 Xero call: 0 updated, 4 unchanged, 1 not found in Xero.',
    );

    books.recordPayment({ invoiceId: owes.late!.invoiceId, amount: 80 });
    const paid = await sandbox.run(flow);
    expect(failedActions(paid)).toEqual([]);
    expect(row('account', ids.account)).toMatchObject({ dxc_amountowed: 120, dxc_amountoverdue: 0 });
    const after = customersOnly();
    expect(after.contact).toEqual(before.contact);
    expect(after.account!.filter((a) => a.accountid !== ids.account)).toEqual(
      before.account!.filter((a) => a.accountid !== ids.account),
    );
    expect(balanceHistory()[2]!.dxc_details).toMatch(/: 1 updated, 3 unchanged, 1 not found in Xero\.$/);
  });

  test('Xero contact ids go 50 to a call, each id once', async () => {
    sandbox.dataverse.load({
      account: Array.from({ length: 50 }, (_, i) => ({
        accountid: randomUUID(),
        name: `Batch ${i}`,
        dxc_xerocontactid: randomUUID(),
      })),
    });
    const run = await sandbox.run(flow);
    expect(failedActions(run)).toEqual([]);
    const asked = executions(run, 'Get_balances_from_Xero').map(
      (a) =>
        (a.inputs as { parameters: { 'body/xeroContactIds': string[] } }).parameters['body/xeroContactIds'],
    );
    // 54 distinct ids: the two customers sharing a Xero contact are asked about once.
    expect(asked.map((b) => b.length)).toEqual([50, 4]);
    expect(new Set(asked.flat()).size).toBe(54);
    expect(balanceHistory().at(-1)!.dxc_details).toBe(
      'Balances read from Xero for 55 customers (53 accounts, 2 contacts) in 2 Xero calls: 0 updated, 4 unchanged, 51 not found in Xero.',
    );
  });

  test('Xero failing: the Catch scope names the failing call and its error, and nothing is written', async () => {
    const before = sandbox.dataverse.snapshot();
    sandbox.xero.emulator.faults.inject({
      kind: 'status',
      status: 500,
      count: null,
      method: 'GET',
      path: '/Contacts',
    });
    const run = await sandbox.run(flow).finally(() => sandbox.xero.emulator.faults.clear());
    expect(run.status).toBe('Failed');
    const added = balanceHistory().slice(
      before.dxc_synchistory!.filter((h) => h.dxc_action === BALANCE).length,
    );
    expect(added).toEqual([
      expect.objectContaining({ dxc_status: RESULT.Failed, _dxc_connectionid_value: connectionRowId }),
    ]);
    expect(added[0]!.dxc_details).toMatch(
      /^Customer balances not read at Get_balances_from_Xero: Xero answered with an error \(HTTP 500\)/,
    );
    const after = sandbox.dataverse.snapshot();
    expect({ account: after.account, contact: after.contact }).toEqual({
      account: before.account,
      contact: before.contact,
    });
  });

  test('the proxy unreachable: the Catch scope writes a Failed Balance row and the run fails', async () => {
    const before = balanceHistory().length;
    const run = await sandbox.run(flow, sandbox.unreachableProxy());
    expect(run.status).toBe('Failed');
    const added = balanceHistory().slice(before);
    expect(added).toEqual([expect.objectContaining({ dxc_status: RESULT.Failed })]);
    expect(added[0]!.dxc_details).toMatch(/^Customer balances not read at Get_Xero_organisation: .+/);
  });
});
