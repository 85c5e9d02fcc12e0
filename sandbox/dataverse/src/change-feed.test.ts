// The change feed behind "When a row is added, modified or deleted" (Power Automate Dataverse connector docs
// create-update-delete-trigger.md; callbackregistration message/scope codes; flow-runner.md 4.1 and 4.2).
import type { DynamicsWebApi } from 'dynamics-web-api';
import type { ChangeEvent, ChangeSubscription } from './change-feed';
import { startDataverseEmulator, type DataverseEmulator } from './emulator';
import { rejection, webApiClient } from './testing/web-api-client';

let emulator: DataverseEmulator;
let api: DynamicsWebApi;
let account: string;

beforeAll(async () => {
  emulator = await startDataverseEmulator();
  api = webApiClient(emulator);
  account = (await api.create({ collection: 'accounts', data: { name: 'Feed Ltd' } })) as string;
});
afterAll(async () => {
  await emulator.close();
});

/** Collects events of one subscription; `settle()` waits for the microtask deliveries of writes already made. */
function collect(spec: ChangeSubscription): {
  events: ChangeEvent[];
  stop: () => void;
  settle: () => Promise<void>;
} {
  const events: ChangeEvent[] = [];
  const stop = emulator.changes.subscribe(spec, (e) => {
    events.push(e);
  });
  return { events, stop, settle: () => new Promise((resolve) => setImmediate(resolve)) };
}

const newInvoice = async (name: string) =>
  (await api.create({
    collection: 'invoices',
    data: { name, 'customerid_account@odata.bind': `/accounts(${account})` },
  })) as string;

