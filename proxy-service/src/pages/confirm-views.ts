/**
 * The confirmation step of the portal's destructive actions (disconnect, revoke). The first POST (no `confirm`)
 * answers this page naming what breaks; its form POSTs again with confirm=yes and the CSRF token. No script needed.
 */
import type { ApiKeyRecord, ConnectionRecord } from '../store/store';
import { html } from './html';
import type { RawHtml } from './html';
import { page } from './admin-views';
import { timeAt } from './portal-time';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function confirmPage(input: {
  title: string;
  question: string;
  consequences: RawHtml[];
  action: string;
  confirmLabel: string;
  csrf: string;
}): string {
  return page(
    input.title,
    html`<section class="card error" aria-labelledby="confirm-heading">
      <h2 id="confirm-heading">${input.question}</h2>
      <p>What breaks:</p>
      <ul class="consequences">
        ${input.consequences.map((c) => html`<li>${c}</li>`)}
      </ul>
      <form method="post" action="${input.action}">
        <input type="hidden" name="_csrf" value="${input.csrf}" />
        <input type="hidden" name="confirm" value="yes" />
        <button class="danger">${input.confirmLabel}</button>
        <a href="/admin" style="margin-left:12px">Cancel, keep it</a>
      </form>
    </section>`,
    true,
    input.csrf,
  );
}

export function confirmDisconnectView(input: {
  csrf: string;
  connection: ConnectionRecord;
  activeKeys: number;
  activeSubscriptions: number;
}): string {
  const c = input.connection;
  return confirmPage({
    title: `Disconnect ${c.tenantName}?`,
    question: `Disconnect ${c.tenantName}?`,
    consequences: [
      html`Syncs for <strong>${c.tenantName}</strong> stop until you connect it again.`,
      input.activeKeys
        ? html`Flows using its ${plural(input.activeKeys, 'API key', 'API keys')} stop with 401: connecting
          again does not bring the keys back, so you will create new ones and update the Power Platform
          connections.`
        : html`It has no active API key, so no flow calls it now.`,
      input.activeSubscriptions
        ? html`${plural(input.activeSubscriptions, 'flow trigger stops', 'flow triggers stop')} receiving
          invoice changes.`
        : html`No flow trigger listens to its invoice changes.`,
      c.kind === 'custom'
        ? html`The custom connection's credentials are forgotten here (the app stays in Xero).`
        : html`The proxy's access is withdrawn at Xero as well.`,
    ],
    action: `/admin/connections/${c.id}/disconnect`,
    confirmLabel: `Disconnect ${c.tenantName}`,
    csrf: input.csrf,
  });
}

export function confirmRevokeView(input: {
  csrf: string;
  connection: ConnectionRecord;
  key: ApiKeyRecord;
}): string {
  const { connection: c, key: k } = input;
  const name = `${k.prefix}_…${k.label ? ` (${k.label})` : ''}`;
  return confirmPage({
    title: `Revoke key ${k.prefix}_…?`,
    question: `Revoke API key ${name}?`,
    consequences: [
      html`Flows using this key stop with 401 at their next call to ${c.tenantName}; it was last used
      ${timeAt(k.lastUsedAt, 'never')}.`,
      html`A revoked key cannot be restored: those flows need a new key.`,
    ],
    action: `/admin/connections/${c.id}/keys/${k.id}/revoke`,
    confirmLabel: `Revoke ${k.prefix}_…`,
    csrf: input.csrf,
  });
}
