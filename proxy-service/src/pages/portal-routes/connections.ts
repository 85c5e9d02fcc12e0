/** The portal's home page: every connection, with whatever notice the redirect that led here brought. */
import { html } from '../html';
import type { RawHtml } from '../html';
import type { PortalNotice } from '../portal-notices';
import { readNotice } from '../portal-notices';
import type { PortalHandler } from './portal-context';

/** A notice a redirect brought, as the connections page shows it. */
function noticeHtml(notice: PortalNotice | undefined): { notice?: RawHtml; error?: string } {
  if (notice?.kind === 'done')
    return { notice: html`${notice.lead} <strong>${notice.name}</strong>${notice.tail}` };
  if (notice?.kind === 'error') return { error: notice.message };
  return {};
}

export const showConnectionsPage: PortalHandler = async (portal, req, res, session) =>
  portal.showConnections(
    res,
    session,
    noticeHtml(await readNotice(portal.services, session, req.query.notice, 'take')),
  );
