/**
 * The admin portal's session: a signed cookie (HMAC-SHA256, HttpOnly, SameSite=Lax, Secure behind https) holding
 * a session id, an expiry and the CSRF token that every form must echo back. The session id is also recorded in the
 * store (admin-session-store.ts), and signing out removes it there: a cookie copied before sign-out is dead on every
 * instance sharing the store, however long its signature stays valid.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { AdminSessionStore } from './admin-session-store';

export const SESSION_COOKIE = 'dxc_admin';
const SESSION_MS = 8 * 3_600_000;

export interface AdminSession {
  sid: string;
  exp: number;
  csrf: string;
}

function sign(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

function equal(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

/** The store knows a session by this, so a copy of the table signs nobody in. */
const idHash = (sid: string) => createHash('sha256').update(sid).digest('hex');

/** How the store names the session (its one-time notices are kept under it). */
export const sessionHashOf = (session: AdminSession): string => idHash(session.sid);

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      // Not valid percent-encoding: not a cookie this proxy set, so nobody is signed in.
      return undefined;
    }
  }
  return undefined;
}

export function checkAdminSecret(presented: string, adminSecret: string): boolean {
  return equal(presented, adminSecret);
}

/** The signed-in session of the request, or undefined (no cookie, bad signature, expired or signed out). */
export async function readSession(
  req: Request,
  key: Buffer,
  now: number,
  sessions: AdminSessionStore,
): Promise<AdminSession | undefined> {
  const raw = readCookie(req, SESSION_COOKIE);
  if (!raw) return undefined;
  const [payload, signature] = raw.split('.');
  if (!payload || !signature || !equal(sign(key, payload), signature)) return undefined;
  let session: AdminSession;
  try {
    session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AdminSession;
  } catch {
    return undefined;
  }
  if (
    typeof session.sid !== 'string' ||
    typeof session.exp !== 'number' ||
    session.exp <= now ||
    typeof session.csrf !== 'string'
  )
    return undefined;
  return (await sessions.isActive(idHash(session.sid), new Date(now).toISOString())) ? session : undefined;
}

export async function startSession(
  res: Response,
  key: Buffer,
  now: number,
  secure: boolean,
  sessions: AdminSessionStore,
): Promise<AdminSession> {
  const session: AdminSession = {
    sid: randomBytes(24).toString('base64url'),
    exp: now + SESSION_MS,
    csrf: randomBytes(24).toString('base64url'),
  };
  await sessions.create(
    idHash(session.sid),
    new Date(session.exp).toISOString(),
    new Date(now).toISOString(),
  );
  const payload = Buffer.from(JSON.stringify(session)).toString('base64url');
  res.cookie(SESSION_COOKIE, `${payload}.${sign(key, payload)}`, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/admin',
    maxAge: SESSION_MS,
  });
  return session;
}

export async function endSession(
  res: Response,
  secure: boolean,
  session: AdminSession,
  sessions: AdminSessionStore,
): Promise<void> {
  await sessions.end(idHash(session.sid));
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/admin' });
}

export function csrfValid(session: AdminSession, presented: unknown): boolean {
  return typeof presented === 'string' && presented !== '' && equal(presented, session.csrf);
}
