/**
 * The demo's seed and form bindings against the real parts they describe: the rows load into the Dataverse emulator
 * (so every column, choice value and lookup exists in the solution model), the ready invoice is what the Sync flow
 * takes, and every control property is bound to a column the form model names.
 */
import { startDataverseEmulator } from '@dxc/dataverse-emulator';
import type { DataverseEmulator } from '@dxc/dataverse-emulator';
import { choiceValue, solutionModel } from '@dxc/solution';
import { demoBindings } from '../../scripts/demo/control-bindings';
import { DEMO_IDS, demoSeed } from '../../scripts/demo/demo-seed';

const TENANT = '00000000-0000-4000-8000-0000000000aa';
let dataverse: DataverseEmulator;
beforeAll(async () => {
  dataverse = await startDataverseEmulator({ port: 0, host: '127.0.0.1' });
});
afterAll(() => dataverse?.close());

test('choice values come from the solution model, and an unknown label is refused by name', () => {
  const exportStatus = solutionModel.choices.find((c) => c.name === 'dxc_exportstatus')!;
  expect(choiceValue('dxc_exportstatus', 'Yes')).toBe(
    exportStatus.options.find((o) => o.label === 'Yes')!.value,
  );
  expect(() => choiceValue('dxc_exportstatus', 'Maybe')).toThrow(
    /no option 'Maybe' \(it has No, Yes, Failed\)/,
  );
  expect(() => choiceValue('dxc_nothing', 'No')).toThrow(/no choice 'dxc_nothing'/);
});

test('the seed loads into the Dataverse emulator: customers, products, a price list, a connection, invoices in several states', () => {
  const seed = demoSeed({
    tenantId: TENANT,
    tenantName: 'Demo Company (UK)',
    today: new Date('2026-12-06T10:00:00Z'),
  });
  const ids = dataverse.load(seed.rows);
  expect(ids.account).toHaveLength(3);
  expect(ids.contact).toHaveLength(3);
  expect(ids.product).toHaveLength(3);
  expect(seed.cancelled).toEqual([DEMO_IDS.invoices.cancelled]);
  const rows = dataverse.snapshot();
  const connection = rows.dxc_xeroconnection!.find((c) => c.dxc_xeroconnectionid === DEMO_IDS.connection)!;
  expect(connection).toMatchObject({
    dxc_tenantid: TENANT,
    dxc_defaultinvoicestatus: choiceValue('dxc_defaultinvoicestatus', 'Authorised'),
    dxc_cancellationpolicy: choiceValue('dxc_cancellationpolicy', 'Credit note'),
    dxc_createcontacts: true,
    _dxc_defaultsalesaccountid_value: DEMO_IDS.salesAccount,
  });
  const invoice = (id: string) => rows.invoice!.find((i) => i.invoiceid === id)!;
  // Ready (DESIGN B1): a connection, delivered today or earlier, active, export status No.
  expect(invoice(DEMO_IDS.invoices.ready)).toMatchObject({
    _dxc_connectionid_value: DEMO_IDS.connection,
    datedelivered: '2026-12-06T00:00:00Z',
    statecode: 0,
    dxc_exportstatus: choiceValue('dxc_exportstatus', 'No'),
  });
  expect(invoice(DEMO_IDS.invoices.notReady)._dxc_connectionid_value).toBeNull();
  // Lines total as Dynamics computes them: INV-1001 is 3 × 850 + 120 + a zero note line.
  expect(invoice(DEMO_IDS.invoices.notReady).totallineitemamount).toBe(2670);
});

test('every control property is bound to a column the form model names, with the shape its manifest declares', () => {
  const byName = Object.fromEntries(demoBindings().map((b) => [b.name, b]));
  expect(Object.keys(byName).sort()).toEqual([
    'CustomerBalanceCard',
    'SyncCentre',
    'SyncHistoryTimeline',
    'XeroInvoicePanel',
  ]);
  expect(byName.XeroInvoicePanel!.bound).toMatchObject({
    xeroStatus: { column: 'dxc_xerostatus', kind: 'optionSet' },
    amountDue: { column: 'dxc_amountdue', kind: 'money' },
    exportedOn: { column: 'dxc_exportedon', kind: 'date' },
    connection: { column: 'dxc_connectionid', kind: 'lookup' },
  });
  expect(byName.XeroInvoicePanel!.inputs.currencySymbol).toEqual({ kind: 'text', value: '£' });
  expect(byName.SyncCentre!.inputs.refreshSeconds).toEqual({ kind: 'whole', value: 5 });
  expect(byName.CustomerBalanceCard!.table).toBe('account');
});
