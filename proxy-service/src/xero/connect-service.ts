/**
 * Connecting and disconnecting Xero organisations: the authorization-code flow with state and PKCE (S256), the
 * organisation picker when one consent covers several tenants, Xero Custom Connections (client_credentials), and
 * disconnect (DELETE /connections/{id} at Xero, then revoke the refresh token once it reaches no organisation).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ProxyError } from '../errors';
import type { SecretBox } from '../store/secret-box';
import type { ConnectionRecord, Store } from '../store/store';
import type { TokenVault, XeroTokens } from './token-vault';
import { toTokens } from './token-vault';
import type { XeroAppCredentials, XeroClientFactory } from './xero-client-factory';
import { parseXeroFailure } from './xero-failure';

/** Xero authorization codes live 5 minutes (reference/xero-api.md §9); a little longer covers a slow sign-in. */
const AUTHORIZE_STATE_MS = 15 * 60_000;
const PICK_STATE_MS = 15 * 60_000;

export interface XeroTenant {
  connectionId: string;
  tenantId: string;
  tenantName: string;
  tenantType: string;
  authEventId?: string;
}

export type AuthorizationOutcome =
  | { kind: 'connected'; connection: ConnectionRecord }
  | { kind: 'pick'; pickState: string; tenants: XeroTenant[] };

interface PendingPick {
  tokens: XeroTokens;
  tenants: XeroTenant[];
}

export interface ConnectServiceOptions {
  store: Store;
  box: SecretBox;
  vault: TokenVault;
  factory: XeroClientFactory;
  app: XeroAppCredentials & { redirectUri: string };
  logger: Logger;
  now?: () => number;
}

/** The `authentication_event_id` claim of Xero's access token: it names the consent that just happened. */
function authEventOf(accessToken: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof payload.authentication_event_id === 'string' ? payload.authentication_event_id : undefined;
  } catch {
    return undefined;
  }
}

export class ConnectService {
  private readonly now: () => number;

  constructor(private readonly o: ConnectServiceOptions) {
    this.now = o.now ?? Date.now;
  }

  private iso(offsetMs = 0): string {
    return new Date(this.now() + offsetMs).toISOString();
  }

