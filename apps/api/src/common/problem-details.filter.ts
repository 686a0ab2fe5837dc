import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PROBLEM_CODES, type ProblemCode, type ProblemDetails } from '@sentinel/contracts';
import { DomainError, SlaError, splitFieldErrors } from '@sentinel/domain';
import { unavailableDependency } from '@sentinel/persistence';
import { ProblemException } from './problem.exception';
import { correlationIdOf } from './correlation-id';

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

function typeUri(code: ProblemCode): string {
  return `https://sentinel-sn.dev/problems/${code.toLowerCase().replace(/[._]/g, '-')}`;
}

/** Maps status codes raised by Nest/Express internals to our stable codes. */
function codeForStatus(status: number): ProblemCode {
  switch (status) {
    case 400:
      return 'REQUEST.MALFORMED';
    case 401:
      return 'AUTH.UNAUTHENTICATED';
    case 403:
      return 'AUTH.FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 405:
      return 'METHOD.NOT_ALLOWED';
    case 409:
      return 'CONFLICT';
    case 413:
      return 'REQUEST.TOO_LARGE';
    case 415:
      return 'REQUEST.MEDIA_TYPE';
    case 422:
      return 'VALIDATION.FAILED';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'DEPENDENCY.UNAVAILABLE';
    default:
      return 'INTERNAL';
  }
}

/** body-parser errors carry `type` and `status`; they are the client's fault. */
function fromBodyParser(err: unknown): ProblemException | null {
  const e = err as { type?: string; status?: number; message?: string };
  if (!e || typeof e !== 'object' || typeof e.type !== 'string') return null;
  switch (e.type) {
    case 'entity.parse.failed':
      return new ProblemException('REQUEST.MALFORMED', 'The request body is not valid JSON');
    case 'entity.too.large':
      return new ProblemException('REQUEST.TOO_LARGE', 'The request body is too large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ProblemException('REQUEST.MEDIA_TYPE', e.message ?? 'Unsupported body encoding');
    case 'request.aborted':
    case 'request.size.invalid':
      return new ProblemException('REQUEST.MALFORMED', e.message ?? 'The request body was incomplete');
    default:
      return null;
  }
}

/**
 * Other http-errors raised before a route runs (e.g. body-parser's 400 for a gzip body that does not
 * inflate) carry `status` and `expose` but no `type`: client errors, never a 500.
 */
function fromHttpError(err: unknown): ProblemException | null {
  const e = err as { status?: unknown; statusCode?: unknown; expose?: unknown };
  if (!e || typeof e !== 'object' || e.expose !== true) return null;
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : NaN;
  if (!(status >= 400 && status < 500)) return null;
  const code = codeForStatus(status);
  const pe = new ProblemException(code, status === 400 ? 'The request body could not be read (bad encoding or framing)' : String((err as Error).message ?? 'Bad request'));
  if (PROBLEM_CODES[code] !== status) (pe as { status: number }).status = status;
  return pe;
}

/** Seconds a client should wait before retrying while the database or Redis is away. */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 5;

/** PostgreSQL or Redis away (connection refused or cut, pool timeout, server shutting down): 503, never 500. */
function fromUnavailableDependency(err: unknown): ProblemException | null {
  const dependency = unavailableDependency(err);
  if (!dependency) return null;
  const retryAfterSeconds = DEPENDENCY_RETRY_AFTER_SECONDS;
  return new ProblemException(
    'DEPENDENCY.UNAVAILABLE',
    `The ${dependency} is unavailable; nothing was changed, retry after ${retryAfterSeconds} seconds`,
    { dependency, retryAfterSeconds },
    undefined,
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

export function toProblem(err: unknown): { problem: Omit<ProblemDetails, 'correlationId' | 'instance'>; headers?: Record<string, string> } {
  let pe: ProblemException | null = null;
  if (err instanceof ProblemException) pe = err;
  else if (err instanceof DomainError) pe = new ProblemException(err.code, err.message, err.params, err.fields);
  else if (err instanceof SlaError) pe = new ProblemException('VALIDATION.FAILED', err.message, { slaCode: err.code, ...(err.params ?? {}) });
  else pe = fromBodyParser(err);
  if (!pe && err instanceof HttpException) {
    const status = err.getStatus();
    const resp = err.getResponse();
    const msg = typeof resp === 'string' ? resp : ((resp as { message?: unknown }).message ?? err.message);
    const code = codeForStatus(status);
    pe = new ProblemException(code, Array.isArray(msg) ? msg.join('; ') : String(msg));
    if (PROBLEM_CODES[code] !== status) (pe as { status: number }).status = status;
  }
  if (!pe) pe = fromHttpError(err);
  if (!pe) pe = fromUnavailableDependency(err);
  if (!pe) pe = new ProblemException('INTERNAL', 'An unexpected error occurred; quote the correlation id to support');
  const problem: Omit<ProblemDetails, 'correlationId' | 'instance'> = {
    type: typeUri(pe.code),
    title: TITLES[pe.status] ?? 'Error',
    status: pe.status,
    detail: pe.message,
    message: pe.message,
    code: pe.code,
  };
  if (pe.params) problem.params = pe.params;
  if (pe.fields) Object.assign(problem, splitFieldErrors(pe.fields));
  return { problem, headers: pe.headers };
}

/** The one global filter: every error leaves as application/problem+json (RFC 9457). */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    sendProblem(req, res, exception, this.logger);
  }
}

export function sendProblem(req: Request, res: Response, exception: unknown, logger?: Logger): void {
  const { problem, headers } = toProblem(exception);
  const correlationId = correlationIdOf(req);
  if (problem.status === 503) {
    // A dependency away is an outage, not a bug: one line, no stack (there may be thousands while it lasts).
    (logger ?? new Logger('http')).warn({ err: exception instanceof Error ? exception.message : String(exception), correlationId }, 'dependency unavailable');
  } else if (problem.status >= 500) {
    (logger ?? new Logger('http')).error(
      { err: exception instanceof Error ? { message: exception.message, stack: exception.stack } : exception, correlationId },
      'request failed',
    );
  }
  if (res.headersSent) {
    res.end();
    return;
  }
  for (const [k, v] of Object.entries(headers ?? {})) res.setHeader(k, v);
  res.setHeader('x-correlation-id', correlationId);
  res
    .status(problem.status)
    .type('application/problem+json')
    .send(JSON.stringify({ ...problem, instance: req.originalUrl?.split('?')[0], correlationId }));
}
