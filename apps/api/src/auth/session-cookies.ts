import { Inject, Injectable } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CSRF_COOKIE, SESSION_COOKIE, SESSION_MODE_HEADER } from '@sentinel/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { SESSION_TOKEN_PREFIX } from './tokens';

/** The session cookie goes to the API only (never with the console's static files). */
const SESSION_PATH = '/api';
/**
 * The CSRF cookie must be readable by the console's page, served at `/` (document.cookie shows only the cookies whose
 * path covers the page's); it is no credential on its own.
 */
const CSRF_PATH = '/';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The value of cookie `name` in a `Cookie` header (the first one wins, as browsers send the most specific first). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}

/**
 * The double-submit value of a session: an HMAC keyed by the session token itself (high-entropy and secret, held in
 * the HttpOnly cookie), so it can be checked on every replica with no server state, cannot be computed from anything a
 * page or another user sees (session ids are listed by `GET /api/auth/sessions`), and ends with the session.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('sentinel:csrf:v1').digest('base64url');
}

/** `X-CSRF-Token` equals the session's double-submit value (constant-time). */
export function csrfMatches(sessionToken: string, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false;
  const want = Buffer.from(csrfTokenFor(sessionToken));
  const got = Buffer.from(header.trim());
  return got.length === want.length && timingSafeEqual(got, want);
}

export const isUnsafeMethod = (method: string) => !SAFE_METHODS.has(method.toUpperCase());

/**
 * Browser sessions (docs/api.md "Auth"): sign-in sets `sn_session` (the session token; HttpOnly, SameSite=Strict,
 * Path=/api, Secure over https or in production, Max-Age the session's absolute lifetime) and `sn_csrf` (readable by
 * the console: not HttpOnly, Path=/, the same otherwise), logout clears both. The server never trusts the cookie beyond the token in
 * it: revocation, idle and absolute expiry apply exactly as to a bearer token.
 */
@Injectable()
export class SessionCookies {
  constructor(@Inject(APP_CONFIG) private readonly cfg: AppConfig) {}

  /** The session token the request carries in `sn_session` (only session tokens: an API key never rides a cookie). */
  tokenOf(req: Request): string | undefined {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    return token && token.startsWith(SESSION_TOKEN_PREFIX) ? token : undefined;
  }

  /** The caller asked `X-Session-Mode: cookie`: the login answer leaves the token out. */
  cookieOnly(req: Request): boolean {
    const mode = req.headers[SESSION_MODE_HEADER.toLowerCase()];
    return typeof mode === 'string' && mode.trim().toLowerCase() === 'cookie';
  }

  issue(req: Request, res: Response, token: string): void {
    const maxAge = this.cfg.sessionMaxHours * 3_600_000;
    res.cookie(SESSION_COOKIE, token, { ...this.attributes(req), path: SESSION_PATH, httpOnly: true, maxAge });
    res.cookie(CSRF_COOKIE, csrfTokenFor(token), { ...this.attributes(req), path: CSRF_PATH, httpOnly: false, maxAge });
  }

  clear(req: Request, res: Response): void {
    res.cookie(SESSION_COOKIE, '', { ...this.attributes(req), path: SESSION_PATH, httpOnly: true, maxAge: 0 });
    res.cookie(CSRF_COOKIE, '', { ...this.attributes(req), path: CSRF_PATH, httpOnly: false, maxAge: 0 });
  }

  private attributes(req: Request): CookieOptions {
    return { sameSite: 'strict', secure: req.secure || this.cfg.production };
  }
}
