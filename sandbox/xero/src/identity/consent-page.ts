/**
 * The server-rendered consent screen: the organisations as checkboxes and an "Allow access" button. Plain HTML
 * with no script, so it works in a browser and a test can read it and POST the form.
 */
import type { AuthorizationRequest } from './consent';

const escape = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const STYLE = `body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;color:#1e3246}
h1{font-size:1.4rem}fieldset{border:1px solid #c5ccd3;border-radius:6px;padding:1rem}label{display:block;margin:.4rem 0}
.actions{margin-top:1.2rem;display:flex;gap:.8rem}button{padding:.55rem 1.2rem;border-radius:4px;border:1px solid #13b5ea;font-size:1rem}
button[value=allow]{background:#13b5ea;color:#fff}small{color:#59697a}`;

export function renderConsentPage(
  request: AuthorizationRequest,
  organisations: { tenantId: string; tenantName: string }[],
  userEmail: string,
): string {
  const orgs = organisations
    .map(
      (o) =>
        `<label><input type="checkbox" name="tenant" value="${escape(o.tenantId)}" checked> ${escape(o.tenantName)}</label>`,
    )
    .join('\n      ');
  const scopes = request.scopes.map((s) => `<li><code>${escape(s)}</code></li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Xero emulator — allow access</title><style>${STYLE}</style></head>
<body>
  <h1>${escape(request.app.name)} wants to access your Xero organisations</h1>
  <p><small>Xero emulator — signed in as ${escape(userEmail)}</small></p>
  <form method="post" action="authorize">
    <input type="hidden" name="request" value="${escape(request.id)}">
    <fieldset><legend>Organisations</legend>
      ${orgs || '<p>No organisations.</p>'}
    </fieldset>
    <p>Permissions requested:</p><ul>${scopes}</ul>
    <div class="actions">
      <button type="submit" name="decision" value="allow">Allow access</button>
      <button type="submit" name="decision" value="deny">Cancel</button>
    </div>
  </form>
</body></html>`;
}

export function renderAuthorizeError(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Xero emulator — error</title><style>${STYLE}</style></head>
<body><h1>Sorry, something went wrong</h1><p id="error">${escape(message)}</p></body></html>`;
}
