// Conformance of the emulator with the Dataverse Web API, driven through dynamics-web-api (a client written by
// others). Expected results come from Microsoft's Web API documentation; each group names its page (paths as in
// /work/shared/reference/power-platform.md 6.4, repository MicrosoftDocs/powerapps-docs).
import type { DynamicsWebApi } from 'dynamics-web-api';
import { startDataverseEmulator, type DataverseEmulator } from './emulator';
import { readJson, rejection, webApiClient } from './testing/web-api-client';
import { choiceValue } from '@dxc/solution';

let emulator: DataverseEmulator;
let api: DynamicsWebApi;

beforeAll(async () => {
  emulator = await startDataverseEmulator();
  api = webApiClient(emulator);
});
afterAll(async () => {
  await emulator.close();
});

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function newAccount(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  return (await api.create({ collection: 'accounts', data: { name, ...extra } })) as string;
}

async function newInvoice(
  name: string,
  accountId: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  return (await api.create({
    collection: 'invoices',
    data: { name, 'customerid_account@odata.bind': `/accounts(${accountId})`, ...extra },
  })) as string;
}

// webapi/create-entity-web-api.md, webapi/retrieve-entity-using-web-api.md, webapi/update-delete-entities-using-web-api.md
describe('create, retrieve, update, delete', () => {
  it('creates with 204 + OData-EntityId and retrieves the row with an etag', async () => {
    const res = await fetch(`${emulator.apiUrl}/accounts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'OData-Version': '4.0' },
      body: JSON.stringify({ name: 'Fourth Coffee' }),
    });
    expect(res.status).toBe(204);
    const entityId = res.headers.get('OData-EntityId')!;
    expect(entityId).toMatch(new RegExp(`^${emulator.apiUrl}/accounts\\([0-9a-f-]{36}\\)$`));
    const id = entityId.slice(entityId.indexOf('(') + 1, -1);
    const row = await api.retrieve({
      collection: 'accounts',
      key: id,
      select: ['name', 'createdon', 'versionnumber'],
    });
    expect(row).toMatchObject({ accountid: id, name: 'Fourth Coffee' });
    expect(row['@odata.etag']).toBe(`W/"${row.versionnumber}"`);
    expect(Date.parse(row.createdon)).not.toBeNaN();
  });

  it('returns 201 with the row for Prefer: return=representation (create) and 200 (update)', async () => {
    const created = (await api.create({
      collection: 'accounts',
      data: { name: 'Litware' },
      returnRepresentation: true,
      select: ['name'],
    })) as Record<string, string>;
    expect(created).toMatchObject({ name: 'Litware', accountid: expect.stringMatching(GUID) });
    const updated = (await api.update({
      collection: 'accounts',
      key: created.accountid,
      data: { telephone1: '555-0100' },
      returnRepresentation: true,
    })) as Record<string, unknown>;
    expect(updated).toMatchObject({ name: 'Litware', telephone1: '555-0100' });
    expect(Number(updated.versionnumber)).toBeGreaterThan(0);
  });

  it('update maintains modifiedon and versionnumber and keeps createdon', async () => {
    const id = await newAccount('Versioned');
    const before = await api.retrieve({ collection: 'accounts', key: id });
    emulator.clock.advance(60_000);
    await api.update({ collection: 'accounts', key: id, data: { name: 'Versioned 2' } });
    const after = await api.retrieve({ collection: 'accounts', key: id });
    expect(after.createdon).toEqual(before.createdon);
    expect(Date.parse(after.modifiedon)).toBeGreaterThan(Date.parse(before.modifiedon));
    expect(after.versionnumber).toBeGreaterThan(before.versionnumber);
  });

  it('deletes, then 404 with 0x80040217 "<table> With Id = <id> Does Not Exist"', async () => {
    const id = await newAccount('Doomed');
    await api.deleteRecord({ collection: 'accounts', key: id });
    const err = await rejection(api.retrieve({ collection: 'accounts', key: id }));
    expect(err.status).toBe(404);
    expect(err.code).toBe('0x80040217');
    expect(err.message).toBe(`account With Id = ${id} Does Not Exist`);
  });

  it('retrieves a single property value', async () => {
    const id = await newAccount('Property read');
    const res = await fetch(`${emulator.apiUrl}/accounts(${id})/name`);
    expect(await readJson(res)).toMatchObject({ value: 'Property read' });
  });
});

// troubleshoot web-api-client-errors (Microsoft Learn) and webapi/compose-http-requests-handle-errors.md
describe('errors name what is wrong', () => {
  it('unknown entity set: 404 0x8006088a "Resource not found for the segment"', async () => {
    // Raw request: the client lower-cases collection names, which would hide the case-sensitivity.
    const res = await fetch(`${emulator.apiUrl}/Account`);
    expect(res.status).toBe(404);
    expect(await readJson(res)).toEqual({
      error: { code: '0x8006088a', message: "Resource not found for the segment 'Account'." },
    });
  });

  it('unknown $select column: 400 "Could not find a property named"', async () => {
    const err = await rejection(api.retrieveMultiple({ collection: 'accounts', select: ['Name'] }));
    expect(err.status).toBe(400);
    expect(err.message).toBe(
      "Could not find a property named 'Name' on type 'Microsoft.Dynamics.CRM.account'.",
    );
  });

  it('unknown column in a body: 400 naming the property', async () => {
    const err = await rejection(api.create({ collection: 'accounts', data: { name: 'x', nosuchcolumn: 1 } }));
    expect(err.status).toBe(400);
    expect(err.message).toContain(
      "The property 'nosuchcolumn' does not exist on type 'Microsoft.Dynamics.CRM.account'",
    );
  });

  it('choice value outside the model: 400 naming column and value', async () => {
    const err = await rejection(
      newInvoice('Bad choice', await newAccount('Choice co'), { dxc_exportstatus: 1 }),
    );
    expect(err.status).toBe(400);
    expect(err.message).toContain(
      "The value 1 of 'dxc_exportstatus' on record of type 'invoice' is outside the valid range",
    );
  });

  it('wrong JSON type and too long text: 400', async () => {
    const typeErr = await rejection(api.create({ collection: 'accounts', data: { name: 42 } }));
    expect(typeErr.message).toContain("Cannot convert the literal '42' to the expected type 'Edm.String'");
    const lengthErr = await rejection(
      api.create({ collection: 'accounts', data: { name: 'x'.repeat(161) } }),
    );
    expect(lengthErr.message).toContain("exceeded the maximum allowed length of '160'");
  });

  it('unsupported query option: 400 naming it', async () => {
    const res = await fetch(`${emulator.apiUrl}/accounts?$skip=10`);
    expect(res.status).toBe(400);
    expect((await readJson(res)).error.message).toBe('The query parameter $skip is not supported.');
    const other = await fetch(`${emulator.apiUrl}/accounts?$foo=1`);
    expect((await readJson(other)).error.message).toContain("'$foo'");
  });

  it('malformed JSON body: 400', async () => {
    const res = await fetch(`${emulator.apiUrl}/accounts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"name": ',
    });
    expect(res.status).toBe(400);
    expect((await readJson(res)).error.message).toContain('not valid JSON');
  });

  it('$batch is not implemented: 501', async () => {
    const res = await fetch(`${emulator.apiUrl}/$batch`, { method: 'POST' });
    expect(res.status).toBe(501);
  });
});

