/**
 * Xero's token rules (reference/xero-api.md section 9 and peers.md 2.1), all measured on the emulator clock:
 * - authorization codes are single-use and live 5 minutes;
 * - access tokens are RS256 JWTs living 1800 s, carrying `xero_userid`, `authentication_event_id` and the scopes;
 * - every refresh returns a new refresh token (rotation); a refresh token unused for 60 days expires;
 * - the previous refresh token may be retried for 30 minutes after it was rotated, in case the refresh response
 *   was lost. Xero does not document what that retry returns; the emulator answers with the SAME successor refresh
 *   token (a lost response is "received again") and a freshly minted access token, and only while the successor
 *   itself has not been used — once it has, the client evidently got it and the old token is stale (invalid_grant).
 *   That reading is an assumption (UNVERIFIED), chosen because it is the strictest one consistent with the docs;
 * - revocation (`/connect/revocation`) kills the whole grant: its refresh tokens, the access tokens minted from it,
 *   and the user's connections to the app (Xero's docs: revoking "removes all their connections").
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { Clock } from '../clock';
import type { App } from './apps';
import type { SigningKey } from './signing-key';
import type { XeroUser } from './users';

export const ACCESS_TOKEN_SECONDS = 1800;
const MINUTE = 60_000;
export const DEFAULT_TOKEN_LIFETIMES = {
  accessTokenSeconds: ACCESS_TOKEN_SECONDS,
  codeMs: 5 * MINUTE,
  refreshIdleMs: 60 * 24 * 60 * MINUTE,
  refreshGraceMs: 30 * MINUTE,
  idTokenSeconds: 300,
};
export type TokenLifetimes = typeof DEFAULT_TOKEN_LIFETIMES;

/** An OAuth error the token endpoint returns as 400 `{"error": code}`. */
export class OAuthError extends Error {
  constructor(
    readonly error:
      | 'invalid_grant'
      | 'invalid_client'
      | 'invalid_request'
      | 'unsupported_grant_type'
      | 'unauthorized_client'
      | 'invalid_scope',
    readonly description?: string,
  ) {
    super(description ? `${error}: ${description}` : error);
  }
}

export interface Grant {
  /** Also the `global_session_id` claim of every token minted from the grant. */
  id: string;
  clientId: string;
  userId: string;
  authEventId: string;
  scopes: string[];
  authTime: Date;
  revoked: boolean;
  kind: 'authorization_code' | 'client_credentials';
}

interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  user: XeroUser;
  scopes: string[];
  authEventId: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  nonce?: string;
  expiresAt: Date;
  used: boolean;
}

interface RefreshTokenRecord {
  token: string;
  grantId: string;
  issuedAt: Date;
  successor?: string;
  rotatedAt?: Date;
}

export interface TokenResponse {
  id_token?: string;
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
  refresh_token?: string;
  scope: string;
}

export interface AccessTokenClaims extends JWTPayload {
  client_id: string;
  global_session_id: string;
  authentication_event_id: string;
  xero_userid?: string;
  scope: string[];
}

export type AccessTokenCheck =
  | { ok: true; claims: AccessTokenClaims; grant: Grant }
  | { ok: false; reason: 'expired'; expiredAt: Date }
  | { ok: false; reason: 'invalid' | 'revoked' };

