import * as React from 'react';

/**
 * The proxy's admin page URL, read once the connection needs reconnecting (only a lost connection needs the link, so
 * only then is the environment variable read); undefined until read, and when unset or unreadable.
 */
export function useAdminPageUrl(
  reconnectNeeded: boolean,
  readAdminPage: () => Promise<string | undefined>,
): string | undefined {
  const [adminUrl, setAdminUrl] = React.useState<string | undefined>();
  // updateView passes a new function on every call; the read must not start again because of that.
  const readAdminPageRef = React.useRef(readAdminPage);
  readAdminPageRef.current = readAdminPage;
  React.useEffect(() => {
    if (!reconnectNeeded || adminUrl) return undefined;
    // Cleared on unmount too, so a late answer is dropped.
    let cancelled = false;
    const read = async (): Promise<void> => {
      const url = await readAdminPageRef.current();
      if (!cancelled) setAdminUrl(url);
    };
    void read();
    return () => {
      cancelled = true;
    };
  }, [reconnectNeeded, adminUrl]);
  return adminUrl;
}
