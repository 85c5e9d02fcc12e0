/**
 * The /__emulator control API: what a test in another process (e.g. a proxy's suite talking to `npm run
 * xero-emulator`) needs to drive the emulator. Not part of Xero. Bodies are JSON; errors are 400
 * `{error, issues?}` naming the field.
 */
import express, { type Request, type Response, type Router } from 'express';
import { ZodError } from 'zod';
import type { XeroEmulator } from '../emulator';
import type { ControlRoute } from './control-route';
import { booksRoutes } from './routes/books-routes';
import { emulatorRoutes } from './routes/emulator-routes';
import { faultRoutes } from './routes/fault-routes';
import { limitRoutes } from './routes/limit-routes';
import { webhookRoutes } from './routes/webhook-routes';

export const CONTROL_ROUTES: readonly ControlRoute[] = [
  ...emulatorRoutes,
  ...faultRoutes,
  ...booksRoutes,
  ...limitRoutes,
  ...webhookRoutes,
];

function sendControlError(res: Response, err: unknown): void {
  if (err instanceof ZodError) {
    res.status(400).json({
      error: 'invalid request body',
      issues: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
    return;
  }
  res.status(400).json({ error: (err as Error).message });
}

export function createControlRouter(emulator: () => XeroEmulator): Router {
  const router = express.Router();
  for (const route of CONTROL_ROUTES) {
    router[route.method](route.path, async (req: Request, res: Response): Promise<void> => {
      try {
        await route.handle({ req, res, emulator: emulator() });
      } catch (err) {
        sendControlError(res, err);
      }
    });
  }
  router.use(
    (req, res) =>
      void res.status(404).json({ error: `no control endpoint ${req.method} /__emulator${req.path}` }),
  );
  return router;
}
