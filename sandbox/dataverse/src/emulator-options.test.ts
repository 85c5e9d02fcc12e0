// Options of startDataverseEmulator: bearer token, service protection (powerapps-docs api-limits.md: 429 with
// Retry-After, error 0x80072322), seeds with lookups, snapshot() and the clock.
import { choiceValue, solutionModel } from '@dxc/solution';
import { startDataverseEmulator, type DataverseEmulator } from './emulator';
import { buildSchema } from './schema/build-schema';
import { rejection, webApiClient } from './testing/web-api-client';

const open: DataverseEmulator[] = [];
async function start(options: Parameters<typeof startDataverseEmulator>[0]): Promise<DataverseEmulator> {
  const e = await startDataverseEmulator(options);
  open.push(e);
  return e;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
});

describe('bearer token option', () => {
  it('no authentication by default; with requireBearerToken a wrong or missing token is 401', async () => {
    const free = await start({});
    expect((await fetch(`${free.apiUrl}/accounts`)).status).toBe(200);
    const locked = await start({ requireBearerToken: 'sekret-token' });
    const missing = await fetch(`${locked.apiUrl}/accounts`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('WWW-Authenticate')).toMatch(/^Bearer /);
    const wrong = await rejection(webApiClient(locked, 'other').retrieveMultiple({ collection: 'accounts' }));
    expect(wrong.status).toBe(401);
    const ok = await webApiClient(locked, 'sekret-token').retrieveMultiple({ collection: 'accounts' });
    expect(ok.value).toEqual([]);
  });
});

describe('service protection', () => {
  it('answers 429 with Retry-After past the limit and recovers when the window passes', async () => {
    const e = await start({ serviceProtection: { maxRequests: 3, windowSeconds: 60 } });
    e.clock.set('2026-02-02T10:00:00Z');
    for (let i = 0; i < 3; i++) expect((await fetch(`${e.apiUrl}/accounts`)).status).toBe(200);
    e.clock.advance(20_000);
    const limited = await fetch(`${e.apiUrl}/accounts`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('Retry-After')).toBe('40');
    expect(await limited.json()).toEqual({
      error: {
        code: '0x80072322',
        message: 'Number of requests exceeded the limit of 3 over time window of 60 seconds.',
      },
    });
    e.clock.advance(40_000);
    expect((await fetch(`${e.apiUrl}/accounts`)).status).toBe(200);
  });

  it('a bulk message is one request for the limit, however many rows it carries', async () => {
    const e = await start({ serviceProtection: { maxRequests: 2, windowSeconds: 60 } });
    const targets = Array.from({ length: 25 }, (_, i) => ({
      '@odata.type': 'Microsoft.Dynamics.CRM.account',
      name: `Bulk ${i}`,
    }));
    const bulk = await fetch(`${e.apiUrl}/accounts/Microsoft.Dynamics.CRM.CreateMultiple`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ Targets: targets }),
    });
    expect(bulk.status).toBe(200);
    expect(e.snapshot().account).toHaveLength(25);
    expect((await fetch(`${e.apiUrl}/accounts`)).status).toBe(200);
    expect((await fetch(`${e.apiUrl}/accounts`)).status).toBe(429);
  });

  it('throttleNext makes the next requests 429 for a client to honour', async () => {
    const e = await start({});
    e.throttleNext(1, 7);
    const err = await rejection(webApiClient(e).retrieveMultiple({ collection: 'accounts' }));
    expect(err.status).toBe(429);
    expect(err.headers['retry-after'] ?? err.headers['Retry-After']).toBe('7');
    expect((await fetch(`${e.apiUrl}/accounts`)).status).toBe(200);
  });

  it('rejects a nonsense limit at start', async () => {
    await expect(startDataverseEmulator({ serviceProtection: { maxRequests: 0 } })).rejects.toThrow(
      /maxRequests/,
    );
  });
});

describe('seed, load and snapshot', () => {
  it('loads rows with binds in any order (trusted: states and ids may be given) and snapshots every table', async () => {
    const conn = '10000000-0000-4000-8000-000000000001';
    const acc = '20000000-0000-4000-8000-000000000001';
    const e = await start({
      seed: {
        invoice: [
          {
            invoiceid: '30000000-0000-4000-8000-000000000001',
            name: 'Seeded paid',
            statecode: 2,
            statuscode: 100001,
            'customerid_account@odata.bind': `/accounts(${acc})`,
            'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${conn})`,
          },
        ],
        account: [{ accountid: acc, name: 'Seed Ltd' }],
        dxc_xeroconnection: [{ dxc_xeroconnectionid: conn, dxc_name: 'Demo', dxc_tenantid: 't-1' }],
      },
    });
    const snap = e.snapshot();
    expect(snap.invoice).toEqual([
      expect.objectContaining({
        name: 'Seeded paid',
        statecode: 2,
        _customerid_value: acc,
        _dxc_connectionid_value: conn,
      }),
    ]);
    expect(snap.transactioncurrency!.map((c) => c.isocurrencycode)).toEqual(['GBP', 'USD']);
    expect(snap.dxc_xeroconnection![0]).toMatchObject({
      dxc_usexeroinvoicenumber: true,
      dxc_defaultinvoicestatus: choiceValue('dxc_defaultinvoicestatus', 'Draft'),
    });
    const ids = e.load({
      contact: [{ firstname: 'Ada', lastname: 'Lovelace', _parentcustomerid_value: null }],
    });
    expect(ids.contact).toHaveLength(1);
    expect(e.snapshot().contact![0]).toMatchObject({ fullname: 'Ada Lovelace' });
  });

  it('a seed that points at a missing row, names an unknown table or breaks a type fails as a whole', async () => {
    const e = await start({});
    expect(() =>
      e.load({
        account: [{ name: 'kept?' }],
        invoice: [
          { name: 'x', 'customerid_account@odata.bind': '/accounts(40000000-0000-4000-8000-000000000001)' },
        ],
      }),
    ).toThrow(/points at a account 40000000-0000-4000-8000-000000000001 that does not exist/);
    expect(e.snapshot().account).toEqual([]);
    expect(() => e.load({ nosuchtable: [] })).toThrow(/nosuchtable/);
    expect(() => e.load({ account: [{ name: 7 }] })).toThrow(/Edm.String/);
  });
});

describe('schema from the solution model', () => {
  it('serves every model table and column, with entity sets, keys and choice values from the model', () => {
    const schema = buildSchema(solutionModel);
    for (const t of solutionModel.tables) {
      const def = schema.tables.get(t.logicalName)!;
      expect(def.entitySetName).toBe(t.entitySetName);
      for (const c of t.columns) expect(def.columns.has(c.logicalName)).toBe(true);
      for (const c of t.platformColumns ?? []) expect(def.columns.has(c)).toBe(true);
      expect(def.alternateKeys.map((k) => k.columns)).toEqual(t.alternateKeys.map((k) => k.columns));
    }
    const status = schema.tables.get('invoice')!.columns.get('dxc_xerostatus')!;
    expect(status.options!.map((o) => o.value)).toEqual(
      solutionModel.choices.find((c) => c.name === 'dxc_xerostatus')!.options.map((o) => o.value),
    );
    expect(schema.byEntitySet.get('invoices')!.readOnlyStates).toEqual([1, 2, 3]);
  });
});
