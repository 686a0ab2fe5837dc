import type { ProblemCode } from '@sentinel/contracts';

/**
 * A broken business rule. The API maps `code` to an HTTP status (PROBLEM_CODES) and renders
 * problem+json: `message` is the human sentence, `params` the machine-readable details,
 * `errors` the field path -> message map of VALIDATION.FAILED.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly params?: Record<string, unknown>,
    readonly errors?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/** VALIDATION.FAILED for one or more fields. */
export function validationFailed(errors: Record<string, string>, message?: string): DomainError {
  const fields = Object.keys(errors);
  const text =
    message ??
    (fields.length === 1
      ? `${fields[0]} ${errors[fields[0]]}.`
      : `Some fields are invalid: ${fields.join(', ')}.`);
  return new DomainError('VALIDATION.FAILED', text, undefined, errors);
}
