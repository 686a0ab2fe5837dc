import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@sentinel/contracts';
import type { FieldError } from '../errors';

/**
 * A new password (`POST /api/auth/password`): 12–200 characters, at least 5 different characters, not the e-mail
 * address nor its name part, and not the current password. Length over composition rules (NIST SP 800-63B).
 */
export function passwordProblem(password: string, ctx: { email: string; current?: string }): FieldError | null {
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_LENGTH) return { code: 'TOO_SHORT', message: `must be at least ${PASSWORD_MIN_LENGTH} characters` };
  if (chars.length > PASSWORD_MAX_LENGTH) return { code: 'TOO_LONG', message: `must be at most ${PASSWORD_MAX_LENGTH} characters` };
  if (new Set(chars).size < 5) return { code: 'INVALID', message: 'must use at least 5 different characters' };
  const lower = password.toLowerCase();
  const email = ctx.email.toLowerCase();
  const local = email.split('@')[0];
  if (lower === email || (local.length >= 4 && lower.includes(local))) return { code: 'INVALID', message: 'must not contain your e-mail address or its name part' };
  if (ctx.current !== undefined && password === ctx.current) return { code: 'INVALID', message: 'must differ from the current password' };
  return null;
}
