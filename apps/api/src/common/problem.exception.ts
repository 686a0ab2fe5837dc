import { PROBLEM_CODES, type ProblemCode } from '@sentinel/contracts';

/** An error the API answers with as RFC 9457 problem+json. Thrown by services and guards. */
export class ProblemException extends Error {
  readonly status: number;

  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly params?: Record<string, unknown>,
    readonly errors?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = PROBLEM_CODES[code];
  }
}

export const notFound = (what: string, id?: string) =>
  new ProblemException('NOT_FOUND', id ? `${what} ${id} was not found` : `${what} was not found`, id ? { id } : undefined);

export const forbidden = (message = 'Your role may not do this') => new ProblemException('AUTH.FORBIDDEN', message);

export const validationFailed = (errors: Record<string, string>, message?: string) =>
  new ProblemException(
    'VALIDATION.FAILED',
    message ?? `Invalid input: ${Object.entries(errors).map(([k, v]) => `${k} ${v}`).join('; ')}`,
    undefined,
    errors,
  );
