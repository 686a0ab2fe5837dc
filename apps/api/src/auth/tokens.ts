import { createHash, randomBytes } from 'node:crypto';

export const SESSION_TOKEN_PREFIX = 'sns_';
export const API_KEY_PREFIX = 'snk_';

export function newToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Tokens and keys are stored only as SHA-256 (they are high-entropy, so no slow hash is needed). */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  if (!domain) return '***';
  return `${local.slice(0, 1)}***@${domain}`;
}
