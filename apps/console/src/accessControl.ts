import type { Permission } from '@sentinel/contracts';

/**
 * Which permission (from GET /api/auth/me `permissions`) opens which screen or button.
 * This maps the API's permission names onto console screens; it is not a business rule:
 * the API decides what each permission allows, and each case's `allowedActions` decides
 * which case actions are offered.
 */
type Action = 'list' | 'show' | 'create' | 'edit' | 'delete' | 'export' | 'clone';

const READ: Record<string, Permission> = {
  cases: 'cases:read',
  reports: 'cases:read',
  terminals: 'cases:read',
  notifications: 'cases:read',
  queues: 'settings:read',
  users: 'users:read',
  teams: 'settings:read',
  banks: 'settings:read',
  'sla-policies': 'settings:read',
  calendars: 'settings:read',
  alerts: 'alerts:read',
  'api-keys': 'users:manage',
  watchlist: 'cases:read',
};

const WRITE: Record<string, Permission> = {
  queues: 'queues:manage',
  users: 'users:manage',
  teams: 'teams:manage',
  banks: 'banks:manage',
  'sla-policies': 'sla:manage',
  calendars: 'sla:manage',
  terminals: 'terminals:edit',
};

/** Resources whose records are never created from the console. */
const NO_CREATE = new Set(['cases', 'terminals', 'notifications', 'alerts', 'sla-policies', 'api-keys']);

/**
 * Who may create, where it is not WRITE: a report is entered by the people who work cases (analysts and
 * supervisors, from a merchant's or cardholder's call); intake clients submit through the API.
 */
const CREATE: Record<string, Permission[]> = {
  reports: ['reports:create', 'cases:act'],
  watchlist: ['cases:supervise'],
};

export function canAccessResource(permissions: readonly string[], resource: string, action: string): boolean {
  const has = (p: Permission | undefined) => !!p && permissions.includes(p);
  switch (action as Action) {
    case 'list':
    case 'show':
      return has(READ[resource]);
    case 'edit':
      return has(WRITE[resource]);
    case 'create':
      if (CREATE[resource]) return CREATE[resource].every(has);
      return !NO_CREATE.has(resource) && has(WRITE[resource]);
    case 'delete':
    case 'clone':
    case 'export':
      return false;
    default:
      return false;
  }
}

/**
 * The historical import (POST /api/imports) is for admins; no permission names it, so the console opens it to
 * the admin's own `users:manage`, as it does the job queues board.
 */
export const IMPORT_PERMISSION: Permission = 'users:manage';

export function hasPermission(permissions: unknown, p: Permission): boolean {
  return Array.isArray(permissions) && permissions.includes(p);
}