// webapi/query/filter-rows.md, webapi/query/order-rows.md, webapi/query/select-columns.md
describe('$filter, $select, $orderby, $top, $count', () => {
  let tag: string;
  beforeAll(async () => {
    tag = `Q${Date.now()}`;
    for (const [n, phone] of [
      ['Alpha', '1'],
      ['beta', '2'],
      ["O'Neil", null],
      ['Gamma', '3'],
    ] as const) {
      await newAccount(`${tag} ${n}`, { telephone1: phone, accountnumber: n.slice(0, 3) });
    }
  });

  it('filters with functions, quotes, null and logic; selects only the asked columns', async () => {
    const r = await api.retrieveMultiple({
      collection: 'accounts',
      select: ['name', 'telephone1'],
      filter: `startswith(name,'${tag}') and (telephone1 eq null or contains(name,'ALPHA')) and not endswith(name,'Gamma')`,
      orderBy: ['name asc'],
    });
    expect(r.value.map((v: { name: string }) => v.name)).toEqual([`${tag} Alpha`, `${tag} O'Neil`]);
    expect(Object.keys(r.value[0]).filter((k) => !k.startsWith('@'))).toEqual([
      'accountid',
      'name',
      'telephone1',
    ]);
  });

  it('orders descending, case-insensitively, and takes $top', async () => {
    const r = await api.retrieveMultiple({
      collection: 'accounts',
      select: ['name'],
      filter: `startswith(name,'${tag}')`,
      orderBy: ['name desc'],
      top: 2,
    });
    expect(r.value.map((v: { name: string }) => v.name)).toEqual([`${tag} O'Neil`, `${tag} Gamma`]);
  });

  it('$count=true adds @odata.count and /$count returns the number', async () => {
    const r = await api.retrieveMultiple({
      collection: 'accounts',
      filter: `startswith(name,'${tag}')`,
      count: true,
      select: ['name'],
    });
    expect(r['@odata.count'] ?? r.oDataCount).toBe(4);
    expect(await api.count({ collection: 'accounts', filter: `startswith(name,'${tag}')` })).toBe(4);
    const annotated = await api.retrieveMultiple({
      collection: 'accounts',
      filter: `startswith(name,'${tag}')`,
      count: true,
      select: ['name'],
      includeAnnotations: 'Microsoft.Dynamics.CRM.*',
    });
    expect(annotated['@Microsoft.Dynamics.CRM.totalrecordcount']).toBe(4);
    expect(annotated['@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded']).toBe(false);
  });

  // column-comparison.md; webapi/query/filter-rows.md "Column comparison"
  it('compares two columns of the same row; a null on either side is no match, even for ne', async () => {
    const acc = await newAccount(`${tag} Columns`);
    await newInvoice(`${tag} CC later`, acc, { datedelivered: '2099-01-01T00:00:00Z' });
    await newInvoice(`${tag} CC earlier`, acc, { datedelivered: '2001-01-01T00:00:00Z' });
    await newInvoice(`${tag} CC none`, acc);
    const names = async (filter: string) =>
      (
        await api.retrieveMultiple({
          collection: 'invoices',
          select: ['name'],
          filter: `startswith(name,'${tag} CC') and ${filter}`,
          orderBy: ['name'],
        })
      ).value.map((v: { name: string }) => v.name);
    expect(await names('datedelivered gt modifiedon')).toEqual([`${tag} CC later`]);
    expect(await names('modifiedon ge datedelivered')).toEqual([`${tag} CC earlier`]);
    expect(await names('datedelivered ne modifiedon')).toEqual([`${tag} CC earlier`, `${tag} CC later`]);
    await api.create({ collection: 'contacts', data: { firstname: `${tag}same`, lastname: `${tag}SAME` } });
    await api.create({ collection: 'contacts', data: { firstname: `${tag}one`, lastname: `${tag}other` } });
    const same = await api.retrieveMultiple({
      collection: 'contacts',
      select: ['firstname'],
      filter: `startswith(firstname,'${tag}') and firstname eq lastname`,
    });
    expect(same.value.map((v: { firstname: string }) => v.firstname)).toEqual([`${tag}same`]);
  });

  it('column comparison refuses other types, other tables and functions, naming the columns', async () => {
    const message = async (filter: string) => {
      const res = await fetch(`${emulator.apiUrl}/accounts?$filter=${encodeURIComponent(filter)}`);
      expect(res.status).toBe(400);
      return (await readJson(res)).error.message;
    };
    expect(await message('name eq statecode')).toBe(
      "Column comparison needs columns of compatible types: 'name' is Edm.String and 'statecode' is Edm.Int32.",
    );
    expect(await message('name eq primarycontactid/fullname')).toContain(
      "'name' eq 'primarycontactid/fullname' reaches into another table",
    );
    expect(await message('contains(name,telephone1)')).toContain(
      "The function 'contains' cannot compare two columns ('name', 'telephone1')",
    );
  });

  it('lookups filter as _x_value with an unquoted GUID, navigation and any() work', async () => {
    const acc = await newAccount(`${tag} Lookup`);
    const inv = await newInvoice(`${tag} INV`, acc);
    await api.create({
      collection: 'invoicedetails',
      data: {
        'invoiceid@odata.bind': `/invoices(${inv})`,
        quantity: 3,
        priceperunit: 10,
        isproductoverridden: true,
        productdescription: 'Widget',
      },
    });
    const byLookup = await api.retrieveMultiple({
      collection: 'invoices',
      select: ['name'],
      filter: `_customerid_value eq ${acc}`,
    });
    expect(byLookup.value.map((v: { invoiceid: string }) => v.invoiceid)).toEqual([inv]);
    const byNav = await api.retrieveMultiple({
      collection: 'invoices',
      select: ['name'],
      filter: `customerid_account/name eq '${tag} Lookup'`,
    });
    expect(byNav.value).toHaveLength(1);
    const byLines = await api.retrieveMultiple({
      collection: 'invoices',
      select: ['name'],
      filter: `invoice_details/any(d:d/quantity ge 3) and startswith(name,'${tag}')`,
    });
    expect(byLines.value).toHaveLength(1);
    const none = await api.retrieveMultiple({
      collection: 'invoices',
      select: ['name'],
      filter: `invoice_details/any(d:d/quantity gt 3) and startswith(name,'${tag}')`,
    });
    expect(none.value).toHaveLength(0);
  });
});

