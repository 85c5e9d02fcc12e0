/**
 * Serves the demo's invoice form: a page that looks like a Dynamics model-driven form and hosts the BUILT PCF
 * bundles (pcf-controls/out/controls, what the solution ships) on the platform libraries, bound to the Dataverse
 * emulator's Web API, which this server forwards under the same origin as a Dynamics page reaches its own org.
 * Also: the control's strings from the built resx, the demo's configuration (ids, bindings, choice values from the
 * solution model), the flow runs so far, and "Record payment in Xero", which asks the Xero emulator's control API.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express, { type Request, type Response } from 'express';
import ts from 'typescript';
import { readResxStrings } from '@dxc/pcf-controls/test-support/resx-strings';
import { ECHO_WINDOW_MS } from '@dxc/proxy-service';
import { choiceValue } from '@dxc/solution';
import { PCF_DIR, demoBindings } from './control-bindings';
import type { FlowRunNote } from './demo-flows';
import { DEMO_IDS } from './demo-seed';

export const OUT_CONTROLS = path.join(PCF_DIR, 'out', 'controls');
const PAGE_DIR = path.join(__dirname, 'page');

export interface DemoPageServer {
  url: string;
  close(): Promise<void>;
}

export interface DemoPageOptions {
  port?: number;
  /** Base URL of the Dataverse emulator (its Web API is under /api/data/v9.2). */
  dataverseUrl: string;
  /** Base URL of the Xero emulator (control API under /__emulator). */
  xeroUrl: string;
  tenantId: string;
  runs: () => FlowRunNote[];
  /** When Xero last changed this invoice (its UpdatedDateUTC), undefined when Xero has no such invoice. */
  xeroUpdatedAt: (xeroInvoiceId: string) => Date | undefined;
}

const packageFile = (name: string, ...rest: string[]) =>
  path.join(path.dirname(require.resolve(`${name}/package.json`, { paths: [PCF_DIR] })), ...rest);

/** The PCF context factory the control tests use (pcf-controls/test-support), as a browser global `DxcMock`. */
function contextFactoryScript(): string {
  const source = readFileSync(path.join(PCF_DIR, 'test-support', 'mock-context.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2019 },
  });
  return `(function () { var exports = {}; ${outputText}\nwindow.DxcMock = exports; })();`;
}

/** Choice values the page needs, by label, from the solution model. */
function pageChoices() {
  const labels = (choice: string, names: string[]) =>
    Object.fromEntries(names.map((label) => [label, choiceValue(choice, label)]));
  return {
    exportStatus: labels('dxc_exportstatus', ['No', 'Yes', 'Failed']),
    xeroStatus: labels('dxc_xerostatus', ['Draft', 'Submitted', 'Authorised', 'Paid', 'Voided', 'Deleted']),
  };
}

/** Express 4 does not catch a rejected handler: an emulator that went away is a 502 naming it, not a crash. */
function answerErrors(handler: (req: Request, res: Response) => Promise<void>) {
  return (req: Request, res: Response) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        res.status(502).json({ error: `the demo could not reach an emulator: ${(error as Error).message}` });
    });
  };
}

export function missingBundles(): string[] {
  return demoBindings()
    .map((b) => path.join(OUT_CONTROLS, b.name, 'bundle.js'))
    .filter((file) => !existsSync(file));
}

export async function startDemoPageServer(options: DemoPageOptions): Promise<DemoPageServer> {
  const missing = missingBundles();
  if (missing.length) throw new Error(`the PCF bundles are not built: ${missing.join(', ')}`);
  const bindings = demoBindings();
  const app = express();
  app.disable('x-powered-by');
  const script = (res: Response, body: string | Buffer) =>
    res.type('text/javascript').set('Cache-Control', 'no-store').send(body);

  app.get('/', (_req, res) => res.sendFile(path.join(PAGE_DIR, 'index.html')));
  app.get('/form.js', (_req, res) => script(res, readFileSync(path.join(PAGE_DIR, 'form.js'))));
  app.get('/form.css', (_req, res) =>
    res.type('text/css').send(readFileSync(path.join(PAGE_DIR, 'form.css'))),
  );
  app.get('/lib/react.js', (_req, res) =>
    script(res, readFileSync(packageFile('react', 'umd', 'react.production.min.js'))),
  );
  app.get('/lib/react-dom.js', (_req, res) =>
    script(res, readFileSync(packageFile('react-dom', 'umd', 'react-dom.production.min.js'))),
  );
  app.get('/lib/fluent.js', (_req, res) =>
    script(res, readFileSync(packageFile('@fluentui/react', 'dist', 'fluentui-react.umd.js'))),
  );
  const factory = contextFactoryScript();
  app.get('/lib/context.js', (_req, res) => script(res, factory));
  for (const { name } of bindings) {
    app.get(`/controls/${name}/bundle.js`, (_req, res) =>
      script(res, readFileSync(path.join(OUT_CONTROLS, name, 'bundle.js'))),
    );
    app.get(`/strings/${name}.json`, (_req, res) =>
      res.json(readResxStrings(name, path.join(OUT_CONTROLS, name))),
    );
  }
  app.get('/demo/config.json', (_req, res) =>
    res.json({
      bindings,
      ids: DEMO_IDS,
      choices: pageChoices(),
      tenantId: options.tenantId,
    }),
  );
  app.get('/demo/runs', (_req, res) => res.json(options.runs().slice(-12).reverse()));

  // "Record payment in Xero": the customer pays the invoice in full in Xero (the emulator's control API).
  app.post(
    '/demo/xero/payments',
    express.json(),
    answerErrors(async (req: Request, res: Response) => {
      const xeroInvoiceId = (req.body as { xeroInvoiceId?: unknown })?.xeroInvoiceId;
      if (typeof xeroInvoiceId !== 'string' || !/^[0-9a-f-]{36}$/i.test(xeroInvoiceId)) {
        res.status(400).json({ error: 'xeroInvoiceId: the Xero id of an invoice (a GUID) is required' });
        return;
      }
      // The proxy takes a Xero event within ECHO_WINDOW_MS of its own write for that write's echo and does not
      // notify it (own-write.ts; the status catch-up still sees it). No customer pays that fast, but a click on a
      // freshly synced invoice can, so the payment waits for the window to pass, as it would in real life.
      const updatedAt = options.xeroUpdatedAt(xeroInvoiceId)?.getTime() ?? 0;
      const wait = updatedAt + ECHO_WINDOW_MS + 250 - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const answer = await fetch(
        `${options.xeroUrl}/__emulator/organisations/${options.tenantId}/invoices/${xeroInvoiceId}/payments`,
        { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' },
      );
      res
        .status(answer.status)
        .type('application/json')
        .send(await answer.text());
    }),
  );

  // The Dataverse Web API, same origin as the page (a form talks to its own org).
  app.use(
    '/api/data',
    express.raw({ type: () => true, limit: '5mb' }),
    answerErrors(async (req, res) => {
      const headers: Record<string, string> = {};
      for (const name of ['accept', 'content-type', 'prefer', 'if-match', 'if-none-match', 'odata-version']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const body = Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body : undefined;
      const answer = await fetch(`${options.dataverseUrl}/api/data${req.url}`, {
        method: req.method,
        headers,
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
      });
      for (const name of [
        'content-type',
        'odata-entityid',
        'odata-version',
        'preference-applied',
        'retry-after',
      ]) {
        const value = answer.headers.get(name);
        if (value) res.set(name, value);
      }
      res.status(answer.status).send(Buffer.from(await answer.arrayBuffer()));
    }),
  );

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port ?? 0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
