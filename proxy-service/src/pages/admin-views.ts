/**
 * Server-rendered pages of the admin portal: plain HTML and a little CSS. Every page works without scripts;
 * portal-script.ts only localises times and adds a Copy button. Landmarks: a banner (header) and one main.
 */
import type { ApiKeyRecord, ConnectionRecord, UsageRecord } from '../store/store';
import type { XeroTenant } from '../xero/connect-service';
import { html, raw } from './html';
import type { RawHtml } from './html';
import { timeAt } from './portal-time';
import { reconnectReason } from './reconnect-reason';
import type { ReconnectReason } from './reconnect-reason';

const STYLE = `
  :root { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1f24; background: #f5f7fa; }
  body { max-width: 980px; margin: 0 auto; padding: 24px; }
  header { display: flex; justify-content: space-between; align-items: center; margin-bottom: 24px; }
  h1 { font-size: 1.4rem; margin: 0; } h2 { font-size: 1.1rem; margin: 0 0 8px; }
  .card { background: #fff; border: 1px solid #d8dee4; border-radius: 8px; padding: 16px 20px; margin-bottom: 16px; }
  .light { display: inline-block; width: 12px; height: 12px; border-radius: 50%; margin-right: 8px; vertical-align: middle; }
  .green { background: #1f883d; } .red { background: #cf222e; }
  table { border-collapse: collapse; width: 100%; font-size: .92rem; } td, th { text-align: left; padding: 6px 8px; border-bottom: 1px solid #eaeef2; }
  form.inline { display: inline; } input[type=text], input[type=password] { padding: 6px 8px; border: 1px solid #d0d7de; border-radius: 6px; min-width: 260px; }
  button { padding: 6px 12px; border-radius: 6px; border: 1px solid #1f883d; background: #1f883d; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #1b1f24; border-color: #d0d7de; } button.danger { background: #fff; color: #cf222e; border-color: #cf222e; }
  .muted { color: #57606a; font-size: .88rem; } .notice { background: #ddf4ff; border-color: #54aeff; } .error { background: #ffebe9; border-color: #ff8182; }
  code.key { display: block; padding: 10px; background: #f6f8fa; border: 1px dashed #8c959f; word-break: break-all; font-size: 1rem; }
  .meter { height: 8px; background: #eaeef2; border-radius: 4px; overflow: hidden; width: 200px; display: inline-block; vertical-align: middle; }
  .meter > span { display: block; height: 100%; background: #0969da; }
  .reconnect { border-left: 4px solid #cf222e; padding-left: 12px; } .reconnect p { margin: 4px 0 8px; }
  nav.back { margin-bottom: 12px; } ul.consequences li { margin: 4px 0; }
  .bar { display: inline-block; height: 10px; background: #0969da; border-radius: 2px; vertical-align: middle; }
`;