// webapi/query/join-tables.md (expand single- and collection-valued navigation properties)
describe('$expand', () => {
  it('expands a single-valued lookup and a collection with nested $select/$filter/$orderby', async () => {
    const acc = await newAccount('Expand Ltd', { accountnumber: 'EXP' });
    const inv = await newInvoice('Expand invoice', acc);
    for (const [q, n] of [
      [1, 2],
      [5, 1],
      [2, 3],
    ]) {
      await api.create({
        collection: 'invoicedetails',
        data: {
          'invoiceid@odata.bind': `/invoices(${inv})`,
          quantity: q,
          priceperunit: 4,
          lineitemnumber: n,
          isproductoverridden: true,
        },
      });
    }
    const row = await api.retrieve({
      collection: 'invoices',
      key: inv,
      select: ['name'],
      expand: [
        { property: 'customerid_account', select: ['name', 'accountnumber'] },
        {
          property: 'invoice_details',
          select: ['quantity', 'lineitemnumber'],
          filter: 'quantity gt 1',
          orderBy: ['lineitemnumber asc'],
        },
      ],
    });
    expect(row.customerid_account).toMatchObject({
      accountid: acc,
      name: 'Expand Ltd',
      accountnumber: 'EXP',
    });
    expect(
      row.invoice_details.map((d: { quantity: number; lineitemnumber: number }) => [
        d.lineitemnumber,
        d.quantity,
      ]),
    ).toEqual([
      [1, 5],
      [3, 2],
    ]);
  });

  it('an expand of the other polymorphic target is null; an unknown navigation is a 400', async () => {
    const inv = await newInvoice('Poly', await newAccount('Poly Ltd'));
    const row = await api.retrieve({
      collection: 'invoices',
      key: inv,
      select: ['name'],
      expand: [{ property: 'customerid_contact' }],
    });
    expect(row.customerid_contact).toBeNull();
    const err = await rejection(
      api.retrieve({ collection: 'invoices', key: inv, expand: [{ property: 'nosuchnav' }] }),
    );
    expect(err.status).toBe(400);
    expect(err.message).toContain("'nosuchnav'");
  });
});

// webapi/query/page-results.md
describe('paging with odata.maxpagesize and @odata.nextLink', () => {
  it('returns pages with a $skiptoken cookie until the last page, and retrieveAll collects them', async () => {
    const tag = `Page${Date.now()}`;
    await api.callAction({
      collection: 'accounts',
      actionName: 'Microsoft.Dynamics.CRM.CreateMultiple',
      action: {
        Targets: Array.from({ length: 7 }, (_, i) => ({
          '@odata.type': 'Microsoft.Dynamics.CRM.account',
          name: `${tag} ${i}`,
        })),
      },
    });
    const request = {
      collection: 'accounts',
      select: ['name'],
      filter: `startswith(name,'${tag}')`,
      maxPageSize: 3,
      orderBy: ['name'],
    };
    const first = await api.retrieveMultiple(request);
    expect(first.value).toHaveLength(3);
    const next = String(first['@odata.nextLink'] ?? first.oDataNextLink);
    expect(next).toContain('$skiptoken=');
    expect(decodeURIComponent(next)).toContain('<cookie pagenumber="2"');
    const second = await api.retrieveMultiple(request, next);
    expect(second.value.map((v: { name: string }) => v.name)).toEqual([`${tag} 3`, `${tag} 4`, `${tag} 5`]);
    const all = await api.retrieveAll(request);
    expect(all.value).toHaveLength(7);
    const raw = await fetch(next, { headers: { Prefer: 'odata.maxpagesize=3' } });
    expect(raw.headers.get('Preference-Applied')).toBe('odata.maxpagesize=3');
  });
});

