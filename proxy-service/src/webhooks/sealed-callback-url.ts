/**
 * Callback URLs at rest. A flow's callback URL is a bearer credential (its `sig` query parameter lets anyone start
 * the flow), so it is sealed like the Xero tokens: the SecretBox (AES-256-GCM, TOKEN_ENCRYPTION_KEY), bound to its
 * subscription id. The outbox keeps a copy per notification; it is the same sealed text, bound to the same id.
 *
 * Rows written before callback URLs were sealed hold the URL itself. They are still read (`openCallbackUrl`), and
 * `sealStoredCallbackUrls` rewrites them sealed when a proxy starts.
 */
import type { Logger } from 'pino';
import type { SecretBox } from '../store/secret-box';
import type { WebhookStore } from '../store/webhooks/webhook-store';

/** SecretBox output starts with its version; a URL starts with its scheme, so the two never mix up. */
const SEALED = /^v1\./;

const boundTo = (subscriptionId: string) => `subscription:${subscriptionId}`;

export function sealCallbackUrl(box: SecretBox, subscriptionId: string, url: string): string {
  return box.seal(url, boundTo(subscriptionId));
}

/** The callback URL stored for `subscriptionId`, sealed or (written by an older proxy) plain. */
export function openCallbackUrl(box: SecretBox, subscriptionId: string, stored: string): string {
  return SEALED.test(stored) ? box.open(stored, boundTo(subscriptionId)) : stored;
}

export function isSealedCallbackUrl(stored: string): boolean {
  return SEALED.test(stored);
}

/** Seals the callback URLs older proxies stored in plain text (idempotent; safe with several instances). */
export async function sealStoredCallbackUrls(
  webhooks: WebhookStore,
  box: SecretBox,
  logger: Logger,
): Promise<void> {
  const sealed = await webhooks.sealPlainCallbackUrls((subscriptionId, url) =>
    sealCallbackUrl(box, subscriptionId, url),
  );
  if (sealed > 0)
    logger.info(
      { event: 'callback_urls_sealed', count: sealed },
      'callback URLs stored in plain text sealed',
    );
}
