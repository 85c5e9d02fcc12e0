/**
 * identity.xero.com and login.xero.com on one base URL: OpenID discovery, JWKS, the consent page, the token endpoint
 * and revocation. Token endpoint errors are 400 `{"error": …}` as Xero sends them (reference/xero-api.md section 8).
 */
import express, { type Request, type Response, type Router } from 'express';
import type { AppRegistry, App } from './apps';
import { AuthorizePageError, type ConsentService, type TenantDirectory } from './consent';
import { renderAuthorizeError, renderConsentPage } from './consent-page';
import { parseScopeList } from './scopes';
import type { SigningKey } from './signing-key';
import { OAuthError, type TokenService } from './token-service';
import type { UserDirectory } from './users';
import type { FaultInjector } from '../faults/fault-injector';
import { bearerGuard, grantOf } from '../http/bearer-guard';

export interface IdentityDeps {
  baseUrl: () => string;
  key: SigningKey;
  apps: AppRegistry;
  users: UserDirectory;
  tenants: TenantDirectory;
  consent: ConsentService;
  tokens: TokenService;
  faults: FaultInjector;
}

export function discoveryDocument(base: string): Record<string, unknown> {
  return {
    issuer: base,
    authorization_endpoint: `${base}/connect/authorize`,
    token_endpoint: `${base}/connect/token`,
    revocation_endpoint: `${base}/connect/revocation`,
    userinfo_endpoint: `${base}/connect/userinfo`,
    jwks_uri: `${base}/.well-known/openid-configuration/jwks`,
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    code_challenge_methods_supported: ['plain', 'S256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    claims_supported: [
      'sub',
      'email',
      'given_name',
      'family_name',
      'preferred_username',
      'xero_userid',
      'global_session_id',
    ],
  };
}

/** RFC 6749 2.3.1: Basic credentials are form-url-encoded before base64 (openid-client does so). */
function clientCredentialsOf(req: Request): { clientId?: string; clientSecret?: string } {
  const header = req.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    if (i < 0) return {};
    return { clientId: dec(decoded.slice(0, i)), clientSecret: dec(decoded.slice(i + 1)) };
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  return {
    clientId: typeof body.client_id === 'string' ? body.client_id : undefined,
    clientSecret: typeof body.client_secret === 'string' ? body.client_secret : undefined,
  };
}

function authenticateClient(apps: AppRegistry, req: Request): App {
  const { clientId, clientSecret } = clientCredentialsOf(req);
  const app = clientId ? apps.get(clientId) : undefined;
  if (!app) throw new OAuthError('invalid_client');
  if (app.clientSecret !== undefined ? clientSecret !== app.clientSecret : clientSecret)
    throw new OAuthError('invalid_client');
  return app;
}

function sendOAuthError(res: Response, err: unknown): void {
  if (err instanceof OAuthError) {
    res
      .status(400)
      .set('Cache-Control', 'no-store')
      .json({ error: err.error, ...(err.description ? { error_description: err.description } : {}) });
    return;
  }
  throw err;
}

export function createIdentityRouter(deps: IdentityDeps): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '64kb' });

  router.get('/.well-known/openid-configuration', (_req, res) => {
    res.json(discoveryDocument(deps.baseUrl()));
  });
  router.get('/.well-known/openid-configuration/jwks', (_req, res) => {
    res.json(deps.key.jwks);
  });

  router.get('/connect/authorize', (req, res) => {
    try {
      const begun = deps.consent.begin(req.query as Record<string, unknown>);
      if ('redirect' in begun) {
        res.redirect(302, begun.redirect);
        return;
      }
      res
        .type('html')
        .send(renderConsentPage(begun.request, deps.tenants.list(), deps.users.defaultUser.email));
    } catch (err) {
      if (!(err instanceof AuthorizePageError)) throw err;
      res.status(400).type('html').send(renderAuthorizeError(err.message));
    }
  });

  router.post('/connect/authorize', form, (req, res) => {
    const body = req.body as Record<string, string | string[] | undefined>;
    const tenants = body.tenant === undefined ? [] : Array.isArray(body.tenant) ? body.tenant : [body.tenant];
    try {
      const redirect = deps.consent.decide(String(body.request ?? ''), {
        deny: body.decision === 'deny',
        tenantIds: tenants,
      });
      res.redirect(302, redirect);
    } catch (err) {
      if (!(err instanceof AuthorizePageError)) throw err;
      res.status(400).type('html').send(renderAuthorizeError(err.message));
    }
  });

  router.post('/connect/token', form, deps.faults.middleware('token'), async (req, res, next) => {
    try {
      const app = authenticateClient(deps.apps, req);
      const body = req.body as Record<string, string | undefined>;
      let tokens;
      switch (body.grant_type) {
        case 'authorization_code':
          tokens = await deps.tokens.exchangeCode(app, body.code, body.redirect_uri, body.code_verifier);
          break;
        case 'refresh_token':
          tokens = await deps.tokens.refresh(app, body.refresh_token);
          break;
        case 'client_credentials':
          // xero-node sends `scopes=` (a comma list); standard clients send `scope=` (space separated).
          tokens = await deps.tokens.clientCredentials(app, parseScopeList(body.scope ?? body.scopes));
          break;
        default:
          throw new OAuthError('unsupported_grant_type');
      }
      res.set('Cache-Control', 'no-store').json(tokens);
    } catch (err) {
      try {
        sendOAuthError(res, err);
      } catch (unexpected) {
        next(unexpected);
      }
    }
  });

  // OpenID Connect userinfo for the token's user (what the id_token's profile/email claims say).
  router.get('/connect/userinfo', bearerGuard(deps.tokens), (_req, res) => {
    const grant = grantOf(res);
    const user = deps.users.byId(grant.userId);
    if (!user || !grant.scopes.includes('openid')) {
      res.status(403).json({ error: 'insufficient_scope' });
      return;
    }
    res.json({
      sub: user.userId.replace(/-/g, ''),
      xero_userid: user.userId,
      ...(grant.scopes.includes('email') ? { email: user.email } : {}),
      ...(grant.scopes.includes('profile')
        ? { given_name: user.givenName, family_name: user.familyName, preferred_username: user.email }
        : {}),
    });
  });

  router.post('/connect/revocation', form, async (req, res, next) => {
    try {
      const app = authenticateClient(deps.apps, req);
      await deps.tokens.revoke(app, (req.body as Record<string, string | undefined>).token);
      res.status(200).end();
    } catch (err) {
      try {
        sendOAuthError(res, err);
      } catch (unexpected) {
        next(unexpected);
      }
    }
  });

  return router;
}
