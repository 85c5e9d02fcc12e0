/**
 * The admin portal's session: a signed cookie (HMAC-SHA256, HttpOnly, SameSite=Lax, Secure behind https) holding
 * an expiry and the CSRF token that every form must echo back. No server-side session table is needed, so any
 * proxy instance can serve any admin request.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'dxc_admin';
const SESSION_MS = 8 * 3_600_000;

export interface AdminSession {
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

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export function checkAdminSecret(presented: string, adminSecret: string): boolean {
  return equal(presented, adminSecret);
}

export function readSession(req: Request, key: Buffer, now: number): AdminSession | undefined {
  const raw = readCookie(req, SESSION_COOKIE);
  if (!raw) return undefined;
  const [payload, signature] = raw.split('.');
  if (!payload || !signature || !equal(sign(key, payload), signature)) return undefined;
  try {
    const session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AdminSession;
    return typeof session.exp === 'number' && session.exp > now && typeof session.csrf === 'string'
      ? session
      : undefined;
  } catch {
    return undefined;
  }
}

export function startSession(res: Response, key: Buffer, now: number, secure: boolean): AdminSession {
  const session: AdminSession = { exp: now + SESSION_MS, csrf: randomBytes(24).toString('base64url') };
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

export function endSession(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/admin' });
}

export function csrfValid(session: AdminSession, presented: unknown): boolean {
  return typeof presented === 'string' && presented !== '' && equal(presented, session.csrf);
}
