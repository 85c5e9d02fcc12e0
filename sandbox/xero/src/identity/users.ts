/**
 * Xero users who can sign in on the consent page. The emulator has no login form: the consent page acts as the
 * default user, and tests can name another user (by email) to model a second person connecting the same app.
 */
import { randomUUID } from 'node:crypto';

export interface XeroUser {
  /** The `xero_userid` claim and the `sub` of id_tokens. */
  userId: string;
  email: string;
  givenName: string;
  familyName: string;
}

export const DEFAULT_USER_EMAIL = 'demo.user@example.com';

export class UserDirectory {
  private readonly byEmail = new Map<string, XeroUser>();

  constructor() {
    this.findOrCreate(DEFAULT_USER_EMAIL);
  }

  findOrCreate(email: string): XeroUser {
    const key = email.trim().toLowerCase();
    let user = this.byEmail.get(key);
    if (!user) {
      const local = key.split('@')[0] ?? 'user';
      const [given = 'Demo', family = 'User'] = local
        .split(/[._-]/)
        .map((p) => p.charAt(0).toUpperCase() + p.slice(1));
      user = { userId: randomUUID(), email: key, givenName: given, familyName: family };
      this.byEmail.set(key, user);
    }
    return user;
  }

  get defaultUser(): XeroUser {
    return this.findOrCreate(DEFAULT_USER_EMAIL);
  }

  byId(userId: string): XeroUser | undefined {
    return [...this.byEmail.values()].find((u) => u.userId === userId);
  }
}
