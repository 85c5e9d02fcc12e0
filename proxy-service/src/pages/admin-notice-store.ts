/**
 * One-time notices of the admin portal, kept in the store so that post-redirect-get works on every instance: a
 * POST saves what its answer page must show (a new API key, the organisations to pick from) and redirects; the GET
 * shows it. Only the session that saved a notice can read it. A notice taken is gone, so reloading the page of a
 * new API key neither mints another key nor shows the key again. Payloads arrive sealed (SecretBox).
 * Kept in the store (store/portal/admin-notices.ts), one implementation for SQLite and PostgreSQL.
 */
export interface AdminNotice {
  id: string;
  /** The SHA-256 of the session id (as admin sessions are stored): another session cannot read the notice. */
  sessionHash: string;
  sealedPayload: string;
  expiresAt: string;
}

export interface AdminNoticeStore {
  /** Saves the notice, and forgets notices that expired before `now`. */
  save(notice: AdminNotice, now: string): Promise<void>;
  /** The notice's payload, deleting it (single use); undefined when unknown, expired or another session's. */
  take(id: string, sessionHash: string, now: string): Promise<string | undefined>;
  /** The notice's payload, leaving it in place (a page that may be reloaded until it expires). */
  peek(id: string, sessionHash: string, now: string): Promise<string | undefined>;
}
