import { HttpError } from 'react-admin';
import type { ProblemCode } from '@sentinel/contracts';

/**
 * Stable codes of field errors, served beside `errors` as `fieldCodes` (docs/api.md "Conventions"). Each has a
 * message `errors.field.<CODE>` in both languages (checked by i18n.test.ts); a code not listed here falls back to
 * the server's English text for that field.
 */
export const KNOWN_FIELD_CODES = [
  'REQUIRED',
  'INVALID_TYPE',
  'PATTERN',
  'TOO_SHORT',
  'TOO_LONG',
  'TOO_FEW',
  'TOO_MANY',
  'OUT_OF_RANGE',
  'NOT_ALLOWED',
  'INVALID_TIME',
  'INVALID_DATE',
  'IN_FUTURE',
  'NOT_FOUND',
  'TAKEN',
  'CARD_NUMBER',
  'INVALID',
] as const;
const KNOWN = new Set<string>(KNOWN_FIELD_CODES);

/** The message react-admin shows under an input: the translation key of its code, else the server's text. */
export function fieldErrorMessage(code: unknown, serverText: string): string {
  return typeof code === 'string' && KNOWN.has(code) ? `errors.field.${code}` : serverText;
}

/**
 * The body react-admin keeps on an HttpError built from an RFC 9457 problem.
 * `errors` is what react-admin maps onto form inputs (field path -> message).
 */
export interface ProblemBody {
  code?: ProblemCode | string;
  params?: Record<string, unknown>;
  errors?: Record<string, string>;
  /** Field path -> stable code (`PATTERN`, `REQUIRED`, …), as served. */
  fieldCodes?: Record<string, string>;
  /** Field path -> the server's own (English) text, as served in `errors`. */
  fieldMessages?: Record<string, string>;
  title?: string;
  detail?: string;
  message?: string;
  type?: string;
  correlationId?: string;
  /** Seconds, from the `Retry-After` header of a 429. */
  retryAfter?: number;
  [key: string]: unknown;
}

export type ProblemError = HttpError & { body?: ProblemBody };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Turns a non-2xx response into react-admin's HttpError(message, status, body). */
export function toHttpError(
  status: number,
  statusText: string,
  json: unknown,
  headers?: Pick<Headers, 'get'> | null,
): ProblemError {
  const problem = isRecord(json) ? json : {};
  const message =
    (typeof problem.message === 'string' && problem.message) ||
    (typeof problem.detail === 'string' && problem.detail) ||
    (typeof problem.title === 'string' && problem.title) ||
    statusText ||
    `HTTP ${status}`;
  const body: ProblemBody = { ...problem };
  if (typeof problem.code === 'string') body.code = problem.code;
  if (isRecord(problem.params)) body.params = problem.params;
  if (isRecord(problem.errors)) {
    // react-admin puts `errors` under the inputs and translates each message: a key for a known field code.
    const codes = isRecord(problem.fieldCodes) ? problem.fieldCodes : {};
    const errors: Record<string, string> = {};
    const messages: Record<string, string> = {};
    const fieldCodes: Record<string, string> = {};
    for (const [k, v] of Object.entries(problem.errors)) {
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      messages[k] = text;
      errors[k] = fieldErrorMessage(codes[k], text);
      if (typeof codes[k] === 'string') fieldCodes[k] = codes[k];
    }
    body.errors = errors;
    body.fieldMessages = messages;
    body.fieldCodes = fieldCodes;
  } else if (status === 409 && problem.code === 'CONFLICT' && isRecord(problem.params) && typeof problem.params.field === 'string') {
    // A clash with existing data names its field (a duplicate email): said under that input.
    body.errors = { [problem.params.field]: fieldErrorMessage('TAKEN', typeof problem.message === 'string' ? problem.message : '') };
    body.fieldCodes = { [problem.params.field]: 'TAKEN' };
  } else {
    delete body.errors;
    delete body.fieldCodes;
  }
  const correlationId = headers?.get('x-correlation-id');
  if (correlationId && !body.correlationId) body.correlationId = correlationId;
  const retryAfter = headers?.get('retry-after');
  if (retryAfter && /^\d+$/.test(retryAfter)) body.retryAfter = Number(retryAfter);
  return new HttpError(message, status, body) as ProblemError;
}

export function problemCode(error: unknown): string | undefined {
  const body = (error as { body?: ProblemBody } | null)?.body;
  return typeof body?.code === 'string' ? body.code : undefined;
}

export function problemStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

export function fieldErrors(error: unknown): Record<string, string> | undefined {
  const body = (error as { body?: ProblemBody } | null)?.body;
  return body?.errors && Object.keys(body.errors).length > 0 ? body.errors : undefined;
}
