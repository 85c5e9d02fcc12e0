/**
 * Xero's webhook body (reference/xero-api.md §10) checked with zod, and each event's identity. Xero's events carry
 * no id, and delivery is at least once: the identity is (tenant, category, type, resource, time), hashed.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { XeroEventRow } from '../store/webhooks/webhook-store';

export const xeroEvent = z.object({
  resourceUrl: z.string().optional(),
  resourceId: z.string().min(1).max(100),
  eventDateUtc: z.string().min(1).max(40),
  eventType: z.string().min(1).max(40),
  eventCategory: z.string().min(1).max(40),
  tenantId: z.string().min(1).max(100),
  tenantType: z.string().optional(),
});

/**
 * The envelope. Each event is checked on its own (xeroEvent), so one odd event does not cost the others; their
 * number is not capped (Xero documents no maximum; the receiver's body limit bounds them).
 */
export const xeroWebhookPayload = z.object({
  events: z.array(z.unknown()),
  firstEventSequence: z.number().optional(),
  lastEventSequence: z.number().optional(),
  entropy: z.string().optional(),
});
export type XeroWebhookPayload = z.infer<typeof xeroWebhookPayload>;
export type XeroWebhookEvent = z.infer<typeof xeroEvent>;

/** Epoch milliseconds of an event's `eventDateUtc`, which Xero writes without a zone letter (it is UTC). */
export function eventTime(eventDateUtc: string): number | undefined {
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(eventDateUtc) ? eventDateUtc : `${eventDateUtc}Z`;
  const t = Date.parse(withZone);
  return Number.isNaN(t) ? undefined : t;
}

/** A UUID (version 8 layout, RFC 9562: vendor-defined) from the first 16 bytes of a SHA-256. */
function uuidFromHash(hash: Buffer): string {
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function toEventRow(event: XeroWebhookEvent, receivedAt: string): XeroEventRow {
  const identity = [
    event.tenantId.toLowerCase(),
    event.eventCategory.toUpperCase(),
    event.eventType.toUpperCase(),
    event.resourceId.toLowerCase(),
    event.eventDateUtc,
  ].join('|');
  const hash = createHash('sha256').update(identity).digest();
  return {
    eventKey: hash.toString('hex'),
    eventId: uuidFromHash(hash),
    tenantId: event.tenantId,
    eventCategory: event.eventCategory.toUpperCase(),
    eventType: event.eventType.toUpperCase(),
    resourceId: event.resourceId,
    eventDateUtc: event.eventDateUtc,
    receivedAt,
  };
}