// webapi/query/select-columns.md "Formatted values", webapi/query/join-tables.md "Lookup property data"
describe('annotations and lookups', () => {
  it('formatted values, lookuplogicalname and associatednavigationproperty with include-annotations="*"', async () => {
    const acc = await newAccount('Annotated Ltd');
    const inv = await newInvoice('Annotated', acc, {
      dxc_exportstatus: choiceValue('dxc_exportstatus', 'Yes'),
      freightamount: 1234.5,
    });
    const row = await api.retrieve({
      collection: 'invoices',
      key: inv,
      select: [
        'name',
        '_customerid_value',
        'dxc_exportstatus',
        'statecode',
        'totalamount',
        'freightamount',
        'createdon',
      ],
      includeAnnotations: '*',
    });
    expect(row._customerid_value).toBe(acc);
    expect(row['_customerid_value@OData.Community.Display.V1.FormattedValue']).toBe('Annotated Ltd');
    expect(row['_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname']).toBe('account');
    expect(row['_customerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty']).toBe(
      'customerid_account',
    );
    expect(row['dxc_exportstatus@OData.Community.Display.V1.FormattedValue']).toBe('Yes');
    expect(row['statecode@OData.Community.Display.V1.FormattedValue']).toBe('Active');
    expect(row['freightamount@OData.Community.Display.V1.FormattedValue']).toBe('£1,234.50');
    expect(row['createdon@OData.Community.Display.V1.FormattedValue']).toMatch(
      /^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2} (AM|PM)$/,
    );
  });

  it('only the asked annotations, none by default', async () => {
    const acc = await newAccount('Plain Ltd');
    const inv = await newInvoice('Plain', acc);
    const plain = await api.retrieve({
      collection: 'invoices',
      key: inv,
      select: ['_customerid_value', 'statecode'],
    });
    expect(
      Object.keys(plain).filter((k) => k.includes('@') && k !== '@odata.etag' && k !== '@odata.context'),
    ).toEqual([]);
    const only = await api.retrieve({
      collection: 'invoices',
      key: inv,
      select: ['_customerid_value', 'statecode'],
      includeAnnotations: 'Microsoft.Dynamics.CRM.lookuplogicalname',
    });
    expect(only['_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname']).toBe('account');
    expect(only['statecode@OData.Community.Display.V1.FormattedValue']).toBeUndefined();
  });

  it('polymorphic customer binds to an account or a contact, then can switch', async () => {
    const contact = (await api.create({
      collection: 'contacts',
      data: { firstname: 'Nancy', lastname: 'Davolio' },
      returnRepresentation: true,
    })) as Record<string, string>;
    expect(contact.fullname).toBe('Nancy Davolio');
    const inv = (await api.create({
      collection: 'invoices',
      data: { name: 'To a contact', 'customerid_contact@odata.bind': `contacts(${contact.contactid})` },
    })) as string;
    const row = await api.retrieve({
      collection: 'invoices',
      key: inv,
      select: ['_customerid_value'],
      includeAnnotations: '*',
    });
    expect(row['_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname']).toBe('contact');
    expect(row['_customerid_value@OData.Community.Display.V1.FormattedValue']).toBe('Nancy Davolio');
    const acc = await newAccount('Switch Ltd');
    await api.update({
      collection: 'invoices',
      key: inv,
      data: { 'customerid_account@odata.bind': `${emulator.apiUrl}/accounts(${acc})` },
    });
    const after = await api.retrieve({
      collection: 'invoices',
      key: inv,
      select: ['_customerid_value'],
      includeAnnotations: '*',
    });
    expect(after._customerid_value).toBe(acc);
    expect(after['_customerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty']).toBe(
      'customerid_account',
    );
  });

  it('binding to a missing row is a 404; a wrong target table or _x_value in a body is a 400', async () => {
    const missing = '11111111-2222-4333-8444-555555555555';
    const err = await rejection(newInvoice('Missing customer', missing));
    expect(err.status).toBe(404);
    expect(err.message).toBe(`account With Id = ${missing} Does Not Exist`);
    const wrong = await rejection(
      api.create({
        collection: 'invoices',
        data: { name: 'x', 'customerid_account@odata.bind': `/contacts(${missing})` },
      }),
    );
    expect(wrong.status).toBe(400);
    const direct = await rejection(
      api.create({ collection: 'invoices', data: { name: 'x', _customerid_value: missing } }),
    );
    expect(direct.status).toBe(400);
    expect(direct.message).toContain('@odata.bind');
  });

  it('DELETE …/nav/$ref clears a lookup', async () => {
    const contact = (await api.create({ collection: 'contacts', data: { lastname: 'Primary' } })) as string;
    const acc = await newAccount('Has primary', { 'primarycontactid@odata.bind': `/contacts(${contact})` });
    const res = await fetch(`${emulator.apiUrl}/accounts(${acc})/primarycontactid/$ref`, {
      method: 'DELETE',
    });
    expect(res.status).toBe(204);
    expect(
      (await api.retrieve({ collection: 'accounts', key: acc, select: ['_primarycontactid_value'] }))
        ._primarycontactid_value,
    ).toBeNull();
  });
});

