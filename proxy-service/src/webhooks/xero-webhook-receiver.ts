/**
 * POST /webhooks/xero — Xero's webhook endpoint (reference/xero-api.md §10, peers.md §2.5):
 * - the signature is checked over the raw bytes (this router reads them itself; no JSON parser runs before it),
 *   in constant time, with XERO_WEBHOOK_KEY;
 * - a bad signature gets 401, a good one 200, both with an empty body and no cookies. Intent to Receive (empty
 *   `events`) is just a good or bad signature;
 * - the events are stored before the 200 (a crash after answering loses nothing) and processed afterwards, so the
 *   answer never waits on Xero or on callbacks (Xero gives 5 seconds). Repeats are stored once (event identity).
 */
import express, { Router } from 'express';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Store } from '../store/store';
import { isValidXeroSignature } from './xero-signature';
import { toEventRow, xeroEvent, xeroWebhookPayload } from './xero-webhook-payload';
import type { XeroWebhookEvent } from './xero-webhook-payload';

export interface XeroWebhookReceiverOptions {
  store: Store;
  logger: Logger;
  webhookKey: string | undefined;
  now: () => number;
  /** Called after new events were stored. */
  onEvents: () => void;
}

/** Xero batches events; 1 MB is far above any batch seen (UNVERIFIED: Xero documents no maximum). */
const MAX_BODY = '1mb';

export function createXeroWebhookReceiver(o: XeroWebhookReceiverOptions): Router {
  const router = Router();
  router.post(
    '/webhooks/xero',
    express.raw({ type: () => true, limit: MAX_BODY }),
    (req: Request, res: Response, next) => {
      res.locals.operationId = 'XeroWebhook';
      const empty = (status: number) => res.status(status).end();
      if (!o.webhookKey) {
        req.log.error(
          { event: 'webhook_not_configured' },
          'XERO_WEBHOOK_KEY is not set; refusing Xero webhooks',
        );
        return empty(401);
      }
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!isValidXeroSignature(raw, req.header('x-xero-signature'), o.webhookKey)) {
        // Intent to Receive sends empty payloads with deliberately wrong signatures to see them refused: that is
        // the check passing, not a warning (three of them printed WARN at every healthy sandbox start).
        const probe = isIntentToReceiveProbe(raw);
        res.locals.refusalExpected = probe; // the request log says info too (http/create-app.ts)
        req.log[probe ? 'info' : 'warn'](
          { event: probe ? 'webhook_intent_probe_refused' : 'webhook_bad_signature', bytes: raw.length },
          probe
            ? 'Xero Intent to Receive probe with a wrong signature refused, as Xero expects'
            : 'Xero webhook with a bad signature',
        );
        return empty(401);
      }
      let payload;
      try {
        payload = xeroWebhookPayload.parse(JSON.parse(raw.toString('utf8')));
      } catch {
        // Signed by Xero but not understood: answering an error would make Xero retry the same bytes for a day.
        req.log.error(
          { event: 'webhook_unreadable' },
          'signed Xero webhook that is not a valid payload; ignored',
        );
        return empty(200);
      }
      if (payload.events.length === 0) return empty(200);
      // Every readable event is kept, however many came; an unreadable one is named in the log, never dropped unseen.
      const events: XeroWebhookEvent[] = [];
      const unreadable: { index: number; problems: string[] }[] = [];
      payload.events.forEach((candidate, index) => {
        const checked = xeroEvent.safeParse(candidate);
        if (checked.success) events.push(checked.data);
        else
          unreadable.push({
            index,
            problems: checked.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`),
          });
      });
      if (unreadable.length > 0) {
        req.log.error(
          {
            event: 'webhook_events_unreadable',
            unreadable: unreadable.length,
            first: unreadable.slice(0, 5),
          },
          'signed Xero webhook with events that are not valid; those events were not stored',
        );
      }
      if (events.length === 0) return empty(200);
      const receivedAt = new Date(o.now()).toISOString();
      o.store.webhooks
        .saveXeroEvents(
          events.map((e) => toEventRow(e, receivedAt)),
          receivedAt,
        )
        .then((added) => {
          req.log.info(
            { event: 'webhook_received', events: events.length, new: added },
            'Xero webhook stored',
          );
          empty(200);
          if (added > 0) o.onEvents();
        })
        // Not stored: 500 so that Xero delivers again.
        .catch(next);
    },
  );
  return router;
}

/** An empty batch (no events, sequence 0): the shape of Xero's Intent to Receive probes (reference/xero-api.md §10). */
function isIntentToReceiveProbe(raw: Buffer): boolean {
  try {
    const body = xeroWebhookPayload.parse(JSON.parse(raw.toString('utf8')));
    return body.events.length === 0 && (body.firstEventSequence ?? 0) === 0;
  } catch {
    return false;
  }
}
