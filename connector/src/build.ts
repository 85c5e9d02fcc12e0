// `npm run build -w connector`: builds the custom connector package from openapi/dxc-xero.swagger.yaml.
//
//   tsx src/build.ts                          refresh the committed package in connector/ (placeholder host)
//   tsx src/build.ts --host proxy.contoso.com write a package for your proxy to connector/dist/ (all four files)
//   DXC_PROXY_HOST=proxy.contoso.com …        same as --host
//   --out-dir <dir>                           write somewhere else
//   --contract <file.yaml>                    build from another contract file
//
// Exits 1 on any problem, naming the file (or option) and the reason.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildConnectorPackage, connectorDir, writeConnectorPackage } from './build-connector';

function main(): void {
  const { values } = parseArgs({
    options: {
      host: { type: 'string' },
      'out-dir': { type: 'string' },
      contract: { type: 'string' },
    },
  });
  const host = values.host ?? (process.env.DXC_PROXY_HOST || undefined);
  // A package for a real host goes to dist/ (ignored by git) so the committed placeholder package stays as it is.
  const outDir = path.resolve(values['out-dir'] ?? (host ? path.join(connectorDir, 'dist') : connectorDir));
  const built = buildConnectorPackage({ contractFile: values.contract, host });
  for (const { file, changed } of writeConnectorPackage(built, outDir)) {
    console.log(`${changed ? 'wrote' : 'unchanged'} ${path.relative(process.cwd(), file)}`);
  }
  console.log(`host: ${built.apiDefinition.host ?? '(none)'}`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