export function page(title: string, body: RawHtml, signedIn = false, csrf = ''): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Dynamics 365 ⇄ Xero proxy</title>
        <style>
          ${raw(STYLE)}
        </style>
        <script src="/admin/portal.js" defer></script>
      </head>
      <body>
        <header>
          <h1>Dynamics 365 ⇄ Xero proxy</h1>
          ${
            signedIn
              ? html`<form class="inline" method="post" action="/admin/logout">
                  <input type="hidden" name="_csrf" value="${csrf}" /><button class="secondary">
                    Sign out
                  </button>
                </form>`
              : ''
          }
        </header>
        <main>${body}</main>
      </body>
    </html>`.toString();
}

export function loginView(error?: string): string {
  return page(
    'Sign in',
    html`<div class="card ${error ? 'error' : ''}">
      <h2>Administrator sign-in</h2>
      ${error ? html`<p>${error}</p>` : ''}
      <form method="post" action="/admin/login">
        <label
          >Admin secret
          <input type="password" name="secret" autocomplete="current-password" autofocus required
        /></label>
        <button>Sign in</button>
      </form>
      <p class="muted">
        The secret is ADMIN_SECRET, or the one printed at the proxy's first start (stored in its data folder).
      </p>
    </div>`,
  );
}

export interface ConnectionView {
  connection: ConnectionRecord;
  keys: ApiKeyRecord[];
  usage?: UsageRecord;
}

/** Calls Xero counted against the organisation's day: its own count when Xero told us, else ours. */
export function callsToday(usage: UsageRecord | undefined, dailyLimit: number): number {
  const remaining = usage?.lastHeaders.dayRemaining;
  return remaining !== undefined ? dailyLimit - remaining : (usage?.calls ?? 0);
}

export function usageCell(usage: UsageRecord | undefined, dailyLimit: number): RawHtml {
  const used = callsToday(usage, dailyLimit);
  const pct = Math.min(100, Math.round((used / dailyLimit) * 100));
  return html`<span class="meter" title="${used} of ${dailyLimit}"><span style="width:${pct}%"></span></span>
    ${used} / ${dailyLimit} calls today${usage?.rateLimited ? html` · ${usage.rateLimited} rate-limited` : ''}`;
}

/** The Reconnect action: OAuth connections sign in to Xero again; custom connections take their credentials. */
function reconnectAction(c: ConnectionRecord, csrf: string): RawHtml {
  if (c.kind === 'custom')
    return html`<a href="#custom-connection"
      >Reconnect: enter the custom connection's client id and secret again</a
    >`;
  return html`<form class="inline" method="post" action="/admin/connect">
    <input type="hidden" name="_csrf" value="${csrf}" /><button>Reconnect ${c.tenantName}</button>
  </form>`;
}

/** Why the connection needs reconnecting, and the way to do it. */
function reconnectBanner(c: ConnectionRecord, reason: ReconnectReason, csrf: string): RawHtml {
  return html`<div class="reconnect" role="status">
    <p>
      <strong>Reconnect needed.</strong>
      ${reason.what}${reason.at ? html` (${timeAt(reason.at)})` : ''}.
    </p>
    <p>Syncs and API calls for ${c.tenantName} fail until you reconnect; its API keys keep working after.</p>
    ${reconnectAction(c, csrf)}
  </div>`;
}

/** A connection's keys, revoked ones included (with when), each active one with its Revoke button. */
function apiKeysTable(
  c: ConnectionRecord,
  keys: ApiKeyRecord[],
  csrf: string,
  alsoReaches: (k: ApiKeyRecord) => string,
): RawHtml {
  return html`<table>
    <tr>
      <th scope="col">Key</th>
      <th scope="col">Label</th>
      <th scope="col">Created</th>
      <th scope="col">Last used</th>
      <th scope="col">Action</th>
    </tr>
    ${keys.map(
      (k) =>
        html`<tr>
          <td><code>${k.prefix}_…</code></td>
          <td>
            ${k.label}${alsoReaches(k) ? html` <span class="muted">(also ${alsoReaches(k)})</span>` : ''}
          </td>
          <td>${timeAt(k.createdAt)}</td>
          <td>${timeAt(k.lastUsedAt)}</td>
          <td>
            ${
              k.revokedAt
                ? html`revoked ${timeAt(k.revokedAt)}`
                : html`<form
                    class="inline"
                    method="post"
                    action="/admin/connections/${c.id}/keys/${k.id}/revoke"
                  >
                    <input type="hidden" name="_csrf" value="${csrf}" /><button class="danger">
                      Revoke…
                    </button>
                  </form>`
            }
          </td>
        </tr>`,
    )}
  </table>`;
}

function connectionCard(
  view: ConnectionView,
  input: { csrf: string; dailyLimit: number; now: number; connections: ConnectionView[] },
) {
  const { connection: c, keys, usage } = view;
  const names = new Map(input.connections.map(({ connection }) => [connection.id, connection.tenantName]));
  const others = input.connections.map((o) => o.connection).filter((o) => o.id !== c.id);
  /** The organisations a key reaches besides this one (issue 14: a key may be granted several). */
  const alsoReaches = (k: ApiKeyRecord) =>
    k.grantedConnectionIds
      .filter((id) => id !== c.id)
      .map((id) => names.get(id) ?? id)
      .join(', ');
  const healthy = c.status === 'Connected';
  const minutes = Math.round((Date.parse(c.tokenExpiresAt) - input.now) / 60_000);
  const reason = healthy ? undefined : reconnectReason(c.statusReason);
  const activeKeys = keys.filter((k) => !k.revokedAt).length;
  return html`<section class="card" aria-labelledby="connection-${c.id}">
    <h2 id="connection-${c.id}">
      <span
        class="light ${healthy ? 'green' : 'red'}"
        title="${healthy ? 'Connected' : 'Reconnect needed'}"
      ></span
      >${c.tenantName}
    </h2>
    ${reason ? reconnectBanner(c, reason, input.csrf) : ''}
    <table>
      <tr>
        <th scope="row">Health</th>
        <td>${healthy ? 'Connected' : 'Reconnect needed'}</td>
      </tr>
      <tr>
        <th scope="row">Tenant id</th>
        <td>
          <code>${c.tenantId}</code> ${c.shortCode ? html`· short code ${c.shortCode}` : ''}
          ${c.baseCurrency ? html`· ${c.baseCurrency}` : ''}
        </td>
      </tr>
      <tr>
        <th scope="row">Kind</th>
        <td>
          ${c.kind === 'custom' ? 'Custom connection (client credentials)' : 'OAuth 2.0 (authorization code)'}
        </td>
      </tr>
      <tr>
        <th scope="row">Access token</th>
        <td>
          ${
            !healthy
              ? 'Not renewable: Xero refuses this connection until you reconnect'
              : minutes >= 0
                ? `expires in ${minutes} min (renewed automatically)`
                : `expired ${-minutes} min ago (renewed on next use)`
          }
          · last renewed ${timeAt(c.lastRefreshAt, 'never')}
        </td>
      </tr>
      <tr>
        <th scope="row">Xero usage</th>
        <td>
          ${usageCell(usage, input.dailyLimit)} ·
          <a href="/admin/connections/${c.id}/activity">Sync activity</a>
        </td>
      </tr>
    </table>
    <h3>API keys</h3>
    ${apiKeysTable(c, keys, input.csrf, alsoReaches)}
    <form method="post" action="/admin/connections/${c.id}/keys" style="margin-top:8px">
      <input type="hidden" name="_csrf" value="${input.csrf}" />
      <label
        >Label <input type="text" name="label" placeholder="e.g. Power Automate production" maxlength="100"
      /></label>
      <button>Create API key</button>
      ${
        others.length
          ? html`<fieldset class="muted" style="margin-top:4px">
              <legend>Also grant it</legend>
              ${others.map(
                (o) =>
                  html`<label style="margin-right:8px"
                    ><input type="checkbox" name="grant" value="${o.id}" /> ${o.tenantName}</label
                  >`,
              )}
              (one key for the flows of every organisation it reaches)
            </fieldset>`
          : ''
      }
    </form>
    <form method="post" action="/admin/connections/${c.id}/disconnect" style="margin-top:12px">
      <input type="hidden" name="_csrf" value="${input.csrf}" />
      <button class="danger">Disconnect ${c.tenantName}…</button>
      <span class="muted"
        >Asks first. Removes the connection here and at Xero and disables its
        ${activeKeys === 1 ? '1 API key' : `${activeKeys} API keys`}.</span
      >
    </form>
  </section>`;
}

export function connectionsView(input: {
  csrf: string;
  connections: ConnectionView[];
  dailyLimit: number;
  canConnect: boolean;
  notice?: RawHtml;
  error?: string;
  now: number;
}): string {
  return page(
    'Connections',
    html`${input.notice ? html`<div class="card notice" role="status">${input.notice}</div>` : ''}
      ${input.error ? html`<div class="card error" role="alert">${input.error}</div>` : ''}
      <section class="card" aria-labelledby="connect-heading">
        <h2 id="connect-heading">Connect an organisation</h2>
        ${
          input.canConnect
            ? html`<form method="post" action="/admin/connect">
                <input type="hidden" name="_csrf" value="${input.csrf}" /><button>Connect to Xero</button>
              </form>`
            : html`<p class="muted">
                Set XERO_CLIENT_ID and XERO_CLIENT_SECRET to connect with your own Xero app.
              </p>`
        }
        <details id="custom-connection" style="margin-top:12px">
          <summary>Xero Custom Connection (client credentials)</summary>
          <form method="post" action="/admin/connect/custom" style="margin-top:8px">
            <input type="hidden" name="_csrf" value="${input.csrf}" />
            <p>
              <label>Client id <input type="text" name="clientId" required autocomplete="off" /></label>
            </p>
            <p>
              <label
                >Client secret <input type="password" name="clientSecret" required autocomplete="off"
              /></label>
            </p>
            <button>Connect custom connection</button>
          </form>
        </details>
      </section>
      ${
        input.connections.length === 0
          ? html`<p class="muted">No organisation is connected yet.</p>`
          : input.connections.map((view) => connectionCard(view, input))
      }`,
    true,
    input.csrf,
  );
}

/** The new key's page (post-redirect-get): the key once, with a Copy button; reloaded, no key. */
export function newKeyView(csrf: string, key?: { key: string; prefix: string; tenantName: string }): string {
  const body = key
    ? html`<section class="card notice" aria-labelledby="new-key-heading">
        <h2 id="new-key-heading">New API key for ${key.tenantName}</h2>
        <p>Copy it now: it is shown only once. Use it as the API key of the Power Platform connection.</p>
        <code class="key" id="new-key">${key.key}</code>
        <p>
          <button type="button" class="secondary" data-copy="new-key" hidden>Copy key</button>
          <span id="new-key-status" role="status"></span>
        </p>
        <p><a href="/admin">Back to the connections</a></p>
      </section>`
    : html`<section class="card" aria-labelledby="new-key-heading">
        <h2 id="new-key-heading">This key is no longer shown</h2>
        <p>
          A new API key is shown once only, and no new key was created by opening this page again. If you did
          not copy it, revoke it (its start is in the key list) and create another.
        </p>
        <p><a href="/admin">Back to the connections</a></p>
      </section>`;
  return page('New API key', body, true, csrf);
}

export function pickView(
  csrf: string,
  pickState: string,
  tenants: XeroTenant[],
  connectedTenantIds: ReadonlySet<string>,
): string {
  const firstNew = tenants.findIndex((t) => !connectedTenantIds.has(t.tenantId));
  const checked = firstNew === -1 ? 0 : firstNew;
  return page(
    'Choose an organisation',
    html`<section class="card" aria-labelledby="pick-heading">
      <h2 id="pick-heading">Which organisation should this connection use?</h2>
      <p class="muted">
        Your Xero sign-in covers several organisations. Each connection (and its API key) reaches exactly one;
        connect again to add another.
      </p>
      <form method="post" action="/admin/connect/pick">
        <input type="hidden" name="_csrf" value="${csrf}" /><input
          type="hidden"
          name="pick"
          value="${pickState}"
        />
        <fieldset>
          <legend>Organisation</legend>
          ${tenants.map((t, i) => {
            const connected = connectedTenantIds.has(t.tenantId);
            return html`<p>
              <label
                ><input
                  type="radio"
                  name="tenantId"
                  value="${t.tenantId}"
                  ${i === checked ? raw('checked') : ''}
                />
                ${t.tenantName}
                <span class="muted">${t.tenantId}</span>
                ${connected ? html`<strong class="already">already connected</strong> <span class="muted">(choosing it renews its sign-in)</span>` : ''}</label
              >
            </p>`;
          })}
        </fieldset>
        <button>Connect</button>
      </form>
    </section>`,
    true,
    csrf,
  );
}
