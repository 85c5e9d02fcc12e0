/**
 * Sandbox mode keeps the emulator's books in DATA_DIR beside the proxy's ledger: after a restart an invoice the
 * ledger knows is still in Xero, so a re-sync's "unchanged" is true, and its status can be read.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { invoice, settings } from './domain/invoices/test-support/batch-fixtures';
import { sandboxBooksFile } from './sandbox-mode';

jest.setTimeout(120_000);

const MAIN = path.resolve(__dirname, 'main.ts');
const API_KEY = `dxc_Restart1_${'r'.repeat(43)}`;

/** Starts the proxy as `npm start` does and resolves with its URL once the sandbox banner is printed. */
function startProxy(dataDir: string): { child: ChildProcess; url: Promise<string> } {
  // node itself with tsx's loader, as `npm start` runs it. The tsx CLI relays SIGTERM to a child of its own and,
  // when the child has not acknowledged it within 30 ms (a loaded machine), SIGKILLs it and exits 143 (tsx 4 cli.mjs).
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      DATA_DIR: dataDir,
      SANDBOX: 'true',
      SANDBOX_API_KEY: API_KEY,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (l) => output.push(l));
  const url = new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`proxy exited ${code}:\n${output.join('\n')}`)));
    let listening: string | undefined;
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      listening ??= /"event":"listening","url":"([^"]+)"/.exec(line)?.[1];
      if (listening && /^\s+API key:/.test(line)) resolve(listening);
    });
  });
  return { child, url };
}

function stopProxy(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

async function call(url: string, pathname: string, body: unknown) {
  const res = await fetch(`${url}${pathname}`, {
    method: 'POST',
    headers: { 'X-Api-Key': API_KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-sandbox-books-'));
const running: ChildProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map(stopProxy));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('an invoice synced before a restart is still in Xero after it: status readable, re-sync truly unchanged', async () => {
  const sent = invoice(4201);
  const syncBody = { settings: settings({ defaultStatus: 'AUTHORISED' }), invoices: [sent] };

  const first = startProxy(dataDir);
  running.push(first.child);
  const created = await call(await first.url, '/v1/invoices/sync', syncBody);
  expect(created.status).toBe(200);
  expect(created.body.results[0]).toMatchObject({ outcome: 'created', status: 'AUTHORISED' });
  const xeroInvoiceId = created.body.results[0].xeroInvoiceId as string;
  expect(await stopProxy(first.child)).toBe(0);
  expect(fs.readFileSync(sandboxBooksFile(dataDir), 'utf8')).toContain(xeroInvoiceId);

  const second = startProxy(dataDir);
  running.push(second.child);
  const url = await second.url;
  const statuses = await call(url, '/v1/invoices/status', { xeroInvoiceIds: [xeroInvoiceId] });
  expect(statuses.status).toBe(200);
  expect(statuses.body.invoices).toEqual([
    expect.objectContaining({ xeroInvoiceId, status: 'AUTHORISED', invoiceNumber: sent.invoiceNumber }),
  ]);
  const again = await call(url, '/v1/invoices/sync', syncBody);
  expect(again.body.results[0]).toMatchObject({ outcome: 'unchanged', xeroInvoiceId });
  // An edit after the restart updates the same Xero invoice instead of failing on one the emulator lost.
  const edited = await call(url, '/v1/invoices/sync', {
    ...syncBody,
    invoices: [{ ...sent, lines: [{ ...sent.lines[0]!, quantity: 3 }] }],
  });
  expect(edited.body.results[0]).toMatchObject({ outcome: 'updated', xeroInvoiceId });
  expect(await stopProxy(second.child)).toBe(0);
});
