/**
 * `npm run xero-emulator -- --port 4000`: starts the emulator, prints its base URL and the demo app's (public,
 * fixed) credentials, and runs until SIGINT/SIGTERM, then closes gracefully.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startXeroEmulator } from './emulator';
import { DAILY_LIMIT_PRESETS } from './limits/rate-limiter';

const USAGE = `Usage: npm run xero-emulator -- [options]
  --port <n>            port to listen on (default 4000; 0 = any free port)
  --host <addr>         address to bind (default 127.0.0.1)
  --organisations <n>   extra organisations besides "Demo Company (UK)" (default 0)
  --daily-limit <n>     calls per organisation per day, or "starter" (1000) / "standard" (5000, the default)
  --webhook-url <url>   deliver webhooks there (runs Intent to Receive)
  --webhook-key <key>   the webhook signing key (required with --webhook-url)
  --help                show this help`;

const cliSchema = z
  .object({
    port: z.coerce.number().int().min(0).max(65535).default(4000),
    host: z.string().min(1).default('127.0.0.1'),
    organisations: z.coerce.number().int().min(0).max(1000).default(0),
    'daily-limit': z
      .union([
        z.enum(['starter', 'standard']).transform((t) => DAILY_LIMIT_PRESETS[t]),
        z.coerce.number().int().positive(),
      ])
      .optional(),
    'webhook-url': z.string().url().optional(),
    'webhook-key': z.string().min(1).optional(),
  })
  .refine((o) => !o['webhook-url'] || o['webhook-key'], {
    message: '--webhook-key is required with --webhook-url',
    path: ['webhook-key'],
  });

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      organisations: { type: 'string' },
      'daily-limit': { type: 'string' },
      'webhook-url': { type: 'string' },
      'webhook-key': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const parsed = cliSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      console.error(`xero-emulator: --${issue.path.join('.')}: ${issue.message}`);
    console.error(USAGE);
    process.exit(2);
  }
  const o = parsed.data;
  const emulator = await startXeroEmulator({
    port: o.port,
    host: o.host,
    extraOrganisations: o.organisations,
    ...(o['daily-limit'] ? { limits: { perDay: o['daily-limit'] } } : {}),
    ...(o['webhook-url'] && o['webhook-key']
      ? { webhook: { url: o['webhook-url'], key: o['webhook-key'] } }
      : {}),
  });
  console.log(`Xero emulator listening on ${emulator.url}`);
  console.log(
    `Demo app: client id "${emulator.demoApp.clientId}", client secret "${emulator.demoApp.clientSecret}", redirect URI any http://localhost… or http://127.0.0.1…`,
  );
  for (const org of emulator.organisations)
    console.log(`Organisation: ${org.name} (tenant id ${org.tenantId})`);
  console.log(
    `OpenID discovery: ${emulator.url}/.well-known/openid-configuration — control API: ${emulator.url}/__emulator/state`,
  );

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`xero-emulator: ${signal} received, closing`);
    emulator.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('xero-emulator: error while closing', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`xero-emulator: ${(err as Error).message}`);
  process.exit(1);
});
