/**
 * API keys of a connection: issue one (shown once, on its own page), and revoke one after a confirmation naming
 * what breaks.
 */
import { issueApiKey } from '../../http/api-keys';
import type { ConnectionRecord } from '../../store/store';
import { newKeyView } from '../admin-views';
import { confirmRevokeView } from '../confirm-views';
import { readNotice } from '../portal-notices';
import type { PortalHandler } from './portal-context';
import { confirmed, connectionGone } from './portal-context';

export const issueKey: PortalHandler = async (portal, req, res, session) => {
  const { services } = portal;
  const connection = await services.store.getConnection(String(req.params.id));
  if (!connection) return connectionGone(portal, res, session);
  const fields = req.body as Record<string, string | string[] | undefined>;
  const label = String(fields.label ?? '');
  // Issue 14: the key may also be granted other connected organisations (checkboxes named `grant`).
  const asked = [fields.grant ?? []].flat().filter((id) => id !== connection.id);
  const also = await Promise.all(asked.map((id) => services.store.getConnection(String(id))));
  if (also.some((c) => !c))
    return portal.showConnections(res, session, {
      error: 'One of the organisations to grant is no longer connected; nothing was created.',
      status: 400,
    });
  const granted = [connection, ...(also as ConnectionRecord[])];
  const { key, record } = await issueApiKey(
    services.store,
    granted.map((c) => c.id),
    label,
    new Date(services.now()).toISOString(),
  );
  req.log.info(
    {
      event: 'api_key_created',
      keyPrefix: record.prefix,
      connectionId: connection.id,
      grantedConnectionIds: record.grantedConnectionIds,
    },
    'API key created',
  );
  await portal.redirectWithNotice(
    res,
    session,
    {
      kind: 'new-key',
      key,
      prefix: record.prefix,
      tenantName: granted.map((c) => c.tenantName).join(', '),
    },
    '/admin/keys/new',
  );
};

export const showNewKey: PortalHandler = async ({ services }, req, res, session) => {
  const notice = await readNotice(services, session, req.query.notice, 'take');
  res.type('html').send(newKeyView(session.csrf, notice?.kind === 'new-key' ? notice : undefined));
};

export const revokeKey: PortalHandler = async (portal, req, res, session) => {
  const { services } = portal;
  const connection = await services.store.getConnection(String(req.params.id));
  const keys = connection ? await services.store.listApiKeys(connection.id) : [];
  const key = keys.find((k) => k.id === req.params.keyId);
  if (!connection || !key)
    return portal.showConnections(res, session, {
      error: 'That key does not belong to this connection.',
      status: 404,
    });
  if (!confirmed(req))
    return void res.type('html').send(confirmRevokeView({ csrf: session.csrf, connection, key }));
  await services.store.revokeApiKey(key.id, new Date(services.now()).toISOString());
  req.log.info({ event: 'api_key_revoked', keyPrefix: key.prefix }, 'API key revoked');
  await portal.redirectWithNotice(res, session, {
    kind: 'done',
    lead: 'Revoked key',
    name: `${key.prefix}_…`,
    tail: `; flows using it now get 401.`,
  });
};
