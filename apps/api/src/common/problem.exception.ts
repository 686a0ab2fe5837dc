import { PROBLEM_CODES, type ProblemCode } from '@sentinel/contracts';
import { splitFieldErrors, type FieldErrors } from '@sentinel/domain';

/** An error the API answers with as RFC 9457 problem+json. Thrown by services and guards. */
export class ProblemException extends Error {
  readonly status: number;

  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly params?: Record<string, unknown>,
    /** Field errors, served as `errors` (messages) and `fieldCodes` (stable codes) with the same keys. */
    readonly fields?: FieldErrors,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = PROBLEM_CODES[code];
  }

  /** Field path -> message. */
  get errors(): Record<string, string> | undefined {
    return this.fields ? splitFieldErrors(this.fields).errors : undefined;
  }
}

export const notFound = (what: string, id?: string) =>
  new ProblemException('NOT_FOUND', id ? `${what} ${id} was not found` : `${what} was not found`, id ? { id } : undefined);

export const forbidden = (message = 'Your role may not do this') => new ProblemException('AUTH.FORBIDDEN', message);

/** 422 VALIDATION.FAILED with field errors (each with its code, docs/api.md "Conventions": `fieldCodes`). */
export const validationFailed = (fields: FieldErrors, message?: string) =>
  new ProblemException(
    'VALIDATION.FAILED',
    message ?? `Invalid input: ${Object.entries(fields).map(([k, v]) => `${k} ${v.message}`).join('; ')}`,
    undefined,
    fields,
  );

/** 405 with an `Allow` header; `hint` says where the change goes instead (e.g. the case actions). */
export function methodNotAllowed(allowed: string, hint?: string): ProblemException {
  return new ProblemException('METHOD.NOT_ALLOWED', hint ?? `Method not allowed here; allowed: ${allowed}`, { allowed }, undefined, { Allow: allowed });
}
