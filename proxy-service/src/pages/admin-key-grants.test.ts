/**
 * The admin portal's key form grants a new key other connected organisations too (issue 14), over real HTTP: the
 * key reaches exactly what was ticked, the page says which organisations each key also reaches, and a grant of an
 * organisation that is not connected creates nothing.
 */
import { randomUUID } from 'node:crypto';
import type { ConnectionRecord } from '../store/store';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness } from '../test-support/proxy-harness';

jest.setTimeout(120_000);

let h: Harness;
let cookie = '';
let a: ConnectionRecord;
let b: ConnectionRecord;

async function request(method: string, pathname: string, form?: URLSearchParams) {
  const response = await fetch(`${h.url}${pathname}`, {
    method,
    redirect: 'manual',
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: form?.toString(),
  });
  const setCookie = response.headers.get('set-cookie');
  if (setCookie) cookie = setCookie.split(';')[0]!;
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

beforeAll(async () => {
  h = await startHarness({ emulator: { extraOrganisations: 1 } });
  ({ connection: a } = await h.connect(h.emulator.organisations[0]!.tenantId));
  ({ connection: b } = await h.connect(h.emulator.organisations[1]!.tenantId));
  await request('POST', '/admin/login', new URLSearchParams({ secret: h.env.ADMIN_SECRET! }));
});
afterAll(async () => h?.close());

test('a key created on one organisation with another ticked reaches both, and the page says so', async () => {
  const home = await request('GET', '/admin');
  const csrf = /name="_csrf"\s+value="([^"]+)"/.exec(home.html)![1]!;
  // Each card offers the other organisation.
  expect(home.html).toContain(`name="grant" value="${b.id}"`);
  expect(home.html).toContain(`name="grant" value="${a.id}"`);

  const created = await request(
    'POST',
    `/admin/connections/${a.id}/keys`,
    new URLSearchParams([
      ['_csrf', csrf],
      ['label', 'Both'],
      ['grant', b.id],
    ]),
  );
  // Post-redirect-get: the key is shown once, on its own page.
  expect(created.status).toBe(303);
  expect(created.location).toMatch(/^\/admin\/keys\/new\?notice=/);
  const shown = await request('GET', created.location!);
  expect(shown.status).toBe(200);
  expect(shown.html).toContain(`New API key for ${a.tenantName}, ${b.tenantName}`);
  const apiKey = /<code class="key"[^>]*>([^<]+)<\/code>/.exec(shown.html)![1]!;
  const listed = await h.call('GET', '/v1/organisations', { apiKey });
  expect(listed.body.organisations.map((o: { tenantId: string }) => o.tenantId)).toEqual([
    a.tenantId,
    b.tenantId,
  ]);
  // Listed under both cards, each naming the other organisation.
  const page = (await request('GET', '/admin')).html;
  expect(page).toContain(`Both <span class="muted">(also ${b.tenantName})</span>`);
  expect(page).toContain(`Both <span class="muted">(also ${a.tenantName})</span>`);

  const before = (await h.proxy.services.store.listApiKeys(a.id)).length;
  const refused = await request(
    'POST',
    `/admin/connections/${a.id}/keys`,
    new URLSearchParams([
      ['_csrf', csrf],
      ['label', 'Ghost'],
      ['grant', randomUUID()],
    ]),
  );
  expect(refused.status).toBe(400);
  expect(refused.html).toContain('One of the organisations to grant is no longer connected');
  expect(await h.proxy.services.store.listApiKeys(a.id)).toHaveLength(before);
});
