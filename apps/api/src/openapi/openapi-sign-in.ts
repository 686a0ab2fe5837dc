import type { NextFunction, Request, Response } from 'express';
import { ProblemException } from '../common/problem.exception';
import { sendProblem } from '../common/problem-details.filter';
import { SESSION_COOKIE } from '@sentinel/contracts';
import type { AuthService } from '../auth/auth.service';
import { readCookie } from '../auth/session-cookies';
import { SESSION_TOKEN_PREFIX } from '../auth/tokens';

/**
 * `OPENAPI_PUBLIC=false` (production): `/api/docs` (Swagger UI, whose init script embeds the document) and
 * `/api/openapi.json` answer only a signed-in caller (`Authorization: Bearer` with a session token or an API key of any
 * role, or a browser's `sn_session` cookie), 401 `AUTH.UNAUTHENTICATED` otherwise. The same document is committed as `docs/openapi.json` for integrators.
 */
export function openApiSignInMiddleware(auth: AuthService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.headers.authorization;
    const m = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    const refuse = () =>
      sendProblem(req, res, new ProblemException('AUTH.UNAUTHENTICATED', 'The API description needs a signed-in caller here: send Authorization: Bearer <token>, or read docs/openapi.json'));
    // Only reads pass here (GET /api/docs, /api/openapi.json): a browser's session cookie needs no CSRF header.
    const cookie = header === undefined && req.method === 'GET' ? readCookie(req.headers.cookie, SESSION_COOKIE) : undefined;
    const token = m?.[1] ?? (cookie?.startsWith(SESSION_TOKEN_PREFIX) ? cookie : undefined);
    if (!token) return refuse();
    auth.authenticate(token, req.ip ?? 'unknown').then(
      (actor) => (actor ? next() : refuse()),
      (e: unknown) => sendProblem(req, res, e),
    );
  };
}
