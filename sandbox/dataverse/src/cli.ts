/**
 * `npm run dataverse-emulator -- --port 4100 [--seed rows.json] [--token secret] [--max-requests n]`: starts the
 * emulator with the reference rows (GBP/USD, default price list, a user, a business unit), prints its base URL and
 * runs until SIGINT/SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDataverseEmulator } from './emulator';
import type { SeedRows } from './seed';

const USAGE = `Usage: npm run dataverse-emulator -- [options]
  --port <n>           port to listen on (default 4100; 0 = any free port)
  --host <addr>        address to bind (default 127.0.0.1)
  --seed <file.json>   rows to load: { "<table logical name>": [ { column: value, "nav@odata.bind": "/set(id)" } ] }
                       (a relative path is read from where you run the command)
  --token <value>      require "Authorization: Bearer <value>" on every request
  --max-requests <n>   service protection: 429 after n requests per 300-second window
  --help               show this help`;

function fail(message: string): never {
  process.stderr.write(`dataverse-emulator: ${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        token: { type: 'string' },
        'max-requests': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = values.port === undefined ? 4100 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port '${values.port}' is not a port number`);
  const maxRequests = values['max-requests'] === undefined ? undefined : Number(values['max-requests']);
  if (maxRequests !== undefined && (!Number.isInteger(maxRequests) || maxRequests <= 0)) {
    fail(`--max-requests '${values['max-requests']}' is not a positive integer`);
  }
  let seed: SeedRows | undefined;
  if (values.seed) {
    // `npm run` starts this in sandbox/dataverse; INIT_CWD is where the user typed the command.
    const seedFile = resolve(process.env.INIT_CWD ?? process.cwd(), values.seed);
    try {
      seed = JSON.parse(readFileSync(seedFile, 'utf8')) as SeedRows;
    } catch (e) {
      fail(`--seed ${seedFile}: ${(e as Error).message}`);
    }
  }
  const emulator = await startDataverseEmulator({
    port,
    host: values.host ?? '127.0.0.1',
    seed,
    requireBearerToken: values.token,
    serviceProtection: maxRequests ? { maxRequests } : undefined,
  });
  process.stdout.write(`Dataverse emulator listening at ${emulator.url}\nWeb API: ${emulator.apiUrl}\n`);
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`dataverse-emulator: ${(e as Error).message}\n`);
  process.exit(1);
});
