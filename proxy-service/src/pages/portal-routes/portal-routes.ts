/** Every signed-in page of the admin portal, by method and path (mounted in this order by admin-portal.ts). */
import { showActivity } from './activity';
import { issueKey, revokeKey, showNewKey } from './api-keys';
import { completePick, connectCallback, connectCustom, showPick, startConnect } from './connect';
import { showConnectionsPage } from './connections';
import { disconnect } from './disconnect';
import type { PortalRoute } from './portal-context';
import { signOut } from './sign-in';

export const portalRoutes: readonly PortalRoute[] = [
  { method: 'get', path: '/', handle: showConnectionsPage },
  { method: 'post', path: '/logout', handle: signOut },
  { method: 'post', path: '/connect', handle: startConnect },
  { method: 'get', path: '/connect/callback', handle: connectCallback },
  { method: 'get', path: '/connect/pick', handle: showPick },
  { method: 'post', path: '/connect/pick', handle: completePick },
  { method: 'post', path: '/connect/custom', handle: connectCustom },
  { method: 'post', path: '/connections/:id/disconnect', handle: disconnect },
  { method: 'post', path: '/connections/:id/keys', handle: issueKey },
  { method: 'get', path: '/keys/new', handle: showNewKey },
  { method: 'post', path: '/connections/:id/keys/:keyId/revoke', handle: revokeKey },
  { method: 'get', path: '/connections/:id/activity', handle: showActivity },
];
