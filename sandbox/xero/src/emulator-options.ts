/** Options of `startXeroEmulator`, validated with zod so a bad option names the field and the reason. */
import { z } from 'zod';
import { TestClock } from './clock';
import { appSchema } from './identity/apps';
import { DEFAULT_TOKEN_LIFETIMES } from './identity/token-service';
import { rateLimitsSchema } from './limits/rate-limiter';
import { webhookConfigSchema } from './webhooks/webhook-dispatcher';
import type { AccountingModule, OrganisationSeed } from './accounting-module';

const lifetimeKeys = Object.keys(DEFAULT_TOKEN_LIFETIMES) as (keyof typeof DEFAULT_TOKEN_LIFETIMES)[];

export const emulatorOptionsSchema = z.object({
  port: z.number().int().min(0).max(65535).default(0),
  host: z.string().min(1).default('127.0.0.1'),
  clock: z.instanceof(TestClock).optional(),
  /** Organisations to serve; default one "Demo Company (UK)". */
  organisations: z
    .array(
      z.custom<OrganisationSeed>(
        (s) =>
          typeof s === 'object' && s !== null && typeof (s as OrganisationSeed).organisationId === 'string',
        'each organisation must be an OrganisationSeed (see demoCompanyUk() / organisationSeed())',
      ),
    )
    .optional(),
  /** Adds this many generated organisations ("Emulator Organisation 2", …) after the given ones. */
  extraOrganisations: z.number().int().min(0).max(1000).default(0),
  limits: rateLimitsSchema.partial().optional(),
  /** Apps besides the built-in demo app (client id `sandbox`). */
  apps: z.array(appSchema).default([]),
  webhook: webhookConfigSchema.optional(),
  tokenLifetimes: z
    .object(Object.fromEntries(lifetimeKeys.map((k) => [k, z.number().positive().optional()])))
    .optional(),
  /** Serve the /__emulator control API (default true). */
  control: z.boolean().default(true),
  accounting: z.custom<AccountingModule>((m) => typeof m === 'object' && m !== null).optional(),
});

export type XeroEmulatorOptions = z.input<typeof emulatorOptionsSchema>;
export { appSchema };
