/**
 * What a POST of the portal hands to the page it redirects to (post-redirect-get), kept in the store sealed and
 * bound to the session (admin-notice-store.ts). A new API key is taken once: its page, reloaded, shows no key.
 */
import { randomBytes } from 'node:crypto';
import type { ProxyServices } from '../proxy-services';
import type { XeroTenant } from '../xero/connect-service';
import type { AdminSession } from './admin-session';
import { sessionHashOf } from './admin-session';

/** Long enough to follow a redirect and pick an organisation (the pick itself expires after 15 minutes). */
const NOTICE_MS = 15 * 60_000;

export type PortalNotice =
  /** "Connected <strong>Demo</strong>." — `name` is emphasised between `lead` and `tail`. */
  | { kind: 'done'; lead: string; name: string; tail: string }
  | { kind: 'error'; message: string }
  | { kind: 'new-key'; key: string; prefix: string; tenantName: string }
  | { kind: 'pick'; pickState: string; tenants: XeroTenant[] };

const aad = (id: string) => `admin-notice:${id}`;

export async function saveNotice(
  services: ProxyServices,
  session: AdminSession,
  notice: PortalNotice,
): Promise<string> {
  const id = randomBytes(18).toString('base64url');
  const now = services.now();
  await services.store.adminNotices.save(
    {
      id,
      sessionHash: sessionHashOf(session),
      sealedPayload: services.box.seal(JSON.stringify(notice), aad(id)),
      expiresAt: new Date(now + NOTICE_MS).toISOString(),
    },
    new Date(now).toISOString(),
  );
  return id;
}

/** The notice (deleted: single use) or undefined. `peek` leaves it for a page that may be reloaded. */
export async function readNotice(
  services: ProxyServices,
  session: AdminSession,
  id: unknown,
  how: 'take' | 'peek',
): Promise<PortalNotice | undefined> {
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{24}$/.test(id)) return undefined;
  const sealed = await services.store.adminNotices[how](
    id,
    sessionHashOf(session),
    new Date(services.now()).toISOString(),
  );
  return sealed === undefined ? undefined : (JSON.parse(services.box.open(sealed, aad(id))) as PortalNotice);
}
