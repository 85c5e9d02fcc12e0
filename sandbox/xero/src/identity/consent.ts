/**
 * The authorization step of the code flow (Xero's login.xero.com consent screen): validate the request, let the
 * user tick organisations, connect them, and answer the redirect URI with `code` and `state`. Used both by the
 * HTML consent page and by `emulator.consent()` / `POST /__emulator/consent`, so a test needs no browser.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { ConnectionRegistry } from '../connections/connection-registry';
import { isRedirectUriAllowed, type AppRegistry, type App } from './apps';
import { isKnownScope, parseScopeList } from './scopes';
import type { TokenService } from './token-service';
import type { UserDirectory, XeroUser } from './users';

export interface TenantDirectory {
  list(): { tenantId: string; tenantName: string }[];
  has(tenantId: string): boolean;
}

export interface AuthorizationRequest {
  id: string;
  app: App;
  redirectUri: string;
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  expiresAt: Date;
}

/** Errors shown on the consent page itself: the redirect URI cannot be trusted, so nothing is redirected. */
export class AuthorizePageError extends Error {}

export interface ConsentDecision {
  /** Tenant ids to connect; default: every organisation. */
  tenantIds?: string[];
  /** Signs in as this user (by email); default: the emulator's demo user. */
  userEmail?: string;
  deny?: boolean;
}

const PENDING_MS = 10 * 60_000;

export class ConsentService {
  private readonly pending = new Map<string, AuthorizationRequest>();

  constructor(
    private readonly deps: {
      clock: Clock;
      apps: AppRegistry;
      users: UserDirectory;
      tenants: TenantDirectory;
      connections: ConnectionRegistry;
      tokens: TokenService;
    },
  ) {}

  /**
   * Validates `/connect/authorize` query parameters. Returns either the stored request (show the consent page) or a
   * redirect URL carrying an OAuth error (RFC 6749 4.1.2.1) once the client and redirect URI are trusted.
   */
  begin(query: Record<string, unknown>): { request: AuthorizationRequest } | { redirect: string } {
    const str = (k: string): string | undefined =>
      typeof query[k] === 'string' ? (query[k] as string) : undefined;
    const clientId = str('client_id');
    if (!clientId) throw new AuthorizePageError('client_id is required');
    const app = this.deps.apps.get(clientId);
    if (!app) throw new AuthorizePageError(`unknown client_id "${clientId}"`);
    if (app.kind === 'custom-connection')
      throw new AuthorizePageError('a custom connection app cannot use the authorization code flow');
    const redirectUri = str('redirect_uri');
    if (!redirectUri) throw new AuthorizePageError('redirect_uri is required');
    if (!isRedirectUriAllowed(app, redirectUri))
      throw new AuthorizePageError(`redirect_uri "${redirectUri}" is not registered for this app`);
    const state = str('state');
    const fail = (error: string, description: string) => ({
      redirect: withParams(redirectUri, { error, error_description: description, state }),
    });
    if (str('response_type') !== 'code')
      return fail('unsupported_response_type', 'response_type must be "code"');
    const scopes = parseScopeList(str('scope'));
    if (scopes.length === 0) return fail('invalid_scope', 'scope is required');
    const unknown = scopes.filter((s) => !isKnownScope(s));
    if (unknown.length > 0) return fail('invalid_scope', `unknown scope(s): ${unknown.join(' ')}`);
    const codeChallenge = str('code_challenge');
    const method = str('code_challenge_method') ?? (codeChallenge ? 'plain' : undefined);
    if (method !== undefined && method !== 'S256' && method !== 'plain') {
      return fail('invalid_request', 'code_challenge_method must be S256 or plain');
    }
    if (!codeChallenge && !app.clientSecret)
      return fail('invalid_request', 'code_challenge is required for a PKCE app');
    if (codeChallenge && !/^[A-Za-z0-9\-._~]{43,128}$/.test(codeChallenge)) {
      return fail('invalid_request', 'code_challenge must be 43-128 characters of [A-Za-z0-9-._~]');
    }
    const request: AuthorizationRequest = {
      id: randomBytes(16).toString('hex'),
      app,
      redirectUri,
      scopes,
      state,
      nonce: str('nonce'),
      codeChallenge,
      codeChallengeMethod: method as 'S256' | 'plain' | undefined,
      expiresAt: new Date(this.deps.clock.now().getTime() + PENDING_MS),
    };
    this.pending.set(request.id, request);
    return { request };
  }

  /** Completes a pending request: connects the ticked organisations and returns the redirect to the app. */
  decide(requestId: string, decision: ConsentDecision): string {
    const request = this.pending.get(requestId);
    if (!request || request.expiresAt.getTime() <= this.deps.clock.now().getTime()) {
      throw new AuthorizePageError('this authorization request has expired; start again from the app');
    }
    this.pending.delete(requestId);
    const state = request.state;
    if (decision.deny) {
      return withParams(request.redirectUri, {
        error: 'access_denied',
        error_description: 'the user denied access',
        state,
      });
    }
    const user: XeroUser = decision.userEmail
      ? this.deps.users.findOrCreate(decision.userEmail)
      : this.deps.users.defaultUser;
    const tenants = this.deps.tenants.list();
    const wanted = decision.tenantIds ?? tenants.map((t) => t.tenantId);
    const unknown = wanted.filter((id) => !this.deps.tenants.has(id));
    if (unknown.length > 0) throw new AuthorizePageError(`unknown organisation(s): ${unknown.join(', ')}`);
    const authEventId = randomUUID();
    // Without an accounting scope Xero connects nothing (an openid-only sign-in); the same here.
    if (request.scopes.some((s) => s.startsWith('accounting.'))) {
      for (const tenant of tenants.filter((t) => wanted.includes(t.tenantId))) {
        this.deps.connections.connect(request.app.clientId, user.userId, tenant, authEventId);
      }
    }
    const code = this.deps.tokens.issueCode({
      clientId: request.app.clientId,
      redirectUri: request.redirectUri,
      user,
      scopes: request.scopes,
      authEventId,
      codeChallenge: request.codeChallenge,
      codeChallengeMethod: request.codeChallengeMethod,
      nonce: request.nonce,
    });
    return withParams(request.redirectUri, {
      code,
      scope: request.scopes.join(' '),
      state,
      session_state: randomBytes(16).toString('hex'),
    });
  }

  /** Programmatic consent: takes the full authorize URL an app built (e.g. xero-node's buildConsentUrl()). */
  consent(authorizeUrl: string, decision: ConsentDecision = {}): string {
    const url = new URL(authorizeUrl);
    const begun = this.begin(Object.fromEntries(url.searchParams.entries()));
    if ('redirect' in begun) return begun.redirect;
    return this.decide(begun.request.id, decision);
  }
}

function withParams(base: string, params: Record<string, string | undefined>): string {
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}
