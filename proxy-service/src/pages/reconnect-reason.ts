/**
 * The plain-words reason a connection needs reconnecting. The token vault stores Xero's OAuth error as
 * "Xero answered <error> at <ISO time>" (xero/token-vault.ts); an admin needs to know what happened, not the code.
 */
export interface ReconnectReason {
  what: string;
  at?: string;
}

const PLAIN: Record<string, string> = {
  invalid_grant:
    'Xero no longer accepts this connection: access was withdrawn in Xero, or it went unused for 60 days',
  invalid_client:
    "Xero no longer accepts this app's client id and secret: the secret was changed or the app was removed",
  unauthorized_client: 'Xero no longer lets this app connect: its permissions in Xero changed',
};

export function reconnectReason(statusReason: string | null): ReconnectReason {
  const answered = /^Xero answered (\S+) at (\S+)$/.exec(statusReason ?? '');
  if (answered) {
    const [, code, at] = answered as unknown as [string, string, string];
    return { what: PLAIN[code] ?? `Xero refused to renew this connection's access (${code})`, at };
  }
  return {
    what: statusReason ? `Xero refused this connection: ${statusReason}` : 'Xero refused this connection',
  };
}
