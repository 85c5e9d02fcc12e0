/**
 * How the notifier reaches a flow: opens the outbox row's sealed callback URL and POSTs the notification through
 * the address policy (callback-address-policy.ts), which checks the URL and every address the host resolves to.
 */
import type { SecretBox } from '../store/secret-box';
import { CallbackAddressPolicy } from './callback-address-policy';
import type { CallbackAnswer } from './callback-sender';
import { postToCallback } from './callback-sender';
import { isSealedCallbackUrl, openCallbackUrl } from './sealed-callback-url';
import type { OutboxRow } from '../store/webhooks/webhook-store';

export interface CallbackDeliveryOptions {
  policy: CallbackAddressPolicy;
  /** Opens sealed callback URLs; without it only plain (pre-sealing) rows can be delivered. */
  box?: SecretBox;
}

export class CallbackDelivery {
  constructor(private readonly o: CallbackDeliveryOptions) {}

  /** Public https addresses only, no key: what a notifier gets when nobody says otherwise. */
  static strict(): CallbackDelivery {
    return new CallbackDelivery({ policy: new CallbackAddressPolicy({ allowPrivate: false }) });
  }

  async post(
    row: Pick<OutboxRow, 'subscriptionId' | 'eventId' | 'callbackUrl' | 'payload'>,
    timeoutMs: number,
  ): Promise<CallbackAnswer> {
    if (!this.o.box && isSealedCallbackUrl(row.callbackUrl))
      throw new Error('the callback URL is sealed and no key was given to open it');
    const url = this.o.box
      ? openCallbackUrl(this.o.box, row.subscriptionId, row.callbackUrl)
      : row.callbackUrl;
    return postToCallback(this.o.policy, {
      url,
      headers: { 'Content-Type': 'application/json', 'X-Dxc-Event-Id': row.eventId },
      body: row.payload,
      timeoutMs,
    });
  }
}
