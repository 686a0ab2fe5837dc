import { validationFailed } from '../errors';

/** Payload helpers for step 7 (the DTOs validated the shape; these are the rules). Each error carries its field code. */

const missing = (v: unknown) => v === undefined || v === null;

export function optionalText(payload: Record<string, unknown>, field: string): string | null {
  const v = payload[field];
  if (missing(v)) return null;
  if (typeof v !== 'string') throw validationFailed({ [field]: { code: 'INVALID_TYPE', message: 'must be text' } });
  const t = v.trim();
  return t.length > 0 ? t : null;
}

export function requireText(payload: Record<string, unknown>, field: string, message = 'is required'): string {
  const t = optionalText(payload, field);
  if (t === null) throw validationFailed({ [field]: { code: 'REQUIRED', message } });
  return t;
}

export function requireOneOf<T extends string>(payload: Record<string, unknown>, field: string, allowed: readonly T[]): T {
  const v = payload[field];
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    throw validationFailed({ [field]: { code: missing(v) ? 'REQUIRED' : 'NOT_ALLOWED', message: `must be one of ${allowed.join(', ')}` } });
  }
  return v as T;
}

/** A date-time from a Date or an ISO 8601 string. */
export function requireTime(payload: Record<string, unknown>, field: string): Date {
  const v = payload[field];
  const d = v instanceof Date ? v : typeof v === 'string' && v.trim() ? new Date(v) : null;
  if (!d || Number.isNaN(d.getTime())) {
    throw validationFailed({ [field]: { code: missing(v) || v === '' ? 'REQUIRED' : 'INVALID_TIME', message: 'must be an ISO 8601 date-time' } });
  }
  return d;
}

/** A recorded fact's time may not lie in the future. */
export function requirePastTime(payload: Record<string, unknown>, field: string, now: Date): Date {
  const d = requireTime(payload, field);
  if (d.getTime() > now.getTime()) {
    throw validationFailed({ [field]: { code: 'IN_FUTURE', message: 'may not be in the future' } }, `${field} may not be in the future.`);
  }
  return d;
}
