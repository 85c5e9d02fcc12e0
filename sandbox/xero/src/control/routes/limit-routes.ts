import { z } from 'zod';
import { DAILY_LIMIT_PRESETS, rateLimitsSchema } from '../../limits/rate-limiter';
import { noContentAfter, type ControlRoute } from '../control-route';

// Xero's rate limits: their configuration, usage and counters.

const limitsSchema = rateLimitsSchema.partial().extend({ tier: z.enum(['starter', 'standard']).optional() });

export const limitRoutes: ControlRoute[] = [
  { method: 'get', path: '/limits', handle: ({ res, emulator }) => void res.json(emulator.limits.config) },
  {
    method: 'put',
    path: '/limits',
    handle: ({ req, res, emulator }) => {
      const { tier, ...rest } = limitsSchema.parse(req.body);
      res.json(
        emulator.limits.configure({ ...rest, ...(tier ? { perDay: DAILY_LIMIT_PRESETS[tier] } : {}) }),
      );
    },
  },
  {
    method: 'get',
    path: '/limits/usage/:tenantId',
    handle: ({ req, res, emulator }) =>
      void res.json({ usage: emulator.limits.usage(String(req.params.tenantId)) }),
  },
  {
    method: 'post',
    path: '/limits/reset-daily',
    handle: noContentAfter(({ req, emulator }) => {
      const tenantId = z.object({ tenantId: z.string().optional() }).parse(req.body ?? {}).tenantId;
      emulator.limits.resetDaily(tenantId);
    }),
  },
  {
    method: 'post',
    path: '/limits/reset-minute',
    handle: noContentAfter(({ emulator }) => emulator.limits.resetMinute()),
  },
];
