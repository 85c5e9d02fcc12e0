/**
 * The whole loop on one machine: the proxy in sandbox mode (the Xero emulator in process, its demo organisation
 * connected), the Dataverse emulator seeded with a small sales company, the solution's shipped flows running on
 * their triggers and schedules, and the invoice form page hosting the real PCF controls. Everything starts fresh:
 * the Dataverse emulator keeps rows in memory only, so the proxy and Xero books start in a new data folder with it
 * (a demo that kept Xero but not Dynamics would disagree with itself).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDataverseEmulator } from '@dxc/dataverse-emulator';
import type { DataverseEmulator } from '@dxc/dataverse-emulator';
import { sandboxRunConfiguration } from '@dxc/flow-runner';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import { startDemoFlows } from './demo-flows';
import type { DemoFlows, FlowRunNote } from './demo-flows';
import { startDemoPageServer } from './demo-page-server';
import type { DemoPageServer } from './demo-page-server';
import { startDemoProxy } from './demo-proxy';
import type { DemoProxy } from './demo-proxy';
import { demoSeed } from './demo-seed';

/** Cancels an invoice as a user does (Web API: statecode 3, statuscode 100003 Canceled). */
async function cancelInvoice(dataverse: DataverseEmulator, invoiceId: string): Promise<void> {
  const res = await fetch(`${dataverse.apiUrl}/invoices(${invoiceId})`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ statecode: 3, statuscode: 100003 }),
  });
  if (!res.ok) throw new Error(`cancelling seed invoice ${invoiceId}: ${res.status} ${await res.text()}`);
}

export interface Demo {
  pageUrl: string;
  proxy: DemoProxy;
  dataverse: DataverseEmulator;
  flows: DemoFlows;
  page: DemoPageServer;
  dataDir: string;
  close(): Promise<void>;
}

export interface DemoOptions {
  /** Port of the demo page (default: any free port). */
  port?: number;
  onRun?: (note: FlowRunNote) => void;
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-demo-'));
  const cleanups: (() => Promise<void>)[] = [
    async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  ];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    // The key is made here so the flows' connection can use it; its id part is fixed (dxc_ + 8 characters).
    const apiKey = `dxc_DemoLoop_${randomBytes(32).toString('base64url')}`;
    const proxy = await startDemoProxy({ dataDir, apiKey });
    cleanups.push(() => proxy.close());
    const dataverse = await startDataverseEmulator({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => dataverse.close());
    const seed = demoSeed({
      tenantId: proxy.connection.tenantId,
      tenantName: proxy.connection.tenantName,
      today: new Date(),
    });
    dataverse.load(seed.rows);
    for (const id of seed.cancelled) await cancelInvoice(dataverse, id);
    const config = sandboxRunConfiguration({
      dataverseUrl: dataverse.url,
      proxyUrl: proxy.url,
      apiKey: proxy.apiKey,
    });
    const flows = await startDemoFlows({ dataverse, config, onRun: options.onRun });
    cleanups.push(() => flows.stop());
    const page = await startDemoPageServer({
      port: options.port,
      dataverseUrl: dataverse.url,
      xeroUrl: proxy.xero.url,
      tenantId: proxy.connection.tenantId,
      runs: () => flows.runs,
      xeroUpdatedAt: (xeroInvoiceId) =>
        proxy.xero.emulator.books<OrganisationBooks>(proxy.connection.tenantId).findInvoice(xeroInvoiceId)
          ?.updatedDateUtc,
    });
    cleanups.push(() => page.close());
    return { pageUrl: page.url, proxy, dataverse, flows, page, dataDir, close };
  } catch (error) {
    await close();
    throw error;
  }
}
