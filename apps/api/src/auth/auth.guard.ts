import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { CSRF_HEADER, type Role } from '@sentinel/contracts';
import { ProblemException } from '../common/problem.exception';
import { AuthService } from './auth.service';
import { csrfMatches, isUnsafeMethod, SessionCookies } from './session-cookies';
import { ALLOW_PENDING_KEY, PUBLIC_KEY, ROLES_KEY } from './auth.decorators';

/**
 * Global guard: authenticates the bearer token (session or API key) or the browser's session cookie (with its CSRF
 * header on unsafe methods) and checks the route's @Roles.
 * Deny by default: a route with neither @Public nor @Roles is refused for everyone.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly cookies: SessionCookies,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { actor?: unknown }>();
    const actor = await this.auth.authenticate(this.credential(req), req.ip ?? 'unknown');
    if (!actor) throw new ProblemException('AUTH.UNAUTHENTICATED', 'The token is invalid, expired or revoked; log in again');
    req.actor = actor;
    if (actor.pending && (actor.pending.mustChangePassword || actor.pending.mfaEnrolmentRequired) && !this.reflector.getAllAndOverride<boolean>(ALLOW_PENDING_KEY, targets)) {
      if (actor.pending.mustChangePassword) {
        throw new ProblemException('AUTH.PASSWORD_CHANGE_REQUIRED', 'Change your password first (POST /api/auth/password): an admin set it');
      }
      throw new ProblemException('AUTH.MFA_ENROLMENT_REQUIRED', 'Enrol a second factor first (POST /api/auth/mfa/enrol, then /api/auth/mfa/confirm)');
    }
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
    if (!roles || !roles.includes(actor.role)) {
      throw new ProblemException('AUTH.FORBIDDEN', `The ${actor.role} role may not do this`, { role: actor.role });
    }
    return true;
  }

  /**
   * The bearer token (takes precedence: machine clients, unchanged) or else the `sn_session` cookie of a browser
   * session, whose unsafe requests must echo `sn_csrf` in `X-CSRF-Token` (checked before the session is touched).
   */
  private credential(req: Request): string {
    const header = req.headers.authorization;
    if (header !== undefined) {
      const m = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
      if (!m) throw new ProblemException('AUTH.UNAUTHENTICATED', 'Log in first: send Authorization: Bearer <token>');
      return m[1];
    }
    const token = this.cookies.tokenOf(req);
    if (!token) throw new ProblemException('AUTH.UNAUTHENTICATED', 'Log in first: send Authorization: Bearer <token>');
    if (isUnsafeMethod(req.method) && !csrfMatches(token, req.headers[CSRF_HEADER.toLowerCase()])) {
      throw new ProblemException('AUTH.CSRF', `A cookie session's ${req.method} must send the sn_csrf cookie's value in ${CSRF_HEADER}`);
    }
    return token;
  }
}