describe('change feed', () => {
  it('message 7 delivers Create, Update (with pre-image) and Delete (pre-image only) with the Web API row shape', async () => {
    const sub = collect({ entityName: 'invoice', message: 7, scope: 4 });
    const id = await newInvoice('Feed 1');
    await api.update({ collection: 'invoices', key: id, data: { description: 'changed' } });
    await api.deleteRecord({ collection: 'invoices', key: id });
    await sub.settle();
    sub.stop();
    const mine = sub.events.filter((e) => e.id === id);
    expect(mine.map((e) => e.message)).toEqual(['Create', 'Update', 'Delete']);
    const [created, updated, deleted] = mine as [ChangeEvent, ChangeEvent, ChangeEvent];
    expect(created.image).toMatchObject({
      invoiceid: id,
      name: 'Feed 1',
      _customerid_value: account,
      '_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'account',
      _ownerid_value: emulator.ids.systemUser,
    });
    expect(created.preImage).toBeUndefined();
    expect(updated.changedAttributes).toEqual(['description']);
    expect(updated.preImage).toMatchObject({ description: null });
    expect(updated.image).toMatchObject({ description: 'changed' });
    expect(deleted.image).toBeUndefined();
    expect(deleted.preImage).toMatchObject({ invoiceid: id, description: 'changed' });
    expect(created.sequence).toBeLessThan(updated.sequence);
  });

  it('filtering attributes: only updates that include one of them (changed or not) fire', async () => {
    const sub = collect({
      entityName: 'invoice',
      message: 3,
      filteringAttributes: 'statecode,dxc_connectionid',
    });
    const id = await newInvoice('Feed 2');
    await api.update({ collection: 'invoices', key: id, data: { description: 'not watched' } });
    await api.update({ collection: 'invoices', key: id, data: { statecode: 0 } });
    await api.update({ collection: 'invoices', key: id, data: { statecode: 3 } });
    await sub.settle();
    sub.stop();
    const mine = sub.events.filter((e) => e.id === id);
    expect(mine.map((e) => e.image?.statecode)).toEqual([0, 3]);
    expect(mine.every((e) => e.message === 'Update')).toBe(true);
  });

  it('the filter expression is evaluated on the saved row (pre-image for deletes)', async () => {
    const sub = collect({ entityName: 'invoice', message: 6, filterExpression: 'statecode eq 3' });
    const active = await newInvoice('Feed active');
    const cancelled = await newInvoice('Feed cancelled');
    await api.update({ collection: 'invoices', key: active, data: { description: 'x' } });
    await api.update({ collection: 'invoices', key: cancelled, data: { statecode: 3 } });
    await api.deleteRecord({ collection: 'invoices', key: cancelled });
    await api.deleteRecord({ collection: 'invoices', key: active });
    await sub.settle();
    sub.stop();
    expect(sub.events.map((e) => [e.message, e.id])).toEqual([
      ['Update', cancelled],
      ['Delete', cancelled],
    ]);
  });

  it('line changes update the invoice totals and fire an invoice Update naming them', async () => {
    const sub = collect({ entityName: 'invoice', message: 3, filteringAttributes: ['totalamount'] });
    const id = await newInvoice('Feed totals');
    await api.create({
      collection: 'invoicedetails',
      data: {
        'invoiceid@odata.bind': `/invoices(${id})`,
        quantity: 2,
        priceperunit: 10,
        tax: 4,
        isproductoverridden: true,
      },
    });
    await sub.settle();
    sub.stop();
    const mine = sub.events.filter((e) => e.id === id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.changedAttributes).toEqual(expect.arrayContaining(['totalamount', 'totaltax']));
    expect(mine[0]!.image?.totalamount).toBe(24);
  });

  it('deleting a cancelled invoice deletes its lines first, without an invoice Update in between', async () => {
    const invoices = collect({ entityName: 'invoice', message: 7 });
    const lines = collect({ entityName: 'invoicedetail', message: 2 });
    const id = await newInvoice('Feed cancel then delete');
    const line = (await api.create({
      collection: 'invoicedetails',
      data: {
        'invoiceid@odata.bind': `/invoices(${id})`,
        quantity: 1,
        priceperunit: 5,
        isproductoverridden: true,
      },
    })) as string;
    await api.update({ collection: 'invoices', key: id, data: { statecode: 3 } });
    await api.deleteRecord({ collection: 'invoices', key: id });
    await invoices.settle();
    invoices.stop();
    lines.stop();
    expect(invoices.events.filter((e) => e.id === id).map((e) => e.message)).toEqual([
      'Create',
      'Update', // totals after the line
      'Update', // cancelled
      'Delete',
    ]);
    expect(lines.events.map((e) => [e.message, e.id])).toEqual([['Delete', line]]);
    expect(lines.events[0]!.sequence).toBeLessThan(invoices.events.at(-1)!.sequence);
  });

  it('scope 1 (User) only sees rows the subscribing user owns', async () => {
    const other = '99999999-0000-4000-8000-000000000001';
    emulator.load({ systemuser: [{ systemuserid: other, firstname: 'Other', lastname: 'User' }] });
    const mineOnly = collect({ entityName: 'account', message: 1, scope: 1, userId: other });
    const org = collect({ entityName: 'account', message: 1, scope: 4 });
    const ownedByOther = (await api.create({
      collection: 'accounts',
      data: { name: 'Owned by other', 'ownerid@odata.bind': `/systemusers(${other})` },
    })) as string;
    const ownedByMe = (await api.create({ collection: 'accounts', data: { name: 'Owned by me' } })) as string;
    await mineOnly.settle();
    mineOnly.stop();
    org.stop();
    expect(mineOnly.events.map((e) => e.id)).toEqual([ownedByOther]);
    expect(org.events.map((e) => e.id)).toEqual([ownedByOther, ownedByMe]);
  });

  it('failed writes publish nothing; a rolled-back bulk message publishes nothing', async () => {
    const sub = collect({ entityName: 'account', message: 7 });
    await rejection(api.create({ collection: 'accounts', data: { nosuch: 1 } }));
    await rejection(
      api.callAction({
        collection: 'accounts',
        actionName: 'Microsoft.Dynamics.CRM.CreateMultiple',
        action: {
          Targets: [
            { '@odata.type': 'Microsoft.Dynamics.CRM.account', name: 'ok' },
            { '@odata.type': 'Microsoft.Dynamics.CRM.account', name: 5 },
          ],
        },
      }),
    );
    await sub.settle();
    sub.stop();
    expect(sub.events).toEqual([]);
  });

  it('invalid subscriptions are refused naming the problem; listener errors never fail a write', async () => {
    expect(() => emulator.changes.subscribe({ entityName: 'invoices', message: 1 }, () => undefined)).toThrow(
      "The entity name 'invoices' of the subscription does not exist.",
    );
    expect(() => emulator.changes.subscribe({ entityName: 'invoice', message: 9 }, () => undefined)).toThrow(
      /1..7/,
    );
    expect(() =>
      emulator.changes.subscribe(
        { entityName: 'invoice', message: 3, filteringAttributes: 'nosuch' },
        () => undefined,
      ),
    ).toThrow("Could not find a property named 'nosuch'");
    expect(() =>
      emulator.changes.subscribe(
        { entityName: 'invoice', message: 3, filterExpression: 'statecode eq' },
        () => undefined,
      ),
    ).toThrow(/Syntax error/);
    const stop = emulator.changes.subscribe({ entityName: 'account', message: 1 }, () => {
      throw new Error('listener bug');
    });
    await api.create({ collection: 'accounts', data: { name: 'Survives' } });
    await new Promise((resolve) => setImmediate(resolve));
    stop();
    expect(emulator.changes.listenerFailures().map((e) => (e as Error).message)).toContain('listener bug');
  });
});
