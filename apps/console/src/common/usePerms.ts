import { usePermissions } from 'react-admin';
import type { Permission } from '@sentinel/contracts';

/** The caller's permissions (GET /api/auth/me) and a `can` check for menus and buttons. */
export function usePerms() {
  const { permissions, isPending } = usePermissions<string[]>();
  const list = Array.isArray(permissions) ? permissions : [];
  return { permissions: list, isPending, can: (p: Permission) => list.includes(p) };
}
