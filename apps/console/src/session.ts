import type { Permission, Role } from '@sentinel/contracts';

/** What the console keeps about the signed-in user (localStorage, cleared on logout). */
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

const TOKEN_KEY = 'sentinel.token';
const TOKEN_EXPIRES_KEY = 'sentinel.tokenExpiresAt';
const USER_KEY = 'sentinel.user';
const ME_KEY = 'sentinel.me';
export const LOCALE_KEY = 'sentinel.locale';

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

export const session = {
  getToken(): string | null {
    return storage()?.getItem(TOKEN_KEY) ?? null;
  },
  getUser(): SessionUser | null {
    return readJson<SessionUser>(USER_KEY);
  },
  getMe(): Me | null {
    return readJson<Me>(ME_KEY);
  },
  start(token: string, user: SessionUser, expiresAt?: string | null): void {
    const s = storage();
    if (!s) return;
    s.setItem(TOKEN_KEY, token);
    s.setItem(USER_KEY, JSON.stringify(user));
    if (expiresAt) s.setItem(TOKEN_EXPIRES_KEY, expiresAt);
    s.removeItem(ME_KEY);
  },
  setMe(me: Me): void {
    storage()?.setItem(ME_KEY, JSON.stringify(me));
  },
  clear(): void {
    const s = storage();
    if (!s) return;
    for (const k of [TOKEN_KEY, TOKEN_EXPIRES_KEY, USER_KEY, ME_KEY]) s.removeItem(k);
  },
  getLocale(): string | null {
    return storage()?.getItem(LOCALE_KEY) ?? null;
  },
  setLocale(locale: string): void {
    storage()?.setItem(LOCALE_KEY, locale);
  },
};
