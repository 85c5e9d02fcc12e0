/**
 * Admin sessions live in the store, so signing out ends a session on every instance that shares it: the cookie
 * names a session id, and only a session recorded here (by the SHA-256 of its id) and not yet expired is signed in.
 * Kept in the store (store/portal/admin-sessions.ts), one implementation for SQLite and PostgreSQL.
 */
export interface AdminSessionStore {
  /** Records a session until `expiresAt`, and forgets sessions that expired before `now`. */
  create(idHash: string, expiresAt: string, now: string): Promise<void>;
  isActive(idHash: string, now: string): Promise<boolean>;
  /** Ends the session (signing out); ending one already gone is not an error. */
  end(idHash: string): Promise<void>;
}
