import { HttpError } from 'react-admin';
import type { ProblemCode } from '@sentinel/contracts';

/**
 * The body react-admin keeps on an HttpError built from an RFC 9457 problem.
 * `errors` is what react-admin maps onto form inputs (field path -> message).
 */
export interface ProblemBody {
  code?: ProblemCode | string;
  params?: Record<string, unknown>;
  errors?: Record<string, string>;
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
    const errors: Record<string, string> = {};
    for (const [k, v] of Object.entries(problem.errors)) errors[k] = typeof v === 'string' ? v : JSON.stringify(v);
    body.errors = errors;
  } else {
    delete body.errors;
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
