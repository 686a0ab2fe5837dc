import type { NextFunction, Request, Response } from 'express';
import { ProblemException } from './problem.exception';
import { sendProblem } from './problem-details.filter';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const MULTIPART = /^multipart\/form-data\s*;/i;
/** The endpoints that take multipart: evidence upload and the historical import. */
const MULTIPART_PATH = /^\/api\/cases\/[^/]+\/evidence\/?$/;
const IMPORT_PATH = /^\/api\/imports\/?$/;

/**
 * Bodies are JSON (docs/api.md "Conventions"), except the evidence upload and the import's CSV (multipart). A body of any other media type
 * is refused with 415 before it is parsed, rather than silently dropped and reported as missing fields.
 */
export function mediaTypeMiddleware(req: Request, res: Response, next: NextFunction): void {
  if (!['POST', 'PUT', 'PATCH'].includes(req.method)) return next();
  const length = req.headers['content-length'];
  const hasBody = length !== undefined ? Number(length) > 0 : req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return next();
  const type = req.headers['content-type'] ?? '';
  if (MULTIPART_PATH.test(req.path)) {
    if (MULTIPART.test(type)) return next();
    return sendProblem(req, res, new ProblemException('REQUEST.MEDIA_TYPE', 'Upload evidence as multipart/form-data with fields file, type and description', { mediaType: type || null, expected: 'multipart/form-data' }));
  }
  if (IMPORT_PATH.test(req.path) && req.method === 'POST') {
    if (MULTIPART.test(type)) return next();
    return sendProblem(req, res, new ProblemException('REQUEST.MEDIA_TYPE', 'Upload the CSV as multipart/form-data with the field file', { mediaType: type || null, expected: 'multipart/form-data' }));
  }
  if (JSON_TYPE.test(type)) return next();
  sendProblem(req, res, new ProblemException('REQUEST.MEDIA_TYPE', `Send the body as application/json${type ? ` (got ${type.split(';')[0]})` : ''}`, { mediaType: type || null, expected: 'application/json' }));
}