  /** Where to send the admin's browser; the state and PKCE verifier are kept (sealed) until the callback. */
  async startAuthorization(): Promise<string> {
    const state = randomBytes(24).toString('base64url');
    const verifier = randomBytes(48).toString('base64url'); // 64 characters (RFC 7636: 43–128)
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    await this.o.store.saveOAuthState({
      state,
      purpose: 'authorize',
      sealedPayload: this.o.box.seal(verifier, `state:${state}`),
      expiresAt: this.iso(AUTHORIZE_STATE_MS),
    });
    const xero = await this.o.factory.forApp(this.o.app);
    return xero.openIdClient.authorizationUrl({
      redirect_uri: this.o.app.redirectUri,
      scope: this.o.app.scopes.join(' '),
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
  }

  /** Handles Xero's redirect back (the full callback URL or its query string). */
  async completeAuthorization(callbackUrl: string): Promise<AuthorizationOutcome> {
    const params = new URL(callbackUrl, 'http://callback.invalid').searchParams;
    const state = params.get('state') ?? '';
    const stored = state ? await this.o.store.takeOAuthState(state, this.iso()) : undefined;
    if (!stored || stored.purpose !== 'authorize') {
      throw new ProxyError(
        'VALIDATION_FAILED',
        400,
        'This sign-in link has expired or was already used; start again.',
        {
          details: [{ field: 'state', reason: 'is unknown, used or expired' }],
        },
      );
    }
    if (params.get('error')) {
      throw new ProxyError('VALIDATION_FAILED', 400, `Xero did not grant access (${params.get('error')}).`, {
        details: [{ field: 'error', reason: String(params.get('error')) }],
      });
    }
    const verifier = this.o.box.open(stored.sealedPayload, `state:${state}`);
    const xero = await this.o.factory.forApp(this.o.app);
    const callbackParams = Object.fromEntries(params.entries());
    const set = await this.o.factory
      .within(() =>
        this.o.app.scopes.includes('openid')
          ? xero.openIdClient.callback(this.o.app.redirectUri, callbackParams, {
              state,
              code_verifier: verifier,
            })
          : xero.openIdClient.oauthCallback(this.o.app.redirectUri, callbackParams, {
              state,
              code_verifier: verifier,
            }),
      )
      .catch((thrown: unknown) => {
        const f = parseXeroFailure(thrown);
        throw new ProxyError('XERO_ERROR', 502, `Xero refused the sign-in (${f.oauthError ?? f.status}).`);
      });
    const tokens = toTokens(set, this.now());
    const tenants = await this.tenantsOf(tokens.accessToken);
    const event = authEventOf(tokens.accessToken);
    // The tenants this consent just authorised (Nango's approach, reference/peers.md §2.7); all of them if unknown.
    const fresh = event ? tenants.filter((t) => t.authEventId === event) : [];
    const candidates = fresh.length > 0 ? fresh : tenants;
    if (candidates.length === 0) {
      throw new ProxyError(
        'VALIDATION_FAILED',
        400,
        'The Xero sign-in did not include any organisation; try again.',
      );
    }
    if (candidates.length === 1)
      return { kind: 'connected', connection: await this.connect(tokens, candidates[0]!) };
    const pickState = randomBytes(24).toString('base64url');
    const pending: PendingPick = { tokens, tenants: candidates };
    await this.o.store.saveOAuthState({
      state: pickState,
      purpose: 'pick',
      sealedPayload: this.o.box.seal(JSON.stringify(pending), `state:${pickState}`),
      expiresAt: this.iso(PICK_STATE_MS),
    });
    return { kind: 'pick', pickState, tenants: candidates };
  }

  /** The admin chose one organisation of a consent that covered several. */
  async completePick(pickState: string, tenantId: string): Promise<ConnectionRecord> {
    const stored = await this.o.store.takeOAuthState(pickState, this.iso());
    if (!stored || stored.purpose !== 'pick') {
      throw new ProxyError('VALIDATION_FAILED', 400, 'This choice has expired; connect to Xero again.', {
        details: [{ field: 'pick', reason: 'is unknown, used or expired' }],
      });
    }
    const pending = JSON.parse(this.o.box.open(stored.sealedPayload, `state:${pickState}`)) as PendingPick;
    const tenant = pending.tenants.find((t) => t.tenantId === tenantId);
    if (!tenant) {
      throw new ProxyError('VALIDATION_FAILED', 400, 'That organisation was not part of this Xero sign-in.', {
        details: [{ field: 'tenantId', reason: 'is not one of the organisations offered' }],
      });
    }
    return this.connect(pending.tokens, tenant);
  }

  /** Connects the one organisation of a Xero Custom Connection app. */
  async connectCustom(clientId: string, clientSecret: string): Promise<ConnectionRecord> {
    // No scopes asked for: a custom connection gets the ones chosen for it in Xero's developer portal.
    const xero = await this.o.factory.forApp({ clientId, clientSecret, scopes: [] });
    const set = await this.o.factory
      .within(() => xero.getClientCredentialsToken())
      .catch((thrown: unknown) => {
        const f = parseXeroFailure(thrown);
        throw new ProxyError(
          'VALIDATION_FAILED',
          400,
          `Xero did not accept these custom connection credentials (${f.oauthError ?? `HTTP ${f.status}`}).`,
          { details: [{ field: 'clientId', reason: 'was refused by Xero together with the client secret' }] },
        );
      });
    const tokens: XeroTokens = { ...toTokens(set, this.now()), custom: { clientId, clientSecret } };
    const tenants = await this.tenantsOf(tokens.accessToken);
    if (tenants.length !== 1) {
      throw new ProxyError(
        'VALIDATION_FAILED',
        400,
        `A custom connection must reach exactly one organisation (found ${tenants.length}).`,
      );
    }
    return this.connect(tokens, tenants[0]!, 'custom');
  }

  private async tenantsOf(accessToken: string): Promise<XeroTenant[]> {
    const xero = this.o.factory.forAccessTokenWithConnections(accessToken);
    const list = (await this.o.factory.within(() => xero.updateTenants(false))) as Array<
      Record<string, unknown>
    >;
    return list
      .filter((t) => (t.tenantType ?? 'ORGANISATION') === 'ORGANISATION')
      .map((t) => ({
        connectionId: String(t.id),
        tenantId: String(t.tenantId),
        tenantName: String(t.tenantName ?? ''),
        tenantType: String(t.tenantType ?? 'ORGANISATION'),
        authEventId: typeof t.authEventId === 'string' ? t.authEventId : undefined,
      }));
  }

  private async connect(
    tokens: XeroTokens,
    tenant: XeroTenant,
    kind: 'oauth' | 'custom' = 'oauth',
  ): Promise<ConnectionRecord> {
    const xero = this.o.factory.forAccessToken(tokens.accessToken);
    const org = await this.o.factory
      .within(() => xero.accountingApi.getOrganisations(tenant.tenantId))
      .then((r) => r.body.organisations?.[0])
      .catch(() => undefined); // details are nice to have; the connection works without them
    const existing = await this.o.store.getConnectionByTenant(tenant.tenantId);
    const id = existing?.id ?? randomUUID();
    const connection = await this.o.store.upsertConnection(
      {
        id,
        tenantId: tenant.tenantId,
        tenantName: org?.name ?? tenant.tenantName,
        shortCode: org?.shortCode ?? null,
        baseCurrency: org?.baseCurrency ? String(org.baseCurrency) : null,
        countryCode: org?.countryCode ? String(org.countryCode) : null,
        kind,
        xeroConnectionId: kind === 'custom' ? null : tenant.connectionId,
        sealedTokens: this.o.vault.seal(id, tokens),
        tokenExpiresAt: tokens.expiresAt,
      },
      this.iso(),
    );
    this.o.logger.info(
      { event: 'connected', connectionId: id, tenantId: tenant.tenantId, kind },
      'Xero organisation connected',
    );
    return connection;
  }

  /** Removes the connection here and, as far as Xero still answers, at Xero (connection deleted, token revoked). */
  async disconnect(connection: ConnectionRecord): Promise<{ xeroDisconnected: boolean }> {
    let xeroDisconnected = false;
    if (connection.kind === 'oauth' && connection.status === 'Connected') {
      try {
        const { token } = await this.o.vault.accessToken(connection);
        const tokens = this.o.vault.open((await this.o.store.getConnection(connection.id)) ?? connection);
        const xero = await this.o.factory.forApp(this.o.app, token);
        if (connection.xeroConnectionId)
          await this.o.factory.within(() => xero.disconnect(connection.xeroConnectionId!));
        // Revoking a refresh token ends every connection of that Xero user for this app, including organisations
        // other connections here may use: revoke only when the token reaches nothing any more.
        const remaining = await this.tenantsOf(token);
        if (tokens.refreshToken && remaining.length === 0) {
          await this.o.factory.within(() => xero.openIdClient.revoke(tokens.refreshToken!, 'refresh_token'));
        }
        xeroDisconnected = true;
      } catch (error) {
        this.o.logger.warn(
          {
            event: 'disconnect_at_xero_failed',
            connectionId: connection.id,
            status: parseXeroFailure(error).status,
          },
          'could not disconnect at Xero; removing locally anyway',
        );
      }
    }
    await this.o.store.deleteConnection(connection.id);
    this.o.logger.info(
      { event: 'disconnected', connectionId: connection.id, xeroDisconnected },
      'connection removed',
    );
    return { xeroDisconnected };
  }
}
