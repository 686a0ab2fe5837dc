import { registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * The field may be left out (= unchanged) but, when sent, must pass the other validators: `null` is refused.
 * (`@IsOptional()` would also skip `null`, which would then reach a NOT NULL column.)
 */
export const OptionalNotNull = () => ValidateIf((_, v) => v !== undefined);

/** The field may be left out (= unchanged) or `null` (= cleared). */
export const OptionalNullable = () => ValidateIf((_, v) => v !== undefined && v !== null);

export function isIanaTimeZone(v: unknown): boolean {
  if (typeof v !== 'string' || !v || v.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: v });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone such as `Asia/Shanghai`. */
export function IsIanaTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isIanaTimeZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must be an IANA time zone such as Asia/Shanghai', ...options },
      validator: { validate: isIanaTimeZone },
    });
}

/** Upper-cases a string (codes), leaving other values for the validators to refuse. */
export const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
/** Upper-cases each string of an array (bank codes). */
export const upperEach = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v)) : value;
/** Trims a string. */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** PostgreSQL unique_violation (23505), optionally of one constraint/index. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = err?.code ?? err?.driverError?.code;
  const name = err?.constraint ?? err?.driverError?.constraint;
  return code === '23505' && (!constraint || name === constraint);
}

/** Escapes LIKE wildcards so user input is matched literally (prefix search). */
export function likePrefix(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`) + '%';
}

/** Bank codes: `^[A-Z0-9_]{2,16}$` (after upper-casing). */
export const BANK_CODE_PATTERN = /^[A-Z0-9_]{2,16}$/;
export const BANK_CODE_MESSAGE = 'must be 2–16 characters of A–Z, 0–9 and _';
