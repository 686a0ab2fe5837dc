import type { NextFunction, Request, Response } from 'express';
import { API_CSP } from '@sentinel/contracts';
import type { FieldErrors } from '@sentinel/domain';
import { ProblemException, validationFailed } from './problem.exception';
import { sendProblem } from './problem-details.filter';

/** Pages the API serves as HTML with their own scripts (Swagger UI, Bull Board): no `default-src 'none'` there. */
const HTML_PAGES = /^\/api\/(?:docs(?:\/|$|-)|admin\/queues(?:\/|$))/;

/**
 * Every answer under /api: `Cache-Control: no-store` (reveals, personal data and tokens never sit in a browser or proxy
 * cache; a handler may set a stricter value) and, except the two HTML pages, a CSP that renders nothing.
 */
export function apiHeadersMiddleware(req: Request, res: Response, next: NextFunction): void {
  if (req.path === '/api' || req.path.startsWith('/api/') || req.path === '/metrics') {
    res.setHeader('Cache-Control', 'no-store');
    if (!HTML_PAGES.test(req.path)) res.setHeader('Content-Security-Policy', API_CSP);
  }
  next();
}

/** CORS: the listed origins only; none listed = same-origin (no CORS headers at all, any cross-origin read fails). */
export function corsOrigin(origins: string[]): string[] | false {
  return origins.length ? origins : false;
}

const NUL = '\u0000';
const MAX_DEPTH = 64;

/** Paths of string values (or keys) holding U+0000, dotted like the validation errors (`transactions.0.note`). */
export function nulPaths(value: unknown, path = '', depth = 0, out: string[] = []): string[] {
  if (out.length >= 10 || depth > MAX_DEPTH) return out;
  if (typeof value === 'string') {
    if (value.includes(NUL)) out.push(path || '(body)');
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulPaths(v, path ? `${path}.${i}` : String(i), depth + 1, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const p = path ? `${path}.${k}` : k;
      if (k.includes(NUL)) out.push(p);
      else nulPaths(v, p, depth + 1, out);
    }
  }
  return out;
}

function decoded(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * PostgreSQL refuses U+0000 in text, so no such character may reach it: in the path or query → 400 REQUEST.MALFORMED,
 * in a JSON body field → 422 VALIDATION.FAILED naming the field (code INVALID). Runs after the JSON parser; multipart
 * fields are checked by the evidence parser.
 */
export function nulGuardMiddleware(req: Request, res: Response, next: NextFunction): void {
  const url = req.originalUrl ?? req.url;
  if (/%00/.test(url) || decoded(url).includes(NUL)) {
    return sendProblem(req, res, new ProblemException('REQUEST.MALFORMED', 'The path or query holds a NUL character (U+0000), which no field accepts'));
  }
  const paths = req.body && typeof req.body === 'object' ? nulPaths(req.body) : [];
  if (paths.length) {
    const fields: FieldErrors = {};
    for (const p of paths) fields[p] = { code: 'INVALID', message: 'must not contain NUL characters (U+0000)' };
    return sendProblem(req, res, validationFailed(fields));
  }
  next();
}
