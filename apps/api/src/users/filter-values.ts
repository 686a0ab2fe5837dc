import { ProblemException } from '../common/problem.exception';
import { isUuid } from '../common/list-query';

/**
 * Typed readers of ra-data-simple-rest filter values (`filter={"active":true,"role":["analyst"]}`).
 * A value of the wrong type is a bad query parameter: 400 REQUEST.MALFORMED, never a database error.
 */
function bad(field: string, what: string): ProblemException {
  return new ProblemException('REQUEST.MALFORMED', `filter ${field} must be ${what}`, { field });
}

export function filterBoolean(field: string, v: unknown): boolean {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw bad(field, 'true or false');
}

export function filterString(field: string, v: unknown, max = 200): string {
  if (typeof v !== 'string' || v.length > max) throw bad(field, `a string of at most ${max} characters`);
  return v;
}

export function filterEnum<T extends string>(field: string, v: unknown, allowed: readonly T[]): T[] {
  const vals = Array.isArray(v) ? v : [v];
  if (!vals.length || !vals.every((x) => typeof x === 'string' && (allowed as readonly string[]).includes(x))) {
    throw bad(field, `one or more of ${allowed.join(', ')}`);
  }
  return vals as T[];
}

export function filterStrings(field: string, v: unknown, max = 200): string[] {
  const vals = Array.isArray(v) ? v : [v];
  if (!vals.length || !vals.every((x) => typeof x === 'string' && x.length <= max)) throw bad(field, 'one or more strings');
  return vals as string[];
}

/** Ids (or `null` = none) for a nullable reference such as a user's teamId. */
export function filterUuidsOrNull(field: string, v: unknown): { ids: string[]; includeNull: boolean } {
  const vals = Array.isArray(v) ? v : [v];
  const includeNull = vals.some((x) => x === null || x === 'null');
  const ids = vals.filter((x) => x !== null && x !== 'null');
  if (!ids.every(isUuid)) throw bad(field, 'ids (UUID) or null');
  return { ids: ids as string[], includeNull };
}

/** filter={"id":[...]}: only well-formed ids can exist; the others are simply not found. */
export function validIds(ids: string[]): string[] {
  return ids.filter(isUuid);
}
