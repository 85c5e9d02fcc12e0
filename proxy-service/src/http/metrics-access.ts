/**
 * /metrics names every connected organisation (tenant ids in labels) and how busy each is, so it is served only to
 * a scraper presenting METRICS_TOKEN as a bearer token (Prometheus: `authorization: {credentials: …}`). Without
 * METRICS_TOKEN the endpoint is off.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ProxyError } from '../errors';

const digest = (value: string) => createHash('sha256').update(value).digest();

export function metricsAccess(token: string | undefined): RequestHandler {
  const expected = token === undefined ? undefined : digest(token);
  return (req, res, next) => {
    if (!expected) {
      return next(
        new ProxyError('NOT_FOUND', 404, 'Metrics are off: set METRICS_TOKEN to serve them.', {
          details: [{ field: 'path', reason: 'is served only when METRICS_TOKEN is set' }],
        }),
      );
    }
    const presented = /^Bearer (.+)$/i.exec(req.header('authorization') ?? '')?.[1]?.trim();
    if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      return next(
        new ProxyError('UNAUTHENTICATED', 401, 'Metrics need the METRICS_TOKEN bearer token.', {
          details: [{ field: 'header.Authorization', reason: 'must be "Bearer <METRICS_TOKEN>"' }],
        }),
      );
    }
    next();
  };
}
