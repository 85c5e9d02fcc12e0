/**
 * The developer apps the emulator knows (what Xero's developer portal holds): OAuth 2.0 web apps, PKCE apps
 * without a secret, and custom connections bound to one organisation (client_credentials).
 */
import { z } from 'zod';

export const DEMO_CLIENT_ID = 'sandbox';
export const DEMO_CLIENT_SECRET = 'sandbox-secret';

export const appSchema = z
  .object({
    clientId: z.string().min(1, 'clientId must not be empty'),
    /** Omitted for a PKCE ("Auth code with PKCE") app, which authenticates with the code_verifier alone. */
    clientSecret: z.string().min(1).optional(),
    name: z.string().min(1).default('Emulator app'),
    /** Exact redirect URIs. Omitted: any http://localhost… or http://127.0.0.1… URI (Xero allows http only there). */
    redirectUris: z.array(z.string().url()).optional(),
    kind: z.enum(['web', 'custom-connection']).default('web'),
    /** Custom connections only: the organisation (tenant id) the connection is bound to. */
    tenantId: z.string().uuid().optional(),
    /** Custom connections only: the scopes ticked when the connection was authorised. */
    scopes: z.array(z.string()).optional(),
  })
  .superRefine((app, ctx) => {
    if (app.kind === 'custom-connection' && !app.tenantId) {
      ctx.addIssue({
        code: 'custom',
        path: ['tenantId'],
        message: 'a custom connection must name its organisation',
      });
    }
    if (app.kind === 'custom-connection' && !app.clientSecret) {
      ctx.addIssue({
        code: 'custom',
        path: ['clientSecret'],
        message: 'a custom connection needs a client secret',
      });
    }
  });

export type AppInput = z.input<typeof appSchema>;
export type App = z.output<typeof appSchema>;

const LOOPBACK_REDIRECT = /^http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?(\/[^#]*)?$/;

export function isRedirectUriAllowed(app: App, redirectUri: string): boolean {
  if (app.redirectUris) return app.redirectUris.includes(redirectUri);
  return LOOPBACK_REDIRECT.test(redirectUri);
}

export class AppRegistry {
  private readonly apps = new Map<string, App>();

  add(input: AppInput): App {
    const app = appSchema.parse(input);
    if (this.apps.has(app.clientId)) throw new Error(`an app with clientId "${app.clientId}" already exists`);
    this.apps.set(app.clientId, app);
    return app;
  }

  get(clientId: string): App | undefined {
    return this.apps.get(clientId);
  }

  list(): App[] {
    return [...this.apps.values()];
  }
}
