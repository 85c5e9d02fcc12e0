// `npm start`: the product on its embedded defaults — the proxy on SQLite under ./data. With no Xero app
// credentials in the environment it asks for sandbox mode (SANDBOX=true): the Xero emulator starts in-process, its
// demo organisation is connected, and the admin URL and an API key are printed. The proxy itself never falls back
// to sandbox mode on its own (a deployment whose secrets failed to load must stop, not talk to an emulator).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const proxyDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../proxy-service');
const env = { ...process.env };
if (!env.SANDBOX?.trim() && !env.XERO_CLIENT_ID?.trim() && !env.XERO_CLIENT_SECRET?.trim())
  env.SANDBOX = 'true';

// The proxy runs in node itself with tsx's loader: no npm or tsx CLI in between, so a stop signal sent to this
// process reaches the proxy (through two layers it was lost, leaving the proxy running), and its exit code is ours.
const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  cwd: proxyDir,
  stdio: 'inherit',
  env,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
