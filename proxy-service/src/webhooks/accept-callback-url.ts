/**
 * What every subscribing operation does with the callback URL it is given: checks it against the address policy
 * (public https unless WEBHOOK_ALLOW_PRIVATE_CALLBACKS; checked again on every delivery) and seals it for storage.
 * A refused URL is a 400 naming `body.callbackUrl` and the reason.
 */
import { ProxyError } from '../errors';
import type { ProxyServices } from '../proxy-services';
import { CallbackAddressPolicy, CallbackRefused } from './callback-address-policy';
import { sealCallbackUrl } from './sealed-callback-url';

/** Resolves with the sealed callback URL to store for `subscriptionId`. */
export async function acceptCallbackUrl(
  services: Pick<ProxyServices, 'config' | 'box'>,
  subscriptionId: string,
  callbackUrl: string,
): Promise<string> {
  const policy = new CallbackAddressPolicy({ allowPrivate: services.config.allowPrivateCallbacks === true });
  let url: URL;
  try {
    url = await policy.check(callbackUrl);
  } catch (error) {
    if (!(error instanceof CallbackRefused)) throw error;
    throw new ProxyError('VALIDATION_FAILED', 400, 'The callback URL is not one the proxy may call.', {
      details: [{ field: 'body.callbackUrl', reason: error.reason }],
    });
  }
  return sealCallbackUrl(services.box, subscriptionId, url.toString());
}
