import type { RequestHandler } from 'express';
import { ProxyError } from '../errors';
import type { ProxyServices } from '../proxy-services';
import type { ConnectionRecord } from '../store/store';
import { verifyApiKey } from './api-keys';

/**
 * The connector's authentication: `X-Api-Key` opens the connections the key was granted (one for every key issued
 * before grants existed) and nothing else; which of them a request works on is chosen per operation
 * (organisation-choice.ts), always among these. A key whose organisations were all disconnected is unknown (401).
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
        const granted = (
          await Promise.all(key.grantedConnectionIds.map((id) => services.store.getConnection(id)))
        ).filter((c): c is ConnectionRecord => c !== undefined);
        const connection = granted[0];
        if (!connection) throw unauthenticated();
        res.locals.connection = connection;
        res.locals.grantedConnections = granted;
        res.locals.apiKeyId = key.id;
        req.log = req.log.child({
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
