// Environment variables as Microsoft documents them (Web API reference: environmentvariabledefinition,
// environmentvariablevalue): a definition with its default, and an optional value row that overrides it, read in one
// query by expanding the one-to-many relationship environmentvariabledefinition_environmentvariablevalue.
import { startDataverseEmulator, type DataverseEmulator } from './emulator';

const DEFINITION = '7a1d0c55-0b7e-4c1e-9d3a-5e2f0a000001';
const OTHER = '7a1d0c55-0b7e-4c1e-9d3a-5e2f0a000002';
const QUERY =
  "?$select=schemaname,defaultvalue&$filter=schemaname eq 'dxc_ProxyBaseUrl'" +
  '&$expand=environmentvariabledefinition_environmentvariablevalue($select=value)';

let emulator: DataverseEmulator;

beforeAll(async () => {
  emulator = await startDataverseEmulator({
    seed: {
      environmentvariabledefinition: [
        {
          environmentvariabledefinitionid: DEFINITION,
          schemaname: 'dxc_ProxyBaseUrl',
          displayname: 'Xero proxy base URL',
          defaultvalue: 'https://default.example',
          type: 100000000,
        },
        { environmentvariabledefinitionid: OTHER, schemaname: 'dxc_Other', defaultvalue: 'x' },
      ],
      environmentvariablevalue: [
        {
          schemaname: 'dxc_ProxyBaseUrl',
          value: 'https://xero-proxy.contoso.example',
          'environmentvariabledefinitionid@odata.bind': `/environmentvariabledefinitions(${DEFINITION})`,
        },
      ],
    },
  });
});
afterAll(async () => {
  await emulator.close();
});

const get = async (path: string) => {
  const res = await fetch(`${emulator.apiUrl}/${path}`, { headers: { Accept: 'application/json' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

it('reads a definition with its current value in one query', async () => {
  const { status, body } = await get(`environmentvariabledefinitions${QUERY}`);
  expect(status).toBe(200);
  expect(body['value']).toEqual([
    expect.objectContaining({
      environmentvariabledefinitionid: DEFINITION,
      schemaname: 'dxc_ProxyBaseUrl',
      defaultvalue: 'https://default.example',
      environmentvariabledefinition_environmentvariablevalue: [
        expect.objectContaining({ value: 'https://xero-proxy.contoso.example' }),
      ],
    }),
  ]);
});

it('gives a definition without a value row an empty collection, so its default applies', async () => {
  const { body } = await get(
    "environmentvariabledefinitions?$select=defaultvalue&$filter=schemaname eq 'dxc_Other'" +
      '&$expand=environmentvariabledefinition_environmentvariablevalue($select=value)',
  );
  expect(body['value']).toEqual([
    expect.objectContaining({
      defaultvalue: 'x',
      environmentvariabledefinition_environmentvariablevalue: [],
    }),
  ]);
});

it('checks the type choice against environmentvariabledefinition_type', async () => {
  const res = await fetch(`${emulator.apiUrl}/environmentvariabledefinitions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ schemaname: 'dxc_Bad', type: 7 }),
  });
  expect(res.status).toBe(400);
  expect(JSON.stringify(await res.json())).toContain('type');
});
