import type { FieldCode, ProblemCode } from '@sentinel/contracts';

/** One field's error: a stable code (docs/api.md "Conventions": `fieldCodes`) and the English sentence (`errors`). */
export interface FieldError {
  code: FieldCode;
  message: string;
}

/** Field path (`transactions.3.maskedPan`) -> its error. */
export type FieldErrors = Record<string, FieldError>;

/** The `errors` (messages) and `fieldCodes` of a problem, from one map so the two always have the same keys. */
export function splitFieldErrors(fields: FieldErrors): { errors: Record<string, string>; fieldCodes: Record<string, FieldCode> } {
  const errors: Record<string, string> = {};
  const fieldCodes: Record<string, FieldCode> = {};
  for (const [path, e] of Object.entries(fields)) {
    errors[path] = e.message;
    fieldCodes[path] = e.code;
  }
  return { errors, fieldCodes };
}

/**
 * A broken business rule. The API maps `code` to an HTTP status (PROBLEM_CODES) and renders
 * problem+json: `message` is the human sentence, `params` the machine-readable details,
 * `fields` the field errors of VALIDATION.FAILED (and PAN.DETECTED) — served as `errors` and `fieldCodes`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly params?: Record<string, unknown>,
    readonly fields?: FieldErrors,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** Field path -> message (what react-admin marks on the inputs). */
  get errors(): Record<string, string> | undefined {
    return this.fields ? splitFieldErrors(this.fields).errors : undefined;
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/** VALIDATION.FAILED for one or more fields, each with its stable code. */
export function validationFailed(fields: FieldErrors, message?: string): DomainError {
  const paths = Object.keys(fields);
  const text =
    message ??
    (paths.length === 1 ? `${paths[0]} ${fields[paths[0]].message}.` : `Some fields are invalid: ${paths.join(', ')}.`);
  return new DomainError('VALIDATION.FAILED', text, undefined, fields);
}
