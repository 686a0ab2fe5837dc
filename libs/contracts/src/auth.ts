import type { Permission, Role } from './enums';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** The signed-in user as `POST /api/auth/login` and `GET /api/auth/me` show them. */
export interface SessionUserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  teamId: string | null;
  locale: Locale;
  /** IANA time zone the console shows times in; null = the browser's. */
  timeZone: string | null;
}

/** `POST /api/auth/login`. */
export interface LoginRequest {
  email: string;
  password: string;
}

/** Send `token` as `Authorization: Bearer <token>`; it expires after inactivity (`expiresAt` slides on use). */
export interface LoginResponse {
  token: string;
  expiresAt: string;
  user: SessionUserView;
}

/** `GET /api/auth/me`: the user and what their role may do. */
export interface MeView extends SessionUserView {
  permissions: readonly Permission[];
}

/** `PUT /api/auth/me`. */
export interface UpdateMeRequest {
  name?: string;
  locale?: Locale;
  timeZone?: string | null;
}
