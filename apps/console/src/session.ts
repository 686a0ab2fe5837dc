import type { Permission, Role } from '@sentinel/contracts';

/** What the console keeps about the signed-in user (localStorage, cleared on logout; never the session token). */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale?: string | null;
}

/** GET /api/auth/me: the user, their permissions and preferences. */
export interface Me extends SessionUser {
  permissions: Permission[];
  timeZone?: string | null;
  teamId?: string | null;
  /** The account's own security (GET /api/auth/me): what must happen before anything else. */
  mustChangePassword?: boolean;
  mfaEnrolmentRequired?: boolean;
  mfaEnabled?: boolean;
}

const USER_KEY = 'sentinel.user';
const ME_KEY = 'sentinel.me';
export const LOCALE_KEY = 'sentinel.locale';
/** What consoles before the cookie session kept (a bearer token readable by any script): removed on load. */
const LEGACY_KEYS = ['sentinel.token', 'sentinel.tokenExpiresAt'];
/** The readable double-submit cookie the API sets beside the HttpOnly session cookie (docs/api.md "Auth"). */
const CSRF_COOKIE = 'sn_csrf';

function storage(): Storage | null {
  try {
    return typeof window !== 'undefined' ? window.localStorage : null;
  } catch {
    return null;
  }
}

function readJson<T>(key: string): T | null {
  const raw = storage()?.getItem(key);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

/**
 * The session itself is the API's HttpOnly cookie `sn_session`, out of reach of page scripts; localStorage holds only
 * the non-secret profile (who is signed in, their permissions, the language) to draw the console before the API answers.
 */
export const session = {
  /** Someone signed in through this browser (the cookie may still have ended: the API's 401 says so). */
  isSignedIn(): boolean {
    return session.getUser() !== null;
  },
  getUser(): SessionUser | null {
    return readJson<SessionUser>(USER_KEY);
  },
  getMe(): Me | null {
    return readJson<Me>(ME_KEY);
  },
  start(user: SessionUser): void {
    const s = storage();
    if (!s) return;
    s.setItem(USER_KEY, JSON.stringify(user));
    s.removeItem(ME_KEY);
  },
  setMe(me: Me): void {
    storage()?.setItem(ME_KEY, JSON.stringify(me));
  },
  clear(): void {
    const s = storage();
    if (!s) return;
    for (const k of [USER_KEY, ME_KEY, ...LEGACY_KEYS]) s.removeItem(k);
  },
  /**
   * Upgrade from the bearer-token console: a token left in localStorage is deleted, and with it the profile of that
   * session (it has no cookie, so the next page asks to sign in). Called once on load.
   */
  forgetLegacyToken(): void {
    const s = storage();
    if (!s || !LEGACY_KEYS.some((k) => s.getItem(k) !== null)) return;
    for (const k of [USER_KEY, ME_KEY, ...LEGACY_KEYS]) s.removeItem(k);
  },
  /** The `sn_csrf` cookie's value, echoed as `X-CSRF-Token` on every write. */
  csrfToken(): string | null {
    if (typeof document === 'undefined') return null;
    for (const part of document.cookie.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0 || part.slice(0, eq).trim() !== CSRF_COOKIE) continue;
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
    return null;
  },
  getLocale(): string | null {
    return storage()?.getItem(LOCALE_KEY) ?? null;
  },
  setLocale(locale: string): void {
    storage()?.setItem(LOCALE_KEY, locale);
  },
};
