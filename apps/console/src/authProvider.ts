import type { AuthProvider } from 'react-admin';
import { SESSION_MODE_HEADER, type CookieLoginResponse } from '@sentinel/contracts';
import type { Me, SessionUser } from './session';
import { session } from './session';
import { API_URL, httpClient } from './dataProvider';
import { canAccessResource } from './accessControl';
import { problemCode, problemStatus } from './problem/problem';

/** The error (and translation key) of a sign-in whose session cookies the browser did not keep. */
export const LOGIN_COOKIE_REFUSED = 'app.login.cookie_refused';

let mePromise: Promise<Me> | null = null;
/** The cached profile is re-read once per page load, so changed permissions apply on the next load. */
let refreshedThisLoad = false;

function normaliseMe(json: unknown): Me {
  const raw = (json ?? {}) as Record<string, unknown>;
  const user = (raw.user && typeof raw.user === 'object' ? raw.user : raw) as Record<string, unknown>;
  return {
    ...(user as unknown as SessionUser),
    permissions: (Array.isArray(raw.permissions) ? raw.permissions : Array.isArray(user.permissions) ? user.permissions : []) as Me['permissions'],
    timeZone: (user.timeZone as string | null | undefined) ?? (raw.timeZone as string | null | undefined) ?? null,
    teamId: (user.teamId as string | null | undefined) ?? null,
  };
}

/** GET /api/auth/me: once per page load, then from localStorage (dropped on login and logout). */
export function loadMe(force = false): Promise<Me> {
  const cached = session.getMe();
  if (cached && !force && refreshedThisLoad) return Promise.resolve(cached);
  if (!mePromise || force) {
    mePromise = httpClient(`${API_URL}/auth/me`)
      .then((r) => {
        const me = normaliseMe(r.json);
        session.setMe(me);
        refreshedThisLoad = true;
        return me;
      })
      .finally(() => {
        mePromise = null;
      });
  }
  return mePromise;
}

export const authProvider: AuthProvider = {
  /** `otp`: the second step of a sign-in with a second factor (the API answered 401 AUTH.MFA_REQUIRED without it). */
  async login({ email, username, password, otp }: { email?: string; username?: string; password: string; otp?: string }) {
    // `X-Session-Mode: cookie`: the answer carries no token; the session is the HttpOnly cookie the API sets.
    const r = await httpClient<CookieLoginResponse>(`${API_URL}/auth/login`, {
      method: 'POST',
      headers: { [SESSION_MODE_HEADER]: 'cookie' },
      body: JSON.stringify({ email: email ?? username, password, ...(otp ? { otp } : {}) }),
    });
    // The browser dropped the cookies (e.g. `Secure` ones over plain http to a host that is not localhost): say so
    // rather than appear signed in and fall back to this page at the first call.
    if (!session.csrfToken()) throw new Error(LOGIN_COOKIE_REFUSED);
    session.start(r.json.user);
    mePromise = null;
    await loadMe(true).catch(() => undefined);
    return undefined;
  },

  /** Revokes the session and clears its cookies (the API does: they are HttpOnly), then forgets the profile. */
  async logout() {
    if (session.isSignedIn()) {
      await httpClient(`${API_URL}/auth/logout`, { method: 'POST', body: '{}' }).catch(() => undefined);
    }
    session.clear();
    mePromise = null;
    return '/login';
  },

  async checkAuth() {
    // Not signed in yet: go to the login page without an error toast (an ended cookie session answers 401 instead).
    if (!session.isSignedIn()) throw { redirectTo: '/login', message: false };
  },

  async checkError(error: unknown) {
    const status = problemStatus(error);
    if (status === 401) {
      session.clear();
      mePromise = null;
      throw new Error('ra.notification.logged_out');
    }
    // The session must change its password or enrol a second factor first (an admin set the password meanwhile):
    // re-read the profile and reload, so the layout shows that step instead of refused screens.
    const code = problemCode(error);
    if (code === 'AUTH.PASSWORD_CHANGE_REQUIRED' || code === 'AUTH.MFA_ENROLMENT_REQUIRED') {
      const me = await loadMe(true).catch(() => null);
      if (me && (me.mustChangePassword || me.mfaEnrolmentRequired) && typeof window !== 'undefined') window.location.reload();
      return;
    }
    // 403 is a refusal of one thing, not the end of the session: stay.
  },

  async getIdentity() {
    const me = await loadMe();
    return {
      id: me.id,
      fullName: me.name,
      avatar: undefined,
      email: me.email,
      role: me.role,
      locale: me.locale ?? null,
      timeZone: me.timeZone ?? null,
      teamId: me.teamId ?? null,
      mustChangePassword: !!me.mustChangePassword,
      mfaEnrolmentRequired: !!me.mfaEnrolmentRequired,
      mfaEnabled: !!me.mfaEnabled,
    };
  },

  async getPermissions() {
    if (!session.isSignedIn()) return [];
    const me = await loadMe();
    return me.permissions;
  },

  async canAccess({ resource, action }) {
    if (!session.isSignedIn()) return false;
    const me = await loadMe();
    return canAccessResource(me.permissions, resource, action);
  },
};
