import * as React from 'react';
import { useLatestRead } from '../../shared/use-latest-read';

/**
 * The proxy's admin page URL, read once the connection needs reconnecting (only a lost connection needs the link, so
 * only then is the environment variable read); undefined until read, and when unset or unreadable.
 */
export function useAdminPageUrl(
  reconnectNeeded: boolean,
  readAdminPage: () => Promise<string | undefined>,
): string | undefined {
  const [adminUrl, setAdminUrl] = React.useState<string | undefined>();
  useLatestRead(reconnectNeeded && !adminUrl ? readAdminPage : undefined, setAdminUrl, [
    reconnectNeeded,
    adminUrl,
  ]);
  return adminUrl;
}
