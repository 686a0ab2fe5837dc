import type { Permission, Role } from '@sentinel/contracts';

/** Who is calling: a logged-in user or an API key of a machine client. */
export interface Actor {
  id: string;
  role: Role;
  email: string;
  name: string;
  teamId: string | null;
  locale: string;
  timeZone: string | null;
  permissions: readonly Permission[];
  sessionId?: string;
  apiKey?: { id: string; bankCodes: string[] | null; channels: string[] | null };
  clientIp?: string;
  /** A session that must change its password or enrol a second factor first (docs/api.md "Auth"). */
  pending?: { mustChangePassword: boolean; mfaEnrolmentRequired: boolean };
}

/** The actor as recorded in audit events. */
export function auditActor(a: Pick<Actor, 'id' | 'role'>): { id: string; role: string } {
  return { id: a.id, role: a.role };
}

export const SYSTEM_ACTOR = { id: 'system', role: 'system' } as const;
export const bankActor = (code: string) => ({ id: `bank:${code}`, role: 'bank' });