// webapi/use-alternate-key-reference-record.md, webapi/perform-conditional-operations-using-web-api.md,
// webapi/update-delete-entities-using-web-api.md "Upsert a table row"
describe('alternate keys, upsert and conditional operations', () => {
  let connection: string;
  beforeAll(async () => {
    connection = (await api.create({
      collection: 'dxc_xeroconnections',
      data: { dxc_name: 'Demo Company (UK)', dxc_tenantid: 'b7f1a2c3-0000-4000-8000-000000000001' },
    })) as string;
  });
  const key = (taxType: string) => `dxc_connectionid=${connection},dxc_taxtype='${taxType}'`;

  it('PATCH to an alternate key creates, then updates the same row', async () => {
    await api.upsert({
      collection: 'dxc_xerotaxrates',
      key: key('OUTPUT2'),
      data: { dxc_name: '20% (VAT on Income)', dxc_rate: 20 },
    });
    const created = await api.retrieve({ collection: 'dxc_xerotaxrates', key: key('OUTPUT2') });
    expect(created).toMatchObject({
      dxc_taxtype: 'OUTPUT2',
      dxc_rate: 20,
      _dxc_connectionid_value: connection,
    });
    await api.upsert({ collection: 'dxc_xerotaxrates', key: key('OUTPUT2'), data: { dxc_rate: 17.5 } });
    const all = await api.retrieveMultiple({
      collection: 'dxc_xerotaxrates',
      filter: `_dxc_connectionid_value eq ${connection} and dxc_taxtype eq 'OUTPUT2'`,
    });
    expect(all.value).toHaveLength(1);
    expect(all.value[0]).toMatchObject({ dxc_xerotaxrateid: created.dxc_xerotaxrateid, dxc_rate: 17.5 });
    const viaValueName = await fetch(
      `${emulator.apiUrl}/dxc_xerotaxrates(_dxc_connectionid_value=${connection},dxc_taxtype='OUTPUT2')`,
    );
    expect(viaValueName.status).toBe(200);
  });

  it('If-Match: * prevents create (404); If-None-Match: * prevents update (412)', async () => {
    const noCreate = await rejection(
      api.update({ collection: 'dxc_xerotaxrates', key: key('NONE'), data: { dxc_name: 'x' }, ifmatch: '*' }),
    );
    expect(noCreate.status).toBe(404);
    await api.upsert({
      collection: 'dxc_xerotaxrates',
      key: key('ZERO'),
      data: { dxc_name: 'Zero', dxc_rate: 0 },
    });
    const noUpdate = await rejection(
      api.upsert({
        collection: 'dxc_xerotaxrates',
        key: key('ZERO'),
        data: { dxc_rate: 1 },
        ifnonematch: '*',
      }),
    );
    expect(noUpdate.status).toBe(412);
    expect(noUpdate.code).toBe('0x80040237');
  });

  it('If-Match with a stale etag is 412 0x80060882; a fresh one updates', async () => {
    const id = await newAccount('Concurrency');
    const row = await api.retrieve({ collection: 'accounts', key: id });
    await api.update({
      collection: 'accounts',
      key: id,
      data: { name: 'Concurrency 2' },
      ifmatch: row['@odata.etag'],
    });
    const stale = await rejection(
      api.update({
        collection: 'accounts',
        key: id,
        data: { name: 'Concurrency 3' },
        ifmatch: row['@odata.etag'],
      }),
    );
    expect(stale.status).toBe(412);
    expect(stale.code).toBe('0x80060882');
  });

  it('a duplicate alternate key on create is 412; a key that matches no alternate key is 400', async () => {
    const dup = await rejection(
      api.create({
        collection: 'dxc_xerotaxrates',
        data: {
          dxc_name: 'Dup',
          dxc_taxtype: 'OUTPUT2',
          'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${connection})`,
        },
      }),
    );
    expect(dup.status).toBe(412);
    const res = await fetch(`${emulator.apiUrl}/dxc_xerotaxrates(dxc_name='x')`);
    expect(res.status).toBe(400);
    expect((await readJson(res)).error.message).toContain('do not match any alternate key');
  });

  it('PATCH to an unknown id creates the row with that id (UpdateRecord upsert)', async () => {
    const id = '0a0b0c0d-0000-4000-8000-0000000000aa';
    await api.upsert({ collection: 'accounts', key: id, data: { name: 'Upserted by id' } });
    expect((await api.retrieve({ collection: 'accounts', key: id, select: ['name'] })).name).toBe(
      'Upserted by id',
    );
  });
});

// CE invoice / invoicedetail entity references (power-platform.md 6.1, 6.2)
describe('invoice rules', () => {
  it('line amounts and invoice totals are calculated and not writable', async () => {
    const inv = await newInvoice('Totals', await newAccount('Totals Ltd'), { freightamount: 5 });
    await api.create({
      collection: 'invoicedetails',
      data: {
        'invoiceid@odata.bind': `/invoices(${inv})`,
        quantity: 2,
        priceperunit: 50,
        manualdiscountamount: 10,
        tax: 18,
        isproductoverridden: true,
      },
    });
    await api.create({
      collection: 'invoicedetails',
      data: {
        'invoiceid@odata.bind': `/invoices(${inv})`,
        quantity: 1,
        priceperunit: 25.5,
        tax: 5.1,
        isproductoverridden: true,
      },
    });
    const row = await api.retrieve({
      collection: 'invoices',
      key: inv,
      select: ['totallineitemamount', 'totaltax', 'totalamount', '_transactioncurrencyid_value'],
    });
    expect(row).toMatchObject({
      totallineitemamount: 115.5,
      totaltax: 23.1,
      totalamount: 143.6,
      _transactioncurrencyid_value: emulator.ids.gbp,
    });
    const lines = await api.retrieveMultiple({
      collection: 'invoicedetails',
      select: ['baseamount', 'extendedamount'],
      filter: `_invoiceid_value eq ${inv}`,
      orderBy: ['baseamount desc'],
    });
    expect(
      lines.value.map((l: { baseamount: number; extendedamount: number }) => [
        l.baseamount,
        l.extendedamount,
      ]),
    ).toEqual([
      [100, 108],
      [25.5, 30.6],
    ]);
    const err = await rejection(api.update({ collection: 'invoices', key: inv, data: { totalamount: 1 } }));
    expect(err.status).toBe(400);
    expect(err.message).toContain("'totalamount' of 'invoice' is not valid for update");
    const currency = await rejection(
      api.update({
        collection: 'invoices',
        key: inv,
        data: { 'transactioncurrencyid@odata.bind': `/transactioncurrencies(${emulator.ids.usd})` },
      }),
    );
    expect(currency.message).toContain("'transactioncurrencyid' of 'invoice' is not valid for update");
  });

  it('paid invoices are read-only until reactivated; statuscode must belong to statecode', async () => {
    const inv = await newInvoice('Paid one', await newAccount('Payer Ltd'));
    await api.update({ collection: 'invoices', key: inv, data: { statecode: 2, statuscode: 100001 } });
    const paid = await api.retrieve({
      collection: 'invoices',
      key: inv,
      select: ['statecode', 'statuscode'],
      includeAnnotations: '*',
    });
    expect(paid['statuscode@OData.Community.Display.V1.FormattedValue']).toBe('Complete');
    const locked = await rejection(
      api.update({ collection: 'invoices', key: inv, data: { description: 'late edit' } }),
    );
    expect(locked.status).toBe(400);
    expect(locked.message).toContain('Paid');
    const lineOnPaid = await rejection(
      api.create({
        collection: 'invoicedetails',
        data: { 'invoiceid@odata.bind': `/invoices(${inv})`, quantity: 1, isproductoverridden: true },
      }),
    );
    expect(lineOnPaid.status).toBe(400);
    await api.update({ collection: 'invoices', key: inv, data: { statecode: 0, statuscode: 1 } });
    await api.update({ collection: 'invoices', key: inv, data: { description: 'edit after reactivation' } });
    const mismatch = await rejection(
      api.update({ collection: 'invoices', key: inv, data: { statecode: 3, statuscode: 100001 } }),
    );
    expect(mismatch.message).toContain(
      '100001 is not a valid status code for state code InvoiceState.Canceled',
    );
    await api.update({ collection: 'invoices', key: inv, data: { statecode: 3 } });
    const cancelled = await api.retrieve({ collection: 'invoices', key: inv, select: ['statuscode'] });
    expect(cancelled.statuscode).toBe(100003);
  });

  it('statecode cannot be set on create of an invoice; deleting an invoice deletes its lines', async () => {
    const acc = await newAccount('Cascade Ltd');
    const err = await rejection(newInvoice('Born paid', acc, { statecode: 2 }));
    expect(err.message).toContain("'statecode' of 'invoice' is not valid for create");
    const inv = await newInvoice('Cascade', acc);
    const line = (await api.create({
      collection: 'invoicedetails',
      data: { 'invoiceid@odata.bind': `/invoices(${inv})`, quantity: 1, isproductoverridden: true },
    })) as string;
    await api.deleteRecord({ collection: 'invoices', key: inv });
    expect((await rejection(api.retrieve({ collection: 'invoicedetails', key: line }))).status).toBe(404);
  });
});

