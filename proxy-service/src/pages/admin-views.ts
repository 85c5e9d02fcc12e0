/** Server-rendered pages of the admin portal: plain HTML and a little CSS, no scripts. */
import type { ApiKeyRecord, ConnectionRecord, UsageRecord } from '../store/store';
import type { XeroTenant } from '../xero/connect-service';
import { html, raw } from './html';
import type { RawHtml } from './html';

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
        ${body}
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

function usageCell(usage: UsageRecord | undefined, dailyLimit: number): RawHtml {
  const remaining = usage?.lastHeaders.dayRemaining;
  const used = remaining !== undefined ? dailyLimit - remaining : (usage?.calls ?? 0);
  const pct = Math.min(100, Math.round((used / dailyLimit) * 100));
  return html`<span class="meter" title="${used} of ${dailyLimit}"><span style="width:${pct}%"></span></span>
    ${used} / ${dailyLimit} calls today${usage?.rateLimited ? html` · ${usage.rateLimited} rate-limited` : ''}`;
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
  const names = new Map(input.connections.map(({ connection }) => [connection.id, connection.tenantName]));
  const cards = input.connections.map(({ connection: c, keys, usage }) => {
    const others = input.connections.map((o) => o.connection).filter((o) => o.id !== c.id);
    /** The organisations a key reaches besides this one (issue 14: a key may be granted several). */
    const alsoReaches = (k: ApiKeyRecord) =>
      k.grantedConnectionIds
        .filter((id) => id !== c.id)
        .map((id) => names.get(id) ?? id)
        .join(', ');
    const healthy = c.status === 'Connected';
    const expires = Date.parse(c.tokenExpiresAt);
    const minutes = Math.round((expires - input.now) / 60_000);
    return html`<div class="card">
      <h2><span class="light ${healthy ? 'green' : 'red'}" title="${c.status}"></span>${c.tenantName}</h2>
      <table>
        <tr>
          <th>Health</th>
          <td>${healthy ? 'Connected' : html`Reconnect needed — ${c.statusReason ?? ''}`}</td>
        </tr>
        <tr>
          <th>Tenant id</th>
          <td>
            <code>${c.tenantId}</code> ${c.shortCode ? html`· short code ${c.shortCode}` : ''}
            ${c.baseCurrency ? html`· ${c.baseCurrency}` : ''}
          </td>
        </tr>
        <tr>
          <th>Kind</th>
          <td>
            ${c.kind === 'custom' ? 'Custom connection (client credentials)' : 'OAuth 2.0 (authorization code)'}
          </td>
        </tr>
        <tr>
          <th>Access token</th>
          <td>
            ${minutes >= 0 ? `expires in ${minutes} min` : `expired ${-minutes} min ago (renewed on next use)`}
            · last renewed ${c.lastRefreshAt ?? 'never'}
          </td>
        </tr>
        <tr>
          <th>Xero usage</th>
          <td>${usageCell(usage, input.dailyLimit)}</td>
        </tr>
      </table>
      <h2 style="margin-top:12px">API keys</h2>
      <table>
        <tr>
          <th>Key</th>
          <th>Label</th>
          <th>Created</th>
          <th>Last used</th>
          <th></th>
        </tr>
        ${keys.map(
          (k) =>
            html`<tr>
              <td><code>${k.prefix}_…</code></td>
              <td>
                ${k.label}${alsoReaches(k) ? html` <span class="muted">(also ${alsoReaches(k)})</span>` : ''}
              </td>
              <td>${k.createdAt.slice(0, 16).replace('T', ' ')}</td>
              <td>${k.lastUsedAt ? k.lastUsedAt.slice(0, 16).replace('T', ' ') : '—'}</td>
              <td>
                ${
                  k.revokedAt
                    ? html`revoked ${k.revokedAt.slice(0, 10)}`
                    : html`<form
                        class="inline"
                        method="post"
                        action="/admin/connections/${c.id}/keys/${k.id}/revoke"
                      >
                        <input type="hidden" name="_csrf" value="${input.csrf}" /><button class="danger">
                          Revoke
                        </button>
                      </form>`
                }
              </td>
            </tr>`,
        )}
      </table>
      <form method="post" action="/admin/connections/${c.id}/keys" style="margin-top:8px">
        <input type="hidden" name="_csrf" value="${input.csrf}" />
        <input type="text" name="label" placeholder="Label, e.g. Power Automate production" maxlength="100" />
        <button>Create API key</button>
        ${
          others.length
            ? html`<div class="muted" style="margin-top:4px">
                Also grant it:
                ${others.map(
                  (o) =>
                    html`<label style="margin-right:8px"
                      ><input type="checkbox" name="grant" value="${o.id}" /> ${o.tenantName}</label
                    >`,
                )}
                (one key for the flows of every organisation it reaches)
              </div>`
            : ''
        }
      </form>
      <form method="post" action="/admin/connections/${c.id}/disconnect" style="margin-top:12px">
        <input type="hidden" name="_csrf" value="${input.csrf}" />
        <button class="danger">Disconnect ${c.tenantName}</button>
        <span class="muted"
          >Removes the connection here and at Xero, revokes the token, and disables its API keys.</span
        >
      </form>
    </div>`;
  });
  return page(
    'Connections',
    html`${input.notice ? html`<div class="card notice">${input.notice}</div>` : ''}
      ${input.error ? html`<div class="card error">${input.error}</div>` : ''}
      <div class="card">
        <h2>Connect an organisation</h2>
        ${
          input.canConnect
            ? html`<form method="post" action="/admin/connect">
                <input type="hidden" name="_csrf" value="${input.csrf}" /><button>Connect to Xero</button>
              </form>`
            : html`<p class="muted">
                Set XERO_CLIENT_ID and XERO_CLIENT_SECRET to connect with your own Xero app.
              </p>`
        }
        <details style="margin-top:12px">
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
      </div>
      ${input.connections.length === 0 ? html`<p class="muted">No organisation is connected yet.</p>` : cards}`,
    true,
    input.csrf,
  );
}

/** `tenantName`: the organisation the key reaches, or all of them joined. */
export function newKeyNotice(key: string, tenantName: string): RawHtml {
  return html`<h2>New API key for ${tenantName}</h2>
    <p>Copy it now: it is shown only once. Use it as the API key of the Power Platform connection.</p>
    <code class="key">${key}</code>`;
}

export function pickView(csrf: string, pickState: string, tenants: XeroTenant[]): string {
  return page(
    'Choose an organisation',
    html`<div class="card">
      <h2>Which organisation should this connection use?</h2>
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
        ${tenants.map(
          (t, i) =>
            html`<p>
              <label
                ><input type="radio" name="tenantId" value="${t.tenantId}" ${i === 0 ? raw('checked') : ''} />
                ${t.tenantName} <span class="muted">${t.tenantId}</span></label
              >
            </p>`,
        )}
        <button>Connect</button>
      </form>
    </div>`,
    true,
    csrf,
  );
}
