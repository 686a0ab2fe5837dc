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
  /** Present (true) when the password must be changed before anything else (`FORCE_PASSWORD_CHANGE`). */
  mustChangePassword?: boolean;
  /** Present (true) when a second factor must be enrolled before anything else (`MFA_REQUIRED`). */
  mfaEnrolmentRequired?: boolean;
}

/**
 * Browser sessions (docs/api.md "Auth"): login also sets the HttpOnly cookie `sn_session` (the same session token) and
 * the readable `sn_csrf`, which a cookie-authenticated POST, PUT, PATCH or DELETE echoes in `X-CSRF-Token`.
 */
export const SESSION_COOKIE = 'sn_session';
export const CSRF_COOKIE = 'sn_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';
/** Sent with `POST /api/auth/login` as `X-Session-Mode: cookie`: the answer leaves `token` out (it lives only in the cookie). */
export const SESSION_MODE_HEADER = 'X-Session-Mode';

/** The login answer with `X-Session-Mode: cookie` (the console): no token in reach of page scripts. */
export type CookieLoginResponse = Omit<LoginResponse, 'token'>;

/** `GET /api/auth/me`: the user and what their role may do. */
export interface MeView extends SessionUserView, AccountSecurityView {
  permissions: readonly Permission[];
}

/** `PUT /api/auth/me`. */
export interface UpdateMeRequest {
  name?: string;
  locale?: Locale;
  timeZone?: string | null;
}

/** `POST /api/auth/login` with a second factor: `otp` is a 6-digit TOTP code or a one-time recovery code. */
export interface LoginWithOtpRequest extends LoginRequest {
  otp?: string;
}

/** What the login answer and `GET /api/auth/me` add about the account's own security. */
export interface AccountSecurityView {
  /** `FORCE_PASSWORD_CHANGE=true` and an admin set the password: every call but the account's own is 403 until changed. */
  mustChangePassword: boolean;
  /** A TOTP second factor is enrolled. */
  mfaEnabled: boolean;
  /** `MFA_REQUIRED=true`, the role is admin or supervisor and no second factor yet: enrol before anything else. */
  mfaEnrolmentRequired: boolean;
}

/** `POST /api/auth/password`: the caller's other sessions end. */
export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

/** `POST /api/auth/mfa/enrol`: a new secret, pending until confirmed with a code from it. */
export interface MfaEnrolmentView {
  secret: string;
  otpauthUrl: string;
}

/** `POST /api/auth/mfa/confirm`: the recovery codes, shown this once (stored hashed). */
export interface MfaRecoveryCodesView {
  recoveryCodes: string[];
}

/** `POST /api/auth/mfa/disable`. */
export interface MfaDisableRequest {
  password: string;
  otp: string;
}

/** A live session (`GET /api/auth/sessions`, `GET /api/users/:id/sessions`). */
export interface SessionView {
  id: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  clientIp: string | null;
  userAgent: string | null;
  /** The session of the token that asked. */
  current: boolean;
}

/** The minimum length of a new password (`POST /api/auth/password`, admin-set passwords). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