// webapi/bulk-operations.md (CreateMultiple / UpdateMultiple)
describe('bulk messages', () => {
  it('CreateMultiple returns Ids; UpdateMultiple updates all; a bad target rolls the whole message back', async () => {
    const created = await api.callAction({
      collection: 'accounts',
      actionName: 'Microsoft.Dynamics.CRM.CreateMultiple',
      action: {
        Targets: [
          { '@odata.type': 'Microsoft.Dynamics.CRM.account', name: 'Bulk A' },
          { '@odata.type': 'Microsoft.Dynamics.CRM.account', name: 'Bulk B' },
        ],
      },
    });
    expect(created.Ids).toHaveLength(2);
    await api.callAction({
      collection: 'accounts',
      actionName: 'Microsoft.Dynamics.CRM.UpdateMultiple',
      action: {
        Targets: created.Ids.map((id: string) => ({
          '@odata.type': 'Microsoft.Dynamics.CRM.account',
          accountid: id,
          telephone1: '999',
        })),
      },
    });
    const rows = await api.retrieveMultiple({
      collection: 'accounts',
      select: ['telephone1'],
      filter: `Microsoft.Dynamics.CRM.In(PropertyName='accountid',PropertyValues=['${created.Ids[0]}','${created.Ids[1]}'])`,
    });
    expect(rows.value.map((r: { telephone1: string }) => r.telephone1)).toEqual(['999', '999']);
    const before = emulator.snapshot().account!.length;
    const err = await rejection(
      api.callAction({
        collection: 'accounts',
        actionName: 'Microsoft.Dynamics.CRM.CreateMultiple',
        action: {
          Targets: [
            { '@odata.type': 'Microsoft.Dynamics.CRM.account', name: 'Bulk ok' },
            { '@odata.type': 'Microsoft.Dynamics.CRM.account', nosuch: 1 },
          ],
        },
      }),
    );
    expect(err.status).toBe(400);
    expect(emulator.snapshot().account!.length).toBe(before);
  });
});