export interface TokenServiceDeps {
  clock: Clock;
  key: SigningKey;
  /** The issuer URL, known only once the server listens. */
  issuer: () => string;
  users: { byId(userId: string): XeroUser | undefined };
  /** Removes every connection of (app, user); called on revocation. */
  disconnectAll: (clientId: string, userId: string) => void;
  lifetimes?: Partial<TokenLifetimes>;
}

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export class TokenService {
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly grants = new Map<string, Grant>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  readonly lifetimes: TokenLifetimes;

  constructor(private readonly deps: TokenServiceDeps) {
    this.lifetimes = { ...DEFAULT_TOKEN_LIFETIMES, ...deps.lifetimes };
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  issueCode(input: Omit<AuthorizationCode, 'code' | 'expiresAt' | 'used'>): string {
    const code = randomBytes(32).toString('hex').toUpperCase();
    this.codes.set(code, {
      ...input,
      code,
      used: false,
      expiresAt: new Date(this.now().getTime() + this.lifetimes.codeMs),
    });
    return code;
  }

  async exchangeCode(
    app: App,
    code: string | undefined,
    redirectUri: string | undefined,
    verifier: string | undefined,
  ): Promise<TokenResponse> {
    if (!code) throw new OAuthError('invalid_request', 'code is required');
    const record = this.codes.get(code);
    if (!record || record.clientId !== app.clientId) throw new OAuthError('invalid_grant');
    if (record.used || record.expiresAt.getTime() <= this.now().getTime())
      throw new OAuthError('invalid_grant');
    if (redirectUri !== record.redirectUri)
      throw new OAuthError('invalid_grant', 'redirect_uri does not match the authorization request');
    if (record.codeChallenge) {
      if (!verifier || !VERIFIER.test(verifier))
        throw new OAuthError('invalid_grant', 'code_verifier is missing or malformed');
      const derived = record.codeChallengeMethod === 'plain' ? verifier : s256(verifier);
      if (derived !== record.codeChallenge)
        throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge');
    } else if (!app.clientSecret) {
      throw new OAuthError('invalid_grant', 'a PKCE app must send a code_challenge');
    }
    record.used = true;
    const grant: Grant = {
      id: randomUUID(),
      clientId: app.clientId,
      userId: record.user.userId,
      authEventId: record.authEventId,
      scopes: record.scopes,
      authTime: this.now(),
      revoked: false,
      kind: 'authorization_code',
    };
    this.grants.set(grant.id, grant);
    return this.mintResponse(grant, { nonce: record.nonce, refreshToken: this.newRefreshToken(grant) });
  }

  async refresh(app: App, token: string | undefined): Promise<TokenResponse> {
    if (!token) throw new OAuthError('invalid_request', 'refresh_token is required');
    const record = this.refreshTokens.get(token);
    const grant = record && this.grants.get(record.grantId);
    if (!record || !grant || grant.clientId !== app.clientId || grant.revoked)
      throw new OAuthError('invalid_grant');
    const now = this.now().getTime();
    if (record.successor === undefined) {
      if (now - record.issuedAt.getTime() > this.lifetimes.refreshIdleMs)
        throw new OAuthError('invalid_grant');
      const successor = this.newRefreshToken(grant);
      record.successor = successor;
      record.rotatedAt = this.now();
      return this.mintResponse(grant, { refreshToken: successor });
    }
    const successor = this.refreshTokens.get(record.successor);
    const inGrace =
      record.rotatedAt !== undefined && now - record.rotatedAt.getTime() <= this.lifetimes.refreshGraceMs;
    if (!inGrace || !successor || successor.successor !== undefined) throw new OAuthError('invalid_grant');
    return this.mintResponse(grant, { refreshToken: successor.token });
  }

  async clientCredentials(app: App, requested: string[]): Promise<TokenResponse> {
    if (app.kind !== 'custom-connection') throw new OAuthError('unauthorized_client');
    const allowed = app.scopes ?? [];
    const unknown = requested.filter((s) => !allowed.includes(s));
    if (unknown.length > 0)
      throw new OAuthError('invalid_scope', `not granted to this custom connection: ${unknown.join(' ')}`);
    const grant: Grant = {
      id: randomUUID(),
      clientId: app.clientId,
      userId: customConnectionUserId(app),
      authEventId: customConnectionAuthEventId(app),
      scopes: requested.length > 0 ? requested : allowed,
      authTime: this.now(),
      revoked: false,
      kind: 'client_credentials',
    };
    this.grants.set(grant.id, grant);
    return this.mintResponse(grant, {});
  }

  /** RFC 7009: unknown tokens are not an error. Accepts a refresh token or an access token of the app. */
  async revoke(app: App, token: string | undefined): Promise<void> {
    if (!token) throw new OAuthError('invalid_request', 'token is required');
    let grant: Grant | undefined;
    const record = this.refreshTokens.get(token);
    if (record) grant = this.grants.get(record.grantId);
    else {
      const check = await this.verifyAccessToken(token, { ignoreExpiry: true });
      if (check.ok) grant = check.grant;
    }
    if (!grant || grant.clientId !== app.clientId) return;
    grant.revoked = true;
    this.deps.disconnectAll(grant.clientId, grant.userId);
  }

  async verifyAccessToken(token: string, opts: { ignoreExpiry?: boolean } = {}): Promise<AccessTokenCheck> {
    let claims: AccessTokenClaims;
    try {
      const verified = await jwtVerify(token, this.deps.key.publicKey, {
        issuer: this.deps.issuer(),
        audience: `${this.deps.issuer()}/resources`,
        algorithms: ['RS256'],
        currentDate: this.now(),
        ...(opts.ignoreExpiry ? { clockTolerance: '1000 weeks' } : {}),
      });
      claims = verified.payload as AccessTokenClaims;
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) {
        const exp = (err.payload as JWTPayload).exp ?? 0;
        return { ok: false, reason: 'expired', expiredAt: new Date(exp * 1000) };
      }
      return { ok: false, reason: 'invalid' };
    }
    const grant = this.grants.get(claims.global_session_id);
    if (!grant) return { ok: false, reason: 'invalid' };
    if (grant.revoked) return { ok: false, reason: 'revoked' };
    return { ok: true, claims, grant };
  }

  grantsOf(clientId: string): Grant[] {
    return [...this.grants.values()].filter((g) => g.clientId === clientId);
  }

  private newRefreshToken(grant: Grant): string {
    const token = randomBytes(32).toString('hex');
    this.refreshTokens.set(token, { token, grantId: grant.id, issuedAt: this.now() });
    return token;
  }

  private async mintResponse(
    grant: Grant,
    opts: { refreshToken?: string; nonce?: string },
  ): Promise<TokenResponse> {
    const issuer = this.deps.issuer();
    const nowS = Math.floor(this.now().getTime() / 1000);
    const user = this.deps.users.byId(grant.userId);
    const accessClaims: Record<string, unknown> = {
      client_id: grant.clientId,
      auth_time: Math.floor(grant.authTime.getTime() / 1000),
      idp: 'xero',
      global_session_id: grant.id,
      sid: grant.id.replace(/-/g, ''),
      jti: randomUUID().replace(/-/g, '').toUpperCase(),
      authentication_event_id: grant.authEventId,
      scope: grant.scopes,
      amr: grant.kind === 'client_credentials' ? [] : ['pwd'],
    };
    if (user) {
      accessClaims.sub = user.userId.replace(/-/g, '');
      accessClaims.xero_userid = user.userId;
    }
    const accessToken = await new SignJWT(accessClaims)
      .setProtectedHeader({ alg: 'RS256', kid: this.deps.key.kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(`${issuer}/resources`)
      .setNotBefore(nowS)
      .setIssuedAt(nowS)
      .setExpirationTime(nowS + this.lifetimes.accessTokenSeconds)
      .sign(this.deps.key.privateKey);
    const response: TokenResponse = {
      access_token: accessToken,
      expires_in: this.lifetimes.accessTokenSeconds,
      token_type: 'Bearer',
      scope: grant.scopes.join(' '),
    };
    if (grant.scopes.includes('openid') && user) {
      response.id_token = await this.mintIdToken(grant, user, accessToken, nowS, opts.nonce);
    }
    if (opts.refreshToken && grant.scopes.includes('offline_access'))
      response.refresh_token = opts.refreshToken;
    return response;
  }

  /**
   * openid-client (inside xero-node) checks iss, aud, exp, iat, sub, nonce and at_hash. No `nbf`: openid-client
   * compares it with the real clock, and tests move the emulator clock forward.
   */
  private async mintIdToken(
    grant: Grant,
    user: XeroUser,
    accessToken: string,
    nowS: number,
    nonce?: string,
  ): Promise<string> {
    const claims: Record<string, unknown> = {
      at_hash: createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url'),
      sid: grant.id.replace(/-/g, ''),
      auth_time: Math.floor(grant.authTime.getTime() / 1000),
      idp: 'xero',
      xero_userid: user.userId,
      global_session_id: grant.id,
      amr: ['pwd'],
    };
    if (nonce !== undefined) claims.nonce = nonce;
    if (grant.scopes.includes('email')) claims.email = user.email;
    if (grant.scopes.includes('profile')) {
      claims.preferred_username = user.email;
      claims.given_name = user.givenName;
      claims.family_name = user.familyName;
    }
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: this.deps.key.kid, typ: 'JWT' })
      .setIssuer(this.deps.issuer())
      .setAudience(grant.clientId)
      .setSubject(user.userId.replace(/-/g, ''))
      .setIssuedAt(nowS)
      .setExpirationTime(nowS + this.lifetimes.idTokenSeconds)
      .sign(this.deps.key.privateKey);
  }
}

/** A custom connection has no human user; its connection and tokens belong to a stable per-app identity. */
export function customConnectionUserId(app: App): string {
  return `custom-connection:${app.clientId}`;
}

export function customConnectionAuthEventId(app: App): string {
  // Stable per app, so GET /connections?authEventId= works for custom connections too.
  const hex = createHash('sha256').update(`auth-event:${app.clientId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
