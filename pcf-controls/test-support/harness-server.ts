// Serves our own PCF harness page on 127.0.0.1 (random port) for the browser tests and the benchmark.
// pcf-start's page loads React from unpkg.com (toolchain.md §4), which is unreachable here, so this page provides the
// platform globals the built bundles expect from node_modules' UMD builds, our mock context, and the four BUILT
// bundles from out/controls/ (what ships in the solution, not the sources).
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, request as httpRequest } from 'node:http';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { PCF_ROOT, readResxStrings } from './resx-strings';

export const CONTROL_NAMES = [
  'XeroInvoicePanel',
  'SyncHistoryTimeline',
  'CustomerBalanceCard',
  'SyncCentre',
] as const;
export type ControlName = (typeof CONTROL_NAMES)[number];

export const OUT_CONTROLS = join(PCF_ROOT, 'out', 'controls');

export interface HarnessServer {
  url: string;
  close: () => Promise<void>;
}

export interface HarnessOptions {
  /** development: React's warnings reach the console (tests); production: what users run (benchmark). */
  react: 'development' | 'production';
  /**
   * A Dataverse Web API (the emulator's `apiUrl`, …/api/data/v9.2) that the page's `webAPI.retrieveMultipleRecords`
   * reaches through this server at the same path, so queries the controls build run against a real OData service.
   */
  dataverseApiUrl?: string;
}

const WEB_API_PATH = '/api/data/v9.2/';

const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

/** Fails with the command to run when the controls were not built (the browser tests load the built bundles). */
export function assertControlsBuilt(): void {
  for (const name of CONTROL_NAMES) {
    const bundle = join(OUT_CONTROLS, name, 'bundle.js');
    if (!existsSync(bundle)) {
      throw new Error(
        `${bundle} is missing: build the controls first with \`npm run build -w pcf-controls\``,
      );
    }
  }
}

/** test-support/mock-context.ts, transpiled for the page as a global `DxcMock` (it has no runtime imports). */
function mockContextScript(): string {
  const source = readFileSync(join(__dirname, 'mock-context.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2019 },
  });
  return `(function () { var exports = {}; ${outputText}\nwindow.DxcMock = exports; })();`;
}

export async function startHarnessServer(options: HarnessOptions): Promise<HarnessServer> {
  assertControlsBuilt();
  const suffix = options.react === 'development' ? 'development.js' : 'production.min.js';
  const files: Record<string, () => string | Buffer> = {
    '/lib/react.js': () => readFileSync(join(packageDir('react'), 'umd', `react.${suffix}`)),
    '/lib/react-dom.js': () => readFileSync(join(packageDir('react-dom'), 'umd', `react-dom.${suffix}`)),
    // Fluent's own UMD build (global FluentUIReact, needs globals React and ReactDOM), the same code that pcf-start
    // ships as lib/fluent_8_121_1.js under the platform alias.
    '/lib/fluent.js': () =>
      readFileSync(join(packageDir('@fluentui/react'), 'dist', 'fluentui-react.umd.js')),
    '/mock-context.js': mockContextScript,
    '/harness.js': () => readFileSync(join(__dirname, 'harness', 'harness.js')),
    '/': () => readFileSync(join(__dirname, 'harness', 'index.html')),
  };
  for (const name of CONTROL_NAMES) {
    files[`/controls/${name}/bundle.js`] = () => readFileSync(join(OUT_CONTROLS, name, 'bundle.js'));
    // Strings come from the resx that the build copied next to the bundle, as the platform would load them.
    files[`/strings/${name}.json`] = () => JSON.stringify(readResxStrings(name, join(OUT_CONTROLS, name)));
  }
  const types: Record<string, string> = { js: 'text/javascript', json: 'application/json', '/': 'text/html' };

  const dataverse = options.dataverseApiUrl ? new URL(options.dataverseApiUrl) : undefined;
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] as string;
    if (dataverse && path.startsWith(WEB_API_PATH) && request.method === 'GET') {
      // Reads only: the controls' writes stay on the mock context, which records them for the tests.
      const upstream = httpRequest(
        {
          host: dataverse.hostname,
          port: dataverse.port,
          method: 'GET',
          path: `${dataverse.pathname.replace(/\/$/, '')}/${(request.url ?? '').slice(WEB_API_PATH.length)}`,
          headers: {
            accept: request.headers['accept'] ?? 'application/json',
            prefer: request.headers['prefer'] ?? '',
            'odata-version': '4.0',
            'odata-maxversion': '4.0',
          },
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, {
            'content-type': answer.headers['content-type'] ?? 'application/json',
            'cache-control': 'no-store',
          });
          answer.pipe(response);
        },
      );
      upstream.on('error', (error) => {
        response.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
      });
      upstream.end();
      return;
    }
    const file = files[path];
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    try {
      const body = file();
      const type = path === '/' ? types['/'] : types[path.split('.').pop() ?? ''];
      response.writeHead(200, {
        'content-type': `${type ?? 'application/octet-stream'}; charset=utf-8`,
        'cache-control': 'no-store',
      });
      response.end(body);
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
