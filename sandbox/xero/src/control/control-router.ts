/**
 * The /__emulator control API: what a test in another process (e.g. a proxy's suite talking to `npm run
 * xero-emulator`) needs to drive the emulator. Not part of Xero. Bodies are JSON; errors are 400
 * `{error, issues?}` naming the field.
 */
import express, { type Request, type Response, type Router } from 'express';
import { z, ZodError } from 'zod';
import { faultSpecSchema } from '../faults/fault-injector';
import { connectionJson } from '../connections/connection-registry';
import { rateLimitsSchema, DAILY_LIMIT_PRESETS } from '../limits/rate-limiter';
import { webhookConfigSchema } from '../webhooks/webhook-dispatcher';
import type { OrganisationBooks } from '../accounting';
import type { XeroEmulator } from '../emulator';

const advanceSchema = z.object({ ms: z.number().finite() });
const setClockSchema = z.object({ instant: z.string().datetime({ offset: true }) });
const consentSchema = z.object({
  authorizeUrl: z.string().url(),
  tenantIds: z.array(z.string()).optional(),
  userEmail: z.string().email().optional(),
  deny: z.boolean().optional(),
});
const trackingSeedSchema = z.object({
  name: z.string().min(1).max(100),
  options: z.array(z.string().min(1).max(100)),
  archivedOptions: z.array(z.string()).optional(),
  status: z.enum(['ACTIVE', 'ARCHIVED']).optional(),
});
const paymentSchema = z.object({
  /** Defaults to the amount due: the invoice is paid in full. */
  amount: z.number().positive().optional(),
  accountCode: z.string().min(1).optional(),
  reference: z.string().optional(),
});
const limitsSchema = rateLimitsSchema.partial().extend({ tier: z.enum(['starter', 'standard']).optional() });

