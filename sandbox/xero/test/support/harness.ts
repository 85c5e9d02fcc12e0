/** Starts an emulator (stand-in books unless told otherwise) and a xero-node client wired to it. */
import { startXeroEmulator, type XeroEmulator } from '../../src';
import type { XeroEmulatorOptions } from '../../src/emulator-options';
import { connectXeroNode, type WiredXeroNode, type XeroNodeWiringOptions } from '../../src/xero-node-wiring';
import { standInAccounting } from './stand-in-accounting';

export interface Harness {
  emulator: XeroEmulator;
  tenantId: string;
  clients: WiredXeroNode[];
  client(opts?: XeroNodeWiringOptions): Promise<WiredXeroNode>;
  /** A client that has completed consent for every organisation. */
  connected(opts?: XeroNodeWiringOptions): Promise<WiredXeroNode>;
  close(): Promise<void>;
}

export async function startHarness(options: XeroEmulatorOptions = {}): Promise<Harness> {
  const emulator = await startXeroEmulator({ accounting: standInAccounting, ...options });
  const clients: WiredXeroNode[] = [];
  const harness: Harness = {
    emulator,
    tenantId: emulator.organisations[0]?.tenantId ?? '',
    clients,
    client: async (opts = {}) => {
      const c = await connectXeroNode(emulator.url, { httpTimeoutMs: 10_000, ...opts });
      clients.push(c);
      return c;
    },
    connected: async (opts = {}) => {
      const c = await harness.client(opts);
      await c.authorize();
      return c;
    },
    close: async () => {
      for (const c of clients) c.dispose();
      await emulator.close();
    },
  };
  return harness;
}

/** xero-node's AccountingApi rejects with a JSON string (section 11); this parses it. */
export async function xeroNodeError(promise: Promise<unknown>): Promise<{
  response: { statusCode: number; body: unknown; headers: Record<string, string> };
}> {
  try {
    await promise;
  } catch (err) {
    if (typeof err !== 'string')
      throw new Error(`expected xero-node to reject with a JSON string, got ${String(err)}`);
    return JSON.parse(err) as {
      response: { statusCode: number; body: unknown; headers: Record<string, string> };
    };
  }
  throw new Error('expected the call to fail');
}

/** The axios-based XeroClient paths reject with the (redacted) axios error object. */
export async function axiosError(
  promise: Promise<unknown>,
): Promise<{ response?: { status: number; data: unknown } }> {
  try {
    await promise;
  } catch (err) {
    return err as { response?: { status: number; data: unknown } };
  }
  throw new Error('expected the call to fail');
}
