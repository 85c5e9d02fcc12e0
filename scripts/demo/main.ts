/**
 * `npm run demo`: builds the PCF controls when their bundles are missing (a fresh clone), starts the whole loop
 * (start-demo.ts) and prints where to look. Ctrl+C stops everything and removes the demo's data folder.
 * DEMO_PORT fixes the page's port (default 4300).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { missingBundles } from './demo-page-server';
import { startDemo } from './start-demo';

const ROOT = path.resolve(__dirname, '../..');

function buildControlsIfMissing(): void {
  if (missingBundles().length === 0) return;
  process.stdout.write('Building the PCF controls for the demo page (first run only, 1–3 minutes)…\n');
  // The build decides success from pcf-scripts' log and output files (pcf-controls/scripts/build.ts).
  const build = spawnSync('npm', ['run', '--silent', 'build:controls'], { cwd: ROOT, stdio: 'inherit' });
  const missing = missingBundles();
  if (build.status !== 0 || missing.length) {
    throw new Error(`the PCF controls did not build (exit ${build.status}); missing: ${missing.join(', ')}`);
  }
}

async function main(): Promise<void> {
  const port = process.env.DEMO_PORT === undefined ? 4300 : Number(process.env.DEMO_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`DEMO_PORT '${process.env.DEMO_PORT}' is not a port number`);
  }
  buildControlsIfMissing();
  const demo = await startDemo({
    port,
    onRun: (run) =>
      process.stdout.write(
        `  flow ${run.flow.replace(/-[0-9A-F-]{36}$/i, '')}: ${run.status} (${run.reason})` +
          `${run.failures.length ? `\n    ${run.failures.join('\n    ')}` : ''}\n`,
      ),
  });
  const lines = [
    `Dynamics 365 ⇄ Xero demo: open ${demo.pageUrl.replace('127.0.0.1', 'localhost')}`,
    '',
    'On the invoice form: "Mark ready" → the invoice reaches Xero in seconds (Xero panel, deep link);',
    '"Record payment in Xero" → the panel turns Paid and the sync history fills; "Cancel invoice" on an',
    'authorised invoice (INV-1002 is one) → a credit note in Xero.',
    '',
    `Proxy (sandbox mode): ${demo.proxy.url}   API key: ${demo.proxy.apiKey}`,
    `Xero emulator: ${demo.proxy.xero.url}   Dataverse emulator: ${demo.dataverse.apiUrl}`,
    "Flows (the solution's own, unmodified):",
    ...demo.flows.plan.map((p) => `  ${p.flow.replace(/-[0-9A-F-]{36}$/i, '')}: ${p.how}`),
    '',
    'Ctrl+C stops the demo (its data starts fresh next time).',
  ];
  process.stdout.write(`\n${lines.map((l) => `  ${l}`).join('\n')}\n\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void demo.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`demo: stopping failed: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    process.stderr.write(
      `demo: DEMO_PORT ${process.env.DEMO_PORT ?? 4300} is already in use; set DEMO_PORT to a free port (0 = any)\n`,
    );
    process.exit(1);
  }
  process.stderr.write(`demo: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