export function createControlRouter(emulator: () => XeroEmulator): Router {
  const router = express.Router();
  const handle =
    (fn: (req: Request, res: Response) => Promise<void> | void) =>
    async (req: Request, res: Response): Promise<void> => {
      try {
        await fn(req, res);
      } catch (err) {
        if (err instanceof ZodError) {
          res.status(400).json({
            error: 'invalid request body',
            issues: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
          });
          return;
        }
        res.status(400).json({ error: (err as Error).message });
      }
    };

  router.get(
    '/state',
    handle((_req, res) => {
      const e = emulator();
      res.json({
        url: e.url,
        now: e.clock.now().toISOString(),
        organisations: e.organisations,
        apps: e.apps
          .list()
          .map((a) => ({ clientId: a.clientId, name: a.name, kind: a.kind, tenantId: a.tenantId })),
        connections: e.connections.all().map((c) => ({ ...connectionJson(c), clientId: c.clientId })),
        limits: e.limits.config,
        offline: e.faults.offlineTenants(),
        faults: e.faults.list(),
        webhook: e.webhooks.subscription,
      });
    }),
  );

  router.get(
    '/clock',
    handle((_req, res) => void res.json({ now: emulator().clock.now().toISOString() })),
  );
  router.post(
    '/clock/advance',
    handle(async (req, res) => {
      const { ms } = advanceSchema.parse(req.body);
      await emulator().advanceClock(ms);
      res.json({ now: emulator().clock.now().toISOString() });
    }),
  );
  router.post(
    '/clock/set',
    handle(async (req, res) => {
      const { instant } = setClockSchema.parse(req.body);
      emulator().clock.set(new Date(instant));
      await emulator().webhooks.deliverDue();
      res.json({ now: emulator().clock.now().toISOString() });
    }),
  );

  router.post(
    '/consent',
    handle((req, res) => {
      const body = consentSchema.parse(req.body);
      res.json({ callbackUrl: emulator().consent(body.authorizeUrl, body) });
    }),
  );

  router.get(
    '/faults',
    handle(
      (_req, res) =>
        void res.json({ faults: emulator().faults.list(), offline: emulator().faults.offlineTenants() }),
    ),
  );
  router.post(
    '/faults',
    handle(
      (req, res) => void res.status(201).json(emulator().faults.inject(faultSpecSchema.parse(req.body))),
    ),
  );
  router.delete(
    '/faults',
    handle((_req, res) => void (emulator().faults.clear(), res.status(204).end())),
  );
  router.delete(
    '/faults/:id',
    handle((req, res) => void res.status(emulator().faults.remove(String(req.params.id)) ? 204 : 404).end()),
  );
  router.post(
    '/faults/release',
    handle((_req, res) => void (emulator().faults.release(), res.status(204).end())),
  );
  router.post(
    '/organisations/:tenantId/offline',
    handle(
      (req, res) => void (emulator().faults.takeOffline(String(req.params.tenantId)), res.status(204).end()),
    ),
  );
  router.delete(
    '/organisations/:tenantId/offline',
    handle(
      (req, res) => void (emulator().faults.bringOnline(String(req.params.tenantId)), res.status(204).end()),
    ),
  );

  // Accounting state tests in another process need: the invoice emails sent, and tracking categories to seed.
  const booksWith = <K extends 'invoiceEmails' | 'seedTrackingCategory'>(tenantId: string, capability: K) => {
    const books = emulator().books(tenantId);
    const fn = books[capability];
    if (!fn) throw new Error(`the accounting books of ${tenantId} do not support ${capability}`);
    return fn.bind(books) as NonNullable<(typeof books)[K]>;
  };
  router.get(
    '/organisations/:tenantId/emails',
    handle((req, res) => {
      const invoiceId = z.string().optional().parse(req.query.invoiceId);
      const emails = booksWith(String(req.params.tenantId), 'invoiceEmails')().filter(
        (e) => invoiceId === undefined || e.invoiceId.toLowerCase() === invoiceId.toLowerCase(),
      );
      const perInvoice: Record<string, number> = {};
      for (const e of emails) perInvoice[e.invoiceId] = (perInvoice[e.invoiceId] ?? 0) + 1;
      res.json({
        emails: emails.map((e) => ({ ...e, sentDateUtc: e.sentDateUtc.toISOString() })),
        perInvoice,
      });
    }),
  );
  router.post(
    '/organisations/:tenantId/tracking-categories',
    handle((req, res) => {
      const seed = trackingSeedSchema.parse(req.body);
      res.status(201).json(booksWith(String(req.params.tenantId), 'seedTrackingCategory')(seed));
    }),
  );
  // A customer paying in Xero (a bank feed, a user in Xero's UI): the demo's "Record payment" button, and tests in
  // another process. Goes through the books like any write, so webhooks fire.
  router.post(
    '/organisations/:tenantId/invoices/:invoiceId/payments',
    handle((req, res) => {
      const body = paymentSchema.parse(req.body ?? {});
      const books = emulator().books<OrganisationBooks>(String(req.params.tenantId));
      const invoice = books.findInvoice(String(req.params.invoiceId));
      if (!invoice) {
        res.status(404).json({ error: `no invoice ${String(req.params.invoiceId)} in this organisation` });
        return;
      }
      const payment = books.recordPayment({
        invoiceId: invoice.invoiceId,
        amount: body.amount ?? invoice.amountDue,
        accountCode: body.accountCode,
        reference: body.reference,
      });
      res.status(201).json({ payment, invoice: books.findInvoice(invoice.invoiceId) });
    }),
  );

  router.get(
    '/limits',
    handle((_req, res) => void res.json(emulator().limits.config)),
  );
  router.put(
    '/limits',
    handle((req, res) => {
      const { tier, ...rest } = limitsSchema.parse(req.body);
      res.json(
        emulator().limits.configure({ ...rest, ...(tier ? { perDay: DAILY_LIMIT_PRESETS[tier] } : {}) }),
      );
    }),
  );
  router.get(
    '/limits/usage/:tenantId',
    handle((req, res) => void res.json({ usage: emulator().limits.usage(String(req.params.tenantId)) })),
  );
  router.post(
    '/limits/reset-daily',
    handle((req, res) => {
      const tenantId = z.object({ tenantId: z.string().optional() }).parse(req.body ?? {}).tenantId;
      emulator().limits.resetDaily(tenantId);
      res.status(204).end();
    }),
  );
  router.post(
    '/limits/reset-minute',
    handle((_req, res) => void (emulator().limits.resetMinute(), res.status(204).end())),
  );

  router.get(
    '/webhooks',
    handle((_req, res) => {
      const w = emulator().webhooks;
      res.json({ subscription: w.subscription, deliveries: w.deliveries, emittedEvents: w.emittedEvents });
    }),
  );
  router.put(
    '/webhooks',
    handle(async (req, res) => {
      const result = await emulator().webhooks.register(webhookConfigSchema.parse(req.body));
      res.json({ subscription: emulator().webhooks.subscription, intentToReceive: result });
    }),
  );
  router.delete(
    '/webhooks',
    handle((_req, res) => void (emulator().webhooks.unregister(), res.status(204).end())),
  );
  router.post(
    '/webhooks/intent-to-receive',
    handle(async (_req, res) => void res.json(await emulator().webhooks.intentToReceive())),
  );
  router.post(
    '/webhooks/deliver',
    handle(async (_req, res) => {
      await emulator().webhooks.flushAndDeliver();
      res.json({ subscription: emulator().webhooks.subscription });
    }),
  );
  router.post(
    '/webhooks/reenable',
    handle(async (_req, res) => {
      await emulator().webhooks.reenable();
      res.json({ subscription: emulator().webhooks.subscription });
    }),
  );

  router.use(
    (req, res) =>
      void res.status(404).json({ error: `no control endpoint ${req.method} /__emulator${req.path}` }),
  );
  return router;
}
