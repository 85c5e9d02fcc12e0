import type { RequestHandler } from 'express';
import { ProxyError } from '../errors';
import type { ProxyServices } from '../proxy-services';
import { verifyApiKey } from './api-keys';

/**
 * The connector's authentication: `X-Api-Key` opens exactly one connection — the one the key was issued for.
 * No request parameter can name another organisation, so a key of connection A can never reach B.
 */
export function apiKeyAuth(services: ProxyServices): RequestHandler {
  return (req, res, next) => {
    const presented = req.header('x-api-key');
    const unauthenticated = () =>
      new ProxyError(
        'UNAUTHENTICATED',
        401,
        presented
          ? 'The API key is not valid (unknown, revoked or mistyped). Create a new one on the proxy admin page.'
          : 'Send the connection API key in the X-Api-Key header.',
        {
          details: [
            { field: 'header.X-Api-Key', reason: presented ? 'is not a valid API key' : 'is required' },
          ],
        },
      );
    if (!presented) return next(unauthenticated());
    verifyApiKey(services.store, presented)
      .then(async (key) => {
        if (!key) throw unauthenticated();
        const connection = await services.store.getConnection(key.connectionId);
        if (!connection) throw unauthenticated();
        res.locals.connection = connection;
        res.locals.apiKeyId = key.id;
        req.log = req.log.child({
          connectionId: connection.id,
          tenantId: connection.tenantId,
          apiKey: key.prefix,
        });
        void services.store
          .touchApiKey(key.id, new Date(services.now()).toISOString())
          .catch(() => undefined);
        next();
      })
      .catch(next);
  };
}
