/**
 * Runs the plans' calls as plain HTTP against the project's Xero emulator (sandbox/xero) through a custom-connection
 * token, exactly as the gateway will send them: same verbs, paths, query parameters, Idempotency-Key header and
 * PascalCase bodies. Proves the planned wire shapes are what Xero (as emulated) accepts.
 */
import { startXeroEmulator } from '@dxc/xero-emulator';
import type { XeroEmulator } from '@dxc/xero-emulator';
import type { XeroCall } from '../xero-calls';
import { fromCreditNoteWire, toCreditNoteWire } from '../credit-note-wire';
import type { XeroCreditNoteWireRecord } from '../credit-note-wire';

const CLIENT_ID = 'sync-domain-suite';
const CLIENT_SECRET = 'sync-domain-suite-secret';
const SCOPES = 'accounting.transactions accounting.contacts accounting.settings';

export interface EmulatedXero {
  emulator: XeroEmulator;
  tenantId: string;
  shortCode: string;
  calls: XeroCall[];
  /** Makes a planned call and returns the answer's elements. */
  run(call: XeroCall): Promise<Record<string, unknown>[]>;
  /** Any other Accounting API request (for set-up and assertions); returns the parsed JSON body. */
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startEmulatedXero(): Promise<EmulatedXero> {
  const emulator = await startXeroEmulator();
  const org = emulator.organisations[0]!;
  emulator.addApp({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    kind: 'custom-connection',
    tenantId: org.tenantId,
    scopes: SCOPES.split(' '),
  });
  const tokenResponse = await fetch(`${emulator.url}/connect/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: SCOPES }).toString(),
  });
  if (!tokenResponse.ok)
    throw new Error(`emulator token: ${tokenResponse.status} ${await tokenResponse.text()}`);
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };

  const request = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${emulator.url}/api.xro/2.0${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'xero-tenant-id': org.tenantId,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };

  const calls: XeroCall[] = [];
  const run = async (call: XeroCall): Promise<Record<string, unknown>[]> => {
    calls.push(call);
    const query = new URLSearchParams();
    let body: unknown;
    let collection: string;
    const headers: Record<string, string> = {};
    switch (call.kind) {
      case 'contacts.lookup':
        query.set('where', call.where);
        query.set('includeArchived', 'true');
        collection = 'Contacts';
        break;
      case 'items.lookup':
        if (call.where !== undefined) query.set('where', call.where);
        collection = 'Items';
        break;
      case 'contacts.create':
        body = { Contacts: call.contacts };
        collection = 'Contacts';
        break;
      case 'items.create':
        body = { Items: call.items };
        collection = 'Items';
        break;
      case 'invoices.create':
      case 'invoices.update':
        body = { Invoices: call.invoices };
        query.set('unitdp', String(call.unitdp));
        collection = 'Invoices';
        break;
      case 'creditnotes.create':
      case 'creditnotes.update':
        body = { CreditNotes: call.creditNotes.map(toCreditNoteWire) };
        query.set('unitdp', String(call.unitdp));
        collection = 'CreditNotes';
        break;
    }
    if ('summarizeErrors' in call) query.set('summarizeErrors', String(call.summarizeErrors));
    if ('idempotencyKey' in call) headers['Idempotency-Key'] = call.idempotencyKey;
    const qs = query.toString();
    const answer = await request(call.method, `${call.path}${qs ? `?${qs}` : ''}`, body, headers);
    const elements = (answer[collection] as Record<string, unknown>[] | undefined) ?? [];
    // Credit notes come back in the invoice shape the domain reads, as the gateway gives them.
    return collection === 'CreditNotes'
      ? elements.map((e) => fromCreditNoteWire(e as XeroCreditNoteWireRecord) as Record<string, unknown>)
      : elements;
  };

  return {
    emulator,
    tenantId: org.tenantId,
    shortCode: org.shortCode,
    calls,
    run,
    request,
    close: () => emulator.close(),
  };
}
