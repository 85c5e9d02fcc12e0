import { z } from 'zod';
import { connectionJson } from '../../connections/connection-registry';
import type { XeroEmulator } from '../../emulator';
import type { ControlRoute } from '../control-route';

// The emulator as a whole: its state, its clock, and the consent step a browser would take.

const advanceSchema = z.object({ ms: z.number().finite() });
const setClockSchema = z.object({ instant: z.string().datetime({ offset: true }) });
const consentSchema = z.object({
  authorizeUrl: z.string().url(),
  tenantIds: z.array(z.string()).optional(),
  userEmail: z.string().email().optional(),
  deny: z.boolean().optional(),
});

const now = (e: XeroEmulator) => ({ now: e.clock.now().toISOString() });

export const emulatorRoutes: ControlRoute[] = [
  {
    method: 'get',
    path: '/state',
    handle: ({ res, emulator: e }) => {
      res.json({
        url: e.url,
        ...now(e),
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
    },
  },
  { method: 'get', path: '/clock', handle: ({ res, emulator }) => void res.json(now(emulator)) },
  {
    method: 'post',
    path: '/clock/advance',
    handle: async ({ req, res, emulator }) => {
      const { ms } = advanceSchema.parse(req.body);
      await emulator.advanceClock(ms);
      res.json(now(emulator));
    },
  },
  {
    method: 'post',
    path: '/clock/set',
    handle: async ({ req, res, emulator }) => {
      const { instant } = setClockSchema.parse(req.body);
      emulator.clock.set(new Date(instant));
      await emulator.webhooks.deliverDue();
      res.json(now(emulator));
    },
  },
  {
    method: 'post',
    path: '/consent',
    handle: ({ req, res, emulator }) => {
      const body = consentSchema.parse(req.body);
      res.json({ callbackUrl: emulator.consent(body.authorizeUrl, body) });
    },
  },
];