// bulk-operations.md: the rules of Targets, UpdateMultiple's keys and duplicates, UpsertMultiple's duplicates, one
// transaction per message.
describe('bulk message rules', () => {
  const post = (set: string, action: string, body: unknown) =>
    fetch(`${emulator.apiUrl}/${set}/Microsoft.Dynamics.CRM.${action}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const refusal = async (res: Response) => ({ status: res.status, ...(await readJson(res)).error });
  const account = (extra: Record<string, unknown>) => ({
    '@odata.type': 'Microsoft.Dynamics.CRM.account',
    ...extra,
  });
  const telephones = (ids: string[]) =>
    Object.fromEntries(
      emulator
        .snapshot()
        .account!.filter((a) => ids.includes(a.accountid as string))
        .map((a) => [a.name, a.telephone1]),
    );

  it("Targets is required, an array, not empty, and every target a row with the table's @odata.type", async () => {
    const cases: [unknown, string][] = [
      [{}, "UpdateMultiple: the parameter 'Targets' is required."],
      [{ Targets: { name: 'x' } }, "UpdateMultiple: 'Targets' must be an array of account rows."],
      [{ Targets: [] }, "UpdateMultiple: 'Targets' is empty: send at least one row."],
      [{ Targets: ['x'] }, 'UpdateMultiple: Targets[0] must be an object (a account row).'],
      [
        { Targets: [account({ name: 'a' }), { name: 'b' }] },
        `UpdateMultiple: Targets[1] has no '@odata.type'; every target needs "@odata.type": "Microsoft.Dynamics.CRM.account".`,
      ],
      [
        { Targets: [{ '@odata.type': 'Microsoft.Dynamics.CRM.contact', name: 'c' }] },
        `UpdateMultiple: Targets[0]['@odata.type'] is 'Microsoft.Dynamics.CRM.contact'; this entity set takes "Microsoft.Dynamics.CRM.account".`,
      ],
    ];
    for (const [body, message] of cases) {
      expect(await refusal(await post('accounts', 'UpdateMultiple', body))).toMatchObject({
        status: 400,
        message,
      });
    }
  });

  it('UpdateMultiple needs each row key; a missing row is a 404 naming it and nothing is written', async () => {
    const id = await newAccount('Bulk keyed', { telephone1: 'before' });
    const noKey = await refusal(
      await post('accounts', 'UpdateMultiple', {
        Targets: [account({ accountid: id, telephone1: 'x' }), account({ telephone1: 'y' })],
      }),
    );
    expect(noKey).toMatchObject({
      status: 400,
      message: "UpdateMultiple: Targets[1] names no row: give 'accountid' or '@odata.id'.",
    });
    const missing = '0a0b0c0d-0000-4000-8000-00000000dead';
    const notFound = await refusal(
      await post('accounts', 'UpdateMultiple', {
        Targets: [
          account({ accountid: id, telephone1: 'after' }),
          account({ accountid: missing, telephone1: 'z' }),
        ],
      }),
    );
    expect(notFound).toMatchObject({
      status: 404,
      code: '0x80040217',
      message: `account With Id = ${missing} Does Not Exist`,
    });
    expect(telephones([id])).toEqual({ 'Bulk keyed': 'before' });
    // The same row by @odata.id (relative or absolute URL) updates; another entity set there is refused.
    const byUrl = await post('accounts', 'UpdateMultiple', {
      Targets: [
        account({ '@odata.id': `${emulator.apiUrl}/accounts(${id.toUpperCase()})`, telephone1: 'by url' }),
      ],
    });
    expect(byUrl.status).toBe(204);
    expect(telephones([id])).toEqual({ 'Bulk keyed': 'by url' });
    const otherSet = await refusal(
      await post('accounts', 'UpdateMultiple', {
        Targets: [account({ '@odata.id': `contacts(${id})`, telephone1: 'x' })],
      }),
    );
    expect(otherSet).toMatchObject({
      status: 400,
      message: expect.stringContaining("names the entity set 'contacts', not 'accounts'"),
    });
  });

  it('UpdateMultiple applies the first of several targets with the same key and ignores the rest', async () => {
    const id = await newAccount('Bulk duplicate', { telephone1: 'before' });
    const res = await post('accounts', 'UpdateMultiple', {
      Targets: [
        account({ accountid: id, telephone1: 'first' }),
        account({ '@odata.id': `accounts(${id})`, telephone1: 'second' }),
        account({ accountid: id.toUpperCase(), telephone1: 'third' }),
      ],
    });
    expect(res.status).toBe(204);
    expect(telephones([id])).toEqual({ 'Bulk duplicate': 'first' });
  });

  it('UpsertMultiple refuses two targets with the same key values and writes nothing', async () => {
    const connection = (await api.create({
      collection: 'dxc_xeroconnections',
      data: { dxc_name: 'Dup upsert org', dxc_tenantid: 'b7f1a2c3-0000-4000-8000-000000000003' },
    })) as string;
    const target = (code: string, name: string) => ({
      '@odata.type': 'Microsoft.Dynamics.CRM.dxc_xeroaccount',
      '@odata.id': `dxc_xeroaccounts(dxc_connectionid=${connection},dxc_code='${code}')`,
      dxc_name: name,
    });
    const before = emulator.snapshot().dxc_xeroaccount?.length ?? 0;
    const dup = await refusal(
      await post('dxc_xeroaccounts', 'UpsertMultiple', {
        Targets: [target('200', 'Sales'), target('300', 'Other'), target('200', 'Sales again')],
      }),
    );
    expect(dup).toMatchObject({
      status: 400,
      message: expect.stringMatching(
        /^UpsertMultiple: Targets\[0\] and Targets\[2\] name the same dxc_xeroaccount/,
      ),
    });
    expect(emulator.snapshot().dxc_xeroaccount?.length ?? 0).toBe(before);
    // A key value may hold a '/': the entity set is still read from the segment before the key.
    expect(
      (await post('dxc_xeroaccounts', 'UpsertMultiple', { Targets: [target('4/1', 'Slash')] })).status,
    ).toBe(204);
    expect(emulator.snapshot().dxc_xeroaccount!.find((r) => r.dxc_code === '4/1')?.dxc_name).toBe('Slash');
  });

  it('UpsertMultiple by primary key creates the row with that id, then updates it', async () => {
    const id = '0a0b0c0d-0000-4000-8000-0000000000b1';
    for (const phone of ['created', 'updated']) {
      const res = await post('accounts', 'UpsertMultiple', {
        Targets: [account({ '@odata.id': `accounts(${id})`, name: 'Upserted in bulk', telephone1: phone })],
      });
      expect(res.status).toBe(204);
      expect(telephones([id])).toEqual({ 'Upserted in bulk': phone });
    }
  });

  it('a read-only invoice in UpdateMultiple fails the whole message: the other invoice keeps its value', async () => {
    const acc = await newAccount('Bulk invoices Ltd');
    const open = await newInvoice('Bulk open', acc, { description: 'before' });
    const paid = await newInvoice('Bulk paid', acc);
    await api.update({ collection: 'invoices', key: paid, data: { statecode: 2, statuscode: 100001 } });
    const invoice = (id: string) => ({
      '@odata.type': 'Microsoft.Dynamics.CRM.invoice',
      invoiceid: id,
      description: 'after',
    });
    const err = await refusal(
      await post('invoices', 'UpdateMultiple', { Targets: [invoice(open), invoice(paid)] }),
    );
    expect(err).toMatchObject({ status: 400, message: expect.stringContaining('read-only') });
    const row = await api.retrieve({ collection: 'invoices', key: open, select: ['description'] });
    expect(row.description).toBe('before');
  });
});

// webapi/web-api-service-documents.md ($metadata, service document)
describe('$metadata and the service document', () => {
  it('serves CSDL with entity types, keys, properties, navigation properties and entity sets from the model', async () => {
    const { XMLParser } = await import('fast-xml-parser');
    const csdl = await api.retrieveCsdlMetadata();
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(csdl);
    const schema = doc['edmx:Edmx']['edmx:DataServices'].Schema;
    const types = schema.EntityType as {
      Name: string;
      Key?: { PropertyRef: { Name: string } };
      Property: { Name: string; Type: string }[];
      NavigationProperty: { Name: string; Type: string }[];
    }[];
    const taxRate = types.find((t) => t.Name === 'dxc_xerotaxrate')!;
    expect(taxRate.Key!.PropertyRef.Name).toBe('dxc_xerotaxrateid');
    expect(taxRate.Property).toEqual(
      expect.arrayContaining([
        { Name: 'dxc_rate', Type: 'Edm.Decimal', Scale: 'Variable' },
        { Name: '_dxc_connectionid_value', Type: 'Edm.Guid' },
      ]),
    );
    const invoice = types.find((t) => t.Name === 'invoice')!;
    const navs = invoice.NavigationProperty.map((n) => `${n.Name}:${n.Type}`);
    expect(navs).toEqual(
      expect.arrayContaining([
        'customerid_account:mscrm.account',
        'customerid_contact:mscrm.contact',
        'invoice_details:Collection(mscrm.invoicedetail)',
        'dxc_ConnectionId:mscrm.dxc_xeroconnection',
      ]),
    );
    const sets = (schema.EntityContainer.EntitySet as { Name: string }[]).map((s) => s.Name);
    expect(sets).toEqual(
      expect.arrayContaining([
        'invoices',
        'invoicedetails',
        'dxc_synchistories',
        'transactioncurrencies',
        'products',
      ]),
    );
    const service = await readJson(await fetch(`${emulator.apiUrl}/`));
    expect(service.value).toEqual(
      expect.arrayContaining([
        { name: 'dxc_xeroconnections', kind: 'EntitySet', url: 'dxc_xeroconnections' },
      ]),
    );
  });
});

describe('reference rows', () => {
  it('starts with GBP and USD, a default price list, a user and a business unit', async () => {
    const currencies = await api.retrieveMultiple({
      collection: 'transactioncurrencies',
      select: ['isocurrencycode'],
      orderBy: ['isocurrencycode'],
    });
    expect(currencies.value.map((c: { isocurrencycode: string }) => c.isocurrencycode)).toEqual([
      'GBP',
      'USD',
    ]);
    const lists = await api.retrieveMultiple({
      collection: 'pricelevels',
      select: ['name', '_transactioncurrencyid_value'],
    });
    expect(lists.value[0]).toMatchObject({
      name: 'Default Price List',
      _transactioncurrencyid_value: emulator.ids.gbp,
    });
    const who = await readJson(await fetch(`${emulator.apiUrl}/WhoAmI`));
    expect(who).toMatchObject({ UserId: emulator.ids.systemUser, BusinessUnitId: emulator.ids.businessUnit });
  });
});

// webapi/update-delete-entities-using-web-api.md "Update a single property value" / "Delete a single property value"
describe('single property writes', () => {
  it('PUT sets one column and DELETE clears it', async () => {
    const id = await newAccount('Single property');
    await api.updateSingleProperty({
      collection: 'accounts',
      key: id,
      fieldValuePair: { telephone1: '555-0199' },
    });
    expect((await api.retrieve({ collection: 'accounts', key: id, select: ['telephone1'] })).telephone1).toBe(
      '555-0199',
    );
    await api.deleteRecord({ collection: 'accounts', key: id, fieldName: 'telephone1' });
    expect(
      (await api.retrieve({ collection: 'accounts', key: id, select: ['telephone1'] })).telephone1,
    ).toBeNull();
    const res = await fetch(`${emulator.apiUrl}/accounts(${id})/nosuch`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ value: 1 }),
    });
    expect(res.status).toBe(400);
  });
});

// webapi/bulk-operations.md (UpsertMultiple) and query options Dataverse would not ignore
describe('UpsertMultiple and refused query options', () => {
  it('UpsertMultiple creates missing rows (key columns from @odata.id) and updates existing ones by alternate key', async () => {
    const connection = (await api.create({
      collection: 'dxc_xeroconnections',
      data: { dxc_name: 'Upsert org', dxc_tenantid: 'b7f1a2c3-0000-4000-8000-000000000002' },
    })) as string;
    const target = (code: string, name: string) => ({
      '@odata.type': 'Microsoft.Dynamics.CRM.dxc_xeroaccount',
      '@odata.id': `dxc_xeroaccounts(dxc_connectionid=${connection},dxc_code='${code}')`,
      // The key columns come from @odata.id when the row is created.
      dxc_name: name,
    });
    await api.callAction({
      collection: 'dxc_xeroaccounts',
      actionName: 'Microsoft.Dynamics.CRM.UpsertMultiple',
      action: { Targets: [target('200', 'Sales'), target('400', 'Advertising')] },
    });
    // The Web API answers UpsertMultiple with 204 and no body (bulk-operations.md, UpsertMultiple Web API tab).
    const second = await fetch(`${emulator.apiUrl}/dxc_xeroaccounts/Microsoft.Dynamics.CRM.UpsertMultiple`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ Targets: [target('200', 'Sales (renamed)'), target('260', 'Other Revenue')] }),
    });
    expect(second.status).toBe(204);
    expect(await second.text()).toBe('');
    const rows = await api.retrieveMultiple({
      collection: 'dxc_xeroaccounts',
      select: ['dxc_code', 'dxc_name'],
      filter: `_dxc_connectionid_value eq ${connection}`,
      orderBy: ['dxc_code'],
    });
    expect(rows.value.map((r: Record<string, unknown>) => [r.dxc_code, r.dxc_name])).toEqual([
      ['200', 'Sales (renamed)'],
      ['260', 'Other Revenue'],
      ['400', 'Advertising'],
    ]);
  });

  it('fetchXml is 501 and an unknown query parameter is 400, never ignored', async () => {
    expect((await fetch(`${emulator.apiUrl}/accounts?fetchXml=%3Cfetch%2F%3E`)).status).toBe(501);
    const res = await fetch(`${emulator.apiUrl}/accounts?select=name`);
    expect(res.status).toBe(400);
    expect((await readJson(res)).error.message).toBe("The query parameter 'select' is not supported.");
  });

  it('statecode is not valid for create on any table', async () => {
    const err = await rejection(api.create({ collection: 'accounts', data: { name: 'x', statecode: 1 } }));
    expect(err.message).toContain("'statecode' of 'account' is not valid for create");
  });
});
