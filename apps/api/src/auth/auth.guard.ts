import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '@sentinel/contracts';
import { ProblemException } from '../common/problem.exception';
import { AuthService } from './auth.service';
import { ALLOW_PENDING_KEY, PUBLIC_KEY, ROLES_KEY } from './auth.decorators';

/**
 * Global guard: authenticates the bearer token (session or API key) and checks the route's @Roles.
 * Deny by default: a route with neither @Public nor @Roles is refused for everyone.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { actor?: unknown }>();
    const header = req.headers.authorization;
    const m = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!m) throw new ProblemException('AUTH.UNAUTHENTICATED', 'Log in first: send Authorization: Bearer <token>');
    const actor = await this.auth.authenticate(m[1], req.ip ?? 'unknown');
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
}
