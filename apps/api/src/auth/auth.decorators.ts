import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Role } from '@sentinel/contracts';
import type { Actor } from './actor';

export const PUBLIC_KEY = 'sentinel:public';
export const ROLES_KEY = 'sentinel:roles';

/** No authentication (login, health, bank callbacks checked by signature). The OpenAPI document says so (`security: []`). */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiExtension('x-public', true));

/**
 * The roles that may call a route. Routes without @Roles or @Public are denied (deny by default). The OpenAPI document
 * lists them (`x-roles`) and derives the route's security schemes from them.
 */
export const Roles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES_KEY, roles), ApiExtension('x-roles', roles));

export const ALLOW_PENDING_KEY = 'sentinel:allow-pending';

/**
 * A route a session may call while it must change its password or enrol a second factor (docs/api.md "Auth": the
 * password change, logout, `GET /api/auth/me` and `/api/auth/mfa/*`); every other route answers 403 until then.
 */
export const AllowWhilePending = () => SetMetadata(ALLOW_PENDING_KEY, true);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest().actor;
});

/** Roles grouped as docs/api.md's "Who may do what" table names them. */
export const READERS: Role[] = ['analyst', 'supervisor', 'auditor'];
export const CASE_WORKERS: Role[] = ['analyst', 'supervisor'];
export const SETTINGS_READERS: Role[] = ['analyst', 'supervisor', 'auditor', 'admin'];
export const ALL_HUMANS: Role[] = ['analyst', 'supervisor', 'auditor', 'admin'];
